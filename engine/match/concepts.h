// Concepts: named word lists used inside patterns. A pack declares
//   concepts:
//     order_word: [order, purchase, pedido, đơn hàng]
// and a pattern writes `\b{order_word}\b.{0,30}\bstatus\b`. Before the
// pattern is folded and compiled, each {name} becomes a non-capturing
// alternation of the words, quoted for RE2, longest first -- so the matcher
// stays two-stage and linear, and the prefilter sees the words as atoms.
// Repetitions such as {2} or {0,30} are left alone: a concept name starts
// with a letter.
#ifndef FRONTDESK_ENGINE_MATCH_CONCEPTS_H_
#define FRONTDESK_ENGINE_MATCH_CONCEPTS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk {

// name -> words, as declared.
using ConceptWords = std::map<std::string, std::vector<std::string>>;

struct ConceptExpansion {
  std::string pattern;                 // with every known {name} replaced
  std::vector<std::string> used;       // names found and replaced, in order, unique
  std::vector<std::string> unknown;    // names not in the map, in order, unique
};

// Expands the concepts of `pattern`. Unknown names are left as written (RE2
// then reads them as literal text; the caller reports them).
ConceptExpansion ExpandConcepts(std::string_view pattern, const ConceptWords& concepts);

// True for a valid concept name: [a-z][a-z0-9_]*.
bool IsConceptName(std::string_view name);

// The first of `words` (folded) that stands as a whole word in `folded`
// text, or "" -- for traces ("which word of the concept matched").
std::string ConceptWordIn(std::string_view folded, const std::vector<std::string>& words);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_CONCEPTS_H_
