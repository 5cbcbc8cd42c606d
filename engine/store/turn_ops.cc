// The writes of one turn (CommitTurn's record) and ticket numbers; declared
// in write_ops.h.
#include <nlohmann/json.hpp>

#include "engine/store/channel_ops.h"
#include "engine/store/read_ops.h"
#include "engine/store/state_json.h"
#include "engine/store/write_ops.h"

namespace frontdesk::store_internal {
namespace {

constexpr size_t kMaxKeyBytes = 512;

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
  BindIdOrNull(*q, 2, customer_id);  // NULL: no sender address
  q->bind(3, r.message.channel);
  q->bind(4, row.state_json);
  q->bind(5, row.at);
  q->exec();
}

// The customer answered a resolved ticket: it is open again, unassigned
// (whoever solved it may be off shift by now; the audit entry names them),
// so that any agent can take it.
Status ReopenTicket(Connection& c, const TurnRow& row) {
  const TurnRecord& r = *row.record;
  Ticket t;
  Status s = ReadTicket(c, r.ticket_id, &t);
  if (!s.ok()) return s;
  if (t.conversation_id != r.conversation_id)
    return Status::NotFound("conversation has no ticket " + std::to_string(r.ticket_id));
  Query q = c.Prepare("UPDATE tickets SET status = 'open', assignee = '', updated_at = ? WHERE id = ?");
  q->bind(1, row.at);
  q->bind(2, r.ticket_id);
  q->exec();
  InsertAudit(c, {0, 0, "customer", "ticket.reopen", "ticket:" + std::to_string(r.ticket_id),
                  "status " + t.status + " -> open, assignee '" + t.assignee + "' -> ''"},
              row.at);
  return Status::Ok();
}

void InsertNotice(Connection& c, const TurnRow& row, int64_t message_id) {
  const TurnRecord& r = *row.record;
  Query q = c.Prepare(
      "INSERT INTO ticket_notices (event, ticket_id, message_id, created_at) VALUES (?, ?, ?, ?)");
  q->bind(1, r.reopen_ticket ? "ticket.reopened" : "ticket.opened");
  q->bind(2, r.ticket_id);
  q->bind(3, message_id);
  q->bind(4, row.at);
  q->exec();
}

// Creates the turn's new ticket, or touches the conversation's open one.
Status SaveTicket(Connection& c, const TurnRow& row) {
  const TurnRecord& r = *row.record;
  if (r.ticket_id == 0) return Status::Ok();
  if (r.reopen_ticket) return ReopenTicket(c, row);
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
  q->bind(6, row.due_unix);
  q->bind(7, row.at);
  q->exec();
  return Status::Ok();
}

void InsertDecision(Connection& c, int64_t message_id, const TurnRow& row) {
  const Decision& d = row.record->decision;
  Query q = c.Prepare(
      "INSERT INTO decisions (message_id, route, intent, decision_json, trace_json, faq_entry) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  q->bind(1, message_id);
  q->bind(2, RouteName(d.route));
  if (d.intent) {
    q->bind(3, *d.intent);
  } else {
    q->bind(3);
  }
  q->bind(4, row.decision_json);
  q->bind(5, row.trace_json);
  q->bind(6, d.faq_entry);
  q->exec();
}

const std::string& Language(const TurnRecord& r) {
  return r.decision.language.empty() ? r.message.language : r.decision.language;
}

// Stores the bot's reply as an outgoing message, and queues it on the outbox
// if the turn asks for delivery.
void SaveReply(Connection& c, const TurnRow& row) {
  const TurnRecord& r = *row.record;
  const Message& m = r.message;
  if (r.decision.reply.empty()) return;
  static const std::string kBot;  // the bot's replies have no sender
  int64_t out_id = InsertMessage(c, {&r.conversation_id, "out", &m.channel, &kBot, &m.subject,
                                     &r.decision.reply, &Language(r), &kBot, r.ticket_id, row.at});
  if (!r.outbox) return;
  OutboxItem o;
  o.channel = m.channel;
  o.recipient = m.from;
  o.subject = m.subject;
  o.body = r.decision.reply;
  o.in_reply_to = m.id;
  InsertOutbox(c, out_id, o, row.at);
}

void SaveIdempotencyKey(Connection& c, const std::string& key, int64_t message_id, int64_t at) {
  Query q =
      c.Prepare("INSERT INTO idempotency_keys (key, message_id, created_at) VALUES (?, ?, ?)");
  q->bind(1, key);
  q->bind(2, message_id);
  q->bind(3, at);
  q->exec();
}

}  // namespace

Status PrepareTurn(const TurnRecord& r, int64_t now_unix, TurnRow* row) {
  if (r.conversation_id.empty()) return Status::InvalidArgument("turn without a conversation id");
  if (r.idempotency_key.size() > kMaxKeyBytes) {
    return Status::InvalidArgument("idempotency key longer than 512 bytes");
  }
  if (r.open_ticket && (r.ticket_id <= 0 || r.decision.ticket != r.ticket_id)) {
    return Status::InvalidArgument(
        "a new ticket needs an id from NextTicketId, named in the decision");
  }
  if (r.reopen_ticket && (r.open_ticket || r.ticket_id <= 0)) {
    return Status::InvalidArgument("a reopened ticket must be an existing one, not a new one");
  }
  if (r.notify && !r.open_ticket && !r.reopen_ticket) {
    return Status::InvalidArgument("a ticket notice needs a new or reopened ticket");
  }
  if (r.outbox && (r.message.from.empty() || r.decision.reply.empty())) {
    return Status::InvalidArgument("outbox reply needs a sender address and a reply");
  }
  row->record = &r;
  row->at = r.received_unix != 0 ? r.received_unix : now_unix;
  ConversationState state = r.state_after;
  state.id = r.conversation_id;
  row->state_json = StateToJson(state);
  // The service hands the JSON it made once for its caller: serializing a
  // decision costs more than storing it (bench/README.md, "HTTP").
  row->trace_json = TraceToJson(r.decision.trace).dump();
  row->decision_json = r.decision_json.empty() ? DecisionToJson(r.decision).dump() : r.decision_json;
  const std::optional<Escalation>& esc = r.decision.escalation;
  row->queue = !r.ticket_queue.empty() ? r.ticket_queue : esc ? esc->queue : "general";
  row->priority = !r.ticket_priority.empty() ? r.ticket_priority : esc ? esc->priority : "normal";
  row->reason = !r.ticket_reason.empty() ? r.ticket_reason : esc ? esc->reason : "";
  row->due_unix = r.ticket_due_unix != 0 ? r.ticket_due_unix : esc ? esc->due_unix : 0;
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
  int64_t in_id = InsertMessage(c, {&r.conversation_id, "in", &m.channel, &m.from, &m.subject,
                                    &m.text, &Language(r), &m.id, r.ticket_id, row.at});
  InsertDecision(c, in_id, row);
  if (r.notify) InsertNotice(c, row, in_id);
  SaveReply(c, row);
  if (!r.chat_reply_json.empty()) {
    ChatEvent e;
    e.conversation_id = r.conversation_id;
    e.kind = "reply";
    e.data_json = r.chat_reply_json;
    e.created_unix = row.at;
    s = WriteChatEvent(c, e, row.at, &result->chat_event_id);
    if (!s.ok()) return s;
  }
  if (!r.idempotency_key.empty()) SaveIdempotencyKey(c, r.idempotency_key, in_id, row.at);
  result->decision_json = row.decision_json;
  result->message_id = in_id;
  result->ticket_id = r.ticket_id;
  return Status::Ok();
}

Status WriteNextTicketId(Connection& c, int64_t* id) {
  Query q =
      c.Prepare("UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value");
  if (!q->executeStep()) return Status::Internal("ticket counter missing");
  *id = q->getColumn(0).getInt64();
  return Status::Ok();
}

}  // namespace frontdesk::store_internal
