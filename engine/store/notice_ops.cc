#include "engine/store/notice_ops.h"

#include "engine/store/read_ops.h"
#include "engine/store/write_ops.h"

namespace frontdesk::store_internal {

constexpr size_t kMaxCommentBytes = 2000;

Status ReadPendingNotices(Connection& c, int64_t now_unix, size_t limit,
                          std::vector<TicketNotice>* out) {
  out->clear();
  Query q = c.Prepare(
      "SELECT id, event, ticket_id, message_id, attempts, mailed, last_error, created_at, "
      "status = 'pending' AND next_attempt_at <= ?1 "
      "FROM ticket_notices WHERE (status = 'pending' AND next_attempt_at <= ?1) OR mailed = 0 "
      "ORDER BY id LIMIT ?2");
  q->bind(1, now_unix);
  q->bind(2, SqlLimit(limit));
  while (q->executeStep()) {
    TicketNotice& n = out->emplace_back();
    n.id = q->getColumn(0).getInt64();
    n.event = q->getColumn(1).getString();
    n.ticket_id = q->getColumn(2).getInt64();
    n.message_id = q->getColumn(3).getInt64();
    n.attempts = q->getColumn(4).getInt();
    n.mailed = q->getColumn(5).getInt() != 0;
    n.last_error = q->getColumn(6).getString();
    n.created_unix = q->getColumn(7).getInt64();
    n.webhook_due = q->getColumn(8).getInt() != 0;
  }
  return Status::Ok();
}

Status WriteClaimNoticeWebhook(Connection& c, int64_t id, int64_t now_unix, int64_t lease_until_unix,
                               bool* claimed) {
  // Conditional on being due: of two nodes sharing the file, the writer
  // that comes second finds the lease and changes nothing.
  Query q = c.Prepare(
      "UPDATE ticket_notices SET next_attempt_at = ?3 "
      "WHERE id = ?1 AND status = 'pending' AND next_attempt_at <= ?2");
  q->bind(1, id);
  q->bind(2, now_unix);
  q->bind(3, lease_until_unix);
  q->exec();
  *claimed = c.Changes() == 1;
  return Status::Ok();
}

Status WriteNoticeMailed(Connection& c, int64_t id, const OutboxItem* mail, int64_t now_unix) {
  // Conditional: of two notifiers racing (two nodes), one queues the mail.
  Query q = c.Prepare("UPDATE ticket_notices SET mailed = 1 WHERE id = ? AND mailed = 0");
  q->bind(1, id);
  q->exec();
  if (c.Changes() == 1 && mail != nullptr) InsertOutbox(c, mail->message_id, *mail, now_unix);
  return Status::Ok();
}

Status WriteNoticeSent(Connection& c, int64_t id, int64_t now_unix) {
  Query q = c.Prepare(
      "UPDATE ticket_notices SET status = 'sent', attempts = attempts + 1, sent_at = ? "
      "WHERE id = ?");
  q->bind(1, now_unix);
  q->bind(2, id);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no ticket notice " + std::to_string(id));
  return Status::Ok();
}

Status WriteNoticeFailed(Connection& c, int64_t id, const std::string& error,
                         int64_t retry_at_unix) {
  Query q = c.Prepare(
      "UPDATE ticket_notices SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2, "
      "status = CASE WHEN ?2 = 0 THEN 'dead' ELSE 'pending' END WHERE id = ?3");
  q->bind(1, error);
  q->bind(2, retry_at_unix);
  q->bind(3, id);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no ticket notice " + std::to_string(id));
  return Status::Ok();
}

Status ReadNoticeCounts(Connection& c, std::map<std::string, int64_t>* out) {
  out->clear();
  Query q = c.Prepare("SELECT status, COUNT(*) FROM ticket_notices GROUP BY status");
  while (q->executeStep()) (*out)[q->getColumn(0).getString()] = q->getColumn(1).getInt64();
  return Status::Ok();
}

Status ValidateMail(const OutboxItem& item) {
  if (item.message_id <= 0 || item.recipient.empty() || item.body.empty())
    return Status::InvalidArgument("an e-mail needs the message it follows, a recipient and a body");
  return Status::Ok();
}

Status WriteMail(Connection& c, const OutboxItem& item, int64_t now_unix, int64_t* id) {
  InsertOutbox(c, item.message_id, item, now_unix);
  *id = c.LastInsertId();
  return Status::Ok();
}

Status ValidateRating(const Rating& r) {
  if (r.score < 1 || r.score > 5) return Status::InvalidArgument("a rating is 1 to 5");
  if (r.comment.size() > kMaxCommentBytes)
    return Status::InvalidArgument("a rating's comment is at most 2000 bytes");
  return Status::Ok();
}

Status WriteRating(Connection& c, const Rating& r, int64_t now_unix) {
  Ticket t;
  Status s = ReadTicket(c, r.ticket_id, &t);
  if (!s.ok()) return s;
  Query q = c.Prepare(
      "INSERT INTO ratings (ticket_id, score, comment, channel, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (ticket_id) DO UPDATE SET "
      "score = excluded.score, comment = excluded.comment, channel = excluded.channel, "
      "updated_at = excluded.updated_at");
  q->bind(1, r.ticket_id);
  q->bind(2, r.score);
  q->bind(3, r.comment);
  q->bind(4, r.channel);
  q->bind(5, now_unix);
  q->exec();
  return Status::Ok();
}

Status ReadRating(Connection& c, int64_t ticket_id, Rating* out, bool* found) {
  Query q = c.Prepare(
      "SELECT score, comment, channel, created_at, updated_at FROM ratings WHERE ticket_id = ?");
  q->bind(1, ticket_id);
  *found = q->executeStep();
  if (!*found) return Status::Ok();
  out->ticket_id = ticket_id;
  out->score = q->getColumn(0).getInt();
  out->comment = q->getColumn(1).getString();
  out->channel = q->getColumn(2).getString();
  out->created_unix = q->getColumn(3).getInt64();
  out->updated_unix = q->getColumn(4).getInt64();
  return Status::Ok();
}

Status ReadServiceFiguresSince(Connection& c, int64_t since, ServiceFigures* out) {
  *out = ServiceFigures();
  {
    Query q = c.Prepare(
        "SELECT solved_at - created_at FROM tickets WHERE solved_at >= ?1 AND solved_at > 0");
    q->bind(1, since);
    while (q->executeStep()) out->resolution_seconds.push_back(q->getColumn(0).getInt64());
  }
  {
    Query q = c.Prepare(
        "SELECT first_response_at - created_at FROM tickets "
        "WHERE first_response_at >= ?1 AND first_response_at > 0");
    q->bind(1, since);
    while (q->executeStep()) out->first_response_seconds.push_back(q->getColumn(0).getInt64());
  }
  {
    Query q = c.Prepare("SELECT score FROM ratings WHERE updated_at >= ?");
    q->bind(1, since);
    while (q->executeStep()) out->scores.push_back(q->getColumn(0).getInt());
  }
  Query q = c.Prepare(
      "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM tickets t "
      "WHERE t.conversation_id = c.id)), 0) FROM conversations c WHERE c.created_at >= ?");
  q->bind(1, since);
  if (q->executeStep()) {
    out->conversations = q->getColumn(0).getInt64();
    out->conversations_with_ticket = q->getColumn(1).getInt64();
  }
  return Status::Ok();
}

Status ReadDueFiguresAt(Connection& c, int64_t now_unix, DueFigures* out) {
  // A breach stays one, so the count only grows: answered after the due
  // time, or unanswered past it (still waiting, or solved without a reply
  // after it).
  Query q = c.Prepare(
      "SELECT "
      "COALESCE(SUM(status IN ('open', 'pending') AND first_response_at = 0 AND due_at < ?1), 0), "
      "COALESCE(SUM((first_response_at > due_at) OR (first_response_at = 0 AND "
      "((status IN ('open', 'pending') AND due_at < ?1) OR solved_at > due_at))), 0) "
      "FROM tickets WHERE due_at > 0");
  q->bind(1, now_unix);
  if (q->executeStep()) {
    out->open_past_due = q->getColumn(0).getInt64();
    out->breaches = q->getColumn(1).getInt64();
  }
  return Status::Ok();
}

Status WriteServerKey(Connection& c, const std::string& name, const std::string& candidate_hex,
                      int64_t now_unix, std::string* key_hex) {
  {
    Query q = c.Prepare(
        "INSERT INTO server_keys (name, key_hex, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO NOTHING");
    q->bind(1, name);
    q->bind(2, candidate_hex);
    q->bind(3, now_unix);
    q->exec();
  }
  Query q = c.Prepare("SELECT key_hex FROM server_keys WHERE name = ?");
  q->bind(1, name);
  if (!q->executeStep()) return Status::Internal("server key " + name + " missing");
  *key_hex = q->getColumn(0).getString();
  return Status::Ok();
}

}  // namespace frontdesk::store_internal
