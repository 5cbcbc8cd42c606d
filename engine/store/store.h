// Store: what frontdesk remembers — customers, conversations, messages in and
// out, decisions with their trace, tickets, the outbox of replies to send and
// the audit log of agent and admin actions.
//
// The engine and the adapters see only this interface. The SQLite
// implementation is opened with OpenSqliteStore() (engine/store/sqlite_store.h),
// the PostgreSQL one, for several nodes on one database, with OpenPgStore()
// (engine/store/pg/pg_store.h, which says where the two differ).
//
// Durability: a write (CommitTurn, NextTicketId, UpdateTicket, AddTicketReply,
// ClaimTicket, AddTicketNote, AddAgent, RemoveAgent, MarkOutbox*, Audit,
// AddApiKey, RemoveApiKey, AddChatSession, SetChatContact, AddChatEvent,
// ExpireIdempotencyKeys, ChargeAttempt, ForgiveAttempt) returns OK only after
// it is committed to disk at the store's durability setting. A non-OK Status means nothing of that call was
// stored, so an adapter must never acknowledge a message whose CommitTurn
// failed. Writes that arrive together may share one transaction (group
// commit); each still succeeds or fails on its own.
//
// Consistency: a read sees every write that returned OK before the read began.
//
// Thread safety: every method may be called concurrently from any number of
// threads. Several Store objects (in one or several processes) may share one
// database.
//
// Errors: kInvalidArgument for a record that breaks a REQUIRES, kNotFound for
// a ticket, outbox item, API key or chat session that does not exist,
// kUnavailable when the database stayed locked past the busy timeout,
// kIoError / kInternal otherwise.
#ifndef FRONTDESK_ENGINE_STORE_STORE_H_
#define FRONTDESK_ENGINE_STORE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frontdesk/conversation.h"
#include "frontdesk/decision.h"
#include "frontdesk/message.h"
#include "frontdesk/status.h"

namespace frontdesk {

// Everything one incoming message produced; CommitTurn stores it atomically:
// the customer, the message, the conversation state, the decision and its
// trace, the reply, a new ticket or the link to the open one, the outbox entry
// and the idempotency key.
struct TurnRecord {
  // Opaque key of a client's retry: the Idempotency-Key header of
  // POST /v1/messages or an e-mail's Message-ID. Namespace it per channel
  // ("api:...", "email:..."). At most 512 bytes. "" = none.
  std::string idempotency_key;
  int64_t received_unix = 0;    // when the message arrived, seconds; 0 = the store's clock
  Message message;              // the incoming message as the adapter handed it over
  std::string conversation_id;  // REQUIRES: non-empty
  // The conversation after this turn; stored with its id set to conversation_id.
  ConversationState state_after;
  Decision decision;  // route, intent, reply, trace
  // The exact JSON returned to the client, replayed on a retry.
  // "" = DecisionToJson(decision).dump().
  std::string decision_json;
  // The ticket this message belongs to: a new one (open_ticket) or the
  // conversation's open ticket (a human owns the conversation). 0 = none.
  int64_t ticket_id = 0;
  // Create ticket `ticket_id`. REQUIRES: ticket_id came from NextTicketId()
  // and decision.ticket == ticket_id, so the reply that names the number and
  // the ticket row agree.
  bool open_ticket = false;
  std::string ticket_queue;     // "" = decision.escalation's queue, else "general"
  std::string ticket_priority;  // "" = decision.escalation's priority, else "normal"
  std::string ticket_reason;    // "" = decision.escalation's reason
  // When an agent should have answered; 0 = decision.escalation's (0 = none).
  int64_t ticket_due_unix = 0;
  // Reopen ticket `ticket_id`, which an agent resolved: the customer answered
  // it. It goes back to the open queue unassigned (the agent who solved it
  // may be off shift by now), audited as "ticket.reopen" by "customer".
  // REQUIRES: not open_ticket; the ticket belongs to conversation_id.
  bool reopen_ticket = false;
  // Record a TicketNotice ("ticket.opened" / "ticket.reopened") for the
  // notifier, in this turn's transaction. Only with open_ticket or
  // reopen_ticket.
  bool notify = false;
  // Queue decision.reply for delivery to message.from (e-mail channel).
  // REQUIRES: message.from and decision.reply non-empty.
  bool outbox = false;
  // The chat event (kind "reply") that carries decision.reply to the
  // visitor's other tabs, stored in the turn's own transaction: one commit,
  // one fsync per chat message. REQUIRES: a JSON object. "" = none.
  std::string chat_reply_json;
};

struct TurnResult {
  bool duplicate = false;     // the idempotency key was already stored; nothing new was written
  std::string decision_json;  // the stored decision: this turn's, or the first one's on a retry
  int64_t message_id = 0;     // the stored incoming message (the first one's on a retry)
  int64_t ticket_id = 0;      // the message's ticket, 0 = none
  int64_t chat_event_id = 0;  // the stored chat_reply_json event, 0 = none
};

struct StoredMessage {
  int64_t id = 0;
  std::string conversation_id;
  std::string direction;  // "in" (customer) or "out" (bot or agent reply)
  std::string channel;
  std::string sender;  // customer address; agent name for an agent's reply; "" = the bot
  std::string subject;
  std::string text;
  std::string language;
  std::string external_id;  // Message::id of an incoming message
  int64_t created_unix = 0;
  int64_t ticket_id = 0;      // 0 = none
  std::string decision_json;  // incoming messages: the decision returned for it
};

struct Ticket {
  int64_t id = 0;
  std::string conversation_id;
  std::string queue;
  std::string priority;
  std::string status;    // open | pending | solved | closed
  std::string assignee;  // "" = unassigned
  std::string reason;    // id of the rule that escalated
  int64_t due_unix = 0;  // 0 = no due time
  int64_t created_unix = 0;
  int64_t updated_unix = 0;
  int64_t first_response_unix = 0;  // an agent's first reply; 0 = none yet
  int64_t solved_unix = 0;          // last solved; 0 = never
};

struct TicketFilter {
  std::string status;    // "" = any
  std::string queue;     // "" = any
  std::string assignee;  // "" = any
  size_t limit = 100;    // most tickets returned, oldest due first
  std::string priority;  // "" = any
};

// A change an agent or admin makes; recorded with an audit entry in the same
// transaction. Solving or closing a ticket hands its conversation back to the
// bot (the stored state's `human` is cleared and `ticket` reset).
struct TicketUpdate {
  std::optional<std::string> status;    // open | pending | solved | closed
  std::optional<std::string> assignee;  // "" = unassign
  std::string actor;                    // REQUIRES: non-empty (who did it)
  std::string action = "ticket.update";  // the audit entry's action, e.g. "ticket.resolve"
  // When it solves the ticket: the conversation remembers it
  // (ConversationState::resolved_ticket), so that the customer's answer
  // reopens it. false = a hand-back: the bot takes the next message.
  bool reopen_on_reply = false;
};

// An agent's reply on a ticket: stored as an outgoing message of the ticket's
// conversation and, if `send`, queued on the outbox to the customer.
struct TicketReply {
  int64_t ticket_id = 0;
  std::string actor;  // REQUIRES: non-empty
  std::string text;   // REQUIRES: non-empty
  bool send = true;
  // Where `send` delivers: "" = the customer's address on record; else this
  // address (a chat visitor's unverified contact address, ChatSession), and
  // the outbox row is an e-mail (channel "email") whatever the
  // conversation's channel. Threading (In-Reply-To) is the same either way.
  std::string recipient;
  std::string subject;  // "" = the subject of the customer's last message
};

struct OutboxItem {
  int64_t id = 0;
  int64_t message_id = 0;  // the outgoing message this delivers
  std::string channel;
  std::string recipient;
  std::string subject;  // subject of the message answered
  std::string body;
  std::string in_reply_to;  // Message::id of the message answered ("" = none)
  int attempts = 0;
  std::string last_error;
  int64_t created_unix = 0;
};

// Something that happened to a ticket that people must hear of: a ticket
// opened (a new escalation) or reopened (the customer answered a resolved
// one). Delivered by the notifier by webhook (with retries, then dead) and
// by e-mail to the queue's address through the outbox.
struct TicketNotice {
  int64_t id = 0;
  std::string event;       // "ticket.opened" | "ticket.reopened"
  int64_t ticket_id = 0;
  int64_t message_id = 0;  // the customer message that caused it
  int attempts = 0;        // webhook attempts so far
  bool mailed = false;     // the queue's e-mail is on the outbox (or needs none)
  bool webhook_due = false;  // the webhook waits for an attempt now
  std::string last_error;
  int64_t created_unix = 0;
};

// A customer's satisfaction with a resolved ticket. One per ticket.
struct Rating {
  int64_t ticket_id = 0;  // REQUIRES: an existing ticket
  int score = 0;          // REQUIRES: 1..5
  std::string comment;    // at most 2,000 bytes
  std::string channel;    // where it came from: "chat" | "link"
  int64_t created_unix = 0;  // set by the store
  int64_t updated_unix = 0;  // set by the store
};

// The raw figures of GET /v1/stats for tickets and conversations created
// (tickets solved, ratings given) at or after a time.
struct ServiceFigures {
  std::vector<int64_t> resolution_seconds;      // solved_at - created_at of tickets solved
  std::vector<int64_t> first_response_seconds;  // first reply - created_at
  std::vector<int> scores;                      // ratings
  int64_t conversations = 0;                    // started
  int64_t conversations_with_ticket = 0;        // of those, ever handed to a person
};

// Due-time figures over every ticket, for /metrics.
struct DueFigures {
  int64_t open_past_due = 0;  // open or pending, unanswered, past due now
  int64_t breaches = 0;       // ever answered late or still unanswered past due
};

struct AuditEntry {
  int64_t id = 0;       // set by the store
  int64_t at_unix = 0;  // 0 = the store's clock
  std::string actor;    // REQUIRES: non-empty
  std::string action;   // e.g. "ticket.update", "pack.reload"; REQUIRES: non-empty
  std::string target;   // e.g. "ticket:17"
  std::string detail;   // short note; never a message body
};

// An integration API key (`frontdesk key add NAME`). The secret is never
// stored: only its SHA-256, compared in constant time by the adapter.
struct ApiKey {
  int64_t id = 0;            // set by the store; part of the token the client sends
  std::string name;          // REQUIRES: 1..100 bytes, unique among keys
  std::string secret_hash;   // lower-case hex SHA-256 of the secret; REQUIRES: 64 hex chars
  int64_t created_unix = 0;  // 0 = the store's clock
};

// A person who works tickets (`frontdesk agent add NAME --role ROLE`). As
// with API keys, only the SHA-256 of the token's secret is stored. A removed
// agent's row stays (the audit log names it) but opens nothing, and its name
// cannot be given to a new agent.
struct Agent {
  int64_t id = 0;            // set by the store; part of the token the agent sends
  std::string name;          // REQUIRES: 1..100 bytes, unique among agents
  std::string role;          // REQUIRES: "agent" (works tickets) or "admin" (also administers)
  std::string token_hash;    // lower-case hex SHA-256 of the secret; REQUIRES: 64 hex chars
  int64_t created_unix = 0;  // 0 = the store's clock
};

// An agent's internal note on a ticket: shown to agents, never to the customer.
struct TicketNote {
  int64_t id = 0;         // set by the store
  int64_t ticket_id = 0;  // REQUIRES: an existing ticket
  std::string author;     // REQUIRES: non-empty
  std::string text;       // REQUIRES: non-empty
  int64_t created_unix = 0;  // 0 = the store's clock
};

// An anonymous web-chat visitor's session: the token proves the visitor, the
// session names the one conversation that token may open.
struct ChatSession {
  std::string id;               // public, random; REQUIRES: 1..100 bytes, unique
  std::string token_hash;       // lower-case hex SHA-256 of the token; REQUIRES: 64 hex chars
  std::string conversation_id;  // REQUIRES: non-empty
  std::string language;         // the page's language ("" = detect)
  int64_t created_unix = 0;     // 0 = the store's clock
  // An e-mail address the visitor left ("continue by e-mail", outside
  // business hours), "" = none. Unverified: agents' replies are also
  // e-mailed there, but it never proves who the visitor is (lookups, the
  // conversation's customer). Set by SetChatContact, never by AddChatSession.
  std::string contact_email;
};

// Something a chat visitor's event stream delivers: a bot reply, an agent
// joining, an agent's message, an agent leaving, the request to rate a
// resolved ticket. Ids grow; a stream resumes after the last id it saw
// (Last-Event-ID).
struct ChatEvent {
  int64_t id = 0;               // set by the store
  std::string conversation_id;  // REQUIRES: non-empty
  std::string kind;  // "reply" | "agent_joined" | "agent_message" | "agent_left" | "rating_request"
  std::string data_json;        // the event's data; REQUIRES: a JSON object
  int64_t created_unix = 0;     // 0 = the store's clock
};

// An inbound e-mail as received, stored before it is decided so that an
// accepted mail is never lost (a crash between the two leaves it here, and
// the MTA's retry finds it).
struct InboundMail {
  int64_t id = 0;             // set by the store
  std::string key;            // "email:<Message-ID>"; REQUIRES: 1..512 bytes; unique
  std::string sender;         // the From address ("" = none)
  std::string raw;            // the message's bytes as received
  int64_t received_unix = 0;  // 0 = the store's clock
  std::string result_json;    // what `mail deliver --json` answered; "" = not decided yet
};

// Where an inbound mail belongs (engine/store/mail_ops.cc). A Message-ID of
// one of our own mails joins its conversation (those ids are unguessable);
// an earlier inbound Message-ID or a "[#N]" ticket tag joins only when the
// sender is that conversation's customer, since anyone can copy those.
struct MailThreadQuery {
  std::vector<std::string> message_ids;  // In-Reply-To, then References newest first; no <>
  int64_t ticket_id = 0;                 // from a "[#N]" subject tag, 0 = none
  std::string sender;                    // the From address, lower case
};
struct MailThread {
  std::string conversation_id;
  std::string how;  // "outbox:<id>", "message:<id>" or "ticket:<id>"
};

// An outbox item claimed for delivery by mail (ClaimOutbox).
struct MailDelivery {
  OutboxItem item;
  // The Message-ID it is sent with, without <>: set at the first claim and
  // kept, so a retry sends the same id and replies find the conversation.
  std::string mail_message_id;
  int64_t ticket_id = 0;         // the outgoing message's ticket, 0 = none
  bool from_bot = true;          // the bot's reply (an agent's answer: false)
  std::string conversation_id;   // "" = the item has no stored message
};

// One failed owner check charged to counters that every node shares
// (Store::ChargeAttempt). The counters are opaque to the store: the limiter
// hands in keyed hashes, never the e-mails or postcodes they count.
struct AttemptCharge {
  struct Counter {
    std::string id;  // REQUIRES: non-empty, at most 128 bytes
    int limit = 0;   // REQUIRES: > 0; failures allowed in the window
  };
  std::vector<Counter> counters;
  std::string attempt;         // REQUIRES: non-empty, unique; ForgiveAttempt's key
  int64_t now_unix = 0;        // REQUIRES: > 0
  int64_t window_seconds = 0;  // REQUIRES: > 0
};

// Counters for /metrics.
struct StoreStats {
  uint64_t commits = 0;        // write transactions committed
  uint64_t writes = 0;         // writes acknowledged (several per commit with group commit)
  uint64_t failed_writes = 0;  // writes that returned an error
  uint64_t largest_batch = 0;  // most writes in one commit
  uint64_t checkpoints = 0;    // WAL checkpoints run off the writer thread
  uint64_t checkpoint_catch_ups = 0;  // ... and by the writer, when those fell behind
};

class Store {
 public:
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  // Stores one turn; returns once it is durable. If record.idempotency_key is
  // already stored, writes nothing and returns the first turn's decision with
  // result->duplicate = true. On error *result is left empty.
  virtual Status CommitTurn(const TurnRecord& record, TurnResult* result) = 0;
  // Allocates a ticket number (unique across every Store on the database) to
  // put in the reply before CommitTurn opens the ticket. A number that is
  // never used leaves a gap.
  virtual Status NextTicketId(int64_t* id) = 0;

  // *found = false (and *out untouched) for a conversation never stored.
  virtual Status LoadConversation(const std::string& id, ConversationState* out, bool* found) = 0;
  // The decision stored under an idempotency key, to answer a retry early.
  virtual Status FindByIdempotencyKey(const std::string& key, std::string* decision_json,
                                      bool* found) = 0;
  // Every message of a conversation, in and out, oldest first.
  virtual Status ListConversation(const std::string& conversation_id,
                                  std::vector<StoredMessage>* out) = 0;
  // Incoming messages received at or after `since_unix`, oldest first, with
  // their decisions (for `frontdesk replay`). limit 0 = no limit.
  virtual Status ListMessagesSince(int64_t since_unix, size_t limit,
                                   std::vector<StoredMessage>* out) = 0;

  virtual Status GetTicket(int64_t id, Ticket* out) = 0;
  virtual Status ListTickets(const TicketFilter& filter, std::vector<Ticket>* out) = 0;
  virtual Status UpdateTicket(int64_t id, const TicketUpdate& update) = 0;
  // *message_id = the stored outgoing message.
  virtual Status AddTicketReply(const TicketReply& reply, int64_t* message_id) = 0;

  // Outbox items due for (re)delivery, oldest first.
  virtual Status PendingOutbox(size_t limit, std::vector<OutboxItem>* out) = 0;
  virtual Status MarkOutboxSent(int64_t id) = 0;
  // Records a failed attempt; retry at `retry_at_unix`, or 0 = give up.
  virtual Status MarkOutboxFailed(int64_t id, const std::string& error, int64_t retry_at_unix) = 0;

  // E-mail. SaveInboundMail stores mail->raw under mail->key and sets
  // mail->id; a key stored before writes nothing, sets *seen_before and
  // fills *mail from the stored row. FinishInboundMail records the answer
  // given for it (kNotFound for an unknown id).
  virtual Status SaveInboundMail(InboundMail* mail, bool* seen_before) = 0;
  virtual Status FinishInboundMail(int64_t id, const std::string& result_json) = 0;
  // *found = false when nothing matches (see MailThreadQuery).
  virtual Status FindMailThread(const MailThreadQuery& query, MailThread* out, bool* found) = 0;
  // The bot's replies queued to `recipient` since `since_unix` (the loop
  // guard's per-sender cap).
  virtual Status CountAutoReplies(const std::string& recipient, int64_t since_unix,
                                  int64_t* count) = 0;
  // Claims up to `limit` outbox items due now (pending and due, or claimed
  // by a sender whose lease ran out) for `lease_seconds`: they are
  // 'sending' and no other claim takes them until then. An item without a
  // Message-ID gets "fd.<outbox id>.<random>@<id_domain>". Then
  // MarkOutboxSent or MarkOutboxFailed. REQUIRES: id_domain non-empty.
  virtual Status ClaimOutbox(size_t limit, int64_t lease_seconds, const std::string& id_domain,
                             std::vector<MailDelivery>* out) = 0;
  // How many outbox items are 'pending' (queued, due now or later),
  // 'sending' (claimed) and 'failed' (given up), for /metrics.
  virtual Status CountOutbox(std::map<std::string, int64_t>* by_status) = 0;

  // How many stored messages each FAQ entry answered (Decision::faq_entry),
  // by entry id; entries never used are absent.
  virtual Status FaqHitCounts(std::map<std::string, int64_t>* out) = 0;

  virtual Status Audit(const AuditEntry& entry) = 0;

  // API keys. AddApiKey sets key->id; a name already used is
  // kInvalidArgument. FindApiKey: kNotFound for an unknown id. RemoveApiKey:
  // kNotFound for an unknown name; a removed key opens nothing from then on.
  virtual Status AddApiKey(ApiKey* key) = 0;
  virtual Status FindApiKey(int64_t id, ApiKey* out) = 0;
  virtual Status ListApiKeys(std::vector<ApiKey>* out) = 0;  // by id
  virtual Status RemoveApiKey(const std::string& name) = 0;

  // Agents. AddAgent sets agent->id; a name used before (even by a removed
  // agent) is kInvalidArgument. FindAgent: kNotFound for an unknown or
  // removed id. ListAgents: the live agents, by id. RemoveAgent: kNotFound
  // for a name with no live agent; the agent opens nothing from then on.
  virtual Status AddAgent(Agent* agent) = 0;
  virtual Status FindAgent(int64_t id, Agent* out) = 0;
  virtual Status ListAgents(std::vector<Agent>* out) = 0;
  virtual Status RemoveAgent(const std::string& name) = 0;

  // Makes `agent` the ticket's assignee if it has none or has `agent`
  // already: one conditional UPDATE, so of two agents racing exactly one
  // wins. *claimed says whether this call owns it; *out is the ticket after
  // the call (its assignee: the owner). kNotFound for an unknown ticket.
  // Audited ("ticket.claim") in the same transaction when it changes hands.
  virtual Status ClaimTicket(int64_t id, const std::string& agent, bool* claimed, Ticket* out) = 0;
  // Stores an internal note (sets note->id), audited ("ticket.note") in the
  // same transaction. kNotFound for an unknown ticket.
  virtual Status AddTicketNote(TicketNote* note) = 0;
  virtual Status ListTicketNotes(int64_t ticket_id, std::vector<TicketNote>* out) = 0;  // oldest first

  // Chat sessions: created once; only their contact address changes.
  // FindChatSession: kNotFound for an unknown id.
  virtual Status AddChatSession(const ChatSession& session) = 0;
  virtual Status FindChatSession(const std::string& id, ChatSession* out) = 0;
  // The session whose conversation is `conversation_id`; kNotFound if none.
  virtual Status FindChatSessionOfConversation(const std::string& conversation_id,
                                               ChatSession* out) = 0;
  // Sets (or replaces) the session's contact address, audited
  // ("chat.contact", without the address) in the same transaction.
  // kInvalidArgument for an empty address or one over 254 bytes; kNotFound
  // for an unknown session.
  virtual Status SetChatContact(const std::string& session_id, const std::string& email) = 0;
  // Chat events. AddChatEvent sets event->id. ListChatEvents gives the
  // conversation's events with id > after_id, oldest first, at most `limit`
  // (0 = no limit).
  virtual Status AddChatEvent(ChatEvent* event) = 0;
  virtual Status ListChatEvents(const std::string& conversation_id, int64_t after_id, size_t limit,
                                std::vector<ChatEvent>* out) = 0;

  // Forgets idempotency keys stored before `before_unix`, so that a retry
  // is answered from the first decision only for a while (the messages and
  // decisions stay). *removed = how many.
  virtual Status ExpireIdempotencyKeys(int64_t before_unix, int64_t* removed) = 0;
  // The newest `limit` entries, newest first.
  virtual Status ListAudit(size_t limit, std::vector<AuditEntry>* out) = 0;

  // Ticket notices whose webhook is due (pending, next attempt now or
  // earlier) or whose e-mail is not yet queued, oldest first.
  virtual Status PendingNotices(size_t limit, std::vector<TicketNotice>* out) = 0;
  // Marks the notice's e-mail done, queuing `mail` (if non-null) on the
  // outbox in the same transaction, so that it is queued once.
  virtual Status MarkNoticeMailed(int64_t id, const OutboxItem* mail) = 0;
  // Takes the notice's due webhook attempt for the caller until
  // `lease_until_unix`: *claimed = false when it is not due (another node
  // took it first, or it was sent). Until the lease ends nobody else gets it
  // (PendingNotices lists it without webhook_due), so of several nodes one
  // posts it; a node that dies mid-attempt leaves it to another after the
  // lease. MarkNoticeSent/Failed end the lease.
  virtual Status ClaimNoticeWebhook(int64_t id, int64_t lease_until_unix, bool* claimed) = 0;
  // The webhook was accepted; or failed: retry at `retry_at_unix`, 0 = dead.
  virtual Status MarkNoticeSent(int64_t id) = 0;
  virtual Status MarkNoticeFailed(int64_t id, const std::string& error, int64_t retry_at_unix) = 0;
  // Notices by webhook status ("pending", "sent", "dead").
  virtual Status CountNotices(std::map<std::string, int64_t>* out) = 0;

  // Queues one e-mail on the outbox (not a reply to a turn: e.g. a rating
  // request). REQUIRES: item.message_id an existing message (the one it
  // follows), recipient and body non-empty. *id = the outbox row.
  virtual Status EnqueueMail(const OutboxItem& item, int64_t* id) = 0;

  // Stores a rating; one per ticket, a second replaces the first.
  // kInvalidArgument outside 1..5; kNotFound for an unknown ticket.
  virtual Status PutRating(const Rating& rating) = 0;
  virtual Status GetRating(int64_t ticket_id, Rating* out, bool* found) = 0;
  virtual Status ReadServiceFigures(int64_t since_unix, ServiceFigures* out) = 0;
  virtual Status ReadDueFigures(int64_t now_unix, DueFigures* out) = 0;

  // The key named `name` (32 random bytes, hex), made on first use; the
  // same on every node and after a restart.
  virtual Status ServerKey(const std::string& name, std::string* key_hex) = 0;

  // Owner-check attempts. Atomically across nodes: when any counter already
  // holds `limit` failures in (now - window, now], sets *allowed = false and
  // stores nothing; otherwise charges one failure to each counter, sets
  // *allowed = true and *exhausted when this one used up a limit. Failures
  // older than their window are removed as charges go by.
  virtual Status ChargeAttempt(const AttemptCharge& charge, bool* allowed, bool* exhausted) = 0;
  // Removes what ChargeAttempt charged for `attempt` (it proved ownership, or
  // failed on our side). An unknown attempt is not an error.
  virtual Status ForgiveAttempt(const std::string& attempt) = 0;
  // Failures charged to `counter` after since_unix.
  virtual Status CountAttempts(const std::string& counter, int64_t since_unix, int64_t* count) = 0;

  virtual StoreStats Stats() const = 0;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_STORE_STORE_H_
