// Private to engine/store: the checks and statements behind the channels'
// records — API keys, web-chat sessions and events — and the expiry of
// idempotency keys. As in write_ops.h, Validate* run on the caller's thread
// before a write is queued, Write* on the writer thread inside a group-commit
// transaction, Read* on whatever connection they are given; Write* and Read*
// may throw SQLite::Exception.
#ifndef FRONTDESK_ENGINE_STORE_CHANNEL_OPS_H_
#define FRONTDESK_ENGINE_STORE_CHANNEL_OPS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "frontdesk/status.h"
#include "engine/store/sql.h"
#include "engine/store/store.h"

namespace frontdesk::store_internal {

Status ValidateApiKey(const ApiKey& key);
// kInvalidArgument if the name is taken; *id = the new key's id.
Status WriteApiKey(Connection& c, const ApiKey& key, int64_t now_unix, int64_t* id);
Status ReadApiKey(Connection& c, int64_t id, ApiKey* out);  // kNotFound if none
Status ReadApiKeys(Connection& c, std::vector<ApiKey>* out);
Status WriteRemoveApiKey(Connection& c, const std::string& name);  // kNotFound if none

Status ValidateChatSession(const ChatSession& session);
// kInvalidArgument if the id is taken.
Status WriteChatSession(Connection& c, const ChatSession& session, int64_t now_unix);
Status ReadChatSession(Connection& c, const std::string& id, ChatSession* out);  // kNotFound
Status ReadChatSessionOfConversation(Connection& c, const std::string& conversation_id,
                                     ChatSession* out);  // kNotFound
Status ValidateChatContact(const std::string& email);
// kNotFound for an unknown session.
Status WriteChatContact(Connection& c, const std::string& session_id, const std::string& email,
                        int64_t now_unix);

Status ValidateChatEvent(const ChatEvent& event);
Status WriteChatEvent(Connection& c, const ChatEvent& event, int64_t now_unix, int64_t* id);
// limit 0 = no limit.
Status ReadChatEvents(Connection& c, const std::string& conversation_id, int64_t after_id,
                      size_t limit, std::vector<ChatEvent>* out);

Status WriteExpireIdempotencyKeys(Connection& c, int64_t before_unix, int64_t* removed);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_CHANNEL_OPS_H_
