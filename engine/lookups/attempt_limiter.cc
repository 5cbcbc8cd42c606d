#include "engine/base/mutex.h"
#include "engine/lookups/attempt_limiter.h"

#include <algorithm>

namespace frontdesk {
namespace {

// Sweep every this many operations: memory stays bounded by the failures of
// one window, and no single call pays for a full sweep often.
constexpr uint64_t kSweepEvery = 1024;

int CountSince(const std::deque<int64_t>& events, int64_t since) {
  return static_cast<int>(std::count_if(events.begin(), events.end(),
                                        [since](int64_t t) { return t > since; }));
}

}  // namespace

Status MemoryAttemptLimiter::Acquire(const std::vector<Counter>& counters, int window_seconds,
                                     Attempt* attempt, bool* allowed) {
  MutexLock lock(&mu_);
  *allowed = false;
  int64_t now = clock_->NowUnix();
  int64_t since = now - window_seconds;
  longest_window_ = std::max<int64_t>(longest_window_, window_seconds);
  if (++operations_ % kSweepEvery == 0) Sweep(now);
  for (const Counter& c : counters) {
    if (c.limit <= 0) continue;
    auto it = events_.find(c.id);
    if (it != events_.end() && CountSince(it->second, since) >= c.limit) return Status::Ok();
  }
  *attempt = Attempt();
  attempt->at = now;
  for (const Counter& c : counters) {
    if (c.limit <= 0) continue;
    std::deque<int64_t>& events = events_[c.id];
    while (!events.empty() && events.front() <= now - longest_window_) events.pop_front();
    events.push_back(now);
    attempt->ids.push_back(c.id);
    if (CountSince(events, since) >= c.limit) attempt->exhausted = true;
  }
  *allowed = true;
  return Status::Ok();
}

Status MemoryAttemptLimiter::Forgive(const Attempt& attempt) {
  MutexLock lock(&mu_);
  for (const std::string& id : attempt.ids) {
    auto it = events_.find(id);
    if (it == events_.end()) continue;
    auto event = std::find(it->second.rbegin(), it->second.rend(), attempt.at);
    if (event != it->second.rend()) it->second.erase(std::next(event).base());
    if (it->second.empty()) events_.erase(it);
  }
  return Status::Ok();
}

Status MemoryAttemptLimiter::Count(const std::string& id, int window_seconds, int* count) {
  MutexLock lock(&mu_);
  auto it = events_.find(id);
  *count = it == events_.end() ? 0 : CountSince(it->second, clock_->NowUnix() - window_seconds);
  return Status::Ok();
}

void MemoryAttemptLimiter::Sweep(int64_t now) {
  int64_t since = now - longest_window_;
  for (auto it = events_.begin(); it != events_.end();) {
    std::deque<int64_t>& events = it->second;
    while (!events.empty() && events.front() <= since) events.pop_front();
    it = events.empty() ? events_.erase(it) : std::next(it);
  }
}

}  // namespace frontdesk
