// The writes of one turn (CommitTurn's record), ticket numbers, and the reads
// of conversations and idempotency keys; declared in pg_ops.h.
#include <limits>

#include "engine/store/pg/pg_ops.h"
#include "engine/store/state_json.h"

namespace frontdesk::store_internal::pg {
namespace {

// Columns 0..11 of every message query below, in this order.
#define FRONTDESK_PG_MESSAGE_COLUMNS                                               \
  "m.id, m.conversation_id, m.direction, m.channel, m.sender, m.subject, m.body, " \
  "m.language, m.external_id, COALESCE(m.ticket_id, 0), m.created_at, "            \
  "COALESCE(d.decision_json, '') "

void ReadMessageRow(const pqxx::row& r, StoredMessage* m) {
  m->id = Int(r[0]);
  m->conversation_id = Text(r[1]);
  m->direction = Text(r[2]);
  m->channel = Text(r[3]);
  m->sender = Text(r[4]);
  m->subject = Text(r[5]);
  m->text = Text(r[6]);
  m->language = Text(r[7]);
  m->external_id = Text(r[8]);
  m->ticket_id = Int(r[9]);
  m->created_unix = Int(r[10]);
  m->decision_json = Text(r[11]);
}

// The customer row for `address`, created on first contact; 0 = no address.
int64_t UpsertCustomer(Tx& t, const std::string& address, int64_t at) {
  if (address.empty()) return 0;
  return Int(t.One("INSERT INTO customers (address, first_seen, last_seen) VALUES ($1, $2, $2) "
                   "ON CONFLICT (address) DO UPDATE SET "
                   "last_seen = GREATEST(customers.last_seen, EXCLUDED.last_seen) RETURNING id",
                   address, at)[0]);
}

// Upserting the row also locks it until the turn commits: turns of one
// conversation are stored one after the other, whichever node took them.
void SaveConversation(Tx& t, const TurnRow& row, int64_t customer_id) {
  const TurnRecord& r = *row.record;
  t.Run("INSERT INTO conversations (id, customer_id, channel, state_json, created_at, updated_at) "
        "VALUES ($1, NULLIF($2::bigint, 0), $3, $4, $5, $5) ON CONFLICT (id) DO UPDATE SET "
        "state_json = EXCLUDED.state_json, updated_at = EXCLUDED.updated_at, "
        "customer_id = COALESCE(conversations.customer_id, EXCLUDED.customer_id)",
        r.conversation_id, customer_id, r.message.channel, row.state_json, row.at);
}

Status ReopenTicket(Tx& t, const TurnRow& row) {
  const TurnRecord& r = *row.record;
  Ticket tk;
  Status s = ReadTicket(t, r.ticket_id, &tk, /*for_update=*/true);
  if (!s.ok()) return s;
  if (tk.conversation_id != r.conversation_id)
    return Status::NotFound("conversation has no ticket " + std::to_string(r.ticket_id));
  t.Run("UPDATE tickets SET status = 'open', assignee = '', updated_at = $1 WHERE id = $2", row.at,
        r.ticket_id);
  InsertAudit(t, {0, 0, "customer", "ticket.reopen", "ticket:" + std::to_string(r.ticket_id),
                  "status " + tk.status + " -> open, assignee '" + tk.assignee + "' -> ''"},
              row.at);
  return Status::Ok();
}

// Creates the turn's new ticket, or touches the conversation's open one.
Status SaveTicket(Tx& t, const TurnRow& row) {
  const TurnRecord& r = *row.record;
  if (r.ticket_id == 0) return Status::Ok();
  if (r.reopen_ticket) return ReopenTicket(t, row);
  if (!r.open_ticket) {
    pqxx::result u = t.Run("UPDATE tickets SET updated_at = $1 WHERE id = $2 AND conversation_id = $3",
                           row.at, r.ticket_id, r.conversation_id);
    if (u.affected_rows() == 0)
      return Status::NotFound("conversation has no ticket " + std::to_string(r.ticket_id));
    return Status::Ok();
  }
  // The sequence's last value is shared by every session: a number above it
  // was never handed out by NextTicketId.
  const int64_t last =
      Int(t.One("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ticket_ids")[0]);
  if (r.ticket_id > last) {
    return Status::InvalidArgument("ticket id " + std::to_string(r.ticket_id) +
                                   " was not allocated by NextTicketId");
  }
  t.Run("INSERT INTO tickets (id, conversation_id, queue, priority, status, assignee, reason, "
        "due_at, created_at, updated_at) VALUES ($1, $2, $3, $4, 'open', '', $5, $6, $7, $7)",
        r.ticket_id, r.conversation_id, row.queue, row.priority, row.reason, row.due_unix, row.at);
  return Status::Ok();
}

void InsertDecision(Tx& t, int64_t message_id, const TurnRow& row) {
  const Decision& d = row.record->decision;
  t.Run("INSERT INTO decisions (message_id, route, intent, decision_json, trace_json, faq_entry) "
        "VALUES ($1, $2, CASE WHEN $7::boolean THEN $3 END, $4, $5, $6)",
        message_id, std::string(RouteName(d.route)), d.intent.value_or(""), row.decision_json,
        row.trace_json, d.faq_entry, d.intent.has_value());
}

const std::string& Language(const TurnRecord& r) {
  return r.decision.language.empty() ? r.message.language : r.decision.language;
}

void SaveReply(Tx& t, const TurnRow& row) {
  const TurnRecord& r = *row.record;
  const Message& m = r.message;
  if (r.decision.reply.empty()) return;
  static const std::string kBot;  // the bot's replies have no sender
  int64_t out_id = InsertMessage(t, {&r.conversation_id, "out", &m.channel, &kBot, &m.subject,
                                     &r.decision.reply, &Language(r), &kBot, r.ticket_id, row.at});
  if (!r.outbox) return;
  OutboxItem o;
  o.channel = m.channel;
  o.recipient = m.from;
  o.subject = m.subject;
  o.body = r.decision.reply;
  o.in_reply_to = m.id;
  InsertOutbox(t, out_id, o, row.at);
}

}  // namespace

int64_t PgLimit(size_t limit) {
  if (limit > static_cast<size_t>(std::numeric_limits<int64_t>::max())) return 0;
  return static_cast<int64_t>(limit);
}

Status WriteTurn(Tx& t, const TurnRow& row, TurnResult* result) {
  const TurnRecord& r = *row.record;
  const Message& m = r.message;
  *result = TurnResult();
  if (!r.idempotency_key.empty()) {
    // Held until commit: a retry racing the first attempt on another node
    // waits here, then finds the first one's row.
    t.Run("SELECT pg_advisory_xact_lock(1717859188, hashtext($1))", r.idempotency_key);
    bool found = false;
    Status s = LookupIdempotencyKey(t, r.idempotency_key, result, &found);
    if (!s.ok() || found) {
      result->duplicate = found;
      return s;
    }
  }
  int64_t customer_id = UpsertCustomer(t, m.from, row.at);
  SaveConversation(t, row, customer_id);
  Status s = SaveTicket(t, row);
  if (!s.ok()) return s;
  int64_t in_id = InsertMessage(t, {&r.conversation_id, "in", &m.channel, &m.from, &m.subject,
                                    &m.text, &Language(r), &m.id, r.ticket_id, row.at});
  InsertDecision(t, in_id, row);
  if (r.notify) {
    t.Run("INSERT INTO ticket_notices (event, ticket_id, message_id, created_at) "
          "VALUES ($1, $2, $3, $4)",
          std::string(r.reopen_ticket ? "ticket.reopened" : "ticket.opened"), r.ticket_id, in_id,
          row.at);
  }
  SaveReply(t, row);
  if (!r.chat_reply_json.empty()) {
    ChatEvent e;
    e.conversation_id = r.conversation_id;
    e.kind = "reply";
    e.data_json = r.chat_reply_json;
    e.created_unix = row.at;
    s = WriteChatEvent(t, e, row.at, &result->chat_event_id);
    if (!s.ok()) return s;
  }
  if (!r.idempotency_key.empty()) {
    t.Run("INSERT INTO idempotency_keys (key, message_id, created_at) VALUES ($1, $2, $3)",
          r.idempotency_key, in_id, row.at);
  }
  // A customer message on a ticket is what the agents' event streams
  // report (TicketDesk::Activity): sent at commit to every node's
  // WatchPgEvents, so that their streams read it at once, not at a poll.
  if (r.ticket_id != 0) t.Run("SELECT pg_notify('frontdesk_desk_events', current_schema())");
  result->decision_json = row.decision_json;
  result->message_id = in_id;
  result->ticket_id = r.ticket_id;
  return Status::Ok();
}

Status NextTicketId(Tx& t, int64_t* id) {
  // A sequence: unique across every node, never rolled back, never waits.
  *id = Int(t.One("SELECT nextval('ticket_ids')")[0]);
  return Status::Ok();
}

Status LookupIdempotencyKey(Tx& t, const std::string& key, TurnResult* out, bool* found) {
  pqxx::result r = t.Run(
      "SELECT d.decision_json, k.message_id, COALESCE(m.ticket_id, 0) "
      "FROM idempotency_keys k JOIN decisions d ON d.message_id = k.message_id "
      "JOIN messages m ON m.id = k.message_id WHERE k.key = $1",
      key);
  *found = !r.empty();
  if (*found) {
    out->decision_json = Text(r[0][0]);
    out->message_id = Int(r[0][1]);
    out->ticket_id = Int(r[0][2]);
  }
  return Status::Ok();
}

Status ReadConversationState(Tx& t, const std::string& id, ConversationState* out, bool* found) {
  pqxx::result r = t.Run("SELECT state_json FROM conversations WHERE id = $1", id);
  *found = !r.empty();
  if (!*found) return Status::Ok();
  return StateFromJson(Text(r[0][0]), out);
}

Status ReadConversationMessages(Tx& t, const std::string& id, std::vector<StoredMessage>* out) {
  out->clear();
  pqxx::result r = t.Run("SELECT " FRONTDESK_PG_MESSAGE_COLUMNS
                         "FROM messages m LEFT JOIN decisions d ON d.message_id = m.id "
                         "WHERE m.conversation_id = $1 ORDER BY m.id",
                         id);
  for (const pqxx::row& row : r) ReadMessageRow(row, &out->emplace_back());
  return Status::Ok();
}

Status ReadMessagesSince(Tx& t, int64_t since_unix, size_t limit, std::vector<StoredMessage>* out) {
  out->clear();
  pqxx::result r = t.Run("SELECT " FRONTDESK_PG_MESSAGE_COLUMNS
                         "FROM messages m LEFT JOIN decisions d ON d.message_id = m.id "
                         "WHERE m.created_at >= $1 AND m.direction = 'in' "
                         "ORDER BY m.created_at, m.id LIMIT NULLIF($2::bigint, 0)",
                         since_unix, PgLimit(limit));
  for (const pqxx::row& row : r) ReadMessageRow(row, &out->emplace_back());
  return Status::Ok();
}

#undef FRONTDESK_PG_MESSAGE_COLUMNS

}  // namespace frontdesk::store_internal::pg
