// TypoCorrector: puts a customer's misspelt word back to the word the pack
// was written with ("cancfel" -> "cancel", "adress" -> "address") before
// the patterns see the message, so one pattern need not list every typo.
//
// A word of the message is corrected only when all of these hold:
//  - it is made of letters only (order numbers, e-mails, postcodes and
//    anything with a digit, '@', '.', '-' inside are slot values: never
//    touched) and has at least 4 of them;
//  - it is not in the pack's vocabulary (the words of its patterns,
//    concepts, examples and FAQ questions) and no dictionary of the pack's
//    languages knows it (a real word is never "corrected");
//  - exactly one vocabulary word is nearest to it, at an edit distance
//    (insert, delete, substitute, swap two neighbours) of 1 for words of up
//    to 7 letters and 2 for longer ones. Ties are never guessed -- except
//    between words of one concept, which mean the same: "refnud" is one
//    edit from both "refund" and "refnd" in {refund}, and becomes "refund",
//    the concept's first word.
//
// The vocabulary's deletion neighbourhoods (SymSpell) are computed once when
// the pack compiles, so a message costs a few hash lookups per unknown word.
#ifndef FRONTDESK_ENGINE_MATCH_TYPO_CORRECTOR_H_
#define FRONTDESK_ENGINE_MATCH_TYPO_CORRECTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/match/spelling_dictionary.h"
#include "engine/text/text.h"

namespace frontdesk {

struct TypoCorrection {
  std::string from;  // the word as it stood in the folded message
  std::string to;    // the vocabulary word it became
};

class TypoCorrector {
 public:
  // `vocabulary`: folded words (repeats are fine; words that are not all
  // ASCII letters or shorter than 4 are ignored). `dictionaries`: the
  // languages' dictionaries; may be empty (then only the vocabulary says
  // what is a word).
  // `synonyms`: word lists of one meaning each (the concepts), first word
  // first; a tie inside one list is settled on its first word.
  TypoCorrector(const std::vector<std::string>& vocabulary,
                std::vector<std::shared_ptr<const SpellingDictionary>> dictionaries,
                const std::vector<std::vector<std::string>>& synonyms = {});

  // Rewrites the misspelt words of text->folded in place, keeping
  // text->origin true (a corrected word maps to the original word it
  // replaced), and appends each correction, in message order. Thread-safe.
  void Correct(FoldedText* text, std::vector<TypoCorrection>* corrections) const;

  // The vocabulary word `word` would be corrected to, or "" when it stays.
  std::string CorrectionFor(std::string_view word) const;

  size_t vocabulary_size() const { return words_.size(); }

  // Reads the dictionaries' words now rather than at the first word they
  // are asked about (a third of a second for en+es+vi), for a command about
  // to decide many messages. Thread-safe.
  void LoadDictionaries() const {
    for (const auto& d : dictionaries_) d->Load();
  }

 private:
  std::string Nearest(std::string_view word) const;
  bool KnownWord(std::string_view word) const;
  std::vector<std::string> words_;
  std::unordered_set<std::string_view> vocabulary_;  // views into words_
  // Every string reachable from a vocabulary word by deleting up to two
  // letters -> the words it came from (indices into words_).
  struct Hash {
    using is_transparent = void;  // find() by string_view, no allocation
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::vector<uint32_t>, Hash, std::equal_to<>> deletes_;
  std::vector<std::shared_ptr<const SpellingDictionary>> dictionaries_;
  // A word's correction depends on the word alone, and the words that
  // reach it -- common words outside the vocabulary, "would" near "could",
  // and the usual typos -- come back in message after message: answers are
  // kept (up to a bound), so a word costs its deletes and dictionary
  // lookups once.
  mutable Mutex remembered_mu_;
  mutable std::unordered_map<std::string, std::string> remembered_ GUARDED_BY(remembered_mu_);
  // Vocabulary word -> the first word of the first synonym list holding it.
  std::unordered_map<std::string, std::string> canonical_;
};

// Vocabulary helpers: the words (letter runs) of folded text, and the
// literal words of a folded RE2 pattern (letters outside escapes and
// character classes: "\bpedid[oa]s?\b" gives "pedid").
void AddTextWords(std::string_view folded, std::vector<std::string>* words);
void AddPatternWords(std::string_view folded_pattern, std::vector<std::string>* words);

// Optimal string alignment distance (Damerau-Levenshtein without repeated
// edits of one substring), stopping early once it exceeds `max`: returns
// max + 1 then.
int EditDistance(std::string_view a, std::string_view b, int max);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_TYPO_CORRECTOR_H_
