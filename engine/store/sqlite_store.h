// The Store on one SQLite file (through SQLiteCpp): WAL journal, a busy
// timeout, versioned schema migrations, and group commit — one writer thread
// owns the write connection, takes every write that queued up while the
// previous commit was going to disk, runs them in one BEGIN IMMEDIATE
// transaction and acknowledges each only after COMMIT returned. Reads use a
// small pool of their own connections (WAL lets them run beside the writer).
#ifndef FRONTDESK_ENGINE_STORE_SQLITE_STORE_H_
#define FRONTDESK_ENGINE_STORE_SQLITE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "frontdesk/status.h"
#include "engine/store/store.h"

namespace frontdesk {

struct StoreOptions {
  // The database file; created (with its directory's permissions) if missing.
  // REQUIRES: non-empty, a file on a local disk (WAL needs shared memory).
  // Default: "" (must be set).
  std::string path;
  // true: PRAGMA synchronous=FULL — a commit is fsync'ed before it is
  // acknowledged and survives a power cut. false: NORMAL — an acknowledged
  // commit survives a crash of frontdesk but the last ones may be lost on a
  // power cut or kernel crash; commits are cheaper. Default: true.
  bool synchronous_full = true;
  // How long a write (or a read) waits for another connection's lock before
  // failing with kUnavailable, in milliseconds. Default: 5000.
  int busy_timeout_ms = 5000;
  // true: writes that arrive together share one transaction. false: one
  // transaction per write (for comparison; see bench/store_bench.cc).
  // Default: true.
  bool group_commit = true;
  // Most writes in one group commit. Default: 256.
  size_t max_batch = 256;
  // The WAL's length, in pages, at which a checkpoint copies it into the
  // database, on a thread of its own (engine/store/checkpointer.h).
  // Default: 1000 (SQLite's own).
  int checkpoint_wal_pages = 1000;
  // Read connections kept open for reuse. Default: 8.
  size_t max_idle_readers = 8;
  // Seconds since the epoch; used where a record leaves the time 0. Called
  // from many threads at once. Default: nullptr = the system clock.
  std::function<int64_t()> clock;
  // Receives the one start-up line (journal mode, synchronous, busy timeout,
  // schema version). Never receives message text. Default: nullptr = stderr.
  std::function<void(const std::string&)> log;
  // Tests only: called by the writer just before each COMMIT; a non-OK result
  // makes that commit fail (the batch is rolled back and every write in it
  // gets the error). Default: nullptr.
  std::function<Status()> before_commit_for_test;
};

// Opens (creating and migrating as needed) the database at options.path.
// On error *store is left null. The returned Store is thread-safe (see
// store.h). Destroying it finishes the queued writes, then closes the
// database; REQUIRES: no call on it is in progress.
Status OpenSqliteStore(const StoreOptions& options, std::unique_ptr<Store>* store);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_STORE_SQLITE_STORE_H_
