#include "engine/lookups/lookup_check.h"

#include <algorithm>
#include <filesystem>
#include <string>

#include "engine/lookups/shop_database.h"
#include "engine/lookups/sql_db.h"

namespace frontdesk {
namespace {

using lookups_internal::SqliteDb;
using lookups_internal::SqliteStmt;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The script that builds `database` when it is missing, or "".
std::string BuildScriptFor(const Config& config, const std::string& database) {
  std::error_code ec;
  if (std::filesystem::exists(database, ec)) return "";
  for (const auto& [path, from] : config.databases)
    if (path == database) return from;
  return "";
}

Status OpenForCheck(const Config& config, const std::string& database, SqliteDb* db) {
  std::string script = BuildScriptFor(config, database);
  if (script.empty()) return lookups_internal::OpenReadOnly(database, 1000, db);
  return BuildDatabaseInMemory(script, db);
}

void CheckParamsAndColumns(sqlite3_stmt* stmt, const LookupDef& def, Diagnostics* diags) {
  std::string who = "lookup '" + def.name + "': ";
  std::vector<std::string> used = lookups_internal::ParameterNames(stmt);
  for (const auto& p : used) {
    if (p[0] == '?') diags->Error(def.query_loc, who + "use named parameters (:name), not '" + p + "'");
    else if (!def.params.count(p))
      diags->Error(def.query_loc, who + "query uses parameter ':" + p + "', which 'params' does not define");
  }
  for (const auto& [name, source] : def.params)
    if (!Contains(used, name)) diags->Error(source.loc, who + "the query has no parameter ':" + name + "'");
  std::vector<std::string> columns = lookups_internal::ColumnNames(stmt);
  for (const auto* column : {&def.owner.email, &def.owner.postcode, &def.owner.with_postcode.field}) {
    if (!column->empty() && !Contains(columns, *column))
      diags->Error(def.owner_loc, who + "the query returns no column '" + *column + "' for 'owner'");
  }
}

}  // namespace

void CheckSqlLookups(const Config& config, const std::vector<LookupDef>& lookups,
                     Diagnostics* diags) {
  for (const LookupDef& def : lookups) {
    if (def.kind != "sql" || def.database.empty()) continue;
    SqliteDb db;
    Status s = OpenForCheck(config, def.database, &db);
    if (!s.ok()) {
      // As written in the pack: relative to the config's directory.
      std::string shown = config.dir.empty()
          ? def.database
          : std::filesystem::path(def.database).lexically_relative(config.dir).string();
      diags->Error(def.database_loc, "lookup '" + def.name + "': cannot open database '" + shown +
                                         "' (" + s.message() + ")");
      continue;
    }
    SqliteStmt stmt;
    s = lookups_internal::PrepareSelect(db.get(), def.query, &stmt);
    if (!s.ok()) {
      diags->Error(def.query_loc, "lookup '" + def.name + "': " + s.message());
      continue;
    }
    CheckParamsAndColumns(stmt.get(), def, diags);
  }
}

}  // namespace frontdesk
