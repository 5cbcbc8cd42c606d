#!/usr/bin/env python3
"""Writes the examples of a pack's intents as JSON for the peers:
{"intents": [{"id", "language", "examples": [...]}, ...]}, read from the YAML
files under the given pack directories (the starter pack: intents/)."""
import json
import pathlib
import sys

import yaml


def main(dirs):
    out = []
    for d in dirs:
        for path in sorted(pathlib.Path(d).rglob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(doc, dict):
                continue
            for intent in doc.get("intents") or []:
                examples = [e["text"] if isinstance(e, dict) else e for e in intent.get("examples") or []]
                if examples:
                    out.append({"id": intent["id"],
                                "language": intent.get("language", doc.get("language", "en")),
                                "examples": examples})
    json.dump({"intents": out}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:] or ["intents"])
