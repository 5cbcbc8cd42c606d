// ConversationState: what the engine remembers between turns of one
// conversation. Plain data; the store persists it, the engine reads it and
// returns the next state.
#ifndef FRONTDESK_INCLUDE_FRONTDESK_CONVERSATION_H_
#define FRONTDESK_INCLUDE_FRONTDESK_CONVERSATION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace frontdesk {

struct ConversationState {
  std::string id;                          // conversation id
  std::string language;                    // language of the last turn ("" = none yet)
  std::string pending_intent;              // intent waiting for a slot ("" = none)
  std::string pending_slot;                // slot the engine asked for ("" = none)
  std::map<std::string, std::string> slots;  // slots collected so far
  std::map<std::string, std::string> vars;   // set by rules' `set` action
  int failures = 0;                        // failed turns in a row (fallbacks, failed lookups)
  bool human = false;                      // a person owns the conversation: the bot stays quiet
  std::optional<int64_t> ticket;           // open ticket, if any
  // The ticket an agent resolved last and when (seconds): the customer's
  // next message reopens it instead of reaching the bot, within
  // Config::reopen_within_hours. A hand-back leaves none.
  std::optional<int64_t> resolved_ticket;
  int64_t resolved_unix = 0;
  int turns = 0;                           // messages seen
};

}  // namespace frontdesk

#endif  // FRONTDESK_INCLUDE_FRONTDESK_CONVERSATION_H_
