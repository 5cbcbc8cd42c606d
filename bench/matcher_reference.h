// The reference pipeline of matcher_bench: the same folded text, one
// Hyperscan scan over every pattern of the pack, then RE2 on the patterns that
// matched and have named groups (Hyperscan reports no submatches), then the
// pack's documented conflict resolution. Built only with Hyperscan
// (FRONTDESK_HAVE_HYPERSCAN, set by bench/CMakeLists.txt when libhs is found).
#ifndef FRONTDESK_BENCH_MATCHER_REFERENCE_H_
#define FRONTDESK_BENCH_MATCHER_REFERENCE_H_

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "engine/match/matcher.h"

#ifdef FRONTDESK_HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

namespace frontdesk::bench {

// What the reference needs to know of pattern i (pack order: intents in
// definition order, each intent's positive patterns, then its negative ones).
struct RefPattern {
  std::string source;  // RE2 source after FoldPattern
  int intent = 0;
  bool negative = false;
  int priority = 0;    // the intent's
  int literal_chars = 0;
};

// One intent in the result, best first; what Classify reports too.
struct RefMatch {
  int intent = 0;
  int pattern = 0;
  bool operator==(const RefMatch&) const = default;
};

// Conflict resolution as docs/pack-format.md states it: a negative hit
// vetoes its intent; then priority, then the most literal characters of the
// intent's best pattern, then definition order. `hits` are in pattern order.
inline void RefClassify(const std::vector<RefPattern>& patterns, const std::vector<PatternHit>& hits,
                        std::vector<RefMatch>* matches, std::vector<int>* vetoed) {
  for (const PatternHit& h : hits) {
    const RefPattern& p = patterns[static_cast<size_t>(h.pattern)];
    if (p.negative) vetoed->push_back(p.intent);
  }
  std::sort(vetoed->begin(), vetoed->end());
  vetoed->erase(std::unique(vetoed->begin(), vetoed->end()), vetoed->end());
  for (const PatternHit& h : hits) {
    const RefPattern& p = patterns[static_cast<size_t>(h.pattern)];
    if (p.negative || std::binary_search(vetoed->begin(), vetoed->end(), p.intent)) continue;
    auto same = std::find_if(matches->begin(), matches->end(),
                             [&](const RefMatch& m) { return m.intent == p.intent; });
    if (same == matches->end()) {
      matches->push_back({p.intent, h.pattern});
    } else if (p.literal_chars > patterns[static_cast<size_t>(same->pattern)].literal_chars) {
      same->pattern = h.pattern;
    }
  }
  std::sort(matches->begin(), matches->end(), [&](const RefMatch& a, const RefMatch& b) {
    const RefPattern& pa = patterns[static_cast<size_t>(a.pattern)];
    const RefPattern& pb = patterns[static_cast<size_t>(b.pattern)];
    if (pa.priority != pb.priority) return pa.priority > pb.priority;
    if (pa.literal_chars != pb.literal_chars) return pa.literal_chars > pb.literal_chars;
    return a.intent < b.intent;
  });
}

#ifdef FRONTDESK_HAVE_HYPERSCAN

// Hyperscan has no named groups: "(?P<order_id>" becomes "(".
inline std::string ForHyperscan(std::string_view re2_source) {
  std::string out;
  for (size_t i = 0; i < re2_source.size(); ++i) {
    if (re2_source.compare(i, 4, "(?P<") == 0) {
      size_t close = re2_source.find('>', i);
      out += '(';
      i = close;
      continue;
    }
    out += re2_source[i];
  }
  return out;
}

// Flags for RE2's semantics on folded text: case-insensitive like the
// engine, each pattern reported once. HS_FLAG_UTF8 would also make '.' one
// code point, as in RE2, but multiplies Hyperscan's compile time by 5 and
// its memory by 3 (2,054 patterns: 31.7 s and 279 MB instead of 5.9 s and
// 92 MB; 20,583 did not finish in 4 CPU-minutes and 2.4 GB), so by default it
// is off and '.' is one byte. Folded en/vi/es text is ASCII but for a few
// symbols (emoji, ¡, €); ReferenceMatcher squashes each of those to one byte
// before the scan, so that a bounded gap counts code points as RE2 does.
constexpr unsigned kHsFlags = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;

// Replaces every non-ASCII code point of valid UTF-8 by the one byte 0x80:
// a non-word byte that no ASCII pattern names, so without HS_FLAG_UTF8 '.'
// and \b see the same code points that RE2 sees.
inline bool SquashNonAscii(std::string_view folded, std::string* out) {
  size_t first = 0;
  while (first < folded.size() && static_cast<unsigned char>(folded[first]) < 0x80) ++first;
  if (first == folded.size()) return false;
  out->assign(folded.substr(0, first));
  for (size_t i = first; i < folded.size(); ++i) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) out->push_back(folded[i]);
    else if (c >= 0xC0) out->push_back(static_cast<char>(0x80));  // a lead byte; continuations vanish
  }
  return true;
}

// Compiles the patterns into a serialized block-mode database (so that the
// compile may run in a child process); false and *error on failure.
inline bool CompileHyperscan(const std::vector<RefPattern>& patterns, unsigned hs_flags, std::string* serialized,
                             std::string* error) {
  std::vector<std::string> sources;
  for (const RefPattern& p : patterns) sources.push_back(ForHyperscan(p.source));
  std::vector<const char*> exprs;
  std::vector<unsigned> flags(sources.size(), hs_flags), ids;
  for (size_t i = 0; i < sources.size(); ++i) {
    exprs.push_back(sources[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    *error = std::string(err->message) + " (pattern " + std::to_string(err->expression) + ": " +
             (err->expression >= 0 ? sources[static_cast<size_t>(err->expression)] : "") + ")";
    hs_free_compile_error(err);
    return false;
  }
  char* bytes = nullptr;
  size_t length = 0;
  bool ok = hs_serialize_database(db, &bytes, &length) == HS_SUCCESS;
  if (ok) serialized->assign(bytes, length);
  free(bytes);
  hs_free_database(db);
  if (!ok) *error = "hs_serialize_database failed";
  return ok;
}

class ReferenceMatcher {
 public:
  struct ScratchDeleter {
    void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
  };
  using Scratch = std::unique_ptr<hs_scratch_t, ScratchDeleter>;

  // Takes the serialized database and the patterns; compiles RE2 only for the
  // patterns with named groups (the engine's options: case-insensitive).
  // `hs_flags` are those the database was compiled with. REQUIRES: without
  // HS_FLAG_UTF8, the patterns' literals are ASCII (see SquashNonAscii).
  static std::unique_ptr<ReferenceMatcher> Create(const std::string& serialized,
                                                  std::vector<RefPattern> patterns, unsigned hs_flags) {
    std::unique_ptr<ReferenceMatcher> r(new ReferenceMatcher());
    r->squash_ = (hs_flags & HS_FLAG_UTF8) == 0;
    if (hs_deserialize_database(serialized.data(), serialized.size(), &r->db_) != HS_SUCCESS) return nullptr;
    RE2::Options ro;
    ro.set_log_errors(false);
    ro.set_case_sensitive(false);
    ro.set_max_mem(int64_t{2} << 20);
    r->captures_.resize(patterns.size());
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (patterns[i].source.find("(?P<") == std::string::npos) continue;
      r->captures_[i] = std::make_unique<RE2>(patterns[i].source, ro);
    }
    r->patterns_ = std::move(patterns);
    return r;
  }
  ~ReferenceMatcher() { hs_free_database(db_); }

  // One per thread (Hyperscan scratch is not shareable).
  Scratch NewScratch() const {
    hs_scratch_t* s = nullptr;
    hs_alloc_scratch(db_, &s);
    return Scratch(s);
  }
  size_t database_bytes() const {
    size_t n = 0;
    hs_database_size(db_, &n);
    return n;
  }
  const std::vector<RefPattern>& patterns() const { return patterns_; }

  // Every pattern that matches, in pattern order, with the named captures
  // of those that have named groups (folded byte offsets, as the engine).
  bool Match(std::string_view folded, hs_scratch_t* scratch, std::vector<PatternHit>* hits) const {
    std::vector<int> ids;
    std::string squashed;
    std::string_view scan = squash_ && SquashNonAscii(folded, &squashed) ? squashed : folded;
    auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
      static_cast<std::vector<int>*>(ctx)->push_back(static_cast<int>(id));
      return 0;
    };
    if (hs_scan(db_, scan.data(), static_cast<unsigned>(scan.size()), 0, scratch, on_match, &ids) !=
        HS_SUCCESS) {
      return false;
    }
    std::sort(ids.begin(), ids.end());
    for (int id : ids) hits->push_back(Captures(folded, id));
    return true;
  }

 private:
  ReferenceMatcher() = default;

  PatternHit Captures(std::string_view folded, int id) const {
    const RE2* re = captures_[static_cast<size_t>(id)].get();
    if (re == nullptr) return {id, 0, 0, {}};
    re2::StringPiece text(folded.data(), folded.size());
    int n = re->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
    // Hyperscan said it matches; RE2 disagreeing shows up as a mismatch.
    if (!re->Match(text, 0, text.size(), RE2::UNANCHORED, sub.data(), n)) return {id, 1, 0, {}};
    auto at = [&](const re2::StringPiece& s) { return static_cast<size_t>(s.data() - text.data()); };
    PatternHit hit{id, at(sub[0]), at(sub[0]) + sub[0].size(), {}};
    for (const auto& [name, group] : re->NamedCapturingGroups()) {
      const re2::StringPiece& s = sub[static_cast<size_t>(group)];
      if (s.data() != nullptr) hit.captures.push_back({name, at(s), at(s) + s.size()});
    }
    return hit;
  }

  hs_database_t* db_ = nullptr;
  bool squash_ = true;
  std::vector<RefPattern> patterns_;
  std::vector<std::unique_ptr<RE2>> captures_;  // null: no named groups
};

#endif  // FRONTDESK_HAVE_HYPERSCAN

}  // namespace frontdesk::bench

#endif  // FRONTDESK_BENCH_MATCHER_REFERENCE_H_
