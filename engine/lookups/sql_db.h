// Private to engine/lookups: RAII handles on the sqlite3 C API, a read-only
// connection, and the compile-time checks that make a pack's query safe to
// run: one statement, a SELECT, read-only, named parameters only.
#ifndef FRONTDESK_ENGINE_LOOKUPS_SQL_DB_H_
#define FRONTDESK_ENGINE_LOOKUPS_SQL_DB_H_

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "frontdesk/status.h"

namespace frontdesk::lookups_internal {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// Opens the existing file `path` with SQLITE_OPEN_READONLY, sets
// `PRAGMA query_only = 1` and the busy timeout, then installs an authorizer
// that allows reading only (no ATTACH, PRAGMA or writes). The connection is
// for one thread at a time.
Status OpenReadOnly(const std::string& path, int busy_timeout_ms, SqliteDb* db);

// Compiles `sql` as exactly one read-only SELECT (or WITH ... SELECT) that
// returns columns. On failure the Status message is a sentence for a
// diagnostic ("query must be a single SELECT, not DELETE").
Status PrepareSelect(sqlite3* db, const std::string& sql, SqliteStmt* stmt);

// The statement's parameters without their ':', '@' or '$' prefix, in order;
// a positional parameter ("?", "?1") is returned as written.
std::vector<std::string> ParameterNames(sqlite3_stmt* stmt);

// The statement's result column names, in order.
std::vector<std::string> ColumnNames(sqlite3_stmt* stmt);

}  // namespace frontdesk::lookups_internal

#endif  // FRONTDESK_ENGINE_LOOKUPS_SQL_DB_H_
