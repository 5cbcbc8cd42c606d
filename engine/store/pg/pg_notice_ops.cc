// Ticket notices, queued e-mails, ratings, the service and due-time
// figures, and server keys; declared in pg_ops.h.
#include "engine/store/pg/pg_ops.h"

namespace frontdesk::store_internal::pg {

Status ReadPendingNotices(Tx& t, int64_t now_unix, size_t limit, std::vector<TicketNotice>* out) {
  out->clear();
  pqxx::result r = t.Run(
      "SELECT id, event, ticket_id, message_id, attempts, mailed, last_error, created_at, "
      "status = 'pending' AND next_attempt_at <= $1 "
      "FROM ticket_notices WHERE (status = 'pending' AND next_attempt_at <= $1) OR NOT mailed "
      "ORDER BY id LIMIT NULLIF($2::bigint, 0)",
      now_unix, PgLimit(limit));
  for (const pqxx::row& row : r) {
    TicketNotice& n = out->emplace_back();
    n.id = Int(row[0]);
    n.event = Text(row[1]);
    n.ticket_id = Int(row[2]);
    n.message_id = Int(row[3]);
    n.attempts = static_cast<int>(Int(row[4]));
    n.mailed = row[5].as<bool>();
    n.last_error = Text(row[6]);
    n.created_unix = Int(row[7]);
    n.webhook_due = row[8].as<bool>();
  }
  return Status::Ok();
}

Status WriteNoticeMailed(Tx& t, int64_t id, const OutboxItem* mail, int64_t now_unix) {
  // Conditional: of two notifiers racing (two nodes), the second waits for
  // the first one's row lock, then changes nothing and queues nothing.
  pqxx::result r =
      t.Run("UPDATE ticket_notices SET mailed = TRUE WHERE id = $1 AND NOT mailed", id);
  if (r.affected_rows() == 1 && mail != nullptr) InsertOutbox(t, mail->message_id, *mail, now_unix);
  return Status::Ok();
}

Status WriteClaimNoticeWebhook(Tx& t, int64_t id, int64_t now_unix, int64_t lease_until_unix, bool* claimed) {
  // SKIP LOCKED: a node whose claim meets another node's claim in flight
  // skips the notice instead of waiting for it; a claim that committed has
  // moved next_attempt_at past now, so a later one finds it not due.
  pqxx::result r = t.Run(
      "UPDATE ticket_notices SET next_attempt_at = $3 WHERE id = ("
      "SELECT id FROM ticket_notices WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2 "
      "FOR UPDATE SKIP LOCKED)",
      id, now_unix, lease_until_unix);
  *claimed = r.affected_rows() == 1;
  return Status::Ok();
}

Status WriteNoticeSent(Tx& t, int64_t id, int64_t now_unix) {
  pqxx::result r = t.Run(
      "UPDATE ticket_notices SET status = 'sent', attempts = attempts + 1, sent_at = $1 "
      "WHERE id = $2",
      now_unix, id);
  if (r.affected_rows() == 0) return Status::NotFound("no ticket notice " + std::to_string(id));
  return Status::Ok();
}

Status WriteNoticeFailed(Tx& t, int64_t id, const std::string& error, int64_t retry_at_unix) {
  pqxx::result r = t.Run(
      "UPDATE ticket_notices SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, "
      "status = CASE WHEN $2::bigint = 0 THEN 'dead' ELSE 'pending' END WHERE id = $3",
      error, retry_at_unix, id);
  if (r.affected_rows() == 0) return Status::NotFound("no ticket notice " + std::to_string(id));
  return Status::Ok();
}

Status ReadNoticeCounts(Tx& t, std::map<std::string, int64_t>* out) {
  out->clear();
  pqxx::result r = t.Run("SELECT status, COUNT(*) FROM ticket_notices GROUP BY status");
  for (const pqxx::row& row : r) (*out)[Text(row[0])] = Int(row[1]);
  return Status::Ok();
}

Status WriteMail(Tx& t, const OutboxItem& item, int64_t now_unix, int64_t* id) {
  *id = InsertOutbox(t, item.message_id, item, now_unix);
  return Status::Ok();
}

Status WriteRating(Tx& t, const Rating& r, int64_t now_unix) {
  Ticket tk;
  Status s = ReadTicket(t, r.ticket_id, &tk);
  if (!s.ok()) return s;
  t.Run("INSERT INTO ratings (ticket_id, score, comment, channel, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (ticket_id) DO UPDATE SET "
        "score = EXCLUDED.score, comment = EXCLUDED.comment, channel = EXCLUDED.channel, "
        "updated_at = EXCLUDED.updated_at",
        r.ticket_id, r.score, r.comment, r.channel, now_unix);
  return Status::Ok();
}

Status ReadRating(Tx& t, int64_t ticket_id, Rating* out, bool* found) {
  pqxx::result r = t.Run(
      "SELECT score, comment, channel, created_at, updated_at FROM ratings WHERE ticket_id = $1",
      ticket_id);
  *found = !r.empty();
  if (!*found) return Status::Ok();
  out->ticket_id = ticket_id;
  out->score = static_cast<int>(Int(r[0][0]));
  out->comment = Text(r[0][1]);
  out->channel = Text(r[0][2]);
  out->created_unix = Int(r[0][3]);
  out->updated_unix = Int(r[0][4]);
  return Status::Ok();
}

Status ReadServiceFiguresSince(Tx& t, int64_t since, ServiceFigures* out) {
  *out = ServiceFigures();
  for (const pqxx::row& row :
       t.Run("SELECT solved_at - created_at FROM tickets WHERE solved_at >= $1 AND solved_at > 0",
             since)) {
    out->resolution_seconds.push_back(Int(row[0]));
  }
  for (const pqxx::row& row : t.Run("SELECT first_response_at - created_at FROM tickets "
                                    "WHERE first_response_at >= $1 AND first_response_at > 0",
                                    since)) {
    out->first_response_seconds.push_back(Int(row[0]));
  }
  for (const pqxx::row& row : t.Run("SELECT score FROM ratings WHERE updated_at >= $1", since)) {
    out->scores.push_back(static_cast<int>(Int(row[0])));
  }
  pqxx::row r = t.One(
      "SELECT COUNT(*), COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM tickets t "
      "WHERE t.conversation_id = c.id)) FROM conversations c WHERE c.created_at >= $1",
      since);
  out->conversations = Int(r[0]);
  out->conversations_with_ticket = Int(r[1]);
  return Status::Ok();
}

Status ReadDueFiguresAt(Tx& t, int64_t now_unix, DueFigures* out) {
  // As engine/store/notice_ops.cc: a breach stays one.
  pqxx::row r = t.One(
      "SELECT "
      "COUNT(*) FILTER (WHERE status IN ('open', 'pending') AND first_response_at = 0 "
      "AND due_at < $1), "
      "COUNT(*) FILTER (WHERE (first_response_at > due_at) OR (first_response_at = 0 AND "
      "((status IN ('open', 'pending') AND due_at < $1) OR solved_at > due_at))) "
      "FROM tickets WHERE due_at > 0",
      now_unix);
  out->open_past_due = Int(r[0]);
  out->breaches = Int(r[1]);
  return Status::Ok();
}

Status WriteServerKey(Tx& t, const std::string& name, const std::string& candidate_hex,
                      int64_t now_unix, std::string* key_hex) {
  // Of two nodes making the key at once, the second's INSERT waits for the
  // first one's commit and does nothing; its SELECT (a new snapshot under
  // READ COMMITTED) then reads the first one's key.
  t.Run("INSERT INTO server_keys (name, key_hex, created_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (name) DO NOTHING",
        name, candidate_hex, now_unix);
  pqxx::result r = t.Run("SELECT key_hex FROM server_keys WHERE name = $1", name);
  if (r.empty()) return Status::Internal("server key " + name + " missing");
  *key_hex = Text(r[0][0]);
  return Status::Ok();
}

}  // namespace frontdesk::store_internal::pg
