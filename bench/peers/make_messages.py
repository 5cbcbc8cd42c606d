#!/usr/bin/env python3
"""Writes N support messages no pack example contains, one JSON line each
({"id", "text", "lang"}), for the peer benchmark and `frontdesk batch --stats`.

Each is built from a message of tests/data/route_eval.jsonl (written by the
team, not taken from the pack's examples): a greeting or none, the message
(sometimes with a typo, sometimes two of the same language joined), an order
number, date or thanks, a signature. Every line is different, so neither side
sees a message twice. Deterministic for a given seed."""
import json
import random
import sys

GREETINGS = {
    "en": ["", "", "hi", "hello,", "Hi there!", "good morning", "hey team,", "Dear support,"],
    "es": ["", "", "hola", "buenos días,", "Hola equipo!", "buenas tardes", "Estimados,"],
    "vi": ["", "", "chào shop", "xin chào,", "chào bạn", "shop ơi", "alo"],
}
CLOSINGS = {
    "en": ["", "", "thanks", "thank you!", "cheers", "thx in advance", "please help", "asap pls"],
    "es": ["", "", "gracias", "muchas gracias!", "saludos", "por favor", "un saludo"],
    "vi": ["", "", "cảm ơn", "cám ơn shop nhiều", "giúp mình với", "nhanh giúp em nhé", "thanks"],
}
NAMES = ["Peter", "Ana", "Minh", "Lucía", "Tom", "Hương", "J.", "Carlos M.", "Linh", "Sam"]
EMOJI = ["", "", "", " 🙂", " 🙏", " 😡", " 👍"]


def typo(text, rng):
    words = text.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 4:
        k = rng.randrange(1, len(w) - 2)
        words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    return " ".join(words)


def message(rows_by_lang, rng):
    lang = rng.choice(sorted(rows_by_lang))
    text = rng.choice(rows_by_lang[lang])
    if rng.random() < 0.15:
        text += " " + rng.choice(rows_by_lang[lang])
    if rng.random() < 0.2:
        text = typo(text, rng)
    parts = [rng.choice(GREETINGS[lang]), text]
    extra = rng.random()
    if extra < 0.2:
        parts.append("order %s%s%06d" % (rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ"), rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ"),
                                          rng.randrange(10 ** 6)))
    elif extra < 0.3:
        parts.append("%d/%d" % (rng.randrange(1, 29), rng.randrange(1, 13)))
    parts.append(rng.choice(CLOSINGS[lang]) + rng.choice(EMOJI))
    if rng.random() < 0.2:
        parts.append("- " + rng.choice(NAMES))
    return lang, " ".join(p for p in parts if p).strip()


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    source = sys.argv[3] if len(sys.argv) > 3 else "tests/data/route_eval.jsonl"
    rows_by_lang = {}
    with open(source, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                rows_by_lang.setdefault(row["lang"], []).append(row["text"])
    rng = random.Random(seed)
    seen = set()
    while len(seen) < count:
        lang, text = message(rows_by_lang, rng)
        if text in seen:
            continue
        seen.add(text)
        print(json.dumps({"id": "m%d" % len(seen), "text": text, "lang": lang}, ensure_ascii=False))


if __name__ == "__main__":
    main()
