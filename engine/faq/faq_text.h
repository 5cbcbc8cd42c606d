// The terms the FAQ index is built from and searched with: folded text cut
// into tokens, stopwords dropped, a light suffix stemming. The index and the
// confidence check (coverage) use this one function on both sides, so that
// "Shipping", "shipped" and "ship" meet, and "giao hàng" meets "giao hang".
// Private to engine/faq.
#ifndef FRONTDESK_ENGINE_FAQ_FAQ_TEXT_H_
#define FRONTDESK_ENGINE_FAQ_FAQ_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace frontdesk {

// Splits `folded` (the output of Fold) into tokens: maximal runs of letters,
// marks and digits of any script (folded en/vi/es text is ASCII). Everything
// else, including "¿" and "¡", separates. At most `max_tokens` tokens are returned.
std::vector<std::string> FaqTokens(std::string_view folded, size_t max_tokens);

// True for words that say nothing about the topic in en, vi (folded, as
// written without diacritics) or es: articles, pronouns, question words,
// politeness ("please", "vui long", "por favor"), "I want to know".
// The lists are shared by all languages: a message whose language was
// guessed wrong is still cut the same way.
bool IsFaqStopword(std::string_view token);

// A light, language-blind suffix stemmer for en/es plurals and English
// -ing/-ed. Vietnamese syllables never carry these endings and pass unchanged.
std::string FaqStem(std::string_view token);

// Shop-wide words (order, product, buy, phone, đơn hàng, pedido ...) and
// numbers: searched, but they say too little about which entry is meant to
// count for or against its coverage. Takes a stemmed term.
bool IsFaqGenericTerm(std::string_view term);

// Fold + FaqTokens + drop stopwords + FaqStem, in text order (repeats kept).
std::vector<std::string> FaqTerms(std::string_view text, size_t max_tokens = 4096);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_FAQ_FAQ_TEXT_H_
