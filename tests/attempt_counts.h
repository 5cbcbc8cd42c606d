// Reading an AttemptLimiter in tests: its Count and Acquire report through a
// Status, which a test wants checked on every call.
#ifndef FRONTDESK_TESTS_ATTEMPT_COUNTS_H_
#define FRONTDESK_TESTS_ATTEMPT_COUNTS_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/lookups/attempt_limiter.h"

namespace frontdesk::testing {

// Failures charged to `id` in the last `window_seconds`; -1 (and a failed
// expectation) if the limiter could not say.
inline int Failures(AttemptLimiter& limiter, const std::string& id, int window_seconds) {
  int n = -1;
  Status s = limiter.Count(id, window_seconds, &n);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return s.ok() ? n : -1;
}

// Whether the limiter allowed the attempt (a failed expectation if it could
// not say).
inline bool Acquired(AttemptLimiter& limiter, const std::vector<AttemptLimiter::Counter>& counters,
                     int window_seconds, AttemptLimiter::Attempt* attempt) {
  bool allowed = false;
  Status s = limiter.Acquire(counters, window_seconds, attempt, &allowed);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return s.ok() && allowed;
}

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_ATTEMPT_COUNTS_H_
