#include "adapters/http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace frontdesk {

RateLimiter::RateLimiter(RateLimitOptions options)
    : options_(options), per_shard_(std::max<size_t>(1, (options.max_clients + kShards - 1) / kShards)) {}

bool RateLimiter::Allow(const std::string& client, Clock::time_point now, int* retry_after_seconds) {
  if (!enabled()) return true;
  const double burst = std::max(1.0, options_.burst);
  Shard& shard = shards_[std::hash<std::string>()(client) % kShards];
  MutexLock lock(&shard.mu);
  auto it = shard.index.find(client);
  if (it == shard.index.end()) {
    if (shard.lru.size() >= per_shard_) {
      shard.index.erase(shard.lru.back().client);
      shard.lru.pop_back();
    }
    shard.lru.push_front(Bucket{client, burst, now});
    it = shard.index.emplace(client, shard.lru.begin()).first;
  } else {
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  }
  Bucket& b = *it->second;
  double elapsed = std::chrono::duration<double>(now - b.last).count();
  if (elapsed > 0) {
    b.tokens = std::min(burst, b.tokens + elapsed * options_.per_second);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  *retry_after_seconds = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / options_.per_second)));
  return false;
}

size_t RateLimiter::clients() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    MutexLock lock(&s.mu);
    n += s.lru.size();
  }
  return n;
}

}  // namespace frontdesk
