// AttemptLimiter: counts failed owner checks in sliding windows, per record
// key, per conversation, per client address and per proof value offered, so
// that guessing e-mails, postcodes, their second facts or order numbers stops
// after a few tries and the conversation escalates to a person.
//
// One limiter outlives pack reloads: build it once and hand it to every
// LookupService (LookupServiceOptions::limiter).
#ifndef FRONTDESK_ENGINE_LOOKUPS_ATTEMPT_LIMITER_H_
#define FRONTDESK_ENGINE_LOOKUPS_ATTEMPT_LIMITER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "engine/base/mutex.h"
#include "frontdesk/clock.h"

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
    std::vector<std::string> ids;
    int64_t at = 0;
    bool exhausted = false;  // this attempt used up one of the limits
  };

  // REQUIRES: clock outlives the limiter.
  explicit AttemptLimiter(const Clock* clock) : clock_(clock) {}
  AttemptLimiter(const AttemptLimiter&) = delete;
  AttemptLimiter& operator=(const AttemptLimiter&) = delete;

  // Atomically: returns false, charging nothing, when any counter already has
  // `limit` failures in the last `window_seconds`; otherwise charges one
  // failure to every counter, fills *attempt and returns true. Charging
  // before the lookup runs means concurrent attempts cannot overshoot.
  // Thread-safe.
  bool Acquire(const std::vector<Counter>& counters, int window_seconds, Attempt* attempt);

  // The attempt proved ownership: removes what Acquire charged. Thread-safe.
  void Forgive(const Attempt& attempt);

  // Failures charged to `id` in the last `window_seconds`. Thread-safe.
  int Count(const std::string& id, int window_seconds) const;

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
