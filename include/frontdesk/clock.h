// Clock: the engine's only source of time, so that tests can fix it.
#ifndef FRONTDESK_INCLUDE_FRONTDESK_CLOCK_H_
#define FRONTDESK_INCLUDE_FRONTDESK_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace frontdesk {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnix() const = 0;  // seconds since the epoch, UTC
};

class SystemClock : public Clock {
 public:
  int64_t NowUnix() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t now) : now_(now) {}
  int64_t NowUnix() const override { return now_; }
  void Set(int64_t now) { now_ = now; }

 private:
  int64_t now_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_INCLUDE_FRONTDESK_CLOCK_H_
