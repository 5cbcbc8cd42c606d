// Generated intent packs and customer messages for matcher_bench.
//
// Everything is derived from one seed. An intent is a recipe of parts
// (synonym groups, bounded gaps, a named order-number capture); the same
// recipe renders the RE2 source that goes into the pack and the texts that
// customers write, so about 70% of the messages mention some intent (a few
// with a gap just too long to match) and about 30% are chatter that matches
// nothing. Messages never repeat: the matchers' DFA caches must not see a text
// twice, or they would report a warm-cache figure no server ever sees.
#ifndef FRONTDESK_BENCH_MATCHER_CORPUS_H_
#define FRONTDESK_BENCH_MATCHER_CORPUS_H_

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bench/matcher_vocab.h"

namespace frontdesk::bench {

// Deterministic on every platform (no std:: distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  size_t Below(size_t n) { return static_cast<size_t>(gen_() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1))); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  std::mt19937_64 gen_;
};

struct Word {
  std::string folded;  // as patterns spell it
  std::string raw;     // as a customer types it (diacritics kept)
};
using Group = std::vector<Word>;

// "o dau|ở đâu,dau roi|đâu rồi" -> two words.
inline Group ParseGroup(std::string_view spec) {
  Group g;
  while (!spec.empty()) {
    size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    size_t bar = item.find('|');
    g.push_back({std::string(item.substr(0, bar)),
                 std::string(bar == std::string_view::npos ? item : item.substr(bar + 1))});
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
  }
  return g;
}

struct Part {
  enum Kind { kWords, kStem, kGap, kSpace, kOptional, kOrderId };
  Kind kind = kWords;
  Group words;  // kWords: (a|b), kStem: a\w*, kOptional: (?:a |b )?
  int gap = 0;  // kGap: \b.{0,gap}\b
};

struct GenPattern {
  std::vector<Part> parts;
  bool negative = false;
  std::string Source() const;  // the RE2 source written to the pack
};

struct GenIntent {
  std::string id;
  std::string language;
  int priority = 0;
  bool order_slot = false;  // has a (?P<order_id>...) pattern
  std::vector<GenPattern> patterns;
};

inline std::string GenPattern::Source() const {
  std::string s = "\\b";
  auto alternation = [](const Group& g, std::string_view suffix) {
    std::string a;
    for (const Word& w : g) a += (a.empty() ? "" : "|") + w.folded + std::string(suffix);
    return a;
  };
  for (const Part& p : parts) {
    switch (p.kind) {
      case Part::kWords: s += p.words.size() == 1 ? p.words[0].folded : "(" + alternation(p.words, "") + ")"; break;
      case Part::kStem: s += p.words[0].folded + "\\w*"; break;
      case Part::kGap: s += "\\b.{0," + std::to_string(p.gap) + "}\\b"; break;
      case Part::kSpace: s += " "; break;
      case Part::kOptional: s += "(?:" + alternation(p.words, " ") + ")?"; break;
      case Part::kOrderId: s += "(?P<order_id>[a-z]{2}[- ]?\\d{6})"; break;
    }
  }
  return s + "\\b";
}

// ---- packs ------------------------------------------------------------------

class PackGenerator {
 public:
  explicit PackGenerator(uint64_t seed) : rng_(seed) {
    for (const LanguageVocab& v : Vocab()) {
      Lang l;
      for (auto a : v.actions) l.actions.push_back(ParseGroup(a));
      for (auto o : v.objects) l.objects.push_back(ParseGroup(o));
      for (auto q : v.parts) l.parts.push_back(ParseGroup(q));
      l.determiners = ParseGroup(v.determiners);
      l.negative_cues = ParseGroup(v.negative_cues);
      langs_.push_back(std::move(l));
    }
  }

  // Intent i of the sequence; a pack of N intents is the first N, so every
  // size has the same mix of kinds.
  std::vector<GenIntent> Generate(int count) {
    std::vector<GenIntent> out;
    for (int i = 0; i < count; ++i) out.push_back(NextIntent(i));
    return out;
  }

 private:
  struct Lang {
    std::vector<Group> actions, objects, parts;
    Group determiners, negative_cues;
  };

  Group Subset(const Group& g, int max) {
    Group out;
    size_t n = 1 + rng_.Below(std::min<size_t>(g.size(), static_cast<size_t>(max)));
    size_t start = rng_.Below(g.size());
    for (size_t k = 0; k < n; ++k) out.push_back(g[(start + k) % g.size()]);
    return out;
  }

  // "galaxy s23", "s23", "samsung galaxy s23": one product, written three ways.
  Group Product() {
    std::string series(rng_.Pick(Series()));
    std::string model = std::string(1, static_cast<char>('a' + rng_.Below(26))) +
                        std::to_string(rng_.Between(2, 99));
    if (rng_.Chance(30)) model = std::to_string(rng_.Between(10, 990));
    Group g;
    auto add = [&g](std::string w) { g.push_back({w, w}); };
    add(series + " " + model);
    if (rng_.Chance(50)) add(std::string(rng_.Pick(Brands())) + " " + series + " " + model);
    if (rng_.Chance(40) && model.size() >= 3) add(model);
    return g;
  }

  static Part Words(Group g) { return {Part::kWords, std::move(g), 0}; }
  Part Gap() { return {Part::kGap, {}, std::vector<int>{10, 15, 20, 30, 40, 50}[rng_.Below(6)]}; }

  GenPattern Shape(const Lang& l, const Group& topic, const Group& action, bool order_id) {
    const Group& part = rng_.Pick(l.parts);
    GenPattern p;
    switch (order_id ? 5 + static_cast<int>(rng_.Below(2)) : static_cast<int>(rng_.Below(5))) {
      case 0: p.parts = {Words(action), Gap(), Words(topic)}; break;
      case 1: p.parts = {{Part::kStem, {action[0]}, 0}, Gap(), Words(topic)}; break;
      case 2: p.parts = {Words(action), Gap(), Words(topic), Gap(), Words(Subset(part, 2))}; break;
      case 3: p.parts = {Words(topic), {Part::kSpace, {}, 0}, Words(Subset(part, 2))}; break;
      case 4:
        p.parts = {Words(action), {Part::kSpace, {}, 0}, {Part::kOptional, Subset(l.determiners, 2), 0},
                   Words(topic)};
        break;
      case 5: p.parts = {Words(action), Gap(), {Part::kOrderId, {}, 0}}; break;
      default: p.parts = {{Part::kOrderId, {}, 0}, Gap(), Words(action)}; break;
    }
    return p;
  }

  GenIntent NextIntent(int i) {
    size_t li = rng_.Below(100) < 50 ? 0 : 1 + rng_.Below(2);
    const Lang& l = langs_[li];
    GenIntent intent;
    intent.language = std::string(Vocab()[li].code);
    intent.id = "gen." + intent.language + "." + std::to_string(i);
    intent.priority = rng_.Chance(20) ? 10 * rng_.Between(1, 5) : 0;
    // 15% are about generic objects ("cancel ... subscription"), the rest
    // about one product ("screen of the galaxy s23 is cracked").
    Group topic = rng_.Chance(15) ? Subset(rng_.Pick(l.objects), 3) : Product();
    Group action = Subset(rng_.Pick(l.actions), 3);
    intent.order_slot = rng_.Chance(10);
    int count = rng_.Between(1, 3);
    for (int k = 0; k < count; ++k) {
      intent.patterns.push_back(Shape(l, topic, action, intent.order_slot && k == 0));
    }
    if (rng_.Chance(5)) {
      GenPattern neg;
      neg.negative = true;
      neg.parts = {Words(Subset(l.negative_cues, 2)), {Part::kGap, {}, 15}, Words(action)};
      intent.patterns.push_back(std::move(neg));
    }
    return intent;
  }

  Rng rng_;
  std::vector<Lang> langs_;
};

// Writes the pack as a user would: config, slots, templates, one rule and
// the intents, in files of at most 1,000 intents. Returns the config path.
inline std::string WritePack(const std::vector<GenIntent>& intents, const std::string& dir) {
  namespace fs = std::filesystem;
  fs::create_directories(dir + "/pack");
  std::ofstream(dir + "/frontdesk.yaml") << "packs: [pack]\nlanguages: [en, vi, es]\n";
  std::ofstream(dir + "/pack/base.yaml")
      << "slots:\n  order_id:\n    description: An order number such as AB123456\n"
         "    pattern: '\\b[a-z]{2}[- ]?\\d{6}\\b'\n    transform: compact\n"
         "templates:\n  fallback:\n    en: \"Sorry, we did not understand; an agent will read it.\"\n"
         "    vi: \"Xin lỗi, chúng tôi chưa hiểu; nhân viên sẽ đọc tin nhắn.\"\n"
         "    es: \"Lo sentimos, no lo entendimos; un agente lo leerá.\"\n"
         "  ack:\n    en: \"Thanks! We are on it ({{intent}} {{slots.order_id}}).\"\n"
         "    vi: \"Cảm ơn! Chúng tôi đang xử lý ({{intent}} {{slots.order_id}}).\"\n"
         "    es: \"¡Gracias! Estamos en ello ({{intent}} {{slots.order_id}}).\"\n"
         "rules:\n  - id: acknowledge\n    description: Acknowledge every recognised intent\n"
         "    when:\n      intent: \"*\"\n    then:\n      - reply: ack\n";
  // Files load in sorted path order and definition order breaks ties, so the
  // files keep generation order: intent i is the engine's intent i.
  std::ofstream f;
  for (size_t i = 0; i < intents.size(); ++i) {
    const GenIntent& in = intents[i];
    if (i % 1000 == 0) {
      f.close();
      std::string n = std::to_string(i / 1000);
      f.open(dir + "/pack/intents_" + std::string(n.size() < 3 ? 3 - n.size() : 0, '0') + n + ".yaml");
      f << "intents:\n";
    }
    f << "  - id: " << in.id << "\n    language: " << in.language << "\n    priority: " << in.priority << "\n";
    if (in.order_slot) f << "    slots: [order_id]\n";
    for (bool negative : {false, true}) {
      bool any = false;
      for (const GenPattern& p : in.patterns) {
        if (p.negative != negative) continue;
        if (!any) f << (negative ? "    negative:\n" : "    patterns:\n");
        any = true;
        f << "      - '" << p.Source() << "'\n";
      }
    }
  }
  return dir + "/frontdesk.yaml";
}

// ---- messages ---------------------------------------------------------------

class MessageStream {
 public:
  MessageStream(const std::vector<GenIntent>* intents, uint64_t seed) : intents_(intents), rng_(seed) {
    for (const LanguageVocab& v : Vocab()) {
      Chatter c;
      for (auto w : v.filler) c.filler.push_back(ParseGroup(w)[0]);
      for (auto w : v.greetings) c.greetings.emplace_back(w);
      for (auto w : v.closings) c.closings.emplace_back(w);
      chatter_.push_back(std::move(c));
    }
  }

  // The next message, never one this stream produced before.
  std::string Next() {
    for (;;) {
      std::string m = Compose();
      if (seen_.insert(std::hash<std::string>()(m)).second) return m;
    }
  }

 private:
  struct Chatter {
    std::vector<Word> filler;
    std::vector<std::string> greetings, closings;
  };

  const Chatter& ChatterFor(const std::string& lang) {
    return chatter_[lang == "en" ? 0 : lang == "vi" ? 1 : 2];
  }

  // A customer's spelling of a word: diacritics mostly kept, case varied.
  std::string Spell(const Word& w) {
    std::string s = rng_.Chance(80) && !w.raw.empty() ? w.raw : w.folded;
    if (rng_.Chance(10) && !s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
    if (rng_.Chance(3)) {
      for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    }
    return s;
  }

  std::string OrderId() {
    std::string id;
    if (rng_.Chance(10)) id += '#';
    bool upper = rng_.Chance(60);
    for (int k = 0; k < 2; ++k) id += static_cast<char>((upper ? 'A' : 'a') + rng_.Below(26));
    if (rng_.Chance(20)) id += rng_.Chance(50) ? "-" : " ";
    for (int k = 0; k < 6; ++k) id += static_cast<char>('0' + rng_.Below(10));
    return id;
  }

  // Filler for a gap of `gap` characters: mostly fits, 15% just too long.
  std::string GapText(int gap, const Chatter& c) {
    bool miss = rng_.Chance(15);
    size_t target = miss ? static_cast<size_t>(gap + rng_.Between(1, 20))
                         : rng_.Below(static_cast<size_t>(std::max(gap - 1, 1)));
    std::string fill, folded;
    while (folded.size() + 1 < target || (miss && folded.size() + 2 <= static_cast<size_t>(gap))) {
      const Word& w = rng_.Pick(c.filler);
      if (!miss && folded.size() + w.folded.size() + 3 > static_cast<size_t>(gap)) break;
      folded += w.folded + " ";
      fill += Spell(w) + " ";
    }
    return " " + fill;
  }

  std::string Render(const GenIntent& intent) {
    const Chatter& c = ChatterFor(intent.language);
    const GenPattern* p = &intent.patterns[rng_.Below(intent.patterns.size())];
    if (p->negative) p = &intent.patterns[0];
    std::string s;
    for (const Part& part : p->parts) {
      switch (part.kind) {
        case Part::kWords: s += Spell(rng_.Pick(part.words)); break;
        case Part::kStem:
          s += Spell(part.words[0]) + std::vector<std::string>{"", "s", "led", "ed", "ing", "ation"}[rng_.Below(6)];
          break;
        case Part::kGap: s += GapText(part.gap, c); break;
        case Part::kSpace: s += rng_.Chance(90) ? " " : "  "; break;
        case Part::kOptional:
          if (rng_.Chance(50)) s += Spell(rng_.Pick(part.words)) + " ";
          break;
        case Part::kOrderId: s += OrderId(); break;
      }
    }
    return s;
  }

  std::string Sentence(const Chatter& c, int min_words, int max_words) {
    std::string s;
    int n = rng_.Between(min_words, max_words);
    for (int k = 0; k < n; ++k) s += (k ? " " : "") + Spell(rng_.Pick(c.filler));
    if (rng_.Chance(15)) s += " " + std::to_string(rng_.Between(1, 31)) + "/" + std::to_string(rng_.Between(1, 12));
    if (rng_.Chance(10)) s += " " + OrderId();
    return s + std::vector<std::string>{".", "!", "?", "...", ""}[rng_.Below(5)];
  }

  const GenIntent& PickIntent() {
    // Traffic is skewed: half of it asks the 5% most popular intents.
    size_t n = intents_->size();
    if (rng_.Chance(50)) return (*intents_)[rng_.Below(std::max<size_t>(n / 20, 1))];
    return (*intents_)[rng_.Below(n)];
  }

  std::string Compose() {
    bool chatter_only = rng_.Chance(30);
    const GenIntent& intent = PickIntent();
    const Chatter& c = ChatterFor(intent.language);
    bool email = rng_.Chance(10);
    std::string m;
    if (rng_.Chance(60)) m += rng_.Pick(c.greetings) + (email ? "\n\n" : " ");
    int before = email ? rng_.Between(2, 6) : static_cast<int>(rng_.Below(2));
    for (int k = 0; k < before; ++k) m += Sentence(c, 5, 16) + " ";
    if (chatter_only) {
      m += Sentence(c, 3, 12);
    } else {
      m += Render(intent);
      if (rng_.Chance(10)) m += ", " + Render(PickIntent());
      m += std::vector<std::string>{"?", "??", ".", "!", "", " 🙏"}[rng_.Below(6)];
    }
    int after = email ? rng_.Between(1, 4) : static_cast<int>(rng_.Below(2));
    for (int k = 0; k < after; ++k) m += " " + Sentence(c, 4, 14);
    if (rng_.Chance(50)) m += " " + rng_.Pick(c.closings);
    if (email) m += "\n\n--\n" + Spell(rng_.Pick(c.filler)) + " Nguyễn\n+84 9" + std::to_string(rng_.Between(10000000, 99999999));
    return m;
  }

  const std::vector<GenIntent>* intents_;
  Rng rng_;
  std::vector<Chatter> chatter_;
  std::unordered_set<size_t> seen_;
};

}  // namespace frontdesk::bench

#endif  // FRONTDESK_BENCH_MATCHER_CORPUS_H_
