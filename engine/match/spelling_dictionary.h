// SpellingDictionary: "is this word a word?" for one language, so that typo
// correction never rewrites a real word ("cancer" is not a typo of
// "cancel"). Backed by a Hunspell dictionary (Debian's hunspell-en-us,
// hunspell-es, hunspell-vi), asked about folded words: Hunspell knows
// "información", a customer writes "informacion", and Vietnamese is written
// without its marks as often as with them. So the dictionary's own entries
// are also kept folded, and a word is known when it is the folded form of an
// entry, when Hunspell accepts it, or when Hunspell accepts it with one mark
// put back.
#ifndef FRONTDESK_ENGINE_MATCH_SPELLING_DICTIONARY_H_
#define FRONTDESK_ENGINE_MATCH_SPELLING_DICTIONARY_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/base/mutex.h"
#include "frontdesk/status.h"

class Hunspell;

namespace frontdesk {

class SpellingDictionary {
 public:
  ~SpellingDictionary();
  SpellingDictionary(const SpellingDictionary&) = delete;
  SpellingDictionary& operator=(const SpellingDictionary&) = delete;

  // Opens BASE.aff and BASE.dic (BASE = "/usr/share/hunspell/en_US"): NotFound
  // when either file is missing, InvalidArgument when the .dic does not start
  // with an entry count. The words themselves are read on first use (a
  // third of a second for en+es+vi), so `check`, `ask` and a pack that
  // never meets a typo do not pay for them.
  static Status Open(const std::string& base, std::unique_ptr<SpellingDictionary>* out);
  // The same, shared: each dictionary is read once per process, however
  // often packs are compiled (tests, reloads). Thread-safe.
  static Status Shared(const std::string& base, std::shared_ptr<const SpellingDictionary>* out);
  // A dictionary of just these words (folded on the way in), without Hunspell.
  static std::unique_ptr<SpellingDictionary> FromWords(const std::vector<std::string>& words);

  // True when `folded_word` (lower case, no marks) is a word of the language.
  // Thread-safe.
  bool Knows(std::string_view folded_word) const {
    return KnowsAsWritten(folded_word) || KnowsWithOneMark(folded_word);
  }
  // The two halves of Knows, cheapest first, so that a caller holding
  // several dictionaries asks them all the cheap question first:
  // an entry (folded) or a word Hunspell accepts as written ...
  bool KnowsAsWritten(std::string_view folded_word) const;
  // ... or one Hunspell accepts once the one mark a customer most often
  // leaves out is put back ("informacion" -> "información").
  bool KnowsWithOneMark(std::string_view folded_word) const;
  // Number of entries (reads the words if not read yet).
  size_t size() const;
  // Reads the words now instead of on first use. Thread-safe.
  void Load() const { ReadWords(); }

 private:
  SpellingDictionary();
  void ReadWords() const;  // once, on first use
  std::string base_;       // "" for FromWords
  mutable std::once_flag read_once_;
  mutable std::unordered_set<std::string> folded_;  // every entry, folded; set once
  // Hunspell keeps per-call state inside, so calls are serialized. It is
  // asked only about words near the pack's vocabulary that are not in it.
  mutable Mutex mu_;
  mutable std::unique_ptr<Hunspell> hunspell_ GUARDED_BY(mu_);
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_SPELLING_DICTIONARY_H_
