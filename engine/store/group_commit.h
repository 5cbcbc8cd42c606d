// Private to engine/store: group commit. One writer thread owns the write
// connection. A caller hands in a write and blocks; the writer takes
// everything that queued up while the previous commit was going to disk (up
// to max_batch), runs it in one BEGIN IMMEDIATE transaction — each write in
// its own SAVEPOINT, so one write that fails does not sink its neighbours —
// commits, and only then wakes each caller with its own Status. If the
// transaction as a whole fails (BEGIN, COMMIT, or SQLite rolled it back), every
// write in the batch gets the error: nothing is acknowledged that is not on
// disk.
//
// Waking the callers is handed to a second thread, so that the writer can
// start the next transaction at once instead of spending a futex wake per
// caller between commits.
#ifndef FRONTDESK_ENGINE_STORE_GROUP_COMMIT_H_
#define FRONTDESK_ENGINE_STORE_GROUP_COMMIT_H_

#include <semaphore.h>

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "engine/base/mutex.h"
#include "frontdesk/status.h"
#include "engine/store/sql.h"
#include "engine/store/store.h"

namespace frontdesk::store_internal {

class GroupCommitter {
 public:
  // Runs on the writer thread inside the batch's transaction. A non-OK
  // result (or an exception) undoes this write only.
  using WriteFn = std::function<Status(Connection&)>;

  struct Options {
    size_t max_batch = 256;                 // 1 = one transaction per write
    std::function<Status()> before_commit;  // tests: fail a commit; may be empty
    // Tests only: holds the writer back until it returns true for the number
    // of writes queued, so a test can queue exactly N writes and have them
    // taken as one batch, without sleeping:
    //   options.batch_ready = [](size_t queued) { return queued >= 8; };
    // The writer asks again after each new write. Called on the writer thread
    // with the queue's lock held: it must not block or call the committer.
    // It is not asked while the committer is being destroyed (the queued
    // writes are then run at once). Empty (production): take whatever is
    // queued, at once. Default: empty.
    std::function<bool(size_t queued)> batch_ready = nullptr;
  };

  // Takes ownership of `conn` (already open, migrated, pragmas set) and
  // starts the writer thread.
  GroupCommitter(std::unique_ptr<Connection> conn, Options options);
  // Finishes every queued write, then stops the writer and closes the
  // connection.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `fn` in the next transaction; returns after that transaction
  // committed (the fn's Status) or failed (the error). Thread-safe.
  Status Write(WriteFn fn);

  StoreStats stats() const;

 private:
  // Where a caller waits for its outcome; on the caller's stack. The
  // notifier writes `status`, then posts `ready`; sem_post/sem_wait order
  // the two. A POSIX semaphore because glibc's sem_post reads the semaphore
  // only in the atomic add that makes the post visible (what follows is a
  // futex wake on its address, harmless once the caller has gone), so the
  // caller may destroy it as soon as sem_wait returns; and because one post
  // wakes the caller once: a mutex and condition variable signalled under the lock woke it
  // twice (condition, then mutex), and a promise added a heap allocation and
  // a std::call_once per write (bench/README.md, "HTTP").
  struct Waiter {
    Waiter() { sem_init(&ready, 0, 0); }
    ~Waiter() { sem_destroy(&ready); }
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    sem_t ready;
    Status status;
  };

  // A queued write. `fn` and `waiter` live on the caller's stack: the caller
  // blocks until the waiter is done, and nothing touches either afterwards.
  struct Pending {
    const WriteFn* fn;
    Waiter* waiter;
  };

  // An outcome to hand to a waiting caller.
  struct Ack {
    Waiter* waiter;
    Status status;
  };

  void Loop();
  // Wakes callers with their outcomes, off the writer thread.
  void NotifierLoop();
  // Runs one batch; (*results)[i] is batch[i]'s outcome.
  void RunBatch(const std::vector<Pending>& batch, std::vector<Status>* results);
  // Runs one write inside a savepoint. *broken = the transaction can no
  // longer be trusted (SQLite rolled it back, or the savepoint could not be
  // undone): the whole batch must fail.
  Status RunOne(const WriteFn& fn, bool* broken);
  void FailAll(const Status& error, std::vector<Status>* results);

  const std::unique_ptr<Connection> conn_;  // used by the writer thread only
  const Options options_;

  mutable Mutex mu_;
  CondVar queued_cv_{&mu_};            // the writer waits for work
  std::deque<Pending> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  StoreStats stats_ GUARDED_BY(mu_);

  Mutex ack_mu_;
  CondVar ack_cv_{&ack_mu_};  // the notifier waits for outcomes
  std::vector<Ack> acks_ GUARDED_BY(ack_mu_);
  bool writer_done_ GUARDED_BY(ack_mu_) = false;

  // Last: they start after every other member exists.
  std::thread notifier_;
  std::thread writer_;
};

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_GROUP_COMMIT_H_
