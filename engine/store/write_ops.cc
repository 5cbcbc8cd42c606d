#include "engine/store/write_ops.h"

#include <nlohmann/json.hpp>

#include "engine/store/read_ops.h"
#include "engine/store/state_json.h"

namespace frontdesk::store_internal {
namespace {

constexpr size_t kMaxKeyBytes = 512;

bool IsTicketStatus(const std::string& s) {
  return s == "open" || s == "pending" || s == "solved" || s == "closed";
}
bool IsClosedStatus(const std::string& s) { return s == "solved" || s == "closed"; }

// Binds `id`, or NULL for 0 (no ticket).
void BindTicket(SQLite::Statement& q, int index, int64_t id) {
  if (id == 0) {
    q.bind(index);
  } else {
    q.bind(index, id);
  }
}

struct MessageRow {
  const std::string* conversation_id;
  const char* direction;  // "in" | "out"
  const std::string* channel;
  const std::string* sender;
  const std::string* subject;
  const std::string* body;
  const std::string* language;
  const std::string* external_id;
  int64_t ticket_id;
  int64_t at;
};

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
  BindTicket(*q, 9, m.ticket_id);
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

// The customer row for `address`, created on first contact; 0 = no address.
int64_t UpsertCustomer(Connection& c, const std::string& address, int64_t at) {
  if (address.empty()) return 0;
  Query q = c.Prepare(
      "INSERT INTO customers (address, first_seen, last_seen) VALUES (?1, ?2, ?2) "
      "ON CONFLICT (address) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen) "
      "RETURNING id");
  q->bind(1, address);
  q->bind(2, at);
  q->executeStep();
  return q->getColumn(0).getInt64();
}

void SaveConversation(Connection& c, const TurnRow& row, int64_t customer_id) {
  const TurnRecord& r = *row.record;
  Query q = c.Prepare(
      "INSERT INTO conversations (id, customer_id, channel, state_json, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (id) DO UPDATE SET "
      "state_json = excluded.state_json, updated_at = excluded.updated_at, "
      "customer_id = COALESCE(conversations.customer_id, excluded.customer_id)");
  q->bind(1, r.conversation_id);
  BindTicket(*q, 2, customer_id);  // NULL for 0, like a ticket id
  q->bind(3, r.message.channel);
  q->bind(4, row.state_json);
  q->bind(5, row.at);
  q->exec();
}

// Creates the turn's new ticket, or touches the conversation's open one.
Status SaveTicket(Connection& c, const TurnRow& row) {
  const TurnRecord& r = *row.record;
  if (r.ticket_id == 0) return Status::Ok();
  if (!r.open_ticket) {
    Query q = c.Prepare("UPDATE tickets SET updated_at = ? WHERE id = ? AND conversation_id = ?");
    q->bind(1, row.at);
    q->bind(2, r.ticket_id);
    q->bind(3, r.conversation_id);
    q->exec();
    if (c.Changes() == 0) {
      return Status::NotFound("conversation has no ticket " + std::to_string(r.ticket_id));
    }
    return Status::Ok();
  }
  {
    Query q = c.Prepare("SELECT value FROM counters WHERE name = 'ticket'");
    if (!q->executeStep() || r.ticket_id > q->getColumn(0).getInt64()) {
      return Status::InvalidArgument("ticket id " + std::to_string(r.ticket_id) +
                                     " was not allocated by NextTicketId");
    }
  }
  Query q = c.Prepare(
      "INSERT INTO tickets (id, conversation_id, queue, priority, status, assignee, reason, "
      "due_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'open', '', ?5, ?6, ?7, ?7)");
  q->bind(1, r.ticket_id);
  q->bind(2, r.conversation_id);
  q->bind(3, row.queue);
  q->bind(4, row.priority);
  q->bind(5, row.reason);
  q->bind(6, r.ticket_due_unix);
  q->bind(7, row.at);
  q->exec();
  return Status::Ok();
}

void InsertDecision(Connection& c, int64_t message_id, const TurnRow& row) {
  const Decision& d = row.record->decision;
  Query q = c.Prepare(
      "INSERT INTO decisions (message_id, route, intent, decision_json, trace_json) "
      "VALUES (?, ?, ?, ?, ?)");
  q->bind(1, message_id);
  q->bind(2, RouteName(d.route));
  if (d.intent) {
    q->bind(3, *d.intent);
  } else {
    q->bind(3);
  }
  q->bind(4, row.decision_json);
  q->bind(5, row.trace_json);
  q->exec();
}

void InsertAudit(Connection& c, const AuditEntry& e, int64_t now_unix) {
  Query q = c.Prepare(
      "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)");
  q->bind(1, e.at_unix != 0 ? e.at_unix : now_unix);
  q->bind(2, e.actor);
  q->bind(3, e.action);
  q->bind(4, e.target);
  q->bind(5, e.detail);
  q->exec();
}

// A solved or closed ticket hands its conversation back to the bot.
Status ReleaseConversation(Connection& c, const std::string& conversation_id, int64_t ticket_id,
                           int64_t now_unix) {
  ConversationState state;
  bool found = false;
  Status s = ReadConversationState(c, conversation_id, &state, &found);
  if (!s.ok() || !found || state.ticket != ticket_id) return s;
  state.human = false;
  state.ticket.reset();
  Query q = c.Prepare("UPDATE conversations SET state_json = ?, updated_at = ? WHERE id = ?");
  q->bind(1, StateToJson(state));
  q->bind(2, now_unix);
  q->bind(3, conversation_id);
  q->exec();
  return Status::Ok();
}

}  // namespace

Status PrepareTurn(const TurnRecord& r, int64_t now_unix, TurnRow* row) {
  if (r.conversation_id.empty()) return Status::InvalidArgument("turn without a conversation id");
  if (r.idempotency_key.size() > kMaxKeyBytes) {
    return Status::InvalidArgument("idempotency key longer than 512 bytes");
  }
  if (r.open_ticket && (r.ticket_id <= 0 || r.decision.ticket != r.ticket_id)) {
    return Status::InvalidArgument("a new ticket needs an id from NextTicketId, named in the decision");
  }
  if (r.outbox && (r.message.from.empty() || r.decision.reply.empty())) {
    return Status::InvalidArgument("outbox reply needs a sender address and a reply");
  }
  row->record = &r;
  row->at = r.received_unix != 0 ? r.received_unix : now_unix;
  ConversationState state = r.state_after;
  state.id = r.conversation_id;
  row->state_json = StateToJson(state);
  nlohmann::json decision = DecisionToJson(r.decision);
  row->trace_json = decision["trace"].dump();
  row->decision_json = r.decision_json.empty() ? decision.dump() : r.decision_json;
  const std::optional<Escalation>& esc = r.decision.escalation;
  row->queue = !r.ticket_queue.empty() ? r.ticket_queue : esc ? esc->queue : "general";
  row->priority = !r.ticket_priority.empty() ? r.ticket_priority : esc ? esc->priority : "normal";
  row->reason = !r.ticket_reason.empty() ? r.ticket_reason : esc ? esc->reason : "";
  return Status::Ok();
}

Status WriteTurn(Connection& c, const TurnRow& row, TurnResult* result) {
  const TurnRecord& r = *row.record;
  const Message& m = r.message;
  *result = TurnResult();
  if (!r.idempotency_key.empty()) {
    // Inside the write transaction: a retry racing the first attempt (even
    // in the same batch, or from another process) sees it here.
    bool found = false;
    Status s = LookupIdempotencyKey(c, r.idempotency_key, result, &found);
    if (!s.ok() || found) {
      result->duplicate = found;
      return s;
    }
  }
  int64_t customer_id = UpsertCustomer(c, m.from, row.at);
  SaveConversation(c, row, customer_id);
  Status s = SaveTicket(c, row);
  if (!s.ok()) return s;
  const std::string& language = r.decision.language.empty() ? m.language : r.decision.language;
  int64_t in_id = InsertMessage(c, {&r.conversation_id, "in", &m.channel, &m.from, &m.subject,
                                    &m.text, &language, &m.id, r.ticket_id, row.at});
  InsertDecision(c, in_id, row);
  if (!r.decision.reply.empty()) {
    static const std::string kBot;  // the bot's replies have no sender
    int64_t out_id = InsertMessage(c, {&r.conversation_id, "out", &m.channel, &kBot, &m.subject,
                                       &r.decision.reply, &language, &kBot, r.ticket_id, row.at});
    if (r.outbox) {
      OutboxItem o;
      o.channel = m.channel;
      o.recipient = m.from;
      o.subject = m.subject;
      o.body = r.decision.reply;
      o.in_reply_to = m.id;
      InsertOutbox(c, out_id, o, row.at);
    }
  }
  if (!r.idempotency_key.empty()) {
    Query q = c.Prepare("INSERT INTO idempotency_keys (key, message_id, created_at) VALUES (?, ?, ?)");
    q->bind(1, r.idempotency_key);
    q->bind(2, in_id);
    q->bind(3, row.at);
    q->exec();
  }
  result->decision_json = row.decision_json;
  result->message_id = in_id;
  result->ticket_id = r.ticket_id;
  return Status::Ok();
}

Status WriteNextTicketId(Connection& c, int64_t* id) {
  Query q = c.Prepare("UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value");
  if (!q->executeStep()) return Status::Internal("ticket counter missing");
  *id = q->getColumn(0).getInt64();
  return Status::Ok();
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
    Query q = c.Prepare("UPDATE tickets SET status = ?, assignee = ?, updated_at = ? WHERE id = ?");
    q->bind(1, status);
    q->bind(2, assignee);
    q->bind(3, now_unix);
    q->bind(4, id);
    q->exec();
  }
  AuditEntry e;
  e.actor = u.actor;
  e.action = "ticket.update";
  e.target = "ticket:" + std::to_string(id);
  e.detail = "status " + t.status + " -> " + status + ", assignee '" + t.assignee + "' -> '" +
             assignee + "'";
  InsertAudit(c, e, now_unix);
  if (IsClosedStatus(status) && !IsClosedStatus(t.status)) {
    return ReleaseConversation(c, t.conversation_id, id, now_unix);
  }
  return Status::Ok();
}

Status ValidateTicketReply(const TicketReply& r) {
  if (r.actor.empty() || r.text.empty()) {
    return Status::InvalidArgument("ticket reply needs an actor and a text");
  }
  return Status::Ok();
}

Status WriteTicketReply(Connection& c, const TicketReply& r, int64_t now_unix,
                        int64_t* message_id) {
  std::string conversation_id, channel, subject, in_reply_to, language;
  OutboxItem o;
  {
    Query q = c.Prepare(
        "SELECT t.conversation_id, c.channel, COALESCE(cu.address, '') FROM tickets t "
        "JOIN conversations c ON c.id = t.conversation_id "
        "LEFT JOIN customers cu ON cu.id = c.customer_id WHERE t.id = ?");
    q->bind(1, r.ticket_id);
    if (!q->executeStep()) return Status::NotFound("no ticket " + std::to_string(r.ticket_id));
    conversation_id = q->getColumn(0).getString();
    o.channel = q->getColumn(1).getString();
    o.recipient = q->getColumn(2).getString();
  }
  if (r.send && o.recipient.empty()) {
    return Status::InvalidArgument("the ticket's customer has no address to send to");
  }
  {
    Query q = c.Prepare(
        "SELECT subject, external_id, language FROM messages "
        "WHERE conversation_id = ? AND direction = 'in' ORDER BY id DESC LIMIT 1");
    q->bind(1, conversation_id);
    if (q->executeStep()) {
      o.subject = q->getColumn(0).getString();
      o.in_reply_to = q->getColumn(1).getString();
      language = q->getColumn(2).getString();
    }
  }
  static const std::string kNone;
  *message_id = InsertMessage(c, {&conversation_id, "out", &o.channel, &r.actor, &o.subject,
                                  &r.text, &language, &kNone, r.ticket_id, now_unix});
  if (r.send) {
    o.body = r.text;
    InsertOutbox(c, *message_id, o, now_unix);
  }
  Query q = c.Prepare("UPDATE tickets SET updated_at = ? WHERE id = ?");
  q->bind(1, now_unix);
  q->bind(2, r.ticket_id);
  q->exec();
  InsertAudit(c, {0, 0, r.actor, "ticket.reply", "ticket:" + std::to_string(r.ticket_id),
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
