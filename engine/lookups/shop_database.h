// BuildDatabaseFromSql: builds the demo shop's SQLite file from the SQL
// script in examples/shop/shop.sql (what `sqlite3 shop.db < shop.sql` does),
// for tests and for the server's start-up.
#ifndef FRONTDESK_ENGINE_LOOKUPS_SHOP_DATABASE_H_
#define FRONTDESK_ENGINE_LOOKUPS_SHOP_DATABASE_H_

#include <string>

#include "engine/status.h"

namespace frontdesk {

// Runs the script at `sql_path` into a fresh database, then renames it to
// `db_path`, replacing any file there: readers never see a half-built file.
// The script is trusted (it ships with the pack); it is never built from
// input. Fails with the script's first SQLite error.
Status BuildDatabaseFromSql(const std::string& sql_path, const std::string& db_path);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_LOOKUPS_SHOP_DATABASE_H_
