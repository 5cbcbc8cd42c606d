// Language detection for short customer messages.
#ifndef FRONTDESK_ENGINE_TEXT_LANGUAGE_H_
#define FRONTDESK_ENGINE_TEXT_LANGUAGE_H_

#include <string>
#include <string_view>
#include <vector>

namespace frontdesk {

struct LanguageGuess {
  std::string language;   // ISO 639-1 code ("en", "vi", "es"), or "" if unknown
  bool reliable = false;  // true when the detector is confident
  std::string source;     // "hint", "cld2", "marks", "words" (for the trace)
};

// Detects the language of `original` (NFC text, marks intact) among
// `supported` (ISO codes). `folded` is the folded form of the same text and
// feeds the cheap word hints that work without diacritics ("khong", "donde").
// Order of evidence: Vietnamese-only letters (ư ơ ă đ ...) and Spanish-only
// marks (ñ ¿ ¡) first, then CLD2, then function-word hints on the folded
// text. Returns language "" when nothing points anywhere.
// Thread-safe.
LanguageGuess DetectLanguage(std::string_view original, std::string_view folded,
                             const std::vector<std::string>& supported);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_TEXT_LANGUAGE_H_
