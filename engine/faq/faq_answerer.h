// The engine's hook into the FAQ: when no intent matched, the Assistant calls
// AssistantServices::faq; MakeFaqAnswerer builds that callback over an index.
#ifndef FRONTDESK_ENGINE_FAQ_FAQ_ANSWERER_H_
#define FRONTDESK_ENGINE_FAQ_FAQ_ANSWERER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "frontdesk/decision.h"
#include "engine/faq/faq_index.h"

namespace frontdesk {

using FaqAnswerFn =
    std::function<bool(const std::string& folded, const std::string& language, Decision* decision)>;

// Returns a callback that searches `index` and, only when the best entry is a
// confident answer (FaqIndex's rules), fills *decision: route answer, reply =
// the entry's answer in `language` (else the config's first language it has)
// followed by a "See also:" line naming up to two next entries (the next
// search hits that matched a term, then the entry's `related`), a trace step
// {"faq", id, FILE:LINE of the entry, "bm25 X, coverage Y"}; it records a hit
// for the entry and returns true. Otherwise it returns false and leaves the
// decision alone -- unless `trace_misses`, which adds a "faq" step naming the
// best near miss and why it did not answer.
// A null index gives an empty function (the Assistant skips the FAQ).
// Thread-safe; the callback shares ownership of the index.
FaqAnswerFn MakeFaqAnswerer(std::shared_ptr<const FaqIndex> index, bool trace_misses = false);

using FaqPickFn = std::function<bool(const std::string& folded, const std::string& language,
                                     const std::vector<std::string>& entries, Decision* decision)>;

// Returns a callback that answers an intent with one of its FAQ `entries`:
// the one the search ranks best for the message (it need not be confident:
// the intent already decided the topic), else the first of them. Fills
// route answer, reply = the entry's answer in `language`, faq_entry and a
// trace step {"faq", id, FILE:LINE of the entry, why}; false only when no
// entry exists. A null index gives an empty function. Thread-safe.
FaqPickFn MakeFaqPicker(std::shared_ptr<const FaqIndex> index);

// "See also:" in `language` (en, vi, es; English otherwise).
std::string FaqSeeAlsoLabel(const std::string& language);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_FAQ_FAQ_ANSWERER_H_
