// Text normalization: the one place where raw customer text becomes the folded
// form that patterns are written against (DESIGN.md "Patterns are written
// against folded text").
#ifndef FRONTDESK_ENGINE_TEXT_TEXT_H_
#define FRONTDESK_ENGINE_TEXT_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontdesk/status.h"

namespace frontdesk {

// What to do with bytes that are not valid UTF-8.
enum class InvalidUtf8 {
  kRepair,  // replace each invalid sequence with U+FFFD and go on
  kRefuse,  // return InvalidArgument naming the byte offset
};

// Result of FoldText.
struct FoldedText {
  // The NFC-normalized original (after UTF-8 repair). Slot values are cut
  // from here so that "AB123456" keeps its case and "Hà Nội" its marks.
  std::string original;
  // Folded form: NFC, case-folded, combining marks removed, đ/Đ -> d,
  // whitespace runs collapsed to one space, trimmed. Mostly ASCII for
  // en/vi/es text.
  std::string folded;
  // origin[i] = byte offset in `original` of the character that produced
  // folded byte i; origin has folded.size() + 1 entries, the last one being
  // original.size(), so original.substr(origin[b], origin[e] - origin[b]) is
  // the original text of folded bytes [b, e).
  std::vector<uint32_t> origin;
  // Number of invalid UTF-8 sequences that were replaced.
  int repaired = 0;
};

// Validates `input` as UTF-8 (repairing or refusing per `mode`), then folds it.
// Thread-safe. Never throws.
Status FoldText(std::string_view input, InvalidUtf8 mode, FoldedText* out);

// Convenience: folds and returns only the folded form (repairs invalid UTF-8).
std::string Fold(std::string_view input);

// True when `input` is valid UTF-8.
bool IsValidUtf8(std::string_view input);

// Folds the non-ASCII characters of an RE2 pattern the way FoldText folds
// text (lower case, marks removed, đ -> d) and leaves every ASCII byte alone,
// so that escapes such as \D or \S keep their meaning. Patterns are then
// compiled case-insensitively. Invalid UTF-8 yields InvalidArgument.
Status FoldPattern(std::string_view pattern, std::string* out);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_TEXT_TEXT_H_
