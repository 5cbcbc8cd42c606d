#include "engine/match/typo_corrector.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace frontdesk {
namespace {

constexpr size_t kMinWordLength = 4;    // shorter words are left alone ("ko", "dc", "sp")
constexpr size_t kLongWordLength = 8;   // from here on, two edits are allowed
constexpr size_t kMinVocabularyLength = 4;  // "sir", "usd": too easy to land on

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

bool AllLower(std::string_view w) { return std::all_of(w.begin(), w.end(), IsLower); }

int MaxEdits(size_t length) { return length >= kLongWordLength ? 2 : 1; }

// Every string made by deleting up to `max` (1 or 2) letters of `word`,
// word itself included; repeats ("aab" -> "ab" twice) are kept, harmless.
template <typename Visit>
void ForEachDelete(std::string_view word, int max, Visit visit) {
  visit(word);
  char buf[64];
  if (word.size() > sizeof buf) return;
  const size_t n = word.size();
  for (size_t i = 0; i < n; ++i) {
    // word without letter i
    std::copy(word.begin(), word.begin() + static_cast<long>(i), buf);
    std::copy(word.begin() + static_cast<long>(i) + 1, word.end(), buf + i);
    visit(std::string_view(buf, n - 1));
    if (max < 2) continue;
    char buf2[64];
    for (size_t j = i; j + 1 < n; ++j) {  // and without letter j of what is left
      std::copy(buf, buf + j, buf2);
      std::copy(buf + j + 1, buf + n - 1, buf2 + j);
      visit(std::string_view(buf2, n - 2));
    }
  }
}

// A message word: the chunk between spaces with punctuation trimmed from its
// ends. Only an all-letter chunk is a candidate; anything with a digit, '@',
// '.', '-', an apostrophe or a non-ASCII letter inside is left alone.
struct Word {
  size_t begin, end;
};

std::vector<Word> CandidateWords(std::string_view text) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t b = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
    size_t e = i;
    if (i < text.size()) ++i;
    auto trimmable = [](char c) {
      auto u = static_cast<unsigned char>(c);
      return u >= 0x80 || (!std::isalnum(u) && c != '@');
    };
    while (b < e && trimmable(text[b])) ++b;
    while (e > b && trimmable(text[e - 1])) --e;
    if (e - b >= kMinWordLength && AllLower(text.substr(b, e - b))) out.push_back({b, e});
  }
  return out;
}

void AddIfWord(std::string_view w, std::vector<std::string>* words) {
  if (w.size() >= kMinVocabularyLength && AllLower(w)) words->emplace_back(w);
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b, int max) {
  const size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > static_cast<size_t>(max)) return max + 1;
  if (m >= 64) return a == b ? 0 : max + 1;  // no word is that long
  // Three rows: the one before last is needed for a swap of neighbours.
  int rows[3][65];
  int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max) return max + 1;
    int* oldest = prev2;
    prev2 = prev, prev = cur, cur = oldest;
  }
  return std::min(prev[m], max + 1);
}

void AddTextWords(std::string_view folded, std::vector<std::string>* words) {
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsLower(folded[i])) ++i;
    size_t b = i;
    while (i < folded.size() && IsLower(folded[i])) ++i;
    // A run glued to a digit, an apostrophe or a non-ASCII letter is not a
    // word of its own ("isn't" has no word "isn").
    auto glue = [&](size_t k) {
      auto u = static_cast<unsigned char>(folded[k]);
      return u >= 0x80 || std::isdigit(u) || u == '\'';
    };
    bool glued = (b > 0 && glue(b - 1)) || (i < folded.size() && glue(i));
    if (!glued) AddIfWord(folded.substr(b, i - b), words);
  }
}

void AddPatternWords(std::string_view p, std::vector<std::string>* words) {
  std::string run;
  bool in_class = false;
  for (size_t i = 0; i <= p.size(); ++i) {
    char c = i < p.size() ? p[i] : '\0';
    if (!in_class && IsLower(c)) {
      run += c;
      continue;
    }
    AddIfWord(run, words);
    run.clear();
    if (c == '\\') {
      ++i;  // \b, \d, \s ...: the escaped letter is not text
      if (i + 1 < p.size() && (p[i] == 'p' || p[i] == 'P') && p[i + 1] == '{')
        i = std::min(p.find('}', i), p.size());  // \p{Latin}
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      // (?i) (?:...) (?P<name>...): flags and group names are not text
      size_t j = i + 2;
      while (j < p.size() && p[j] != ')' && p[j] != ':' && p[j] != '>') ++j;
      i = j;
    }
  }
}

TypoCorrector::TypoCorrector(const std::vector<std::string>& vocabulary,
                             std::vector<std::shared_ptr<const SpellingDictionary>> dictionaries,
                             const std::vector<std::vector<std::string>>& synonyms)
    : dictionaries_(std::move(dictionaries)) {
  for (const auto& list : synonyms) {
    auto first = std::find_if(list.begin(), list.end(), [](const std::string& w) {
      return w.size() >= kMinVocabularyLength && AllLower(w);
    });
    if (first == list.end()) continue;
    for (const auto& w : list) canonical_.emplace(w, *first);
  }
  std::set<std::string> unique;
  for (const auto& w : vocabulary)
    if (w.size() >= kMinVocabularyLength && AllLower(w)) unique.insert(w);
  words_.assign(unique.begin(), unique.end());
  for (uint32_t i = 0; i < words_.size(); ++i) {
    vocabulary_.insert(words_[i]);
    ForEachDelete(words_[i], 2, [&](std::string_view v) {
      std::vector<uint32_t>& ids = deletes_[std::string(v)];
      if (ids.empty() || ids.back() != i) ids.push_back(i);
    });
  }
}

bool TypoCorrector::KnownWord(std::string_view word) const {
  return std::any_of(dictionaries_.begin(), dictionaries_.end(),
                     [&](const auto& d) { return d->KnowsAsWritten(word); }) ||
         std::any_of(dictionaries_.begin(), dictionaries_.end(),
                     [&](const auto& d) { return d->KnowsWithOneMark(word); });
}

std::string TypoCorrector::Nearest(std::string_view word) const {
  const int max = MaxEdits(word.size());
  int best = max + 1;
  std::vector<uint32_t> best_words;
  ForEachDelete(word, max, [&](std::string_view v) {
    auto it = deletes_.find(v);
    if (it == deletes_.end()) return;
    for (uint32_t id : it->second) {
      if (std::find(best_words.begin(), best_words.end(), id) != best_words.end()) continue;
      int d = EditDistance(word, words_[id], max);
      if (d < best) best = d, best_words = {id};
      else if (d == best && d <= max) best_words.push_back(id);
    }
  });
  if (best > max || best_words.empty()) return "";  // nothing near
  if (best_words.size() == 1) return words_[*best_words.begin()];
  // A tie: settled only when every word in it means the same.
  std::string meaning;
  for (uint32_t id : best_words) {
    auto it = canonical_.find(words_[id]);
    if (it == canonical_.end() || (!meaning.empty() && it->second != meaning)) return "";
    meaning = it->second;
  }
  return meaning;
}

std::string TypoCorrector::CorrectionFor(std::string_view word) const {
  constexpr size_t kMaxRemembered = 1 << 16;
  if (word.size() < kMinWordLength || !AllLower(word) || vocabulary_.count(word)) return "";
  std::string key(word);
  {
    MutexLock lock(&remembered_mu_);
    if (auto it = remembered_.find(key); it != remembered_.end()) return it->second;
  }
  std::string to = Nearest(word);
  // Only now ask the dictionaries: most unknown words have no near
  // vocabulary word, and a dictionary lookup costs more than the deletes.
  if (!to.empty() && KnownWord(word)) to.clear();
  MutexLock lock(&remembered_mu_);
  if (remembered_.size() >= kMaxRemembered) remembered_.clear();
  remembered_[key] = to;
  return to;
}

void TypoCorrector::Correct(FoldedText* text, std::vector<TypoCorrection>* corrections) const {
  std::vector<Word> words = CandidateWords(text->folded);
  std::vector<std::pair<Word, std::string>> edits;
  for (const Word& w : words) {
    std::string_view s(text->folded.data() + w.begin, w.end - w.begin);
    std::string to = CorrectionFor(s);
    if (!to.empty()) edits.push_back({w, std::move(to)});
  }
  if (edits.empty()) return;
  std::string folded;
  std::vector<uint32_t> origin;
  size_t at = 0;
  for (const auto& [w, to] : edits) {
    folded.append(text->folded, at, w.begin - at);
    origin.insert(origin.end(), text->origin.begin() + static_cast<long>(at),
                  text->origin.begin() + static_cast<long>(w.begin));
    // Every byte of the new word points at the start of the word it
    // replaced, so a slot cut around it still cuts whole original words.
    folded += to;
    origin.insert(origin.end(), to.size(), text->origin[w.begin]);
    corrections->push_back({text->folded.substr(w.begin, w.end - w.begin), to});
    at = w.end;
  }
  folded.append(text->folded, at, std::string::npos);
  origin.insert(origin.end(), text->origin.begin() + static_cast<long>(at), text->origin.end());
  text->folded = std::move(folded);
  text->origin = std::move(origin);
}

}  // namespace frontdesk
