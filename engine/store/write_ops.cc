#include "engine/store/write_ops.h"

#include "engine/store/read_ops.h"
#include "engine/store/state_json.h"

namespace frontdesk::store_internal {
namespace {

bool IsTicketStatus(const std::string& s) {
  return s == "open" || s == "pending" || s == "solved" || s == "closed";
}
bool IsClosedStatus(const std::string& s) { return s == "solved" || s == "closed"; }

// A solved or closed ticket hands its conversation back to the bot; a
// resolved one is remembered, so that the customer's answer reopens it.
Status ReleaseConversation(Connection& c, const std::string& conversation_id, int64_t ticket_id,
                           bool reopen_on_reply, int64_t now_unix) {
  ConversationState state;
  bool found = false;
  Status s = ReadConversationState(c, conversation_id, &state, &found);
  if (!s.ok() || !found || state.ticket != ticket_id) return s;
  state.human = false;
  state.ticket.reset();
  state.resolved_ticket.reset();
  state.resolved_unix = 0;
  if (reopen_on_reply) {
    state.resolved_ticket = ticket_id;
    state.resolved_unix = now_unix;
  }
  Query q = c.Prepare("UPDATE conversations SET state_json = ?, updated_at = ? WHERE id = ?");
  q->bind(1, StateToJson(state));
  q->bind(2, now_unix);
  q->bind(3, conversation_id);
  q->exec();
  return Status::Ok();
}

// For an agent's reply on `ticket_id`: its conversation, where and to whom
// to send it (o->channel, recipient, subject, in_reply_to), and the language
// of the customer's last message.
Status LoadReplyContext(Connection& c, int64_t ticket_id, std::string* conversation_id,
                        OutboxItem* o, std::string* language) {
  {
    Query q = c.Prepare(
        "SELECT t.conversation_id, c.channel, COALESCE(cu.address, '') FROM tickets t "
        "JOIN conversations c ON c.id = t.conversation_id "
        "LEFT JOIN customers cu ON cu.id = c.customer_id WHERE t.id = ?");
    q->bind(1, ticket_id);
    if (!q->executeStep()) return Status::NotFound("no ticket " + std::to_string(ticket_id));
    *conversation_id = q->getColumn(0).getString();
    o->channel = q->getColumn(1).getString();
    o->recipient = q->getColumn(2).getString();
  }
  Query q = c.Prepare(
      "SELECT subject, external_id, language FROM messages "
      "WHERE conversation_id = ? AND direction = 'in' ORDER BY id DESC LIMIT 1");
  q->bind(1, *conversation_id);
  if (q->executeStep()) {
    o->subject = q->getColumn(0).getString();
    o->in_reply_to = q->getColumn(1).getString();
    *language = q->getColumn(2).getString();
  }
  return Status::Ok();
}

}  // namespace

void BindIdOrNull(SQLite::Statement& q, int index, int64_t id) {
  if (id == 0) {
    q.bind(index);
  } else {
    q.bind(index, id);
  }
}

int64_t InsertMessage(Connection& c, const MessageRow& m) {
  Query q = c.Prepare(
      "INSERT INTO messages (conversation_id, direction, channel, sender, subject, body, "
      "language, external_id, ticket_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, *m.conversation_id);
  q->bind(2, m.direction);
  q->bind(3, *m.channel);
  q->bind(4, *m.sender);
  q->bind(5, *m.subject);
  q->bind(6, *m.body);
  q->bind(7, *m.language);
  q->bind(8, *m.external_id);
  BindIdOrNull(*q, 9, m.ticket_id);
  q->bind(10, m.at);
  q->exec();
  return c.LastInsertId();
}

void InsertOutbox(Connection& c, int64_t message_id, const OutboxItem& o, int64_t at) {
  Query q = c.Prepare(
      "INSERT INTO outbox (message_id, channel, recipient, subject, body, in_reply_to, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, message_id);
  q->bind(2, o.channel);
  q->bind(3, o.recipient);
  q->bind(4, o.subject);
  q->bind(5, o.body);
  q->bind(6, o.in_reply_to);
  q->bind(7, at);
  q->exec();
}

void InsertAudit(Connection& c, const AuditEntry& e, int64_t now_unix) {
  Query q =
      c.Prepare("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)");
  q->bind(1, e.at_unix != 0 ? e.at_unix : now_unix);
  q->bind(2, e.actor);
  q->bind(3, e.action);
  q->bind(4, e.target);
  q->bind(5, e.detail);
  q->exec();
}

Status ValidateTicketUpdate(const TicketUpdate& u) {
  if (u.actor.empty()) return Status::InvalidArgument("ticket update without an actor");
  if (u.status && !IsTicketStatus(*u.status)) {
    return Status::InvalidArgument("unknown ticket status (open, pending, solved, closed)");
  }
  return Status::Ok();
}

Status WriteTicketUpdate(Connection& c, int64_t id, const TicketUpdate& u, int64_t now_unix) {
  Ticket t;
  Status s = ReadTicket(c, id, &t);
  if (!s.ok()) return s;
  const std::string status = u.status.value_or(t.status);
  const std::string assignee = u.assignee.value_or(t.assignee);
  {
    // solved_at: the last time it was solved, for resolution times.
    Query q = c.Prepare(
        "UPDATE tickets SET status = ?1, assignee = ?2, updated_at = ?3, "
        "solved_at = CASE WHEN ?1 = 'solved' AND status != 'solved' THEN ?3 ELSE solved_at END "
        "WHERE id = ?4");
    q->bind(1, status);
    q->bind(2, assignee);
    q->bind(3, now_unix);
    q->bind(4, id);
    q->exec();
  }
  AuditEntry e;
  e.actor = u.actor;
  e.action = u.action.empty() ? "ticket.update" : u.action;
  e.target = "ticket:" + std::to_string(id);
  e.detail = "status " + t.status + " -> " + status + ", assignee '" + t.assignee + "' -> '" +
             assignee + "'";
  InsertAudit(c, e, now_unix);
  if (IsClosedStatus(status) && !IsClosedStatus(t.status)) {
    return ReleaseConversation(c, t.conversation_id, id, u.reopen_on_reply, now_unix);
  }
  return Status::Ok();
}

Status ValidateTicketReply(const TicketReply& r) {
  if (r.actor.empty() || r.text.empty()) {
    return Status::InvalidArgument("ticket reply needs an actor and a text");
  }
  // They become mail headers: one line each.
  if (r.recipient.size() > 254 || r.recipient.find_first_of("\r\n") != std::string::npos ||
      r.subject.find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidArgument("ticket reply recipient or subject is not one short line");
  }
  return Status::Ok();
}

Status WriteTicketReply(Connection& c, const TicketReply& r, int64_t now_unix,
                        int64_t* message_id) {
  std::string conversation_id, language;
  OutboxItem o;
  Status s = LoadReplyContext(c, r.ticket_id, &conversation_id, &o, &language);
  if (!s.ok()) return s;
  if (r.send && o.recipient.empty() && r.recipient.empty()) {
    return Status::InvalidArgument("the ticket's customer has no address to send to");
  }
  static const std::string kNone;
  *message_id = InsertMessage(c, {&conversation_id, "out", &o.channel, &r.actor, &o.subject,
                                  &r.text, &language, &kNone, r.ticket_id, now_unix});
  if (r.send) {
    o.body = r.text;
    if (!r.subject.empty()) o.subject = r.subject;
    if (!r.recipient.empty()) {
      // An address the customer left (a chat visitor's): an e-mail, though
      // the conversation is a chat; the stored message above stays a chat one.
      o.recipient = r.recipient;
      o.channel = "email";
    }
    InsertOutbox(c, *message_id, o, now_unix);
  }
  // The first reply answers the ticket's due time (first response).
  Query q = c.Prepare(
      "UPDATE tickets SET updated_at = ?1, first_response_at = "
      "CASE WHEN first_response_at = 0 THEN ?1 ELSE first_response_at END WHERE id = ?2");
  q->bind(1, now_unix);
  q->bind(2, r.ticket_id);
  q->exec();
  InsertAudit(c,
              {0, 0, r.actor, "ticket.reply", "ticket:" + std::to_string(r.ticket_id),
               "message:" + std::to_string(*message_id) + (r.send ? " sent" : " kept")},
              now_unix);
  return Status::Ok();
}

Status WriteOutboxSent(Connection& c, int64_t id, int64_t now_unix) {
  Query q = c.Prepare(
      "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?");
  q->bind(1, now_unix);
  q->bind(2, id);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no outbox item " + std::to_string(id));
  return Status::Ok();
}

Status WriteOutboxFailed(Connection& c, int64_t id, const std::string& error,
                         int64_t retry_at_unix) {
  Query q = c.Prepare(
      "UPDATE outbox SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2, "
      "status = CASE WHEN ?2 = 0 THEN 'failed' ELSE 'pending' END WHERE id = ?3");
  q->bind(1, error);
  q->bind(2, retry_at_unix);
  q->bind(3, id);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no outbox item " + std::to_string(id));
  return Status::Ok();
}

Status ValidateAudit(const AuditEntry& e) {
  if (e.actor.empty() || e.action.empty()) {
    return Status::InvalidArgument("audit entry needs an actor and an action");
  }
  return Status::Ok();
}

Status WriteAudit(Connection& c, const AuditEntry& e, int64_t now_unix) {
  InsertAudit(c, e, now_unix);
  return Status::Ok();
}

}  // namespace frontdesk::store_internal
