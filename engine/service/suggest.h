// Suggestions while the customer types (GET /v1/suggest): the FAQ answers
// that would settle the message before it is sent.
//
// The text is decided as the first message of a new conversation would be --
// the same folding, typo correction, matching, FAQ search and rules -- but
// nothing of it is kept: no conversation is loaded or stored, no lookup runs
// (so no attempt limit is spent and no customer data is read), no ticket
// number is taken and no FAQ hit is counted. Only entries of the FAQ come
// back, never a reply built from slots or data: a suggestion is the same for
// everyone who types the same words.
#ifndef FRONTDESK_ENGINE_SERVICE_SUGGEST_H_
#define FRONTDESK_ENGINE_SERVICE_SUGGEST_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "engine/decide/compiled_pack.h"
#include "frontdesk/clock.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct SuggestRequest {
  std::string text;  // what the customer typed so far (subject and message)
  // The page's language: used only when detection is unsure, as for the
  // chat (Message::default_language). "" = the config's first language.
  std::string page_language;
  size_t limit = 3;  // most suggestions returned. Default: 3
};

struct Suggestion {
  std::string id;        // the FAQ entry's id
  std::string question;  // in `language`, else the entry's fallback
  std::string answer;
};

struct SuggestResult {
  std::string language;  // the language the engine chose for the text
  std::vector<Suggestion> suggestions;  // best first; empty when none fits
};

// Fills *out. The first suggestion is the entry the engine would answer with
// (found by the FAQ search, or named by the intent that matched); the others
// are entries the search anchored in the text and ranked at least half as
// high. When the engine would answer otherwise (a lookup, a question back,
// an escalation, an intent's own template, a fallback), there are none.
// InvalidArgument for text that is not valid UTF-8. Thread-safe; the pack is
// shared for the call only. REQUIRES: pack non-null.
Status SuggestAnswers(std::shared_ptr<const CompiledPack> pack, const Clock& clock,
                      const SuggestRequest& request, SuggestResult* out);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_SUGGEST_H_
