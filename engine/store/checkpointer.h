// Private to engine/store: WAL checkpoints off the writer thread.
//
// SQLite's automatic checkpoint runs inside the COMMIT that pushes the WAL
// past 1,000 pages, on the connection that committed: with group commit that
// is the one writer thread, so every batch queued behind it waited while the
// WAL was copied into the database and fsync'ed (9% of the server's time
// under load, bench/README.md "HTTP"). The Checkpointer takes that work to a
// thread of its own with its own connection: the writer's WAL hook only says
// how long the WAL is, and a PASSIVE checkpoint copies what no reader still
// needs without ever blocking the writer. SQLite starts the WAL over from its
// beginning at the next commit after a checkpoint that copied everything;
// when a steady stream of commits keeps the background pass from ever
// catching up, the writer copies the rest itself once the WAL reaches four
// times the threshold, which bounds it.
#ifndef FRONTDESK_ENGINE_STORE_CHECKPOINTER_H_
#define FRONTDESK_ENGINE_STORE_CHECKPOINTER_H_

#include <cstdint>
#include <memory>
#include <thread>

#include "engine/base/mutex.h"
#include "engine/store/sql.h"

namespace frontdesk::store_internal {

class Checkpointer {
 public:
  // Takes `conn` (open on the same database, synchronous set as the
  // writer's) and starts the thread. A checkpoint runs once the WAL holds
  // `wal_pages` pages. REQUIRES: wal_pages > 0.
  Checkpointer(std::unique_ptr<Connection> conn, int wal_pages);
  // Stops the thread (a checkpoint in progress finishes first).
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Replaces the writer connection's automatic checkpoint with a hook that
  // tells this object the WAL's length after each commit. REQUIRES: this
  // object outlives every commit made on `writer`.
  void Attach(Connection& writer);

  // Checkpoints run so far on the background thread (each one PASSIVE,
  // whatever it copied), and by the writer to catch up.
  uint64_t checkpoints() const;
  uint64_t catch_ups() const;

 private:
  static int OnCommit(void* self, struct sqlite3*, const char*, int pages);
  void Loop();

  const std::unique_ptr<Connection> conn_;  // used by the thread only
  const int wal_pages_;
  mutable Mutex mu_;
  CondVar cv_{&mu_};
  bool due_ GUARDED_BY(mu_) = false;
  bool stopping_ GUARDED_BY(mu_) = false;
  uint64_t checkpoints_ GUARDED_BY(mu_) = 0;
  uint64_t catch_ups_ GUARDED_BY(mu_) = 0;
  std::thread thread_;  // last: starts after every other member exists
};

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_CHECKPOINTER_H_
