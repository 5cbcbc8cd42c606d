#include "engine/match/pattern_shape.h"

#include <algorithm>

namespace frontdesk {
namespace {

constexpr std::string_view kSyntax = "\\.^$|?*+()[]{}";

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Walks RE2 source one item (a character, escape, class or group, with its
// repetition) at a time. It only has to find items, their minimum count and
// the `|` and `)` that end alternatives; what an item means is RE2's business.
class SourceWalker {
 public:
  explicit SourceWalker(std::string_view p) : p_(p) {}

  // Scans the whole pattern for syntax this walker cannot see through: \Q..\E
  // (which would hide `)` and `|`) and inline flags other than groups (which
  // change what a literal matches); sets *anchored when something means
  // "where the text begins or ends" (^ $ \A \z): anchored runs then prove
  // nothing about starts. Returns false when no shape may be claimed at all.
  bool Readable(bool* anchored) {
    *anchored = false;
    for (i_ = 0; i_ < p_.size();) {
      char c = p_[i_];
      if (c == '\\' && i_ + 1 < p_.size()) {
        char e = p_[i_ + 1];
        if (e == 'Q' || e == 'C') return false;
        if (e == 'A' || e == 'z') *anchored = true;
        i_ += 2;
      } else if (c == '[') {
        SkipClass();
      } else if (c == '(' && GroupHeader() == 0) {
        return false;
      } else {
        if (c == '^' || c == '$') *anchored = true;
        ++i_;
      }
    }
    i_ = 0;
    return true;
  }

  // Literals every match of the alternatives from here to the closing `)` (or
  // the end) begins with; false when not proved. Stops at that `)`.
  bool Alternation(bool boundary, std::vector<StartLiteral>* out) {
    bool proved = true;
    while (true) {
      proved = Sequence(boundary, out) && proved;
      if (i_ >= p_.size() || p_[i_] != '|') return proved;
      ++i_;
    }
  }

  // The longest run of consecutive digits every match of the sequence from
  // here to the closing `)` (or the end) contains; 0 when it has alternatives.
  // Stops at that `)`.
  int DigitRun() {
    int run = 0, longest = 0;
    bool alternatives = false;
    while (i_ < p_.size() && p_[i_] != ')') {
      if (p_[i_] == '|') {
        alternatives = true;
        ++i_;
      } else if (p_.substr(i_, 2) == "\\d" || p_.substr(i_, 5) == "[0-9]") {
        i_ += p_[i_] == '\\' ? 2 : 5;
        run += MinRepeat();
        longest = std::max(longest, run);
      } else if (p_[i_] == '(') {
        i_ += GroupHeader();
        int inner = DigitRun();
        if (i_ < p_.size()) ++i_;  // its ')'
        if (MinRepeat() > 0) longest = std::max(longest, inner);
        run = 0;
      } else {
        SkipAtom();
        MinRepeat();
        run = 0;
      }
    }
    return alternatives ? 0 : longest;
  }

  // True when the walk ended at the end of the pattern (not at a stray `)`).
  bool AtEnd() const { return i_ >= p_.size(); }

 private:
  bool AtSequenceEnd() const { return i_ >= p_.size() || p_[i_] == '|' || p_[i_] == ')'; }

  // Bytes of the literal at i (an ASCII character that is not syntax, or an
  // escaped ASCII punctuation mark) into *c, lower case; 0 when none is there.
  size_t LiteralAt(size_t i, char* c) const {
    if (i >= p_.size()) return 0;
    auto b = static_cast<unsigned char>(p_[i]);
    if (b >= 0x80) return 0;
    if (b == '\\') {
      if (i + 1 >= p_.size()) return 0;
      auto e = static_cast<unsigned char>(p_[i + 1]);
      if (e >= 0x80 || IsAsciiAlnum(e)) return 0;  // \d \b \pL \x41 ...
      *c = static_cast<char>(e);
      return 2;
    }
    if (kSyntax.find(static_cast<char>(b)) != std::string_view::npos) return 0;
    *c = static_cast<char>(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
    return 1;
  }

  bool RepeatedAt(size_t i) const {
    return i < p_.size() && (p_[i] == '?' || p_[i] == '*' || p_[i] == '+' || p_[i] == '{');
  }

  // One alternative: its zero-width assertions, then a literal run or a
  // group decide how a match begins; the rest is skipped.
  bool Sequence(bool boundary, std::vector<StartLiteral>* out) {
    bool decided = false, proved = false;
    while (!AtSequenceEnd()) {
      if (decided) {
        SkipAtom();
        MinRepeat();
        continue;
      }
      if (p_[i_] == '\\' && i_ + 1 < p_.size() && (p_[i_ + 1] == 'b' || p_[i_ + 1] == 'B')) {
        boundary = p_[i_ + 1] == 'b';
        i_ += 2;
        continue;
      }
      decided = true;
      char c = 0;
      if (LiteralAt(i_, &c) > 0) {
        std::string run;
        for (size_t n; (n = LiteralAt(i_, &c)) > 0 && !RepeatedAt(i_ + n); i_ += n) run += c;
        if (!run.empty()) out->push_back({run, boundary});
        proved = !run.empty();
      } else if (p_[i_] == '(') {
        i_ += GroupHeader();
        std::vector<StartLiteral> inner;
        bool inner_proved = Alternation(boundary, &inner);
        if (i_ < p_.size()) ++i_;  // its ')'
        bool optional = MinRepeat() == 0;
        if (!inner_proved) continue;
        out->insert(out->end(), inner.begin(), inner.end());
        // A group that may match nothing leaves the start to what follows.
        decided = proved = !optional;
      }
    }
    return proved;
  }

  // Length of a group's opening: "(", "(?:" or "(?P<name>"; 0 for other
  // (?...) syntax such as flags.
  size_t GroupHeader() const {
    std::string_view rest = p_.substr(i_);
    if (rest.substr(0, 2) != "(?") return 1;
    if (rest.substr(0, 3) == "(?:") return 3;
    if (rest.substr(0, 4) == "(?P<") {
      size_t close = rest.find('>');
      return close == std::string_view::npos ? 0 : close + 1;
    }
    return 0;
  }

  void SkipClass() {  // at '[': past the matching ']', honouring [^]...] and escapes
    ++i_;
    if (i_ < p_.size() && p_[i_] == '^') ++i_;
    if (i_ < p_.size() && p_[i_] == ']') ++i_;
    while (i_ < p_.size() && p_[i_] != ']') i_ += p_[i_] == '\\' ? 2 : 1;
    ++i_;
  }

  // One item without its repetition.
  void SkipAtom() {
    if (p_[i_] == '\\') {
      i_ += 2;
    } else if (p_[i_] == '[') {
      SkipClass();
    } else if (p_[i_] == '(') {
      for (int depth = 0; i_ < p_.size();) {
        char c = p_[i_];
        if (c == '\\') i_ += 2;
        else if (c == '[') SkipClass();
        else ++i_;
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0) break;
      }
    } else {
      ++i_;
    }
    i_ = std::min(i_, p_.size());
  }

  // Consumes a repetition and returns its minimum count (1 without one).
  int MinRepeat() {
    if (i_ >= p_.size()) return 1;
    int min = 1;
    char c = p_[i_];
    if (c == '?' || c == '*') {
      min = 0, ++i_;
    } else if (c == '+') {
      ++i_;
    } else if (c == '{' && i_ + 1 < p_.size() && p_[i_ + 1] >= '0' && p_[i_ + 1] <= '9') {
      size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) return 1;
      min = 0;
      for (size_t k = i_ + 1; k < close && p_[k] >= '0' && p_[k] <= '9'; ++k)
        min = std::min(min * 10 + (p_[k] - '0'), 100000);
      i_ = close + 1;
    } else {
      return 1;
    }
    if (i_ < p_.size() && p_[i_] == '?') ++i_;  // non-greedy: same counts
    return min;
  }

  std::string_view p_;
  size_t i_ = 0;
};

}  // namespace

PatternShape AnalyzePattern(std::string_view pattern) {
  PatternShape shape;
  SourceWalker walker(pattern);
  bool anchored = false;
  if (!walker.Readable(&anchored)) return shape;
  shape.min_digit_run = walker.DigitRun();
  if (!walker.AtEnd()) return PatternShape();  // a stray ')': RE2 refuses it anyway
  if (anchored) return shape;
  SourceWalker starts(pattern);
  if (!starts.Alternation(false, &shape.starts) || !starts.AtEnd()) shape.starts.clear();
  std::sort(shape.starts.begin(), shape.starts.end(),
            [](const StartLiteral& a, const StartLiteral& b) { return a.text < b.text; });
  return shape;
}

namespace {

// At p[i] == '{': one past the '}' of a valid {m,n}, {m,} or {n} with
// m <= n <= 1000; 0 when it is not one.
size_t BoundedRepeatEnd(std::string_view p, size_t i) {
  size_t k = i + 1;
  auto number = [&](int* v) {
    size_t start = k;
    for (*v = 0; k < p.size() && p[k] >= '0' && p[k] <= '9' && *v <= 1000; ++k) *v = *v * 10 + (p[k] - '0');
    return k > start;
  };
  int m = 0, n = 0;
  if (!number(&m)) return 0;
  n = m;
  if (k < p.size() && p[k] == ',') {
    ++k;
    if (k < p.size() && p[k] != '}' && !number(&n)) return 0;
  }
  if (k >= p.size() || p[k] != '}') return 0;
  return m <= 1000 && n <= 1000 && m <= n ? k + 1 : 0;
}

}  // namespace

std::string PrefilterSource(std::string_view p) {
  std::string out;
  out.reserve(p.size());
  int depth = 0;
  for (size_t i = 0; i < p.size();) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out.append(p.substr(i, 2));
      i += 2;
    } else if (c == '[') {
      size_t j = i + 1;  // past the class, honouring [^]...], []...] and escapes
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += p[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, p.size());
      out.append(p.substr(i, j - i));
      i = j;
    } else if (c == '.' && depth == 0 && i + 1 < p.size() && p[i + 1] == '{') {
      size_t end = BoundedRepeatEnd(p, i + 1);
      bool another = end > 0 && end < p.size() && (p[end] == '*' || p[end] == '+' || p[end] == '{');
      if (end == 0 || another) {
        out += c;
        ++i;
      } else {
        out += ".*";
        i = end;
      }
    } else {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace frontdesk
