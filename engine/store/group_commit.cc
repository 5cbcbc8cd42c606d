#include "engine/store/group_commit.h"

#include <algorithm>
#include <utility>

namespace frontdesk::store_internal {

GroupCommitter::GroupCommitter(std::unique_ptr<Connection> conn, Options options)
    : conn_(std::move(conn)),
      options_(std::move(options)),
      notifier_([this] { NotifierLoop(); }),
      writer_([this] { Loop(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
  }
  queued_cv_.SignalAll();
  writer_.join();  // every queued write is done and its outcome handed over
  {
    MutexLock lock(&ack_mu_);
    writer_done_ = true;
  }
  ack_cv_.SignalAll();
  notifier_.join();  // every caller is woken
}

Status GroupCommitter::Write(WriteFn fn) {
  Waiter waiter;
  {
    MutexLock lock(&mu_);
    if (stopping_) return Status::Unavailable("store is closing");
    queue_.push_back({&fn, &waiter});
  }
  queued_cv_.Signal();
  // Each caller waits on its own waiter: a commit wakes exactly the callers
  // of its batch, once each.
  while (sem_wait(&waiter.ready) != 0) {
    // EINTR: a signal arrived; the outcome is still to come.
  }
  return std::move(waiter.status);
}

StoreStats GroupCommitter::stats() const {
  MutexLock lock(&mu_);
  return stats_;
}

void GroupCommitter::Loop() {
  const size_t max_batch = std::max<size_t>(1, options_.max_batch);
  std::vector<Pending> batch;
  std::vector<Status> results;
  for (;;) {
    {
      MutexLock lock(&mu_);
      while (!stopping_ &&
             (queue_.empty() || (options_.batch_ready && !options_.batch_ready(queue_.size()))))
        queued_cv_.Wait();
      if (queue_.empty()) return;  // stopping, and every write is answered
      // Everything that queued up while the previous commit was on its way to
      // disk goes into this one.
      while (!queue_.empty() && batch.size() < max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    results.assign(batch.size(), Status::Ok());
    RunBatch(batch, &results);
    uint64_t acknowledged = 0;
    for (const Status& r : results) acknowledged += r.ok() ? 1 : 0;
    {
      MutexLock lock(&mu_);
      stats_.writes += acknowledged;
      stats_.failed_writes += batch.size() - acknowledged;
      if (acknowledged > 0) ++stats_.commits;
      stats_.largest_batch = std::max<uint64_t>(stats_.largest_batch, batch.size());
    }
    // Only now, after COMMIT returned, does any caller learn its outcome.
    {
      MutexLock lock(&ack_mu_);
      for (size_t i = 0; i < batch.size(); ++i) {
        acks_.push_back({batch[i].waiter, std::move(results[i])});
      }
    }
    ack_cv_.Signal();
    batch.clear();
  }
}

void GroupCommitter::NotifierLoop() {
  std::vector<Ack> acks;
  for (;;) {
    {
      MutexLock lock(&ack_mu_);
      while (!writer_done_ && acks_.empty()) ack_cv_.Wait();
      if (acks_.empty()) return;  // the writer has stopped and all are woken
      acks.swap(acks_);
    }
    for (Ack& a : acks) {
      a.waiter->status = std::move(a.status);
      sem_post(&a.waiter->ready);  // the last touch: the caller may return at once
    }
    acks.clear();
  }
}

void GroupCommitter::RunBatch(const std::vector<Pending>& batch, std::vector<Status>* results) {
  // IMMEDIATE takes the write lock now (waiting up to the busy timeout). A
  // deferred transaction would take it at its first write and, if another
  // connection wrote in between, fail at once with "database is locked"
  // whatever the busy timeout.
  Status s = Guarded("begin transaction", [this] {
    conn_->Prepare("BEGIN IMMEDIATE")->exec();
    return Status::Ok();
  });
  if (!s.ok()) return FailAll(s, results);
  for (size_t i = 0; i < batch.size(); ++i) {
    bool broken = false;
    (*results)[i] = RunOne(*batch[i].fn, &broken);
    if (broken) {
      if (conn_->InTransaction()) conn_->db().tryExec("ROLLBACK");
      return FailAll(Status::Internal("transaction rolled back: " + (*results)[i].ToString()),
                     results);
    }
  }
  s = options_.before_commit ? options_.before_commit() : Status::Ok();
  if (s.ok()) {
    s = Guarded("commit", [this] {
      conn_->Prepare("COMMIT")->exec();
      return Status::Ok();
    });
  }
  if (!s.ok()) {
    if (conn_->InTransaction()) conn_->db().tryExec("ROLLBACK");
    FailAll(s, results);
  }
}

Status GroupCommitter::RunOne(const WriteFn& fn, bool* broken) {
  Status s = Guarded("savepoint", [this] {
    conn_->Prepare("SAVEPOINT one_write")->exec();
    return Status::Ok();
  });
  if (!s.ok()) {
    *broken = true;
    return s;
  }
  s = Guarded("write", [this, &fn] { return fn(*conn_); });
  Status end = Guarded("end savepoint", [this, &s] {
    if (!s.ok()) conn_->Prepare("ROLLBACK TO one_write")->exec();
    conn_->Prepare("RELEASE one_write")->exec();
    return Status::Ok();
  });
  if (!end.ok() || !conn_->InTransaction()) *broken = true;
  return s.ok() ? end : s;
}

void GroupCommitter::FailAll(const Status& error, std::vector<Status>* results) {
  // A write that failed on its own keeps its own error; the others get the
  // transaction's.
  for (Status& r : *results) {
    if (r.ok()) r = error;
  }
}

}  // namespace frontdesk::store_internal
