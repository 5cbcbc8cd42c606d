// Tickets, agents' replies, outbox marks, the audit log and FAQ counts;
// declared in pg_ops.h.
#include "engine/store/pg/pg_ops.h"
#include "engine/store/state_json.h"

namespace frontdesk::store_internal::pg {
namespace {

#define FRONTDESK_PG_TICKET_COLUMNS                                                      \
  "id, conversation_id, queue, priority, status, assignee, reason, due_at, created_at, " \
  "updated_at, first_response_at, solved_at "

void ReadTicketRow(const pqxx::row& r, Ticket* t) {
  t->id = Int(r[0]);
  t->conversation_id = Text(r[1]);
  t->queue = Text(r[2]);
  t->priority = Text(r[3]);
  t->status = Text(r[4]);
  t->assignee = Text(r[5]);
  t->reason = Text(r[6]);
  t->due_unix = Int(r[7]);
  t->created_unix = Int(r[8]);
  t->updated_unix = Int(r[9]);
  t->first_response_unix = Int(r[10]);
  t->solved_unix = Int(r[11]);
}

bool IsClosedStatus(const std::string& s) { return s == "solved" || s == "closed"; }

// A solved or closed ticket hands its conversation back to the bot (as in
// engine/store/write_ops.cc). The row is locked: a turn of the conversation
// on another node waits for this, then stores its own state.
Status ReleaseConversation(Tx& t, const std::string& conversation_id, int64_t ticket_id,
                           bool reopen_on_reply, int64_t now_unix) {
  pqxx::result r =
      t.Run("SELECT state_json FROM conversations WHERE id = $1 FOR UPDATE", conversation_id);
  if (r.empty()) return Status::Ok();
  ConversationState state;
  Status s = StateFromJson(Text(r[0][0]), &state);
  if (!s.ok() || state.ticket != ticket_id) return s;
  state.human = false;
  state.ticket.reset();
  state.resolved_ticket.reset();
  state.resolved_unix = 0;
  if (reopen_on_reply) {
    state.resolved_ticket = ticket_id;
    state.resolved_unix = now_unix;
  }
  t.Run("UPDATE conversations SET state_json = $1, updated_at = $2 WHERE id = $3",
        StateToJson(state), now_unix, conversation_id);
  return Status::Ok();
}

// For an agent's reply: the ticket's conversation, where and to whom to
// send it, and the language of the customer's last message.
Status LoadReplyContext(Tx& t, int64_t ticket_id, std::string* conversation_id, OutboxItem* o,
                        std::string* language) {
  pqxx::result r = t.Run(
      "SELECT t.conversation_id, c.channel, COALESCE(cu.address, '') FROM tickets t "
      "JOIN conversations c ON c.id = t.conversation_id "
      "LEFT JOIN customers cu ON cu.id = c.customer_id WHERE t.id = $1",
      ticket_id);
  if (r.empty()) return Status::NotFound("no ticket " + std::to_string(ticket_id));
  *conversation_id = Text(r[0][0]);
  o->channel = Text(r[0][1]);
  o->recipient = Text(r[0][2]);
  pqxx::result m = t.Run(
      "SELECT subject, external_id, language FROM messages "
      "WHERE conversation_id = $1 AND direction = 'in' ORDER BY id DESC LIMIT 1",
      *conversation_id);
  if (!m.empty()) {
    o->subject = Text(m[0][0]);
    o->in_reply_to = Text(m[0][1]);
    *language = Text(m[0][2]);
  }
  return Status::Ok();
}

}  // namespace

int64_t InsertMessage(Tx& t, const MessageRow& m) {
  return Int(t.One("INSERT INTO messages (conversation_id, direction, channel, sender, subject, "
                   "body, language, external_id, ticket_id, created_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9::bigint, 0), $10) "
                   "RETURNING id",
                   *m.conversation_id, std::string(m.direction), *m.channel, *m.sender,
                   *m.subject, *m.body, *m.language, *m.external_id, m.ticket_id, m.at)[0]);
}

int64_t InsertOutbox(Tx& t, int64_t message_id, const OutboxItem& o, int64_t at) {
  return Int(t.One("INSERT INTO outbox (message_id, channel, recipient, subject, body, "
                   "in_reply_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                   message_id, o.channel, o.recipient, o.subject, o.body, o.in_reply_to, at)[0]);
}

void InsertAudit(Tx& t, const AuditEntry& e, int64_t now_unix) {
  t.Run("INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
        e.at_unix != 0 ? e.at_unix : now_unix, e.actor, e.action, e.target, e.detail);
}

void ReadOutboxColumns(const pqxx::row& r, OutboxItem* o) {
  o->id = Int(r[0]);
  o->message_id = Int(r[1]);
  o->channel = Text(r[2]);
  o->recipient = Text(r[3]);
  o->subject = Text(r[4]);
  o->body = Text(r[5]);
  o->in_reply_to = Text(r[6]);
  o->attempts = static_cast<int>(Int(r[7]));
  o->last_error = Text(r[8]);
  o->created_unix = Int(r[9]);
}

Status ReadTicket(Tx& t, int64_t id, Ticket* out, bool for_update) {
  pqxx::result r =
      for_update ? t.Run("SELECT " FRONTDESK_PG_TICKET_COLUMNS "FROM tickets WHERE id = $1 FOR UPDATE", id)
                 : t.Run("SELECT " FRONTDESK_PG_TICKET_COLUMNS "FROM tickets WHERE id = $1", id);
  if (r.empty()) return Status::NotFound("no ticket " + std::to_string(id));
  ReadTicketRow(r[0], out);
  return Status::Ok();
}

Status ReadTickets(Tx& t, const TicketFilter& f, std::vector<Ticket>* out) {
  out->clear();
  // An empty filter field matches everything; values are bound, never spliced.
  pqxx::result r = t.Run("SELECT " FRONTDESK_PG_TICKET_COLUMNS
                         "FROM tickets "
                         "WHERE ($1 = '' OR status = $1) AND ($2 = '' OR queue = $2) "
                         "AND ($3 = '' OR assignee = $3) AND ($5 = '' OR priority = $5) "
                         "ORDER BY due_at = 0, due_at, id LIMIT NULLIF($4::bigint, 0)",
                         f.status, f.queue, f.assignee, PgLimit(f.limit), f.priority);
  for (const pqxx::row& row : r) ReadTicketRow(row, &out->emplace_back());
  return Status::Ok();
}

Status WriteTicketUpdate(Tx& t, int64_t id, const TicketUpdate& u, int64_t now_unix) {
  Ticket tk;
  Status s = ReadTicket(t, id, &tk, /*for_update=*/true);
  if (!s.ok()) return s;
  const std::string status = u.status.value_or(tk.status);
  const std::string assignee = u.assignee.value_or(tk.assignee);
  t.Run("UPDATE tickets SET status = $1, assignee = $2, updated_at = $3, "
        "solved_at = CASE WHEN $1 = 'solved' AND status <> 'solved' THEN $3 ELSE solved_at END "
        "WHERE id = $4",
        status, assignee, now_unix, id);
  AuditEntry e;
  e.actor = u.actor;
  e.action = u.action.empty() ? "ticket.update" : u.action;
  e.target = "ticket:" + std::to_string(id);
  e.detail = "status " + tk.status + " -> " + status + ", assignee '" + tk.assignee + "' -> '" +
             assignee + "'";
  InsertAudit(t, e, now_unix);
  if (IsClosedStatus(status) && !IsClosedStatus(tk.status)) {
    return ReleaseConversation(t, tk.conversation_id, id, u.reopen_on_reply, now_unix);
  }
  return Status::Ok();
}

Status WriteTicketReply(Tx& t, const TicketReply& r, int64_t now_unix, int64_t* message_id) {
  std::string conversation_id, language;
  OutboxItem o;
  Status s = LoadReplyContext(t, r.ticket_id, &conversation_id, &o, &language);
  if (!s.ok()) return s;
  if (r.send && o.recipient.empty() && r.recipient.empty()) {
    return Status::InvalidArgument("the ticket's customer has no address to send to");
  }
  static const std::string kNone;
  *message_id = InsertMessage(t, {&conversation_id, "out", &o.channel, &r.actor, &o.subject,
                                  &r.text, &language, &kNone, r.ticket_id, now_unix});
  if (r.send) {
    o.body = r.text;
    if (!r.subject.empty()) o.subject = r.subject;
    if (!r.recipient.empty()) {
      o.recipient = r.recipient;  // a chat visitor's address: an e-mail
      o.channel = "email";
    }
    InsertOutbox(t, *message_id, o, now_unix);
  }
  t.Run("UPDATE tickets SET updated_at = $1, first_response_at = "
        "CASE WHEN first_response_at = 0 THEN $1 ELSE first_response_at END WHERE id = $2",
        now_unix, r.ticket_id);
  InsertAudit(t,
              {0, 0, r.actor, "ticket.reply", "ticket:" + std::to_string(r.ticket_id),
               "message:" + std::to_string(*message_id) + (r.send ? " sent" : " kept")},
              now_unix);
  return Status::Ok();
}

Status ReadPendingOutbox(Tx& t, int64_t now_unix, size_t limit, std::vector<OutboxItem>* out) {
  out->clear();
  pqxx::result r = t.Run(
      "SELECT id, message_id, channel, recipient, subject, body, in_reply_to, attempts, "
      "last_error, created_at FROM outbox "
      "WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT NULLIF($2::bigint, 0)",
      now_unix, PgLimit(limit));
  for (const pqxx::row& row : r) ReadOutboxColumns(row, &out->emplace_back());
  return Status::Ok();
}

Status WriteOutboxSent(Tx& t, int64_t id, int64_t now_unix) {
  pqxx::result r = t.Run(
      "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1 WHERE id = $2",
      now_unix, id);
  if (r.affected_rows() == 0) return Status::NotFound("no outbox item " + std::to_string(id));
  return Status::Ok();
}

Status WriteOutboxFailed(Tx& t, int64_t id, const std::string& error, int64_t retry_at_unix) {
  pqxx::result r = t.Run(
      "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, "
      "status = CASE WHEN $2::bigint = 0 THEN 'failed' ELSE 'pending' END WHERE id = $3",
      error, retry_at_unix, id);
  if (r.affected_rows() == 0) return Status::NotFound("no outbox item " + std::to_string(id));
  return Status::Ok();
}

Status ReadAudit(Tx& t, size_t limit, std::vector<AuditEntry>* out) {
  out->clear();
  pqxx::result r = t.Run(
      "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC "
      "LIMIT NULLIF($1::bigint, 0)",
      PgLimit(limit));
  for (const pqxx::row& row : r) {
    AuditEntry& a = out->emplace_back();
    a.id = Int(row[0]);
    a.at_unix = Int(row[1]);
    a.actor = Text(row[2]);
    a.action = Text(row[3]);
    a.target = Text(row[4]);
    a.detail = Text(row[5]);
  }
  return Status::Ok();
}

Status ReadFaqHitCounts(Tx& t, std::map<std::string, int64_t>* out) {
  out->clear();
  pqxx::result r = t.Run(
      "SELECT faq_entry, COUNT(*) FROM decisions WHERE faq_entry <> '' GROUP BY faq_entry");
  for (const pqxx::row& row : r) (*out)[Text(row[0])] = Int(row[1]);
  return Status::Ok();
}

#undef FRONTDESK_PG_TICKET_COLUMNS

}  // namespace frontdesk::store_internal::pg
