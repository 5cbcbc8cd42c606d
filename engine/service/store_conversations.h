// StoreConversations: the service's ConversationStore on top of the durable
// Store (SQLite or PostgreSQL), so that `serve` records every turn — message, decision,
// state, ticket, outbox — in one commit before it answers.
#ifndef FRONTDESK_ENGINE_SERVICE_STORE_CONVERSATIONS_H_
#define FRONTDESK_ENGINE_SERVICE_STORE_CONVERSATIONS_H_

#include <functional>
#include <utility>

#include "engine/service/service.h"
#include "engine/store/store.h"

namespace frontdesk {

class StoreConversations : public ConversationStore {
 public:
  // REQUIRES: store outlives this. Thread-safe.
  explicit StoreConversations(Store* store) : store_(store) {}

  Status Load(const std::string& id, ConversationState* state, bool* found) override;
  Status Commit(const TurnCommit& turn, bool* duplicate, std::string* stored_json) override;
  Status FindIdempotent(const std::string& key, std::string* decision_json, bool* found) override;
  Status NextTicketId(int64_t* id) override;

  // Called after each turn committed on a ticket (what the agents' event
  // streams report), e.g. TicketDesk::ActivityStored. REQUIRES: set before
  // the first Commit; thread-safe. Default: none.
  void set_on_ticket_turn(std::function<void()> fn) { on_ticket_turn_ = std::move(fn); }

 private:
  Store* store_;
  std::function<void()> on_ticket_turn_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_STORE_CONVERSATIONS_H_
