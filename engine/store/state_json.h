// Private to engine/store: ConversationState as the JSON kept in
// conversations.state_json. Unknown fields are ignored and missing ones take
// their defaults, so a newer engine can add fields without a migration.
#ifndef FRONTDESK_ENGINE_STORE_STATE_JSON_H_
#define FRONTDESK_ENGINE_STORE_STATE_JSON_H_

#include <string>

#include "frontdesk/conversation.h"
#include "frontdesk/status.h"

namespace frontdesk::store_internal {

std::string StateToJson(const ConversationState& state);
Status StateFromJson(const std::string& json, ConversationState* state);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_STATE_JSON_H_
