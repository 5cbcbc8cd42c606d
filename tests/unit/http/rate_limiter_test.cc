// The per-IP token bucket of the HTTP server.
#include "adapters/http/rate_limiter.h"

#include <gtest/gtest.h>

#include <string>

namespace frontdesk {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiterTest, AllowsTheBurstThenRefusesWithRetryAfter) {
  RateLimiter limiter({/*per_second=*/2, /*burst=*/3, /*max_clients=*/100});
  auto t = RateLimiter::Clock::now();
  int retry = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("10.0.0.1", t, &retry)) << i;
  EXPECT_FALSE(limiter.Allow("10.0.0.1", t, &retry));
  EXPECT_EQ(retry, 1);  // one token comes back in 0.5 s, rounded up
  // Another address has its own bucket.
  EXPECT_TRUE(limiter.Allow("10.0.0.2", t, &retry));
}

TEST(RateLimiterTest, RefillsAtTheRateUpToTheBurst) {
  RateLimiter limiter({/*per_second=*/10, /*burst=*/2, /*max_clients=*/100});
  auto t = RateLimiter::Clock::now();
  int retry = 0;
  EXPECT_TRUE(limiter.Allow("a", t, &retry));
  EXPECT_TRUE(limiter.Allow("a", t, &retry));
  EXPECT_FALSE(limiter.Allow("a", t, &retry));
  EXPECT_TRUE(limiter.Allow("a", t + milliseconds(100), &retry));  // one token per 100 ms
  EXPECT_FALSE(limiter.Allow("a", t + milliseconds(100), &retry));
  // A long pause refills only to the burst.
  auto later = t + std::chrono::seconds(60);
  EXPECT_TRUE(limiter.Allow("a", later, &retry));
  EXPECT_TRUE(limiter.Allow("a", later, &retry));
  EXPECT_FALSE(limiter.Allow("a", later, &retry));
}

TEST(RateLimiterTest, RetryAfterCoversASlowRate) {
  RateLimiter limiter({/*per_second=*/0.1, /*burst=*/1, /*max_clients=*/100});
  auto t = RateLimiter::Clock::now();
  int retry = 0;
  EXPECT_TRUE(limiter.Allow("a", t, &retry));
  EXPECT_FALSE(limiter.Allow("a", t, &retry));
  EXPECT_EQ(retry, 10);
}

TEST(RateLimiterTest, ZeroRateMeansNoLimit) {
  RateLimiter limiter({/*per_second=*/0, /*burst=*/1, /*max_clients=*/100});
  auto t = RateLimiter::Clock::now();
  int retry = 0;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Allow("a", t, &retry));
  EXPECT_EQ(limiter.clients(), 0u);
}

TEST(RateLimiterTest, MemoryIsBoundedAndTheLeastRecentlySeenGoFirst) {
  RateLimiter limiter({/*per_second=*/1, /*burst=*/1, /*max_clients=*/64});
  auto t = RateLimiter::Clock::now();
  int retry = 0;
  EXPECT_TRUE(limiter.Allow("flooder", t, &retry));
  EXPECT_FALSE(limiter.Allow("flooder", t, &retry));
  for (int i = 0; i < 10000; ++i) {
    (void)limiter.Allow("10.1." + std::to_string(i), t, &retry);
    if (i % 2 == 0) {
      EXPECT_FALSE(limiter.Allow("flooder", t, &retry));  // kept: seen recently
    }
  }
  EXPECT_LE(limiter.clients(), 64u);
  EXPECT_FALSE(limiter.Allow("flooder", t, &retry));
}

}  // namespace
}  // namespace frontdesk
