// QuickPattern's compile: the parser of the RE2 subset it handles, the
// bound of RE2's program size, and the packing of the parsed nodes.
#include "engine/match/quick_pattern.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace frontdesk {
namespace {

// RE2 refuses larger repetition counts; a pattern that reaches here has one
// only if RE2 never saw it.
constexpr int kMaxRepeat = 1000;
// Two adjacent alternations of literals become one of their concatenations
// while there are at most this many.
constexpr size_t kMaxLiteralProduct = 64;

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
unsigned char AsciiLower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

std::bitset<128> PerlClass(char e) {  // \d \s \w, ASCII as RE2 has them
  std::bitset<128> s;
  if (e == 'd') {
    for (int c = '0'; c <= '9'; ++c) s.set(c);
  } else if (e == 's') {
    for (char c : std::string_view("\t\n\f\r ")) s.set(static_cast<size_t>(c));
  } else {
    for (int c = 0; c < 128; ++c) s[static_cast<size_t>(c)] = IsWordByte(static_cast<unsigned char>(c));
  }
  return s;
}

// The byte an escape outside \d \w \s \b stands for; -1 when unsupported.
int EscapedByte(char e) {
  auto u = static_cast<unsigned char>(e);
  if (u >= 0x80) return -1;
  switch (e) {
    case 'a': return 7;
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return IsWordByte(u) ? -1 : u;  // \. \- \? ...; \x41 \1 \p are not handled
  }
}

}  // namespace

// A node as the parser builds it; QuickPattern::Flatten packs the ones the
// root reaches into contiguous arrays.
struct QuickPattern::Draft {
  using Kind = Node::Kind;
  using Assertion = Node::Assertion;
  static constexpr Kind kLiterals = Node::kLiterals, kClass = Node::kClass, kAssert = Node::kAssert,
                        kConcat = Node::kConcat, kAlternate = Node::kAlternate, kRepeat = Node::kRepeat;
  static constexpr Assertion kWordBoundary = Node::kWordBoundary, kNotWordBoundary = Node::kNotWordBoundary,
                             kBeginText = Node::kBeginText, kEndText = Node::kEndText;
  Kind kind = kConcat;
  std::vector<std::string> literals;  // kLiterals: lower-case ASCII alternatives
  bool has_empty = false;             // kLiterals: "" is one more
  std::bitset<128> ascii;             // kClass
  bool non_ascii = false;             // kClass
  Assertion assertion = kWordBoundary;
  std::vector<int> children;  // kConcat, kAlternate; kRepeat: one
  int min = 0, max = 0;       // kRepeat
};

// Recursive descent over the subset of RE2 syntax QuickPattern handles;
// every method returns false at the first thing it does not understand.
class QuickPatternParser {
 public:
  explicit QuickPatternParser(std::string_view p) : p_(p) {}

  // The drafts (children before parents) and the root's index.
  bool Run() {
    if (!Alternation(&root_) || i_ != p_.size()) return false;
    return true;
  }
  std::vector<QuickPattern::Draft>& nodes() { return nodes_; }
  int root() const { return root_; }
  bool named_groups() const { return named_groups_; }

 private:
  using Node = QuickPattern::Draft;

  int Add(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }
  Node& At(int i) { return nodes_[static_cast<size_t>(i)]; }
  bool IsLiterals(int i) { return At(i).kind == Node::kLiterals; }
  bool More() const { return i_ < p_.size(); }

  static Node Literal(std::string s) {
    Node n;
    n.kind = Node::kLiterals;
    n.literals.push_back(std::move(s));
    return n;
  }

  bool Alternation(int* out) {
    std::vector<int> alternatives;
    while (true) {
      int seq = 0;
      if (!Sequence(&seq)) return false;
      alternatives.push_back(seq);
      if (!More() || p_[i_] != '|') break;
      ++i_;
    }
    *out = alternatives.size() == 1 ? alternatives[0] : Alternate(alternatives);
    return true;
  }

  // Alternatives that are all literals become one node of literals; the
  // others stay alternatives of their own.
  int Alternate(const std::vector<int>& alternatives) {
    Node merged;
    merged.kind = Node::kLiterals;
    Node alt;
    alt.kind = Node::kAlternate;
    for (int a : alternatives) {
      if (!IsLiterals(a)) {
        alt.children.push_back(a);
        continue;
      }
      const Node& l = At(a);
      merged.literals.insert(merged.literals.end(), l.literals.begin(), l.literals.end());
      merged.has_empty = merged.has_empty || l.has_empty;
    }
    if (alt.children.empty()) return Add(std::move(merged));
    if (!merged.literals.empty() || merged.has_empty) alt.children.push_back(Add(std::move(merged)));
    return Add(std::move(alt));
  }

  bool Sequence(int* out) {
    Node seq;
    seq.kind = Node::kConcat;
    while (More() && p_[i_] != '|' && p_[i_] != ')') {
      int item = 0;
      if (!Atom(&item) || !Repetitions(&item)) return false;
      if (!seq.children.empty() && IsLiterals(item) && IsLiterals(seq.children.back()) &&
          Product(seq.children.back(), item)) {
        continue;
      }
      seq.children.push_back(item);
    }
    if (seq.children.empty()) {  // matches the empty string
      Node empty;
      empty.kind = Node::kLiterals;
      empty.has_empty = true;
      *out = Add(std::move(empty));
    } else {
      *out = seq.children.size() == 1 ? seq.children[0] : Add(std::move(seq));
    }
    return true;
  }

  // Replaces literals node a by its concatenation with b when small enough.
  bool Product(int a, int b) {
    const Node& x = At(a);
    const Node& y = At(b);
    size_t nx = x.literals.size() + x.has_empty, ny = y.literals.size() + y.has_empty;
    if (nx * ny > kMaxLiteralProduct) return false;
    Node p;
    p.kind = Node::kLiterals;
    p.has_empty = x.has_empty && y.has_empty;
    std::vector<std::string> xs = x.literals, ys = y.literals;
    if (x.has_empty) xs.emplace_back();
    if (y.has_empty) ys.emplace_back();
    for (const std::string& s : xs)
      for (const std::string& t : ys)
        if (!(s + t).empty()) p.literals.push_back(s + t);
    At(a) = std::move(p);
    return true;
  }

  // The literal byte at j (a plain character or an escaped one, lowered)
  // and its length in the source; -1 when there is none.
  int LiteralAt(size_t j, size_t* len) const {
    if (j >= p_.size()) return -1;
    auto c = static_cast<unsigned char>(p_[j]);
    if (c == '\\') {
      int b = j + 1 < p_.size() ? EscapedByte(p_[j + 1]) : -1;
      *len = 2;
      return b < 0 ? -1 : AsciiLower(static_cast<unsigned char>(b));
    }
    *len = 1;
    return c >= 0x80 || std::string_view("\\.^$|?*+()[]{}").find(static_cast<char>(c)) != std::string_view::npos
               ? -1
               : AsciiLower(c);
  }
  bool RepeatAt(size_t j) const {
    return j < p_.size() && (p_[j] == '?' || p_[j] == '*' || p_[j] == '+' || p_[j] == '{');
  }

  // A run of literal bytes as one node (a byte that a repetition follows
  // ends the run, or is the run alone when it comes first).
  bool LiteralRun(int* out) {
    std::string run;
    size_t len = 0;
    for (int b; (b = LiteralAt(i_, &len)) >= 0;) {
      if (!run.empty() && RepeatAt(i_ + len)) break;
      run += static_cast<char>(b);
      i_ += len;
      if (RepeatAt(i_)) break;
    }
    if (run.empty()) return false;
    *out = Add(Literal(std::move(run)));
    return true;
  }

  bool Atom(int* out) {
    auto c = static_cast<unsigned char>(p_[i_]);
    if (c == '(') return Group(out);
    if (c == '[') return Class(out);
    size_t len = 0;
    if (LiteralAt(i_, &len) >= 0) return LiteralRun(out);
    if (c == '\\') return Escape(out);
    if (c >= 0x80 || c == '*' || c == '+' || c == '?' || c == '{') return false;
    ++i_;
    if (c == '^' || c == '$') {
      *out = Assert(c == '^' ? Node::kBeginText : Node::kEndText);
    } else if (c == '.') {
      Node any;
      any.kind = Node::kClass;
      any.ascii.set();
      any.ascii.reset('\n');
      any.non_ascii = true;
      *out = Add(std::move(any));
    } else {
      *out = Add(Literal(std::string(1, static_cast<char>(AsciiLower(c)))));
    }
    return true;
  }

  int Assert(Node::Assertion a) {
    Node n;
    n.kind = Node::kAssert;
    n.assertion = a;
    return Add(std::move(n));
  }

  bool Group(int* out) {
    std::string_view rest = p_.substr(i_);
    if (rest.substr(0, 3) == "(?:") {
      i_ += 3;
    } else if (rest.substr(0, 4) == "(?P<") {
      size_t close = rest.find('>');
      if (close == std::string_view::npos) return false;
      i_ += close + 1;
      named_groups_ = true;
    } else if (rest.substr(0, 2) == "(?") {
      return false;  // flags
    } else {
      ++i_;
    }
    if (!Alternation(out) || !More() || p_[i_] != ')') return false;
    ++i_;
    return true;
  }

  bool Escape(int* out) {
    if (i_ + 1 >= p_.size()) return false;
    char e = p_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'b': *out = Assert(Node::kWordBoundary); return true;
      case 'B': *out = Assert(Node::kNotWordBoundary); return true;
      case 'A': *out = Assert(Node::kBeginText); return true;
      case 'z': *out = Assert(Node::kEndText); return true;
      default: break;
    }
    Node n;
    n.kind = Node::kClass;
    if (AddPerlClass(e, &n)) {
      *out = Add(std::move(n));
      return true;
    }
    return false;  // escaped literals are LiteralRun's; \x41, \pL, \Q... are not handled
  }

  // \d \s \w and \D \S \W into class n; false for any other letter.
  static bool AddPerlClass(char e, Node* n) {
    char lower = static_cast<char>(AsciiLower(static_cast<unsigned char>(e)));
    if (lower != 'd' && lower != 's' && lower != 'w') return false;
    std::bitset<128> s = PerlClass(lower);
    if (e != lower) {
      s.flip();
      n->non_ascii = true;
    }
    n->ascii |= s;
    return true;
  }

  // One member of a class at i_: a byte into *b, or a Perl class added to n
  // (*b = -1). False when unsupported.
  bool ClassMember(Node* n, int* b) {
    if (!More()) return false;
    auto c = static_cast<unsigned char>(p_[i_]);
    if (c >= 0x80) return false;
    if (c == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') return false;  // [:alpha:]
    if (c != '\\') {
      ++i_;
      *b = c;
      return true;
    }
    if (i_ + 1 >= p_.size()) return false;
    char e = p_[i_ + 1];
    i_ += 2;
    *b = -1;
    if (AddPerlClass(e, n)) return true;
    *b = EscapedByte(e);
    return *b >= 0;
  }

  bool Class(int* out) {
    Node n;
    n.kind = Node::kClass;
    ++i_;
    bool negated = More() && p_[i_] == '^';
    if (negated) ++i_;
    for (bool first = true; More() && (first || p_[i_] != ']'); first = false) {
      int lo = 0, hi = 0;
      if (!ClassMember(&n, &lo)) return false;
      if (lo < 0) continue;
      hi = lo;
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        if (!ClassMember(&n, &hi) || hi < lo) return false;
      }
      for (int c = lo; c <= hi; ++c) n.ascii.set(static_cast<size_t>(c));
    }
    if (!More()) return false;
    ++i_;  // ']'
    for (int c = 'a'; c <= 'z'; ++c) {  // case-insensitive: both cases, before negating as RE2 does
      bool either = n.ascii[static_cast<size_t>(c)] || n.ascii[static_cast<size_t>(c - 'a' + 'A')];
      n.ascii[static_cast<size_t>(c)] = n.ascii[static_cast<size_t>(c - 'a' + 'A')] = either;
    }
    if (negated) {
      n.ascii.flip();
      n.non_ascii = !n.non_ascii;
    }
    *out = Add(std::move(n));
    return true;
  }

  // Reads one count of {n,m}; false when there is none.
  bool Count(int* v) {
    size_t start = i_;
    *v = 0;
    while (More() && p_[i_] >= '0' && p_[i_] <= '9' && *v <= kMaxRepeat) *v = *v * 10 + (p_[i_++] - '0');
    return i_ > start && *v <= kMaxRepeat;
  }

  bool Repetitions(int* item) {
    while (More()) {
      char c = p_[i_];
      int min = 0, max = -1;
      if (c == '?' || c == '*' || c == '+') {
        ++i_;
        min = c == '+' ? 1 : 0;
        max = c == '?' ? 1 : -1;
      } else if (c == '{') {
        ++i_;
        if (!Count(&min)) return false;
        max = min;
        if (More() && p_[i_] == ',') {
          ++i_;
          max = -1;
          if (More() && p_[i_] != '}' && (!Count(&max) || max < min)) return false;
        }
        if (!More() || p_[i_] != '}') return false;
        ++i_;
      } else {
        return true;
      }
      if (More() && p_[i_] == '?') ++i_;  // non-greedy: the same strings match
      *item = Repeat(*item, min, max);
    }
    return true;
  }

  int Repeat(int item, int min, int max) {
    if (min == 1 && max == 1) return item;
    if (min == 0 && max == 1 && IsLiterals(item)) {  // (?:the |a )?: one more literal, the empty one
      Node n = At(item);
      n.has_empty = true;
      return Add(std::move(n));
    }
    Node r;
    r.kind = Node::kRepeat;
    r.children.push_back(item);
    r.min = min;
    r.max = max;
    return Add(std::move(r));
  }

  std::string_view p_;
  size_t i_ = 0;
  std::vector<Node> nodes_;
  int root_ = 0;
  bool named_groups_ = false;
};

std::unique_ptr<const QuickPattern> QuickPattern::Compile(std::string_view pattern) {
  QuickPatternParser parser(pattern);
  if (!parser.Run()) return nullptr;
  std::unique_ptr<QuickPattern> q(new QuickPattern());
  q->BoundProgram(parser.nodes(), parser.root(), static_cast<int>(std::count(pattern.begin(), pattern.end(), '(')));
  q->Flatten(&parser.nodes(), parser.root());
  q->has_named_groups_ = parser.named_groups();
  return q;
}

// Generous per-piece counts of RE2 instructions (compile.cc): a byte range
// per literal byte (more for k and s), an Alt per alternative or optional copy, a repetition
// {m,n} as n copies, a class as a few ranges per ASCII run plus the UTF-8
// sequences of everything above ASCII, two per capture, and the fixed part
// (unanchored prefix, match, fail).
void QuickPattern::BoundProgram(const std::vector<Draft>& drafts, int root, int groups) {
  constexpr int64_t kNonAsciiClass = 64, kFixed = 16, kCap = int64_t{1} << 40;
  std::vector<int64_t> bound(drafts.size(), 0);
  for (size_t i = 0; i <= static_cast<size_t>(root); ++i) {
    const Draft& d = drafts[i];
    int64_t b = 0;
    switch (d.kind) {
      case Node::kLiterals:
        for (const std::string& l : d.literals) {
          b += static_cast<int64_t>(l.size()) + 1;
          // k and s fold to the Kelvin sign and the long s too: an
          // alternative of their UTF-8 bytes.
          b += 6 * static_cast<int64_t>(std::count(l.begin(), l.end(), 'k') + std::count(l.begin(), l.end(), 's'));
        }
        b += 2;
        break;
      case Node::kClass:
        for (size_t c = 0; c < 128; ++c) b += d.ascii[c] && (c == 0 || !d.ascii[c - 1]) ? 2 : 0;
        b += (d.non_ascii ? kNonAsciiClass : 0) + (d.ascii['k'] || d.ascii['s'] ? 12 : 0) + 2;
        break;
      case Node::kAssert: b = 1; break;
      case Node::kConcat:
      case Node::kAlternate:
        for (int c : d.children) b += bound[static_cast<size_t>(c)] + 1;
        break;
      case Node::kRepeat: {
        int64_t copies = d.max >= 0 ? std::max(d.max, 1) : d.min + 1;
        b = copies * (bound[static_cast<size_t>(d.children[0])] + 2) + 2;
        break;
      }
    }
    bound[i] = std::min(b, kCap);
  }
  program_bound_ = static_cast<int>(std::min<int64_t>(bound[static_cast<size_t>(root)] + 2 * groups + kFixed, INT32_MAX));
}

void QuickPattern::Flatten(std::vector<Draft>* drafts, int root) {
  // Only the drafts the root reaches (merged literals leave their parts
  // behind); children come before parents, so one backward pass finds them.
  std::vector<Draft>& d = *drafts;
  std::vector<int> renumbered(d.size(), -1);
  std::vector<bool> used(d.size(), false);
  used[static_cast<size_t>(root)] = true;
  for (size_t i = d.size(); i-- > 0;)
    if (used[i])
      for (int c : d[i].children) used[static_cast<size_t>(c)] = true;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!used[i]) continue;
    renumbered[i] = static_cast<int>(nodes_.size());
    nodes_.push_back(Pack(&d[i], renumbered));
  }
  literal_start_.push_back(static_cast<uint32_t>(chars_.size()));  // the last literal's end
  root_ = renumbered[static_cast<size_t>(root)];
  nodes_.shrink_to_fit();
  children_.shrink_to_fit();
  literal_start_.shrink_to_fit();
  chars_.shrink_to_fit();
}

QuickPattern::Node QuickPattern::Pack(Draft* draft, const std::vector<int>& renumbered) {
  Node n;
  n.kind = draft->kind;
  n.assertion = draft->assertion;
  n.non_ascii = draft->non_ascii;
  n.has_empty = draft->has_empty;
  n.min = draft->min;
  n.max = draft->max;
  n.ascii = draft->ascii;
  if (n.kind == Node::kLiterals) {
    std::vector<std::string>& l = draft->literals;
    std::sort(l.begin(), l.end());
    l.erase(std::unique(l.begin(), l.end()), l.end());
    if (!l.empty() && l.front().empty()) {
      l.erase(l.begin());
      n.has_empty = true;
    }
    n.begin = static_cast<uint32_t>(literal_start_.size());
    for (const std::string& s : l) {
      literal_start_.push_back(static_cast<uint32_t>(chars_.size()));
      chars_ += s;
      n.ascii.set(static_cast<unsigned char>(s[0]));  // the first bytes
    }
    n.end = static_cast<uint32_t>(literal_start_.size());
    return n;
  }
  n.begin = static_cast<uint32_t>(children_.size());
  int deepest = 0;
  for (int c : draft->children) {
    int child = renumbered[static_cast<size_t>(c)];
    children_.push_back(child);
    deepest = std::max(deepest, nodes_[static_cast<size_t>(child)].temps);
  }
  n.end = static_cast<uint32_t>(children_.size());
  if (n.kind == Node::kConcat || n.kind == Node::kRepeat) n.temps = 2 + deepest;
  if (n.kind == Node::kAlternate) n.temps = 1 + deepest;
  return n;
}

}  // namespace frontdesk
