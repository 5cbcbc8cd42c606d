// RateLimiter: a token bucket per client (the peer IP address), for the HTTP
// server's per-IP request limit. Memory is bounded: at most `max_clients`
// buckets are kept, and the least recently seen client is forgotten first (a
// forgotten client starts again with a full bucket, which is what an idle
// one would have anyway).
#ifndef FRONTDESK_ADAPTERS_HTTP_RATE_LIMITER_H_
#define FRONTDESK_ADAPTERS_HTTP_RATE_LIMITER_H_

#include <array>
#include <chrono>
#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>

#include "engine/base/mutex.h"

namespace frontdesk {

struct RateLimitOptions {
  double per_second = 50;      // tokens added per second; <= 0 turns the limit off. Default: 50
  double burst = 100;          // bucket size: requests allowed at once. Default: 100
  size_t max_clients = 16384;  // buckets kept; the least recently seen go first. Default: 16384
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(RateLimitOptions options);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  bool enabled() const { return options_.per_second > 0; }

  // Takes one token from `client`'s bucket. True if there was one; else
  // false and *retry_after_seconds (>= 1, rounded up) says when there will
  // be. Always true when the limit is off. Thread-safe.
  bool Allow(const std::string& client, Clock::time_point now, int* retry_after_seconds);

  // Buckets currently kept (for tests of the memory bound).
  size_t clients() const;

 private:
  struct Bucket {
    std::string client;
    double tokens = 0;
    Clock::time_point last;
  };
  // Shards keep the lock short and uncontended: one lock per slice of the
  // address space, each with its own least-recently-seen list.
  struct Shard {
    mutable Mutex mu;
    std::list<Bucket> lru GUARDED_BY(mu);  // front = most recently seen
    std::unordered_map<std::string, std::list<Bucket>::iterator> index GUARDED_BY(mu);
  };
  static constexpr size_t kShards = 16;

  const RateLimitOptions options_;
  const size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_RATE_LIMITER_H_
