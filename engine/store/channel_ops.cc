#include "engine/store/channel_ops.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "engine/store/read_ops.h"
#include "engine/store/write_ops.h"

namespace frontdesk::store_internal {
namespace {

constexpr size_t kMaxNameBytes = 100;  // ApiKey::name and ChatSession::id
constexpr size_t kSha256HexChars = 64;
constexpr size_t kMaxContactBytes = 254;  // RFC 5321's longest path

// Lower-case only: the adapters hash with Sha256Hex (engine/base/secrets.h)
// and compare the text, so an upper-case hash would never match anything.
bool IsSha256Hex(const std::string& s) {
  return s.size() == kSha256HexChars && std::all_of(s.begin(), s.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
         });
}

bool IsChatEventKind(const std::string& k) {
  return k == "reply" || k == "agent_joined" || k == "agent_message" || k == "agent_left" ||
         k == "rating_request";
}

// One JSON value that is an object. accept() checks the whole text (nothing
// after the value) without building it; a text whose first token is '{'
// and that is one valid value is an object.
bool IsJsonObject(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{' && nlohmann::json::accept(text);
}

void ReadApiKeyRow(const SQLite::Statement& q, ApiKey* k) {
  k->id = q.getColumn(0).getInt64();
  k->name = q.getColumn(1).getString();
  k->secret_hash = q.getColumn(2).getString();
  k->created_unix = q.getColumn(3).getInt64();
}

}  // namespace

Status ValidateApiKey(const ApiKey& key) {
  if (key.name.empty() || key.name.size() > kMaxNameBytes) {
    return Status::InvalidArgument("API key name must be 1 to 100 bytes");
  }
  if (!IsSha256Hex(key.secret_hash)) {
    return Status::InvalidArgument("API key secret hash must be 64 lower-case hex characters");
  }
  return Status::Ok();
}

Status WriteApiKey(Connection& c, const ApiKey& key, int64_t now_unix, int64_t* id) {
  Query q = c.Prepare(
      "INSERT INTO api_keys (name, secret_hash, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO NOTHING");
  q->bind(1, key.name);
  q->bind(2, key.secret_hash);
  q->bind(3, key.created_unix != 0 ? key.created_unix : now_unix);
  q->exec();
  if (c.Changes() == 0) return Status::InvalidArgument("API key name already used: " + key.name);
  *id = c.LastInsertId();
  return Status::Ok();
}

Status ReadApiKey(Connection& c, int64_t id, ApiKey* out) {
  Query q = c.Prepare("SELECT id, name, secret_hash, created_at FROM api_keys WHERE id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return Status::NotFound("no API key " + std::to_string(id));
  ReadApiKeyRow(*q, out);
  return Status::Ok();
}

Status ReadApiKeys(Connection& c, std::vector<ApiKey>* out) {
  out->clear();
  Query q = c.Prepare("SELECT id, name, secret_hash, created_at FROM api_keys ORDER BY id");
  while (q->executeStep()) ReadApiKeyRow(*q, &out->emplace_back());
  return Status::Ok();
}

Status WriteRemoveApiKey(Connection& c, const std::string& name) {
  Query q = c.Prepare("DELETE FROM api_keys WHERE name = ?");
  q->bind(1, name);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no API key named " + name);
  return Status::Ok();
}

Status ValidateChatSession(const ChatSession& s) {
  if (s.id.empty() || s.id.size() > kMaxNameBytes) {
    return Status::InvalidArgument("chat session id must be 1 to 100 bytes");
  }
  if (!IsSha256Hex(s.token_hash)) {
    return Status::InvalidArgument("chat token hash must be 64 lower-case hex characters");
  }
  if (s.conversation_id.empty()) {
    return Status::InvalidArgument("chat session without a conversation id");
  }
  return Status::Ok();
}

Status WriteChatSession(Connection& c, const ChatSession& s, int64_t now_unix) {
  Query q = c.Prepare(
      "INSERT INTO chat_sessions (id, token_hash, conversation_id, language, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
  q->bind(1, s.id);
  q->bind(2, s.token_hash);
  q->bind(3, s.conversation_id);
  q->bind(4, s.language);
  q->bind(5, s.created_unix != 0 ? s.created_unix : now_unix);
  q->exec();
  // Sessions are never changed: a second one with the same id is refused.
  if (c.Changes() == 0) return Status::InvalidArgument("chat session id already used");
  return Status::Ok();
}

namespace {

// The first session `q` (bound to a value) selects.
Status ReadChatSessionRow(Query& q, ChatSession* out) {
  if (!q->executeStep()) return Status::NotFound("no such chat session");
  out->id = q->getColumn(0).getString();
  out->token_hash = q->getColumn(1).getString();
  out->conversation_id = q->getColumn(2).getString();
  out->language = q->getColumn(3).getString();
  out->created_unix = q->getColumn(4).getInt64();
  out->contact_email = q->getColumn(5).getString();
  return Status::Ok();
}

}  // namespace

Status ReadChatSession(Connection& c, const std::string& id, ChatSession* out) {
  Query q = c.Prepare(
      "SELECT id, token_hash, conversation_id, language, created_at, contact_email "
      "FROM chat_sessions WHERE id = ?");
  q->bind(1, id);
  return ReadChatSessionRow(q, out);
}

Status ReadChatSessionOfConversation(Connection& c, const std::string& conversation_id,
                                     ChatSession* out) {
  // One session per conversation (ChatService makes both together).
  Query q = c.Prepare(
      "SELECT id, token_hash, conversation_id, language, created_at, contact_email "
      "FROM chat_sessions WHERE conversation_id = ? ORDER BY created_at LIMIT 1");
  q->bind(1, conversation_id);
  return ReadChatSessionRow(q, out);
}

Status ValidateChatContact(const std::string& email) {
  // The adapter checks that it looks like an address; the store only keeps
  // what no mail header could carry out.
  if (email.empty() || email.size() > kMaxContactBytes ||
      email.find_first_of("\r\n") != std::string::npos)
    return Status::InvalidArgument("a contact address is 1 to 254 bytes on one line");
  return Status::Ok();
}

Status WriteChatContact(Connection& c, const std::string& session_id, const std::string& email,
                        int64_t now_unix) {
  Query q = c.Prepare("UPDATE chat_sessions SET contact_email = ? WHERE id = ?");
  q->bind(1, email);
  q->bind(2, session_id);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no such chat session");
  // The audit says that it changed, never the address itself.
  InsertAudit(c, {0, 0, "visitor", "chat.contact", "chat_session:" + session_id, "unverified"},
              now_unix);
  return Status::Ok();
}

Status ValidateChatEvent(const ChatEvent& e) {
  if (e.conversation_id.empty()) {
    return Status::InvalidArgument("chat event without a conversation id");
  }
  if (!IsChatEventKind(e.kind)) {
    return Status::InvalidArgument(
        "unknown chat event kind (reply, agent_joined, agent_message, agent_left, "
        "rating_request)");
  }
  if (!IsJsonObject(e.data_json)) {
    return Status::InvalidArgument("chat event data is not a JSON object");
  }
  return Status::Ok();
}

Status WriteChatEvent(Connection& c, const ChatEvent& e, int64_t now_unix, int64_t* id) {
  Query q = c.Prepare(
      "INSERT INTO chat_events (conversation_id, kind, data_json, created_at) "
      "VALUES (?, ?, ?, ?)");
  q->bind(1, e.conversation_id);
  q->bind(2, e.kind);
  q->bind(3, e.data_json);
  q->bind(4, e.created_unix != 0 ? e.created_unix : now_unix);
  q->exec();
  *id = c.LastInsertId();
  return Status::Ok();
}

Status ReadChatEvents(Connection& c, const std::string& conversation_id, int64_t after_id,
                      size_t limit, std::vector<ChatEvent>* out) {
  out->clear();
  Query q = c.Prepare(
      "SELECT id, conversation_id, kind, data_json, created_at FROM chat_events "
      "WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?");
  q->bind(1, conversation_id);
  q->bind(2, after_id);
  q->bind(3, SqlLimit(limit));
  while (q->executeStep()) {
    ChatEvent& e = out->emplace_back();
    e.id = q->getColumn(0).getInt64();
    e.conversation_id = q->getColumn(1).getString();
    e.kind = q->getColumn(2).getString();
    e.data_json = q->getColumn(3).getString();
    e.created_unix = q->getColumn(4).getInt64();
  }
  return Status::Ok();
}

Status WriteExpireIdempotencyKeys(Connection& c, int64_t before_unix, int64_t* removed) {
  Query q = c.Prepare("DELETE FROM idempotency_keys WHERE created_at < ?");
  q->bind(1, before_unix);
  q->exec();
  *removed = c.Changes();
  return Status::Ok();
}

}  // namespace frontdesk::store_internal
