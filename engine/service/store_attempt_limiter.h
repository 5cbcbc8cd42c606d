// StoreAttemptLimiter: the owner-check AttemptLimiter of a process that has a
// store. The failures are counted in the store (Store::ChargeAttempt), so
// that every node on one PostgreSQL database, every process on one SQLite
// file and every restart see the same counts: a guesser cannot get a fresh
// allowance by reaching another node.
//
// Counter ids hold what the customer offered (an e-mail, a postcode, an
// order number): the store gets only their HMAC under the store's server key
// "attempts", which is the same on every node and never leaves the store.
#ifndef FRONTDESK_ENGINE_SERVICE_STORE_ATTEMPT_LIMITER_H_
#define FRONTDESK_ENGINE_SERVICE_STORE_ATTEMPT_LIMITER_H_

#include <string>
#include <vector>

#include "engine/base/mutex.h"
#include "engine/lookups/attempt_limiter.h"
#include "engine/store/store.h"
#include "frontdesk/clock.h"

namespace frontdesk {

class StoreAttemptLimiter final : public AttemptLimiter {
 public:
  // REQUIRES: store and clock outlive the limiter. The key is read (or
  // made) at the first attempt, not here: a command that never checks an
  // owner writes nothing, and a busy store at start-up costs nothing.
  StoreAttemptLimiter(Store* store, const Clock* clock) : store_(store), clock_(clock) {}
  StoreAttemptLimiter(const StoreAttemptLimiter&) = delete;
  StoreAttemptLimiter& operator=(const StoreAttemptLimiter&) = delete;

  Status Acquire(const std::vector<Counter>& counters, int window_seconds, Attempt* attempt,
                 bool* allowed) override;
  Status Forgive(const Attempt& attempt) override;
  Status Count(const std::string& id, int window_seconds, int* count) override;

 private:
  // The store's key "attempts", read once it could be; a failed read is
  // tried again at the next call.
  Status Key(std::string* key);

  Store* store_;
  const Clock* clock_;
  Mutex mu_;
  std::string key_ GUARDED_BY(mu_);
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_STORE_ATTEMPT_LIMITER_H_
