#include "engine/text/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace frontdesk {
namespace {

using CodePoint = utf8proc_int32_t;

// Offsets into `original` are stored as uint32_t; repair can triple the size
// of the input and NFC can grow it a little, so refuse inputs well below 4 GiB.
constexpr size_t kMaxInputBytes = size_t{1} << 30;
// NFC runs over pieces of non-ASCII text; a piece longer than this is cut at
// the next safe point so that a huge run of, say, Chinese does not need a
// scratch buffer four times its size.
constexpr size_t kMaxNfcPieceBytes = 16 * 1024;
// Most characters decompose into a few code points; the scratch buffer grows
// on demand (U+FDFA needs 18), once per call at most.
constexpr size_t kInitialScratch = 64;

constexpr char kReplacementChar[] = "\xEF\xBF\xBD";  // U+FFFD

constexpr auto kNfcOptions = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE);
// COMPAT folds fullwidth letters, ligatures and NBSP; IGNORE drops default
// ignorables (soft hyphen, zero-width space/joiner) that would split words.
constexpr auto kFoldOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                   UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);

inline bool IsAscii(char c) { return static_cast<unsigned char>(c) < 0x80; }

inline bool IsAsciiSpace(CodePoint c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

inline char ToLowerAscii(CodePoint c) {
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

bool IsSpace(CodePoint cp) {
  if (cp < 0x80) return IsAsciiSpace(cp);
  if (cp == 0x85) return true;  // NEL is category Cc but breaks lines
  const utf8proc_category_t cat = utf8proc_category(cp);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

// Decodes the character at s[i] into *cp; returns its length, 0 when invalid.
// utf8proc_iterate rejects overlongs, surrogates and code points > U+10FFFF.
inline size_t DecodeAt(std::string_view s, size_t i, CodePoint* cp) {
  if (IsAscii(s[i])) {
    *cp = static_cast<unsigned char>(s[i]);
    return 1;
  }
  const utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                       static_cast<utf8proc_ssize_t>(s.size() - i), cp);
  return n > 0 ? static_cast<size_t>(n) : 0;
}

// Byte offset of the first invalid sequence in `s`, or npos.
size_t FirstInvalid(std::string_view s) {
  CodePoint cp;
  for (size_t i = 0, n = 0; i < s.size(); i += n) {
    if ((n = DecodeAt(s, i, &cp)) == 0) return i;
  }
  return std::string_view::npos;
}

// Length of the "maximal subpart" of the ill-formed sequence at s[i]: the
// lead byte plus the continuation bytes that could still have belonged to it.
// Replacing each maximal subpart by one U+FFFD is what Unicode (ch. 3, U+FFFD
// substitution) and browsers do, so counts match other tools.
size_t MaximalSubpart(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const int need = (lead >= 0xC2 && lead <= 0xDF)   ? 1
                   : (lead >= 0xE0 && lead <= 0xEF) ? 2
                   : (lead >= 0xF0 && lead <= 0xF4) ? 3
                                                    : 0;
  // The second byte's range excludes overlongs (E0, F0), surrogates (ED) and
  // code points above U+10FFFF (F4); later bytes are plain 80..BF.
  unsigned char lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
  size_t len = 1;
  for (int k = 0; k < need && i + len < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[i + len]);
    if (c < lo || c > hi) break;
    ++len;
    lo = 0x80;
    hi = 0xBF;
  }
  return len;
}

// Copies `s` to *out with every invalid sequence (from `first_bad` on)
// replaced by U+FFFD; returns how many were replaced.
int Repair(std::string_view s, size_t first_bad, std::string* out) {
  out->reserve(s.size() + 16);
  out->assign(s.substr(0, first_bad));
  int repaired = 0;
  CodePoint cp;
  for (size_t i = first_bad, n = 0; i < s.size(); i += n) {
    if ((n = DecodeAt(s, i, &cp)) > 0) {
      out->append(s.substr(i, n));
    } else {
      out->append(kReplacementChar);
      ++repaired;
      n = MaximalSubpart(s, i);
    }
  }
  return repaired;
}

void AppendUtf8(CodePoint cp, std::string* out) {
  std::array<utf8proc_uint8_t, 4> bytes;
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, bytes.data());
  out->append(reinterpret_cast<const char*>(bytes.data()), static_cast<size_t>(n));
}

// True when NFC never joins `cp` to the text before it, so text may be
// normalized in independent pieces cut just before `cp`: a starter
// (combining class 0) that is not a composition second. The only seconds
// with class 0 are spacing/non-spacing marks and Hangul vowel/final jamo.
bool IsSafeCut(CodePoint cp) {
  if (cp >= 0x1100 && cp <= 0x11FF) return false;
  const utf8proc_property_t* prop = utf8proc_get_property(cp);
  return prop->combining_class == 0 && prop->category != UTF8PROC_CATEGORY_MN &&
         prop->category != UTF8PROC_CATEGORY_MC && prop->category != UTF8PROC_CATEGORY_ME;
}

// Appends the NFC form of the valid UTF-8 `piece` to *out, decomposing into
// *scratch (grown on demand) and composing in place.
bool AppendNfc(std::string_view piece, std::vector<CodePoint>* scratch, std::string* out) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(piece.data());
  const auto len = static_cast<utf8proc_ssize_t>(piece.size());
  utf8proc_ssize_t n;
  while ((n = utf8proc_decompose(p, len, scratch->data(),
                                 static_cast<utf8proc_ssize_t>(scratch->size()), kNfcOptions)) >
         static_cast<utf8proc_ssize_t>(scratch->size())) {
    scratch->resize(static_cast<size_t>(n));
  }
  if (n >= 0) n = utf8proc_normalize_utf32(scratch->data(), n, kNfcOptions);
  if (n < 0) return false;
  for (utf8proc_ssize_t k = 0; k < n; ++k) AppendUtf8((*scratch)[static_cast<size_t>(k)], out);
  return true;
}

// NFC of valid UTF-8. ASCII is already NFC and is copied as is; only the
// non-ASCII runs (with the ASCII letter before them, which may take a
// combining mark: "e" + U+0301) go through utf8proc, in bounded pieces.
Status ToNfc(std::string_view in, std::vector<CodePoint>* scratch, std::string* out) {
  out->reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    size_t end = i;
    while (end < in.size() && IsAscii(in[end])) ++end;
    const size_t start = end > i ? end - 1 : i;
    out->append(in.substr(i, start - i));
    if (end == in.size()) {
      out->append(in.substr(start));
      break;
    }
    CodePoint cp;
    for (size_t n = 0; end < in.size() && !IsAscii(in[end]); end += std::max<size_t>(n, 1)) {
      n = DecodeAt(in, end, &cp);
      if (end - start >= kMaxNfcPieceBytes && IsSafeCut(cp)) break;
    }
    if (!AppendNfc(in.substr(start, end - start), scratch, out)) {
      return Status::Internal("utf8proc could not normalize the text at byte " +
                              std::to_string(start));
    }
    i = end;
  }
  return Status::Ok();
}

// Folds one non-ASCII character into *scratch (lower case, marks stripped,
// compatibility forms unified); returns the number of code points (maybe 0).
size_t FoldCodePoint(CodePoint cp, std::vector<CodePoint>* scratch) {
  // Vietnamese đ/Đ have no decomposition (the bar is not a combining mark),
  // so utf8proc leaves them alone; "don hang" must match "đơn hàng".
  if (cp == 0x0110 || cp == 0x0111) cp = 'd';
  int boundclass = UTF8PROC_BOUNDCLASS_START;
  utf8proc_ssize_t n;
  while ((n = utf8proc_decompose_char(
              cp, scratch->data(), static_cast<utf8proc_ssize_t>(scratch->size()), kFoldOptions,
              &boundclass)) > static_cast<utf8proc_ssize_t>(scratch->size())) {
    scratch->resize(static_cast<size_t>(n));
  }
  if (n >= 0) return static_cast<size_t>(n);
  (*scratch)[0] = cp;  // not expected for valid code points: keep cp as is
  return 1;
}

// Appends folded bytes with their origins. A whitespace run becomes one
// space that is written only when a later non-space arrives, which trims
// both ends for free.
struct FoldWriter {
  void Space(uint32_t at) {
    if (!space_pending) space_origin = at;
    space_pending = true;
  }
  void Byte(char c, uint32_t at) {
    if (space_pending && !out->folded.empty()) {
      out->folded.push_back(' ');
      out->origin.push_back(space_origin);
    }
    space_pending = false;
    out->folded.push_back(c);
    out->origin.push_back(at);
  }

  FoldedText* out;
  bool space_pending = false;
  uint32_t space_origin = 0;
};

void FoldOriginal(FoldedText* out, std::vector<CodePoint>* scratch) {
  const std::string& s = out->original;
  out->folded.reserve(s.size());
  out->origin.reserve(s.size() + 1);
  FoldWriter writer{out};
  std::string encoded;  // one code point: stays in the small-string buffer
  CodePoint cp;
  for (size_t i = 0, n = 1; i < s.size(); i += n) {
    const auto at = static_cast<uint32_t>(i);
    if (IsAscii(s[i])) {  // fast path: most text is ASCII, no utf8proc call
      n = 1;
      if (IsAsciiSpace(s[i])) {
        writer.Space(at);
      } else {
        writer.Byte(ToLowerAscii(s[i]), at);
      }
      continue;
    }
    n = std::max<size_t>(DecodeAt(s, i, &cp), 1);
    const size_t count = FoldCodePoint(cp, scratch);
    for (size_t k = 0; k < count; ++k) {
      const CodePoint c = (*scratch)[k];
      if (IsSpace(c)) {
        writer.Space(at);
        continue;
      }
      encoded.clear();
      AppendUtf8(c < 0x80 ? ToLowerAscii(c) : c, &encoded);
      for (char b : encoded) writer.Byte(b, at);
    }
  }
  out->origin.push_back(static_cast<uint32_t>(s.size()));
}

// Appends the fold of the non-ASCII `cp` to a pattern. A fold to ASCII
// punctuation is escaped: fullwidth "（" must stay a literal, not a group.
void AppendPatternChar(CodePoint cp, std::vector<CodePoint>* scratch, std::string* out) {
  const size_t count = FoldCodePoint(cp, scratch);
  for (size_t k = 0; k < count; ++k) {
    const CodePoint c = IsSpace((*scratch)[k]) ? ' ' : (*scratch)[k];
    if (c >= 0x80) {
      AppendUtf8(c, out);
      continue;
    }
    const char a = ToLowerAscii(c);
    if (std::string_view("\\^$.|?*+()[]{}-").find(a) != std::string_view::npos) {
      out->push_back('\\');
    }
    out->push_back(a);
  }
}

Status InvalidAt(size_t offset) {
  return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(offset));
}

}  // namespace

Status FoldText(std::string_view input, InvalidUtf8 mode, FoldedText* out) {
  *out = FoldedText();
  out->origin.push_back(0);  // keep origin.size() == folded.size() + 1 on errors
  if (input.size() > kMaxInputBytes) {
    return Status::ResourceExhausted("text of " + std::to_string(input.size()) +
                                     " bytes is larger than the 1 GiB limit");
  }
  std::string repaired;
  const size_t first_bad = FirstInvalid(input);
  if (first_bad != std::string_view::npos) {
    if (mode == InvalidUtf8::kRefuse) return InvalidAt(first_bad);
    out->repaired = Repair(input, first_bad, &repaired);
    input = repaired;
  }
  std::vector<CodePoint> scratch(kInitialScratch);
  std::string original;
  Status s = ToNfc(input, &scratch, &original);
  if (!s.ok()) return s;
  if (original.size() >= std::numeric_limits<uint32_t>::max()) {
    return Status::ResourceExhausted("normalized text does not fit 32-bit offsets");
  }
  out->original = std::move(original);
  out->origin.clear();
  FoldOriginal(out, &scratch);
  return Status::Ok();
}

std::string Fold(std::string_view input) {
  FoldedText folded;
  // Only the size limit can fail in repair mode; an empty fold then matches
  // nothing, which is the safe answer.
  if (!FoldText(input, InvalidUtf8::kRepair, &folded).ok()) return std::string();
  return std::move(folded.folded);
}

bool IsValidUtf8(std::string_view input) { return FirstInvalid(input) == std::string_view::npos; }

Status FoldPattern(std::string_view pattern, std::string* out) {
  out->clear();
  out->reserve(pattern.size());
  std::vector<CodePoint> scratch(kInitialScratch);
  bool escaped = false;  // the previous byte is a backslash that escapes
  CodePoint cp;
  for (size_t i = 0, n = 0; i < pattern.size(); i += n) {
    if ((n = DecodeAt(pattern, i, &cp)) == 0) return InvalidAt(i);
    if (cp < 0x80) {
      escaped = cp == '\\' && !escaped;
      out->push_back(pattern[i]);
      continue;
    }
    // "\Đ" would become "\d", a digit class: drop the backslash (RE2 rejects
    // escaped non-ASCII anyway) and let AppendPatternChar escape if needed.
    if (escaped) out->pop_back();
    escaped = false;
    AppendPatternChar(cp, &scratch, out);
  }
  return Status::Ok();
}

}  // namespace frontdesk
