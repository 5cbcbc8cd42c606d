// Private to engine/store/pg: the PostgreSQL schema, versioned in the table
// schema_version (one row). Migration N brings a version N-1 schema to N;
// migrations are append-only, as SQLite's (engine/store/migrations.h).
// PostgreSQL's version 1 is SQLite's version 8 at once: the PostgreSQL store
// started there, so its numbers count its own changes from then on.
#ifndef FRONTDESK_ENGINE_STORE_PG_PG_MIGRATIONS_H_
#define FRONTDESK_ENGINE_STORE_PG_PG_MIGRATIONS_H_

#include "frontdesk/status.h"
#include "engine/store/pg/pg_conn.h"

namespace frontdesk::store_internal::pg {

// The schema version this program writes.
inline constexpr int kPgSchemaVersion = 2;

// Brings the schema of the connection's search_path to kPgSchemaVersion in
// one transaction, holding an advisory lock (per schema) while it reads and
// migrates, so that nodes starting together migrate once and none sees a
// half-made schema. *from_version = the version found (0 = empty). A schema
// newer than this program's is an error.
Status Migrate(Conn& conn, int* from_version);

}  // namespace frontdesk::store_internal::pg

#endif  // FRONTDESK_ENGINE_STORE_PG_PG_MIGRATIONS_H_
