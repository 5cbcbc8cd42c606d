// TicketDesk: what an agent does with the tickets the bot opened. The queue,
// a ticket with its transcript (each customer message with the decision the
// bot stored for it, trace included) and its internal notes; claim, reply,
// note, resolve and hand back. The store remembers and audits each action
// in the same transaction; this class decides who may act and delivers
// replies through the customer's channel: a live chat event for a web-chat
// visitor (and an e-mail too, when the visitor left an address to continue
// by e-mail), the outbox (an e-mail to the customer's address) for everyone
// else who gave one.
//
// Ownership: one agent at a time owns a ticket. Claim takes an unowned
// ticket; a reply, resolve or hand-back on an unowned ticket claims it
// first, so two agents acting at once cannot both own it. An action on a
// ticket another agent owns does nothing and says who owns it.
//
// Thread safety: every method may be called concurrently.
#ifndef FRONTDESK_ENGINE_SERVICE_TICKET_DESK_H_
#define FRONTDESK_ENGINE_SERVICE_TICKET_DESK_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/mutex.h"
#include "engine/service/chat_service.h"
#include "engine/service/ratings.h"
#include "engine/store/store.h"
#include "frontdesk/status.h"

namespace frontdesk {

// A ticket as an agent sees it.
struct TicketView {
  Ticket ticket;
  std::string channel;   // of the conversation's last customer message
  std::string customer;  // the customer's address ("" = none, e.g. a chat visitor)
  std::vector<StoredMessage> transcript;  // oldest first; incoming ones with decision_json
  std::vector<TicketNote> notes;          // internal, oldest first
};

// What an action did.
struct DeskOutcome {
  bool taken = false;  // another agent owns the ticket: nothing was done
  Ticket ticket;       // the ticket after the action
  // Reply: "chat" (an event on the visitor's stream), "chat+outbox" (the
  // event, and an e-mail to the address the visitor left, see
  // ChatService::LeaveContact), "outbox" (queued to the customer's address)
  // or "stored" (no way to reach the customer).
  std::string delivered;
  int64_t id = 0;  // Reply: the stored message; Note: the note
};

// Something agents' consoles are told about (GET /v1/agent/events): a
// customer message that opened (or escalated into) a ticket, or one that
// arrived on a ticket a person owns. Never the message's text: the console
// reads it with the ticket.
struct DeskEvent {
  int64_t id = 0;  // the message's id: events are ordered and resumable by it
  std::string kind;  // "ticket_opened" | "ticket_reopened" | "customer_message"
  int64_t ticket = 0;
  std::string conversation_id;
  std::string channel;
  int64_t created_unix = 0;
};

// Where a reader of DeskEvents is: past every message up to id after_id
// (ids grow as messages are stored). since_unix bounds the scan: messages
// stored before it are not read at all.
struct DeskCursor {
  int64_t since_unix = 0;
  int64_t after_id = 0;
};

class TicketDesk {
 public:
  // `chat` may be null (no web chat: chat replies are stored only).
  // REQUIRES: store and chat outlive this object.
  TicketDesk(Store* store, ChatService* chat) : store_(store), chat_(chat) {}
  // Ask customers to rate a resolved ticket (engine/service/ratings.h): a
  // chat visitor gets a "rating_request" event, an e-mail or form customer
  // an e-mail with a link. Null (the default): nobody is asked.
  // REQUIRES: set before serving; outlives this object.
  void set_ratings(Ratings* ratings) { ratings_ = ratings; }
  TicketDesk(const TicketDesk&) = delete;
  TicketDesk& operator=(const TicketDesk&) = delete;

  // Oldest due first (tickets without a due time last).
  Status List(const TicketFilter& filter, std::vector<Ticket>* out) const {
    return store_->ListTickets(filter, out);
  }
  // kNotFound for an unknown ticket.
  Status Get(int64_t id, TicketView* out) const;

  // REQUIRES for every action: `agent` is a live agent's name. kNotFound for
  // an unknown ticket; kInvalidArgument for an empty text.
  Status Claim(const std::string& agent, int64_t id, DeskOutcome* out);
  Status Reply(const std::string& agent, int64_t id, const std::string& text, DeskOutcome* out);
  // Any agent may add a note; it never reaches the customer.
  Status Note(const std::string& agent, int64_t id, const std::string& text, DeskOutcome* out);
  // Solves the ticket; its conversation goes back to the bot, but the
  // customer's next message reopens it (ConversationState::resolved_ticket).
  // The customer is asked for a rating (set_ratings).
  Status Resolve(const std::string& agent, int64_t id, DeskOutcome* out);
  // Gives the conversation back to the bot, which answers the customer's
  // next message; the ticket is solved, audited as a hand-back.
  Status Handback(const std::string& agent, int64_t id, DeskOutcome* out);

  // The events among the next `limit` incoming messages after *cursor,
  // oldest first; moves *cursor past every message read (also those that
  // make no event, such as the bot's own answers).
  Status Activity(DeskCursor* cursor, size_t limit, std::vector<DeskEvent>* out) const;

  // Told that activity was stored (on PostgreSQL, by any node: serve's
  // watch of the store's notifications): wakes WaitForActivity. Thread-safe.
  void ActivityStored();
  // How many times ActivityStored was called; read before Activity, so that
  // activity stored meanwhile is not slept through. Thread-safe.
  uint64_t activity_rings() const;
  // Returns once ActivityStored has been called more than `rings` times in
  // all, or after `timeout`; false on timeout. Thread-safe.
  bool WaitForActivity(uint64_t rings, std::chrono::milliseconds timeout) const;

 private:
  // Claims the ticket for `agent` unless another agent owns it.
  Status Own(const std::string& agent, int64_t id, DeskOutcome* out);
  // Solves the ticket as `action`, then tells a chat visitor the agent left.
  Status Release(const std::string& agent, int64_t id, const std::string& action,
                 DeskOutcome* out);
  // Publishes an event to the ticket's conversation if it is a web chat.
  void TellChat(const Ticket& ticket, const std::string& kind, const std::string& data_json);
  // The channel, address and (if asked) language of the conversation's
  // last customer message.
  Status Customer(const std::string& conversation_id, std::string* channel,
                  std::string* address, std::string* language = nullptr) const;

  // After a resolve: asks the customer for a rating, if set_ratings.
  void AskRating(const Ticket& ticket);

  Store* store_;
  ChatService* chat_;
  Ratings* ratings_ = nullptr;
  mutable Mutex rings_mu_;
  mutable CondVar rung_{&rings_mu_};
  uint64_t rings_ GUARDED_BY(rings_mu_) = 0;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_TICKET_DESK_H_
