#include "engine/text/language.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

// clang-format off
// CLD2's public header uses stdio without including it: <cstdio> goes first.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
// clang-format on
#include <utf8proc.h>

namespace frontdesk {
namespace {

// The beginning of a message settles its language; looking further only costs
// time on the hot path (a pasted log can be megabytes long).
constexpr size_t kMaxScanBytes = 16 * 1024;

bool IsSupported(std::string_view code, const std::vector<std::string>& supported) {
  return std::find(supported.begin(), supported.end(), code) != supported.end();
}

// Cuts `text` to at most kMaxScanBytes without splitting a UTF-8 character.
std::string_view Head(std::string_view text) {
  if (text.size() <= kMaxScanBytes) return text;
  size_t end = kMaxScanBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// A token (run of non-space bytes) that is no word of any language: an e-mail
// address, a link, an order number or a postcode. CLD2 calls
// "an.nguyen@example.com" reliable English, which would switch a Vietnamese
// conversation to English when the customer gives their address.
bool IsNonWord(std::string_view token) {
  return token.find('@') != std::string_view::npos ||
         token.find("://") != std::string_view::npos || token.rfind("www.", 0) == 0 ||
         std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// `text` with its non-word tokens blanked out; a view of `text` itself when
// there are none (the usual case), else of *storage.
std::string_view WordsOnly(std::string_view text, std::string* storage) {
  bool copied = false;
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (!IsNonWord(text.substr(start, i - start))) continue;
    if (!copied) storage->assign(text), copied = true;
    std::fill(storage->begin() + static_cast<std::ptrdiff_t>(start),
              storage->begin() + static_cast<std::ptrdiff_t>(i), ' ');
  }
  return copied ? std::string_view(*storage) : text;
}

// ---- (1) letters that give the language away -------------------------------

// Letters that only Vietnamese writes: ă đ ơ ư ĩ ũ and the Latin Extended
// Additional block U+1EA0..U+1EF9 (ạ ả ấ ầ ... ỹ: vowels with a tone mark on
// top of another mark, or with the hook above / dot below). The combining
// horn and hook above cover text that arrives decomposed.
constexpr std::array<utf8proc_int32_t, 14> kVietnameseLetters = {
    0x0102, 0x0103,  // Ă ă
    0x0110, 0x0111,  // Đ đ
    0x0128, 0x0129,  // Ĩ ĩ
    0x0168, 0x0169,  // Ũ ũ
    0x01A0, 0x01A1,  // Ơ ơ
    0x01AF, 0x01B0,  // Ư ư
    0x0309, 0x031B,  // combining hook above, combining horn
};
bool IsVietnameseLetter(utf8proc_int32_t cp) {
  return (cp >= 0x1EA0 && cp <= 0x1EF9) ||
         std::find(kVietnameseLetters.begin(), kVietnameseLetters.end(), cp) !=
             kVietnameseLetters.end();
}

// â ê ô are Vietnamese letters too, but French and Portuguese write them
// every day ("tête", "você"), so they only tip the word count (see below).
bool IsCircumflexVowel(utf8proc_int32_t cp) {
  return cp == 0xC2 || cp == 0xE2 || cp == 0xCA || cp == 0xEA || cp == 0xD4 || cp == 0xF4;
}

// ñ and the inverted ¿ ¡ are Spanish (Galician/Basque/Tagalog also write ñ,
// but none of those ship).
bool IsSpanishMark(utf8proc_int32_t cp) {
  return cp == 0xF1 || cp == 0xD1 || cp == 0xBF || cp == 0xA1;
}

struct MarkCounts {
  int vietnamese = 0;
  int circumflex = 0;
  int spanish = 0;
};

MarkCounts CountMarks(std::string_view text) {
  MarkCounts counts;
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = -1;
    const utf8proc_ssize_t n =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                         static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    i += n > 0 ? static_cast<size_t>(n) : 1;
    if (IsVietnameseLetter(cp)) {
      ++counts.vietnamese;
    } else if (IsCircumflexVowel(cp)) {
      ++counts.circumflex;
    } else if (IsSpanishMark(cp)) {
      ++counts.spanish;
    }
  }
  return counts;
}

// ---- (2) CLD2 ---------------------------------------------------------------

// CLD2's ISO code when it calls its answer reliable, else "". The CheckUTF8
// variant because DetectLanguage may be handed bytes nobody validated;
// ExtDetect* returns UNKNOWN_LANGUAGE instead of defaulting to English.
std::string_view Cld2Language(std::string_view text) {
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  std::array<CLD2::Language, 3> language3{};
  std::array<int, 3> percent3{};
  std::array<double, 3> normalized_score3{};
  int text_bytes = 0;
  int valid_prefix_bytes = 0;
  bool is_reliable = false;
  const CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &hints,
      /*flags=*/0, language3.data(), percent3.data(), normalized_score3.data(),
      /*resultchunkvector=*/nullptr, &text_bytes, &is_reliable, &valid_prefix_bytes);
  if (!is_reliable || lang == CLD2::UNKNOWN_LANGUAGE) return {};
  return CLD2::LanguageCode(lang);
}

// ---- (3) function words on the folded text ----------------------------------

enum HintLanguage { kEn, kEs, kVi, kNumHintLanguages };
constexpr std::array<std::string_view, kNumHintLanguages> kHintCodes = {"en", "es", "vi"};

// Scores are in half hits: a word that points at one language weighs 2, a
// word that is common in another language too (vi "là" and es "la", vi "cần"
// and en "can", "don" from "don't") weighs 1. "a" and "o" are everywhere and
// left out. Sorted by word so that lookups are a binary search (checked at
// compile time below).
struct WordHint {
  std::string_view word;
  HintLanguage language;
  int weight;
};
constexpr WordHint kWordHints[] = {
    {"and", kEn, 2},    {"anh", kVi, 2},   {"ban", kVi, 1},      {"bao", kVi, 2},
    {"can", kEn, 1},    {"can", kVi, 1},   {"chi", kVi, 2},      {"chua", kVi, 2},
    {"co", kVi, 1},     {"como", kEs, 2},  {"cua", kVi, 2},      {"cuando", kEs, 2},
    {"dang", kVi, 2},   {"dau", kVi, 2},   {"del", kEs, 2},      {"doi", kVi, 2},
    {"don", kVi, 1},    {"donde", kEs, 2}, {"duoc", kVi, 2},     {"el", kEs, 2},
    {"em", kVi, 2},     {"envio", kEs, 2}, {"esta", kEs, 2},     {"favor", kEs, 2},
    {"gi", kVi, 2},     {"giao", kVi, 2},  {"giup", kVi, 2},     {"gracias", kEs, 2},
    {"hang", kVi, 1},   {"hello", kEn, 2}, {"help", kEn, 2},     {"hi", kEn, 2},
    {"hola", kEs, 2},   {"how", kEn, 2},   {"i", kEn, 1},        {"is", kEn, 2},
    {"khong", kVi, 2},  {"la", kEs, 1},    {"la", kVi, 1},       {"las", kEs, 2},
    {"los", kEs, 2},    {"mi", kEs, 2},    {"minh", kVi, 2},     {"muon", kVi, 2},
    {"my", kEn, 2},     {"nao", kVi, 2},   {"necesito", kEs, 2}, {"nhe", kVi, 2},
    {"nhieu", kVi, 2},  {"no", kEn, 1},    {"no", kEs, 1},       {"oi", kVi, 2},
    {"order", kEn, 2},  {"para", kEs, 2},  {"pedido", kEs, 2},   {"please", kEn, 2},
    {"por", kEs, 2},    {"que", kEs, 2},   {"quiero", kEs, 2},   {"roi", kVi, 2},
    {"sao", kVi, 2},    {"si", kEs, 1},    {"tengo", kEs, 2},    {"thank", kEn, 2},
    {"thanks", kEn, 2}, {"the", kEn, 2},   {"to", kEn, 1},       {"to", kVi, 1},
    {"toi", kVi, 2},    {"tra", kVi, 2},   {"una", kEs, 2},      {"vay", kVi, 2},
    {"voi", kVi, 2},    {"what", kEn, 2},  {"where", kEn, 2},    {"you", kEn, 2},
};
constexpr auto kByWord = [](const WordHint& a, const WordHint& b) { return a.word < b.word; };
static_assert(std::is_sorted(std::begin(kWordHints), std::end(kWordHints), kByWord));

constexpr int kMinScore = 2;      // at least one clear hit
constexpr int kMinLead = 2;       // ahead of the runner-up by a clear hit
constexpr int kReliableLead = 4;  // two clear hits ahead

bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80;
}

// Adds the hints of every word of `folded` to `scores`. Words are views into
// `folded`; nothing is allocated.
void ScoreWords(std::string_view folded, std::array<int, kNumHintLanguages>* scores) {
  size_t i = 0;
  while (i < folded.size()) {
    if (!IsWordByte(folded[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < folded.size() && IsWordByte(folded[i])) ++i;
    const WordHint key{folded.substr(start, i - start), kEn, 0};
    const auto [first, last] =
        std::equal_range(std::begin(kWordHints), std::end(kWordHints), key, kByWord);
    for (auto it = first; it != last; ++it) (*scores)[it->language] += it->weight;
  }
}

LanguageGuess ByWords(std::string_view folded, const MarkCounts& marks,
                      const std::vector<std::string>& supported) {
  std::array<int, kNumHintLanguages> scores{};
  ScoreWords(folded, &scores);
  if (marks.circumflex > 0) scores[kVi] += 2;  // one clear hit, as for "tôi" spelled out
  int best = -1;
  int best_score = 0;
  int runner_up = 0;
  for (int lang = 0; lang < kNumHintLanguages; ++lang) {
    if (!IsSupported(kHintCodes[lang], supported)) continue;
    if (scores[lang] > best_score) {
      runner_up = best_score;
      best_score = scores[lang];
      best = lang;
    } else {
      runner_up = std::max(runner_up, scores[lang]);
    }
  }
  LanguageGuess guess;
  if (best < 0 || best_score < kMinScore || best_score - runner_up < kMinLead) return guess;
  guess.language = std::string(kHintCodes[best]);
  guess.reliable = best_score - runner_up >= kReliableLead;
  guess.source = "words";
  return guess;
}

LanguageGuess Guess(std::string_view language, bool reliable, std::string_view source) {
  return LanguageGuess{std::string(language), reliable, std::string(source)};
}

}  // namespace

LanguageGuess DetectLanguage(std::string_view original, std::string_view folded,
                             const std::vector<std::string>& supported) {
  original = Head(original);
  folded = Head(folded);
  const MarkCounts marks = CountMarks(original);
  if (marks.vietnamese > 0 && IsSupported("vi", supported)) return Guess("vi", true, "marks");
  if (marks.spanish > 0 && IsSupported("es", supported)) return Guess("es", true, "marks");
  std::string original_words, folded_words;
  original = WordsOnly(original, &original_words);
  folded = WordsOnly(folded, &folded_words);
  const std::string_view cld2 = Cld2Language(original);
  if (!cld2.empty() && IsSupported(cld2, supported)) return Guess(cld2, true, "cld2");
  return ByWords(folded, marks, supported);
}

}  // namespace frontdesk
