// SupportService: one message in, one decision out, with the conversation's
// state carried between turns. It owns the current pack (swapped atomically
// on reload, only after the new pack validates) and serializes the turns of
// one conversation so that two messages in it never race on its state.
#ifndef FRONTDESK_ENGINE_SERVICE_SERVICE_H_
#define FRONTDESK_ENGINE_SERVICE_SERVICE_H_

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "engine/base/mutex.h"
#include "engine/decide/assistant.h"
#include "frontdesk/clock.h"
#include "engine/decide/compiled_pack.h"
#include "frontdesk/conversation.h"
#include "frontdesk/decision.h"
#include "frontdesk/message.h"
#include "frontdesk/status.h"

namespace frontdesk {

// One decided message, as the service hands it to be recorded.
struct TurnCommit {
  std::string idempotency_key;     // "" = none
  const Message* message = nullptr;
  const ConversationState* state = nullptr;  // after the turn
  const Decision* decision = nullptr;
  bool open_ticket = false;        // the decision opened decision->ticket
  bool reopen_ticket = false;      // the customer answered resolved decision->ticket
  bool notify = false;             // record a notice of the new or reopened ticket
  bool outbox = false;             // queue the reply for delivery (e-mail)
  const std::string* decision_json = nullptr;  // DecisionToJson(*decision), dumped
  // The reply as a chat event's data, stored in the same commit ("" = none);
  // its id goes to *chat_event_id when given.
  std::string chat_reply_json;
  int64_t* chat_event_id = nullptr;
};

// Where conversation state lives between turns. The in-memory version serves
// `ask`, `test` and tests; the SQLite store backs it for `serve`.
class ConversationStore {
 public:
  virtual ~ConversationStore() = default;
  virtual Status Load(const std::string& id, ConversationState* state, bool* found) = 0;
  // Saves the turn atomically: state, message, decision, ticket, outbox.
  // Durable when it returns OK. When the idempotency key was stored before
  // (a retry racing the first request), sets *duplicate and returns the first
  // decision's JSON in *stored_json instead.
  virtual Status Commit(const TurnCommit& turn, bool* duplicate, std::string* stored_json) = 0;
  // Returns the stored decision JSON of an earlier message with this key.
  virtual Status FindIdempotent(const std::string& key, std::string* decision_json, bool* found) = 0;
  // Allocates a ticket number; an error when the store cannot.
  virtual Status NextTicketId(int64_t* id) = 0;
};

// Keeps everything in memory (lost at exit). Thread-safe.
class MemoryConversationStore : public ConversationStore {
 public:
  Status Load(const std::string& id, ConversationState* state, bool* found) override;
  Status Commit(const TurnCommit& turn, bool* duplicate, std::string* stored_json) override;
  Status FindIdempotent(const std::string& key, std::string* decision_json, bool* found) override;
  Status NextTicketId(int64_t* id) override {
    *id = ++last_ticket_;
    return Status::Ok();
  }

 private:
  Mutex mu_;
  std::map<std::string, ConversationState> states_ GUARDED_BY(mu_);
  std::map<std::string, std::string> idempotent_ GUARDED_BY(mu_);
  std::atomic<int64_t> last_ticket_{0};
};

class SupportService {
 public:
  // REQUIRES: pack, store and clock non-null; store and clock outlive this.
  // `lookups` may be null (lookups then answer "unavailable").
  SupportService(std::shared_ptr<const CompiledPack> pack, ConversationStore* store,
                 const Clock* clock, std::shared_ptr<LookupRunner> lookups = nullptr);

  // Record a notice of each new or reopened ticket for the notifier
  // (engine/service/notifier.h), in the turn's transaction. Set before
  // serving. Default: false.
  void set_notify_tickets(bool on) { notify_tickets_ = on; }

  // Decides and records one message. With an idempotency key seen before,
  // returns the first decision's JSON in *replayed_json and decides nothing.
  // Otherwise, if `decision_json` is given, it receives the decision's JSON
  // (DecisionToJson, trace included) as stored, so that a caller that answers
  // with it does not serialize the decision again. If `chat_event_id` is
  // given, a reply is also stored as the conversation's chat event "reply"
  // in the turn's own commit, and *chat_event_id gets its id (0 = no reply,
  // or a replay). Thread-safe.
  Status Handle(const Message& message, const std::string& idempotency_key, Decision* decision,
                std::string* replayed_json, std::string* decision_json = nullptr,
                int64_t* chat_event_id = nullptr);

  // Replaces the pack and the lookups built for it, together. The caller
  // validated both; in-flight turns finish with what they started with.
  void SwapPack(std::shared_ptr<const CompiledPack> pack, std::shared_ptr<LookupRunner> lookups);
  std::shared_ptr<const CompiledPack> pack() const;

  // The conversation a message belongs to: its own id within its scope
  // (Message::conversation_scope), else one derived from a verified sender
  // (so chat and e-mail from one proven address share a conversation), else
  // a fresh one from the CSPRNG (*fresh = true: nothing is stored under it
  // yet). *id is the stored id, *shown the client's name for it (without the
  // scope). kInternal if randomness fails.
  static Status ConversationIdFor(const Message& message, std::string* id, std::string* shown,
                                  bool* fresh);

 private:
  // An assistant and the lookups it calls, kept alive together.
  struct Current {
    std::shared_ptr<LookupRunner> lookups;
    std::shared_ptr<const Assistant> assistant;
  };
  Mutex& LockFor(const std::string& conversation_id);
  Current current() const;
  // Fills message->customer from the pack's `customer_profile` lookup, if it
  // has one (it binds only a verified sender's address).
  void AddCustomerProfile(const Current& now, Message* message) const;

  ConversationStore* store_;
  const Clock* clock_;
  bool notify_tickets_ = false;
  mutable Mutex current_mu_;
  Current current_ GUARDED_BY(current_mu_);
  // Striped: a turn holds its stripe until its commit is on disk, so two
  // conversations that share one wait for each other; 1,024 stripes keep
  // that rare at hundreds of turns in flight.
  std::array<Mutex, 1024> conversation_locks_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_SERVICE_H_
