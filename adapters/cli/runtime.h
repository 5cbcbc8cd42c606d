// Runtime: what a command needs to decide messages with a config's packs —
// the compiled pack, its lookups, the clock, a conversation store and the
// service tying them together.
#ifndef FRONTDESK_ADAPTERS_CLI_RUNTIME_H_
#define FRONTDESK_ADAPTERS_CLI_RUNTIME_H_

#include <memory>
#include <string>

#include "frontdesk/clock.h"
#include "engine/base/mutex.h"
#include "engine/lookups/attempt_limiter.h"
#include "engine/service/service.h"
#include "engine/store/store.h"
#include "engine/service/store_attempt_limiter.h"
#include "engine/service/store_conversations.h"

namespace frontdesk::cli {

// Loads and compiles the config's packs and checks its SQL lookups against
// their databases; with `build_databases`, first builds the shop databases
// the config builds from SQL when they are missing (`check` writes nothing).
// Returns nullptr when *diags holds any error.
std::shared_ptr<const CompiledPack> LoadAndCheck(const std::string& config_path, bool build_databases,
                                                 Diagnostics* diags);

// Starts the lookups a pack declares (reading secrets from the environment).
Status MakeLookups(const CompiledPack& pack, AttemptLimiter* limiter,
                   std::shared_ptr<LookupRunner>* out);

class Runtime {
 public:
  // Loads `config_path`; prints diagnostics to stderr and returns nullptr on
  // any error. With `durable`, every turn is recorded in the config's store
  // (store.path or store.postgres: configured_store.h); otherwise
  // conversations live in memory.
  static std::unique_ptr<Runtime> Open(const std::string& config_path, bool durable = false);
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  SupportService& service() { return *service_; }
  std::shared_ptr<const CompiledPack> pack() const { return service_->pack(); }
  const Clock& clock() const { return clock_; }
  // The store of a durable runtime (SQLite or PostgreSQL); nullptr when
  // conversations live in memory (no store in the config).
  Store* store() { return store_.get(); }
  // Called after each turn this process commits on a ticket (durable
  // runtimes only). REQUIRES: set before the first message is handled.
  void set_on_ticket_turn(std::function<void()> fn) {
    if (recorded_) recorded_->set_on_ticket_turn(std::move(fn));
  }

  // Sets the FAQ's "most asked" counts to the store's, which hold every
  // node's answers (a node counts only its own between two refreshes).
  // Durable runtimes with a FAQ only; otherwise does nothing.
  Status RefreshFaqHits();

  // Loads the config again; swaps pack and lookups only if both start.
  // Thread-compatible with Handle (the service swaps atomically); reloads
  // run one at a time (SIGHUP and an admin's POST /v1/admin/reload).
  Status Reload();

 private:
  explicit Runtime(std::string config_path) : config_path_(std::move(config_path)) {}
  std::string config_path_;
  Mutex reload_mu_;
  SystemClock clock_;
  MemoryConversationStore memory_;
  std::unique_ptr<Store> store_;
  // Owner-check attempts, shared across reloads (counts survive them): in
  // the store when there is one (every node and restart counts the same
  // failures), else in memory. limiter_ is one of the two.
  MemoryAttemptLimiter memory_limiter_{&clock_};
  std::unique_ptr<StoreAttemptLimiter> store_limiter_;
  AttemptLimiter* limiter_ = &memory_limiter_;
  std::unique_ptr<StoreConversations> recorded_;
  std::unique_ptr<SupportService> service_;
};

}  // namespace frontdesk::cli

#endif  // FRONTDESK_ADAPTERS_CLI_RUNTIME_H_
