#include "engine/service/store_attempt_limiter.h"

#include <utility>

#include "engine/base/secrets.h"

namespace frontdesk {

Status StoreAttemptLimiter::Open(Store* store, const Clock* clock,
                                 std::unique_ptr<StoreAttemptLimiter>* out) {
  std::string key;
  Status s = store->ServerKey("attempts", &key);
  if (!s.ok()) return s;
  out->reset(new StoreAttemptLimiter(store, clock, std::move(key)));
  return Status::Ok();
}

std::string StoreAttemptLimiter::Hashed(const std::string& id) const {
  return HmacSha256Hex(key_, id);
}

Status StoreAttemptLimiter::Acquire(const std::vector<Counter>& counters, int window_seconds,
                                    Attempt* attempt, bool* allowed) {
  *allowed = false;
  Attempt staged;
  staged.at = clock_->NowUnix();
  Status s = RandomHex(16, &staged.token);
  if (!s.ok()) return s;
  AttemptCharge charge;
  charge.attempt = staged.token;
  charge.now_unix = staged.at;
  charge.window_seconds = window_seconds;
  for (const Counter& c : counters) {
    if (c.limit <= 0) continue;
    charge.counters.push_back({Hashed(c.id), c.limit});
    staged.ids.push_back(c.id);
  }
  // Nothing limited: nothing to count, and no write for it.
  if (charge.counters.empty()) {
    *attempt = std::move(staged);
    *allowed = true;
    return Status::Ok();
  }
  s = store_->ChargeAttempt(charge, allowed, &staged.exhausted);
  if (s.ok() && *allowed) *attempt = std::move(staged);
  return s;
}

Status StoreAttemptLimiter::Forgive(const Attempt& attempt) {
  if (attempt.ids.empty() || attempt.token.empty()) return Status::Ok();
  return store_->ForgiveAttempt(attempt.token);
}

Status StoreAttemptLimiter::Count(const std::string& id, int window_seconds, int* count) {
  int64_t n = 0;
  Status s = store_->CountAttempts(Hashed(id), clock_->NowUnix() - window_seconds, &n);
  *count = static_cast<int>(n);
  return s;
}

}  // namespace frontdesk
