// AttemptLimiter: counts failed owner checks in sliding windows, per record
// key, per conversation, per client address and per proof value offered, so
// that guessing e-mails, postcodes, their second facts or order numbers stops
// after a few tries and the conversation escalates to a person.
//
// One limiter outlives pack reloads: build it once and hand it to every
// LookupService (LookupServiceOptions::limiter). Counter ids hold what was
// offered (an e-mail, a postcode): a limiter that keeps them outside the
// process must keep them hashed.
#ifndef FRONTDESK_ENGINE_LOOKUPS_ATTEMPT_LIMITER_H_
#define FRONTDESK_ENGINE_LOOKUPS_ATTEMPT_LIMITER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "engine/base/mutex.h"
#include "frontdesk/clock.h"
#include "frontdesk/status.h"

namespace frontdesk {

class AttemptLimiter {
 public:
  // One counter an attempt is charged to, e.g. {"conversation:c-17", 10}.
  struct Counter {
    std::string id;
    int limit = 0;  // failures allowed in the window; 0 = unlimited
  };
  // An attempt charged in advance; forgiven if it succeeds.
  struct Attempt {
    std::vector<std::string> ids;  // MemoryAttemptLimiter: the counters charged (limit > 0)
    int64_t at = 0;
    std::string token;  // StoreAttemptLimiter: the attempt's key in the store ("" = nothing charged)
    bool exhausted = false;  // this attempt used up one of the limits
  };

  virtual ~AttemptLimiter() = default;

  // Atomically: sets *allowed = false, charging nothing, when any counter
  // already has `limit` failures in the last `window_seconds`; otherwise
  // charges one failure to every counter, fills *attempt and sets *allowed.
  // Charging before the lookup runs means concurrent attempts cannot
  // overshoot. A non-OK Status charged nothing. Thread-safe.
  virtual Status Acquire(const std::vector<Counter>& counters, int window_seconds, Attempt* attempt,
                         bool* allowed) = 0;

  // The attempt proved ownership (or failed on our side): removes what
  // Acquire charged. Thread-safe.
  virtual Status Forgive(const Attempt& attempt) = 0;

  // Failures charged to `id` in the last `window_seconds`. Thread-safe.
  virtual Status Count(const std::string& id, int window_seconds, int* count) = 0;
};

// The limiter of one process: counts in memory, lost at exit. For the
// commands that keep no store and for tests; `serve` on a store counts in
// the store (StoreAttemptLimiter, engine/service/store_attempt_limiter.h),
// so that every node and every restart sees the same failures.
class MemoryAttemptLimiter final : public AttemptLimiter {
 public:
  // REQUIRES: clock outlives the limiter.
  explicit MemoryAttemptLimiter(const Clock* clock) : clock_(clock) {}
  MemoryAttemptLimiter(const MemoryAttemptLimiter&) = delete;
  MemoryAttemptLimiter& operator=(const MemoryAttemptLimiter&) = delete;

  Status Acquire(const std::vector<Counter>& counters, int window_seconds, Attempt* attempt,
                 bool* allowed) override;
  Status Forgive(const Attempt& attempt) override;
  Status Count(const std::string& id, int window_seconds, int* count) override;

 private:
  // Drops events older than the longest window seen, and empty counters.
  void Sweep(int64_t now) REQUIRES(mu_);

  const Clock* clock_;
  mutable Mutex mu_;
  std::map<std::string, std::deque<int64_t>> events_ GUARDED_BY(mu_);
  int64_t longest_window_ GUARDED_BY(mu_) = 0;
  uint64_t operations_ GUARDED_BY(mu_) = 0;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_LOOKUPS_ATTEMPT_LIMITER_H_
