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

#include <memory>
#include <string>
#include <vector>

#include "engine/lookups/attempt_limiter.h"
#include "engine/store/store.h"
#include "frontdesk/clock.h"

namespace frontdesk {

class StoreAttemptLimiter final : public AttemptLimiter {
 public:
  // Reads (or makes) the store's key. REQUIRES: store and clock outlive the
  // limiter.
  static Status Open(Store* store, const Clock* clock, std::unique_ptr<StoreAttemptLimiter>* out);

  Status Acquire(const std::vector<Counter>& counters, int window_seconds, Attempt* attempt,
                 bool* allowed) override;
  Status Forgive(const Attempt& attempt) override;
  Status Count(const std::string& id, int window_seconds, int* count) override;

 private:
  StoreAttemptLimiter(Store* store, const Clock* clock, std::string key)
      : store_(store), clock_(clock), key_(std::move(key)) {}
  std::string Hashed(const std::string& id) const;

  Store* store_;
  const Clock* clock_;
  const std::string key_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_STORE_ATTEMPT_LIMITER_H_
