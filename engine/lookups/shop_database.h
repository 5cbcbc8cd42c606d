// BuildDatabaseFromSql: builds the demo shop's SQLite file from the SQL
// script in examples/shop/shop.sql (what `sqlite3 shop.db < shop.sql` does),
// for tests and for the server's start-up.
#ifndef FRONTDESK_ENGINE_LOOKUPS_SHOP_DATABASE_H_
#define FRONTDESK_ENGINE_LOOKUPS_SHOP_DATABASE_H_

#include <string>
#include <utility>
#include <vector>

#include "engine/lookups/sql_db.h"
#include "frontdesk/status.h"

namespace frontdesk {

// Runs the script at `sql_path` into a fresh database, then renames it to
// `db_path`, replacing any file there: readers never see a half-built file.
// The script is trusted (it ships with the pack); it is never built from
// input. Fails with the script's first SQLite error.
Status BuildDatabaseFromSql(const std::string& sql_path, const std::string& db_path);

// Runs the script at `sql_path` into a new in-memory database (no file is
// written), for checking queries against a database not built yet.
Status BuildDatabaseInMemory(const std::string& sql_path, lookups_internal::SqliteDb* db);

// Builds each of the config's `databases` that does not exist yet from its
// `build_from` script (a step of `serve` and the other commands that answer
// customers; `check` writes nothing).
Status BuildMissingDatabases(const std::vector<std::pair<std::string, std::string>>& databases);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_LOOKUPS_SHOP_DATABASE_H_
