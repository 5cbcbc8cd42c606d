// Private to engine/store: the versioned schema. The version is kept in
// PRAGMA user_version; migration N brings a version N-1 database to N.
// Migrations are append-only: a released migration is never edited, a change
// is a new migration.
#ifndef FRONTDESK_ENGINE_STORE_MIGRATIONS_H_
#define FRONTDESK_ENGINE_STORE_MIGRATIONS_H_

#include "frontdesk/status.h"
#include "engine/store/sql.h"

namespace frontdesk::store_internal {

// The schema version this program writes.
inline constexpr int kSchemaVersion = 9;

// Applies migrations until the database is at `target` (1..kSchemaVersion),
// each in its own BEGIN IMMEDIATE transaction together with the new
// user_version, so a crash or a second process opening the same file at the
// same time never leaves a half-migrated schema. *from_version = the version
// found (0 = empty database). A database newer than kSchemaVersion is an
// error: this program does not know its schema.
// REQUIRES: no transaction open on `conn`.
Status Migrate(Connection& conn, int target, int* from_version);

// The database's schema version (0 = empty).
Status SchemaVersion(Connection& conn, int* version);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_MIGRATIONS_H_
