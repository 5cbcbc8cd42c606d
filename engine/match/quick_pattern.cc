// QuickPattern's evaluation: position sets carried through the nodes.
#include "engine/match/quick_pattern.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace frontdesk {
namespace {

// RE2's \b word characters: ASCII letters, digits and '_'.
bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
unsigned char AsciiLower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }
size_t Utf8Length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

}  // namespace

bool QuickPattern::Supports(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  for (size_t i = 0; i < n;) {
    // Runs of ASCII, eight bytes at a time.
    uint64_t eight = 0;
    if (i + 8 <= n && (std::memcpy(&eight, s + i, 8), (eight & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > n) return false;
    for (size_t k = 1; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return false;
    if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||  // overlong, surrogate
        (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90)) {   // overlong, > U+10FFFF
      return false;
    }
    if ((c == 0xC5 && s[i + 1] == 0xBF) || (c == 0xE2 && s[i + 1] == 0x84 && s[i + 2] == 0xAA)) return false;
    i += len;
  }
  return true;
}

// Position sets are bitsets over the byte offsets 0..text.size() of the text,
// `words` 64-bit words each; a node's evaluation maps the set of offsets a
// match may have reached before it to those it may reach after it.
struct QuickPattern::Eval {
  const QuickPattern& q;
  std::string_view text;
  size_t words;

  static void Set(uint64_t* s, size_t p) { s[p / 64] |= uint64_t{1} << (p % 64); }
  void Clear(uint64_t* s) const { std::memset(s, 0, words * sizeof(uint64_t)); }
  void Copy(const uint64_t* from, uint64_t* to) const { std::memcpy(to, from, words * sizeof(uint64_t)); }
  bool Empty(const uint64_t* s) const {
    for (size_t w = 0; w < words; ++w)
      if (s[w] != 0) return false;
    return true;
  }
  template <class F>
  void ForEach(const uint64_t* s, F f) const {
    for (size_t w = 0; w < words; ++w)
      for (uint64_t bits = s[w]; bits != 0; bits &= bits - 1)
        f(w * 64 + static_cast<size_t>(__builtin_ctzll(bits)));
  }

  void Run(int index, const uint64_t* in, uint64_t* out, uint64_t* scratch) const {
    const Node& n = q.nodes_[static_cast<size_t>(index)];  // NOLINT
    switch (n.kind) {
      case Node::kLiterals: return Literals(n, in, out);
      case Node::kClass: return Class(n, in, out);
      case Node::kAssert: return Assert(n, in, out);
      case Node::kConcat: return Concat(n, in, out, scratch);
      case Node::kAlternate: return Alternate(n, in, out, scratch);
      case Node::kRepeat: return Repeat(n, in, out, scratch);
    }
  }

  void Literals(const Node& n, const uint64_t* in, uint64_t* out) const {
    if (n.has_empty) Copy(in, out);
    else Clear(out);
    const char* chars = q.chars_.data();
    const uint32_t* start = q.literal_start_.data();
    ForEach(in, [&](size_t p) {
      if (p >= text.size()) return;
      unsigned char b = AsciiLower(static_cast<unsigned char>(text[p]));
      if (b >= 0x80 || !n.ascii[b]) return;
      // The node's literals are sorted: find the first one beginning with b.
      uint32_t lo = n.begin, hi = n.end;
      while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (static_cast<unsigned char>(chars[start[mid]]) < b) lo = mid + 1;
        else hi = mid;
      }
      for (uint32_t i = lo; i < n.end && static_cast<unsigned char>(chars[start[i]]) == b; ++i) {
        size_t len = start[i + 1] - start[i];
        if (text.size() - p < len) continue;
        size_t k = 1;
        while (k < len && AsciiLower(static_cast<unsigned char>(text[p + k])) == static_cast<unsigned char>(chars[start[i] + k])) ++k;
        if (k == len) Set(out, p + len);
      }
    });
  }

  void Class(const Node& n, const uint64_t* in, uint64_t* out) const {
    Clear(out);
    ForEach(in, [&](size_t p) {
      if (p >= text.size()) return;
      // A search may begin inside a multi-byte character, as RE2's may;
      // nothing of a class matches there (RE2 wants a lead byte).
      auto c = static_cast<unsigned char>(text[p]);
      if (c < 0x80 ? n.ascii[c] : c >= 0xC0 && n.non_ascii) Set(out, p + Utf8Length(c));
    });
  }

  void Assert(const Node& n, const uint64_t* in, uint64_t* out) const {
    Clear(out);
    // ^ and $ keep one offset of the set: no walk over it (a pattern with
    // them is evaluated from every offset of the text).
    if (n.assertion == Node::kBeginText || n.assertion == Node::kEndText) {
      size_t p = n.assertion == Node::kBeginText ? 0 : text.size();
      if (in[p / 64] >> (p % 64) & 1) Set(out, p);
      return;
    }
    ForEach(in, [&](size_t p) {
      bool before = p > 0 && IsWordByte(static_cast<unsigned char>(text[p - 1]));
      bool after = p < text.size() && IsWordByte(static_cast<unsigned char>(text[p]));
      if ((before != after) == (n.assertion == Node::kWordBoundary)) Set(out, p);
    });
  }

  void Concat(const Node& n, const uint64_t* in, uint64_t* out, uint64_t* scratch) const {
    uint64_t* a = scratch;
    uint64_t* b = scratch + words;
    const uint64_t* cur = in;
    for (uint32_t k = n.begin; k < n.end; ++k) {
      uint64_t* dst = k + 1 == n.end ? out : (cur == a ? b : a);
      Run(q.children_[k], cur, dst, scratch + 2 * words);
      if (dst != out && Empty(dst)) return Clear(out);
      cur = dst;
    }
  }

  void Alternate(const Node& n, const uint64_t* in, uint64_t* out, uint64_t* scratch) const {
    Clear(out);
    for (uint32_t k = n.begin; k < n.end; ++k) {
      Run(q.children_[k], in, scratch, scratch + words);
      for (size_t w = 0; w < words; ++w) out[w] |= scratch[w];
    }
  }

  // Offsets reached after min..max rounds. Past min, an offset already
  // reached needs no second visit: from the earlier round more remain.
  void Repeat(const Node& n, const uint64_t* in, uint64_t* out, uint64_t* scratch) const {
    int child = q.children_[n.begin];
    const Node& c = q.nodes_[static_cast<size_t>(child)];
    if (c.kind == Node::kClass) return ClassRepeat(n, c, in, out);
    uint64_t* frontier = scratch;
    uint64_t* next = scratch + words;
    uint64_t* rest = scratch + 2 * words;
    Copy(in, frontier);
    for (int k = 0; k < n.min; ++k) {
      Run(child, frontier, next, rest);
      std::swap(frontier, next);
      if (Empty(frontier)) return Clear(out);
    }
    Copy(frontier, out);
    for (int k = n.min; n.max < 0 || k < n.max; ++k) {
      Run(child, frontier, next, rest);
      bool grew = false;
      for (size_t w = 0; w < words; ++w) {
        next[w] &= ~out[w];
        out[w] |= next[w];
        grew = grew || next[w] != 0;
      }
      if (!grew) return;
      std::swap(frontier, next);
    }
  }

  // A class repeated (`.{0,40}`, `\w*`, `\d{6}`): from each offset, a walk
  // over the code points the class matches. An unbounded walk that reaches
  // offsets an earlier walk already covered stops there: from the earlier
  // start, everything after was reached too.
  void ClassRepeat(const Node& n, const Node& c, const uint64_t* in, uint64_t* out) const {
    Clear(out);
    size_t covered = 0;  // unbounded: offsets in (walk start, covered] are done
    ForEach(in, [&](size_t p) {
      if (n.min == 0) Set(out, p);
      size_t at = p;
      for (int k = 0; n.max < 0 || k < n.max; ++k) {
        if (at >= text.size() || (n.max < 0 && k >= n.min && at < covered && at > p)) break;
        auto b = static_cast<unsigned char>(text[at]);
        if (!(b < 0x80 ? c.ascii[b] : b >= 0xC0 && c.non_ascii)) break;
        at += Utf8Length(b);
        if (k + 1 >= n.min) Set(out, at);
      }
      if (n.max < 0) covered = std::max(covered, at);
    });
  }
};

bool QuickPattern::Matches(std::string_view text, const std::vector<uint32_t>* starts) const {
  Eval eval{*this, text, text.size() / 64 + 1};
  size_t w = eval.words;
  thread_local std::vector<uint64_t> arena;
  size_t need = (static_cast<size_t>(nodes_[static_cast<size_t>(root_)].temps) + 2) * w;
  if (arena.size() < need) arena.resize(need);
  uint64_t* in = arena.data();
  uint64_t* out = in + w;
  if (starts == nullptr) {
    std::memset(in, 0xFF, w * sizeof(uint64_t));
    size_t bits = text.size() + 1;  // offsets 0..size
    if (bits % 64 != 0) in[w - 1] = (uint64_t{1} << (bits % 64)) - 1;
  } else {
    eval.Clear(in);
    for (uint32_t p : *starts)
      if (p <= text.size()) Eval::Set(in, p);
  }
  eval.Run(root_, in, out, out + w);
  return !eval.Empty(out);
}

}  // namespace frontdesk
