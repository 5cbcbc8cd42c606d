// Web-chat sessions and events, and the expiry of idempotency keys;
// declared in pg_ops.h.
#include "engine/store/pg/pg_ops.h"

namespace frontdesk::store_internal::pg {
namespace {

Status ReadChatSessionRow(const pqxx::result& r, ChatSession* out) {
  if (r.empty()) return Status::NotFound("no such chat session");
  out->id = Text(r[0][0]);
  out->token_hash = Text(r[0][1]);
  out->conversation_id = Text(r[0][2]);
  out->language = Text(r[0][3]);
  out->created_unix = Int(r[0][4]);
  out->contact_email = Text(r[0][5]);
  return Status::Ok();
}

}  // namespace

Status WriteChatSession(Tx& t, const ChatSession& s, int64_t now_unix) {
  pqxx::result r = t.Run(
      "INSERT INTO chat_sessions (id, token_hash, conversation_id, language, created_at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
      s.id, s.token_hash, s.conversation_id, s.language,
      s.created_unix != 0 ? s.created_unix : now_unix);
  // Sessions are never changed: a second one with the same id is refused.
  if (r.affected_rows() == 0) return Status::InvalidArgument("chat session id already used");
  return Status::Ok();
}

Status ReadChatSession(Tx& t, const std::string& id, ChatSession* out) {
  return ReadChatSessionRow(
      t.Run("SELECT id, token_hash, conversation_id, language, created_at, contact_email "
            "FROM chat_sessions WHERE id = $1",
            id),
      out);
}

Status ReadChatSessionOfConversation(Tx& t, const std::string& conversation_id, ChatSession* out) {
  return ReadChatSessionRow(
      t.Run("SELECT id, token_hash, conversation_id, language, created_at, contact_email "
            "FROM chat_sessions WHERE conversation_id = $1 ORDER BY created_at, id LIMIT 1",
            conversation_id),
      out);
}

Status WriteChatContact(Tx& t, const std::string& session_id, const std::string& email,
                        int64_t now_unix) {
  pqxx::result r =
      t.Run("UPDATE chat_sessions SET contact_email = $1 WHERE id = $2", email, session_id);
  if (r.affected_rows() == 0) return Status::NotFound("no such chat session");
  // The audit says that it changed, never the address itself.
  InsertAudit(t, {0, 0, "visitor", "chat.contact", "chat_session:" + session_id, "unverified"},
              now_unix);
  return Status::Ok();
}

Status WriteChatEvent(Tx& t, const ChatEvent& e, int64_t now_unix, int64_t* id) {
  // A sequence hands out ids in call order, but transactions commit in
  // their own: an event numbered 7 could become visible after 8, and a
  // stream that had resumed after 8 would never see it. Numbering the
  // events of one conversation under a lock held until commit keeps their
  // ids in commit order.
  t.Run("SELECT pg_advisory_xact_lock(1717859189, hashtext($1))", e.conversation_id);
  *id = Int(t.One("INSERT INTO chat_events (conversation_id, kind, data_json, created_at) "
                  "VALUES ($1, $2, $3, $4) RETURNING id",
                  e.conversation_id, e.kind, e.data_json,
                  e.created_unix != 0 ? e.created_unix : now_unix)[0]);
  // Sent at commit, to the nodes' WatchPgEvents (pg_event_watch.cc):
  // their streams of this conversation wake without waiting for a poll.
  // A payload holds at most 8000 bytes; a longer id is left to the poll.
  if (e.conversation_id.size() < 1000)
    t.Run("SELECT pg_notify('frontdesk_chat_events', current_schema() || ' ' || $1::bigint || ' ' || $2)",
          *id, e.conversation_id);
  return Status::Ok();
}

Status ReadChatEvents(Tx& t, const std::string& conversation_id, int64_t after_id, size_t limit,
                      std::vector<ChatEvent>* out) {
  out->clear();
  pqxx::result r = t.Run(
      "SELECT id, conversation_id, kind, data_json, created_at FROM chat_events "
      "WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT NULLIF($3::bigint, 0)",
      conversation_id, after_id, PgLimit(limit));
  for (const pqxx::row& row : r) {
    ChatEvent& e = out->emplace_back();
    e.id = Int(row[0]);
    e.conversation_id = Text(row[1]);
    e.kind = Text(row[2]);
    e.data_json = Text(row[3]);
    e.created_unix = Int(row[4]);
  }
  return Status::Ok();
}

Status WriteExpireIdempotencyKeys(Tx& t, int64_t before_unix, int64_t* removed) {
  pqxx::result r = t.Run("DELETE FROM idempotency_keys WHERE created_at < $1", before_unix);
  *removed = static_cast<int64_t>(r.affected_rows());
  return Status::Ok();
}

}  // namespace frontdesk::store_internal::pg
