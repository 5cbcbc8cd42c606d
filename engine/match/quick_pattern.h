// QuickPattern: decides whether a pattern matches somewhere in a text without
// RE2, by carrying the set of byte positions a match can have reached from one
// piece of the pattern to the next.
//
// Stage 2 of the Matcher used to confirm every candidate with RE2, and RE2's
// DFA builds new states for text it has not seen: a pattern is a candidate for
// few messages, so its DFA was nearly always cold and the confirmation cost
// several microseconds. The common intent pattern is a few alternations of
// literal words joined by bounded gaps, `\b(where|track)\b.{0,40}\b(order)\b`:
// from the places where the first words occur, the places a match can reach
// are found by comparing literals and stepping over code points, with no state
// to build.
//
// Supported: ASCII literals, `.`, ASCII classes `[a-z]` `[^- ]`, \d \w \s
// and their negations, \b \B ^ $ \A \z, groups `(...)` `(?:...)`
// `(?P<name>...)`, alternation and the repetitions ? * + {n} {n,} {n,m}
// (greedy or not: only whether a match exists is decided, not where it
// is). Anything else (non-ASCII literals, \pL, flags, \Q, \C, escapes such as
// \x41) makes Compile return nullptr, and the caller keeps using RE2.
//
// The semantics are RE2's for a pattern compiled case-insensitively in UTF-8
// with default options: `.` is any code point but \n; a class, \s and \W
// match \n unless they exclude it; \b \w \d are ASCII; ^ and $ are the ends
// of the text. They hold for every text for which Supports() is true.
#ifndef FRONTDESK_ENGINE_MATCH_QUICK_PATTERN_H_
#define FRONTDESK_ENGINE_MATCH_QUICK_PATTERN_H_

#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk {

class QuickPattern {
 public:
  // nullptr when the pattern uses syntax this class does not handle.
  // REQUIRES: RE2 accepts the pattern (errors are RE2's to report; an
  // invalid pattern may compile here to something meaningless).
  static std::unique_ptr<const QuickPattern> Compile(std::string_view pattern);

  // True when Matches gives RE2's answer on this text: it is valid UTF-8
  // (RE2's `.` does not step over invalid bytes) and holds neither the Kelvin
  // sign nor the long s, which RE2 folds to the ASCII k and s.
  static bool Supports(std::string_view text);

  // Whether the pattern matches somewhere in text. starts: when not null, the
  // ascending byte offsets where a match may begin (the caller has proved
  // that no match begins elsewhere); null: anywhere.
  // REQUIRES: Supports(text). Thread-safe (scratch memory is per thread).
  bool Matches(std::string_view text, const std::vector<uint32_t>* starts) const;

  // At least as many instructions as RE2 compiles the pattern to (case-
  // insensitive, UTF-8), usually several times more: a pattern within the
  // Matcher's program size limit by this bound is within it for RE2, so its
  // RE2 can be built later, on first need.
  int program_bound() const { return program_bound_; }
  // Whether the pattern has a (?P<name>...) group.
  bool has_named_groups() const { return has_named_groups_; }

  QuickPattern(const QuickPattern&) = delete;
  QuickPattern& operator=(const QuickPattern&) = delete;

 private:
  friend class QuickPatternParser;
  // One piece of the pattern; all of a pattern's nodes, children and
  // literals sit in a few contiguous arrays (a pattern is a candidate for
  // few messages, so its nodes are seldom in cache: fewer lines to load).
  struct Node {
    enum Kind : uint8_t { kLiterals, kClass, kAssert, kConcat, kAlternate, kRepeat };
    enum Assertion : uint8_t { kWordBoundary, kNotWordBoundary, kBeginText, kEndText };
    Kind kind = kConcat;
    Assertion assertion = kWordBoundary;
    bool non_ascii = false;  // kClass: matches code points above ASCII
    bool has_empty = false;  // kLiterals: the empty string is one more
    int min = 0, max = 0;    // kRepeat; max -1: unbounded
    int temps = 0;           // position sets its evaluation needs, children's included
    // kLiterals: literals [begin, end) (sorted, lower-case ASCII); others:
    // children_[begin, end) (kRepeat: one).
    uint32_t begin = 0, end = 0;
    // kClass: the ASCII bytes it matches (both cases of letters);
    // kLiterals: the first bytes of its literals.
    std::bitset<128> ascii;
  };
  struct Draft;  // a node as parsed
  struct Eval;

  QuickPattern() = default;
  // Packs the drafts the root reaches into the arrays below.
  void Flatten(std::vector<Draft>* drafts, int root);
  Node Pack(Draft* draft, const std::vector<int>& renumbered);
  // program_bound_ from the drafts; groups: the pattern's parentheses.
  void BoundProgram(const std::vector<Draft>& drafts, int root, int groups);

  std::vector<Node> nodes_;  // children before parents
  std::vector<int> children_;
  // Literal i is chars_[literal_start_[i] .. literal_start_[i + 1]).
  std::vector<uint32_t> literal_start_;
  std::string chars_;
  int root_ = 0;
  int program_bound_ = 0;
  bool has_named_groups_ = false;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_QUICK_PATTERN_H_
