// PatternShape: what can be proved about every match of a pattern from its
// RE2 source alone, so that stage 2 of the Matcher can confirm a candidate
// without scanning the whole message with the pattern's unanchored DFA.
//
// An unanchored DFA of a gapped pattern (`\bwhere\b.{0,40}\border\b`) tracks
// every position a match could have started at: almost every unseen message
// builds new states, which is where the matcher spent its time. When every
// match must begin with one of a few literals, the matcher instead finds
// those literals and runs the pattern anchored at each: an anchored DFA has
// one start, few states, and they stay warm from message to message.
//
// The analysis is conservative: whatever it does not understand (anchors,
// classes or dots at the start, inline flags, non-ASCII literals) gives an
// empty `starts`, and the matcher then scans the whole message as before.
#ifndef FRONTDESK_ENGINE_MATCH_PATTERN_SHAPE_H_
#define FRONTDESK_ENGINE_MATCH_PATTERN_SHAPE_H_

#include <string>
#include <string_view>
#include <vector>

namespace frontdesk {

struct StartLiteral {
  // Lower-case ASCII bytes a match on this path begins with. Patterns are
  // compiled case-insensitively against case-folded text, whose ASCII letters
  // are all lower case (and which holds no Kelvin sign or long s), so these
  // exact bytes are what the text holds where such a match starts.
  std::string text;
  // A \b stands before the literal: where the literal begins with a word
  // character, the byte before it must not be one.
  bool word_boundary = false;
};

struct PatternShape {
  // Every match begins with one of these, sorted by text. Empty: not proved.
  std::vector<StartLiteral> starts;
  // Every match contains a run of at least this many consecutive ASCII
  // digits (`[a-z]{2}[- ]?\d{6}`: 6). 0: none required.
  int min_digit_run = 0;
};

// Analyzes RE2 source as the Matcher compiles it (case-insensitive, no
// flags). Never fails: what cannot be proved is left out.
PatternShape AnalyzePattern(std::string_view pattern);

// RE2 source for the prefilter of `pattern`: the same but for each bounded
// gap `.{m,n}` outside any group, written `.*`. Every text the pattern
// matches, this matches too, so its prefilter atoms are valid for the
// pattern; they are the same atoms (a dot yields none), and it compiles
// several times faster (RE2 copies the dot n times). The two are valid or
// invalid together: a gap is rewritten only when m <= n <= 1000 and no other
// repetition follows it.
std::string PrefilterSource(std::string_view pattern);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_PATTERN_SHAPE_H_
