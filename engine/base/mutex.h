// Mutex and MutexLock: std::mutex and std::lock_guard with the annotations
// Clang's -Wthread-safety needs (libstdc++'s own types carry none), so that
// GUARDED_BY(mu_) on a field is a checked fact (engine/base/
// thread_annotations.h). CondVar waits on a Mutex.
#ifndef FRONTDESK_ENGINE_BASE_MUTEX_H_
#define FRONTDESK_ENGINE_BASE_MUTEX_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "engine/base/thread_annotations.h"

namespace frontdesk {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }

 private:
  friend class CondVar;
  std::mutex mu_;
};

// Holds `mu` for its scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// A condition variable bound to one Mutex, which the caller holds around
// Wait (and, to avoid lost wake-ups, around changing what it waits for).
class CondVar {
 public:
  explicit CondVar(Mutex* mu) : mu_(mu) {}
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // REQUIRES: *mu held. Releases it while waiting; holds it again on return.
  // (Not annotated: Clang cannot tie this object's mutex to the caller's
  // lock, so, as in leveldb's port::CondVar, the caller's MutexLock is what
  // the analysis sees.)
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  // As Wait, but returns after `timeout` at the latest; false on timeout.
  template <typename Rep, typename Period>
  bool WaitFor(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock<std::mutex> lock(mu_->mu_, std::adopt_lock);
    bool woken = cv_.wait_for(lock, timeout) == std::cv_status::no_timeout;
    lock.release();
    return woken;
  }
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  Mutex* const mu_;
  std::condition_variable cv_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_BASE_MUTEX_H_
