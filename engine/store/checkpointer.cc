#include "engine/store/checkpointer.h"

#include <sqlite3.h>

namespace frontdesk::store_internal {

Checkpointer::Checkpointer(std::unique_ptr<Connection> conn, int wal_pages)
    : conn_(std::move(conn)), wal_pages_(wal_pages), thread_([this] { Loop(); }) {}

Checkpointer::~Checkpointer() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    cv_.SignalAll();
  }
  thread_.join();
}

void Checkpointer::Attach(Connection& writer) {
  sqlite3_wal_hook(writer.db().getHandle(), &Checkpointer::OnCommit, this);
}

uint64_t Checkpointer::checkpoints() const {
  MutexLock lock(&mu_);
  return checkpoints_;
}

uint64_t Checkpointer::catch_ups() const {
  MutexLock lock(&mu_);
  return catch_ups_;
}

// Runs on the writer thread right after each commit: usually only a flag
// and a wake.
int Checkpointer::OnCommit(void* self, sqlite3* db, const char* name, int pages) {
  auto* c = static_cast<Checkpointer*>(self);
  if (pages < c->wal_pages_) return SQLITE_OK;
  if (pages >= 4 * c->wal_pages_) {
    // The WAL starts over only at a commit that finds it copied to its end,
    // and under a steady stream of commits the background pass is always a
    // little behind: the WAL would grow for as long as the stream lasts. So
    // past four times the threshold the writer copies the rest itself, as
    // SQLite's own automatic checkpoint would (the hook may checkpoint), and
    // its next commit writes from the WAL's beginning again. Most frames are
    // copied already, so this takes little.
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    MutexLock lock(&c->mu_);
    ++c->catch_ups_;
    return SQLITE_OK;
  }
  MutexLock lock(&c->mu_);
  if (!c->due_) {
    c->due_ = true;
    c->cv_.Signal();
  }
  return SQLITE_OK;
}

void Checkpointer::Loop() {
  for (;;) {
    {
      MutexLock lock(&mu_);
      while (!due_ && !stopping_) cv_.Wait();
      if (stopping_) return;
      due_ = false;
    }
    // PASSIVE: copies the frames no reader needs and never waits for a lock,
    // so neither the writer nor the readers are held up. A failure (the disk
    // is full) leaves the WAL longer, and the next commit asks again.
    sqlite3* db = conn_->db().getHandle();
    int log_frames = 0, copied = 0;
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
    MutexLock lock(&mu_);
    ++checkpoints_;
  }
}

}  // namespace frontdesk::store_internal
