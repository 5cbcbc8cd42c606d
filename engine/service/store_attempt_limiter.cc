#include "engine/service/store_attempt_limiter.h"

#include <utility>

#include "engine/base/secrets.h"

namespace frontdesk {

Status StoreAttemptLimiter::Key(std::string* key) {
  MutexLock lock(&mu_);
  if (key_.empty()) {
    Status s = store_->ServerKey("attempts", &key_);
    if (!s.ok()) {
      key_.clear();
      return s;
    }
  }
  *key = key_;
  return Status::Ok();
}

Status StoreAttemptLimiter::Acquire(const std::vector<Counter>& counters, int window_seconds,
                                    Attempt* attempt, bool* allowed) {
  *allowed = false;
  Attempt staged;
  staged.at = clock_->NowUnix();
  AttemptCharge charge;
  charge.now_unix = staged.at;
  charge.window_seconds = window_seconds;
  std::string key;
  for (const Counter& c : counters) {
    if (c.limit <= 0) continue;
    if (key.empty()) {
      if (Status s = Key(&key); !s.ok()) return s;
    }
    charge.counters.push_back({HmacSha256Hex(key, c.id), c.limit});
  }
  // Nothing limited: nothing to count, no write, and no token to forgive.
  if (charge.counters.empty()) {
    *attempt = std::move(staged);
    *allowed = true;
    return Status::Ok();
  }
  Status s = RandomHex(16, &staged.token);
  if (!s.ok()) return s;
  charge.attempt = staged.token;
  s = store_->ChargeAttempt(charge, allowed, &staged.exhausted);
  if (s.ok() && *allowed) *attempt = std::move(staged);
  return s;
}

Status StoreAttemptLimiter::Forgive(const Attempt& attempt) {
  if (attempt.token.empty()) return Status::Ok();
  return store_->ForgiveAttempt(attempt.token);
}

Status StoreAttemptLimiter::Count(const std::string& id, int window_seconds, int* count) {
  *count = 0;
  std::string key;
  Status s = Key(&key);
  if (!s.ok()) return s;
  int64_t n = 0;
  s = store_->CountAttempts(HmacSha256Hex(key, id), clock_->NowUnix() - window_seconds, &n);
  *count = static_cast<int>(n);
  return s;
}

}  // namespace frontdesk
