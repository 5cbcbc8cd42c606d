// The Store on PostgreSQL (through libpqxx 6.4), for several frontdesk nodes
// sharing one database. Each call runs in its own transaction on a
// connection taken from a small pool (one thread per connection at a time)
// and returns once PostgreSQL committed it (synchronous_commit as the
// server is set). The schema is versioned like SQLite's (pg_migrations.h),
// migrated at open under an advisory lock, so two nodes starting at once
// never migrate twice.
//
// What differs from SQLite (store.h holds the contract for both):
// - Text is UTF-8 without NUL bytes, as PostgreSQL's text type holds it:
//   a record with a NUL byte or invalid UTF-8 in a text field is refused
//   with kInvalidArgument and nothing of it is stored (SQLite keeps any
//   bytes). Raw inbound mail is bytea and keeps every byte.
// - Concurrency is PostgreSQL's row locks: a turn locks its conversation row
//   and its idempotency key (advisory lock), ClaimOutbox takes rows with
//   FOR UPDATE SKIP LOCKED, claims of tickets and notices are conditional
//   UPDATEs; chat events of one conversation are numbered under an advisory
//   lock so that their ids commit in order (a stream never skips one).
// - Stats(): commits and writes are the same count (no group commit);
//   checkpoints are PostgreSQL's business and stay 0.
#ifndef FRONTDESK_ENGINE_STORE_PG_PG_STORE_H_
#define FRONTDESK_ENGINE_STORE_PG_PG_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "frontdesk/status.h"
#include "engine/store/store.h"

namespace frontdesk {

struct PgStoreOptions {
  // A libpq connection string ("host=db1 dbname=frontdesk user=frontdesk",
  // or a postgresql:// URI). A password in it is never logged. REQUIRES:
  // non-empty. Default: "" (must be set).
  std::string conninfo;
  // Most connections open at once; a call waits for a free one beyond that.
  // Default: 8.
  size_t max_connections = 8;
  // Seconds since the epoch; used where a record leaves the time 0. Called
  // from many threads at once. Default: nullptr = the system clock.
  std::function<int64_t()> clock;
  // Receives the one start-up line (server version, database, schema
  // version). Default: nullptr = stderr.
  std::function<void(const std::string&)> log;
};

// Connects, migrates the schema as needed and returns the store. On error
// *store is left null. The returned Store is thread-safe (see store.h).
// REQUIRES: no call on it is in progress when it is destroyed.
Status OpenPgStore(const PgStoreOptions& options, std::unique_ptr<Store>* store);

// Called with (conversation_id, event_id) for each chat event committed.
using PgChatEventFn = std::function<void(const std::string& conversation_id, int64_t event_id)>;
// What a node wants to hear of the other nodes' commits.
struct PgEventHandlers {
  PgChatEventFn chat_event;  // each chat event; may be empty
  // A customer message on a ticket (what the agents' event streams report,
  // TicketDesk::Activity); may be empty.
  std::function<void()> desk_activity;
};
// Ends its watch when destroyed (waits for its thread, at most ~0.2 s).
class PgEventWatch {
 public:
  virtual ~PgEventWatch() = default;
};
// LISTEN/NOTIFY: calls the handlers, from a thread of its own, for what any
// node (this one too) commits to the store at `conninfo` (the same database
// and schema), moments after the commit, so that a stream held by this
// node wakes at once for an event written through another. Best effort:
// while the connection is lost (it reconnects every second) events are
// missed and the streams' own poll finds them. REQUIRES: the handlers are
// thread-safe and outlive *watch.
Status WatchPgEvents(const std::string& conninfo, PgEventHandlers handlers,
                     std::unique_ptr<PgEventWatch>* watch);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_STORE_PG_PG_STORE_H_
