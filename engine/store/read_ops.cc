#include "engine/store/read_ops.h"

#include <limits>

#include "engine/store/state_json.h"

namespace frontdesk::store_internal {

void ReadOutboxColumns(const SQLite::Statement& q, OutboxItem* o) {
  o->id = q.getColumn(0).getInt64();
  o->message_id = q.getColumn(1).getInt64();
  o->channel = q.getColumn(2).getString();
  o->recipient = q.getColumn(3).getString();
  o->subject = q.getColumn(4).getString();
  o->body = q.getColumn(5).getString();
  o->in_reply_to = q.getColumn(6).getString();
  o->attempts = q.getColumn(7).getInt();
  o->last_error = q.getColumn(8).getString();
  o->created_unix = q.getColumn(9).getInt64();
}
namespace {

// Columns 0..10 of every message query below, in this order.
#define FRONTDESK_MESSAGE_COLUMNS                                                  \
  "m.id, m.conversation_id, m.direction, m.channel, m.sender, m.subject, m.body, " \
  "m.language, m.external_id, COALESCE(m.ticket_id, 0), m.created_at, "            \
  "COALESCE(d.decision_json, '') "

void ReadMessageRow(const SQLite::Statement& q, StoredMessage* m) {
  m->id = q.getColumn(0).getInt64();
  m->conversation_id = q.getColumn(1).getString();
  m->direction = q.getColumn(2).getString();
  m->channel = q.getColumn(3).getString();
  m->sender = q.getColumn(4).getString();
  m->subject = q.getColumn(5).getString();
  m->text = q.getColumn(6).getString();
  m->language = q.getColumn(7).getString();
  m->external_id = q.getColumn(8).getString();
  m->ticket_id = q.getColumn(9).getInt64();
  m->created_unix = q.getColumn(10).getInt64();
  m->decision_json = q.getColumn(11).getString();
}

#define FRONTDESK_TICKET_COLUMNS                                                         \
  "id, conversation_id, queue, priority, status, assignee, reason, due_at, created_at, " \
  "updated_at, first_response_at, solved_at "

void ReadTicketRow(const SQLite::Statement& q, Ticket* t) {
  t->id = q.getColumn(0).getInt64();
  t->conversation_id = q.getColumn(1).getString();
  t->queue = q.getColumn(2).getString();
  t->priority = q.getColumn(3).getString();
  t->status = q.getColumn(4).getString();
  t->assignee = q.getColumn(5).getString();
  t->reason = q.getColumn(6).getString();
  t->due_unix = q.getColumn(7).getInt64();
  t->created_unix = q.getColumn(8).getInt64();
  t->updated_unix = q.getColumn(9).getInt64();
  t->first_response_unix = q.getColumn(10).getInt64();
  t->solved_unix = q.getColumn(11).getInt64();
}

}  // namespace

int64_t SqlLimit(size_t limit) {
  if (limit == 0 || limit > static_cast<size_t>(std::numeric_limits<int64_t>::max())) return -1;
  return static_cast<int64_t>(limit);
}

Status LookupIdempotencyKey(Connection& c, const std::string& key, TurnResult* out, bool* found) {
  Query q = c.Prepare(
      "SELECT d.decision_json, k.message_id, COALESCE(m.ticket_id, 0) "
      "FROM idempotency_keys k JOIN decisions d ON d.message_id = k.message_id "
      "JOIN messages m ON m.id = k.message_id WHERE k.key = ?");
  q->bind(1, key);
  *found = q->executeStep();
  if (*found) {
    out->decision_json = q->getColumn(0).getString();
    out->message_id = q->getColumn(1).getInt64();
    out->ticket_id = q->getColumn(2).getInt64();
  }
  return Status::Ok();
}

Status ReadConversationState(Connection& c, const std::string& id, ConversationState* out,
                             bool* found) {
  Query q = c.Prepare("SELECT state_json FROM conversations WHERE id = ?");
  q->bind(1, id);
  *found = q->executeStep();
  if (!*found) return Status::Ok();
  return StateFromJson(q->getColumn(0).getString(), out);
}

Status ReadConversationMessages(Connection& c, const std::string& conversation_id,
                                std::vector<StoredMessage>* out) {
  out->clear();
  Query q = c.Prepare("SELECT " FRONTDESK_MESSAGE_COLUMNS
                      "FROM messages m LEFT JOIN decisions d ON d.message_id = m.id "
                      "WHERE m.conversation_id = ? ORDER BY m.id");
  q->bind(1, conversation_id);
  while (q->executeStep()) ReadMessageRow(*q, &out->emplace_back());
  return Status::Ok();
}

Status ReadMessagesSince(Connection& c, int64_t since_unix, size_t limit,
                         std::vector<StoredMessage>* out) {
  out->clear();
  Query q = c.Prepare("SELECT " FRONTDESK_MESSAGE_COLUMNS
                      "FROM messages m LEFT JOIN decisions d ON d.message_id = m.id "
                      "WHERE m.created_at >= ? AND m.direction = 'in' "
                      "ORDER BY m.created_at, m.id LIMIT ?");
  q->bind(1, since_unix);
  q->bind(2, SqlLimit(limit));
  while (q->executeStep()) ReadMessageRow(*q, &out->emplace_back());
  return Status::Ok();
}

Status ReadTicket(Connection& c, int64_t id, Ticket* out) {
  Query q = c.Prepare("SELECT " FRONTDESK_TICKET_COLUMNS "FROM tickets WHERE id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return Status::NotFound("no ticket " + std::to_string(id));
  ReadTicketRow(*q, out);
  return Status::Ok();
}

Status ReadTickets(Connection& c, const TicketFilter& filter, std::vector<Ticket>* out) {
  out->clear();
  // An empty filter field matches everything; values are bound, never spliced.
  Query q = c.Prepare("SELECT " FRONTDESK_TICKET_COLUMNS
                      "FROM tickets "
                      "WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR queue = ?2) "
                      "AND (?3 = '' OR assignee = ?3) AND (?5 = '' OR priority = ?5) "
                      "ORDER BY due_at = 0, due_at, id LIMIT ?4");
  q->bind(1, filter.status);
  q->bind(2, filter.queue);
  q->bind(3, filter.assignee);
  q->bind(4, SqlLimit(filter.limit));
  q->bind(5, filter.priority);
  while (q->executeStep()) ReadTicketRow(*q, &out->emplace_back());
  return Status::Ok();
}

Status ReadPendingOutbox(Connection& c, int64_t now_unix, size_t limit,
                         std::vector<OutboxItem>* out) {
  out->clear();
  Query q = c.Prepare(
      "SELECT id, message_id, channel, recipient, subject, body, in_reply_to, attempts, "
      "last_error, created_at FROM outbox "
      "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?");
  q->bind(1, now_unix);
  q->bind(2, SqlLimit(limit));
  while (q->executeStep()) {
    ReadOutboxColumns(*q, &out->emplace_back());
  }
  return Status::Ok();
}

Status ReadAudit(Connection& c, size_t limit, std::vector<AuditEntry>* out) {
  out->clear();
  Query q = c.Prepare(
      "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?");
  q->bind(1, SqlLimit(limit));
  while (q->executeStep()) {
    AuditEntry& a = out->emplace_back();
    a.id = q->getColumn(0).getInt64();
    a.at_unix = q->getColumn(1).getInt64();
    a.actor = q->getColumn(2).getString();
    a.action = q->getColumn(3).getString();
    a.target = q->getColumn(4).getString();
    a.detail = q->getColumn(5).getString();
  }
  return Status::Ok();
}

Status ReadFaqHitCounts(Connection& c, std::map<std::string, int64_t>* out) {
  out->clear();
  Query q = c.Prepare(
      "SELECT faq_entry, COUNT(*) FROM decisions WHERE faq_entry != '' GROUP BY faq_entry");
  while (q->executeStep()) (*out)[q->getColumn(0).getString()] = q->getColumn(1).getInt64();
  return Status::Ok();
}

#undef FRONTDESK_MESSAGE_COLUMNS
#undef FRONTDESK_TICKET_COLUMNS

}  // namespace frontdesk::store_internal
