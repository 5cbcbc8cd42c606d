#include "engine/lookups/shop_database.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/lookups/sql_db.h"

namespace frontdesk {
namespace {

Status ReadScript(const std::string& sql_path, std::string* script) {
  std::ifstream in(sql_path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + sql_path);
  std::stringstream text;
  text << in.rdbuf();
  *script = text.str();
  return Status::Ok();
}

Status RunScript(const std::string& script, const std::string& path, lookups_internal::SqliteDb* out) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  lookups_internal::SqliteDb db(raw);
  if (rc != SQLITE_OK)
    return Status::IoError("cannot create " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  char* error = nullptr;
  rc = sqlite3_exec(raw, script.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string msg = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return Status::InvalidArgument(msg);
  }
  if (out != nullptr) *out = std::move(db);
  return Status::Ok();
}

}  // namespace

Status BuildDatabaseFromSql(const std::string& sql_path, const std::string& db_path) {
  std::string script;
  Status s = ReadScript(sql_path, &script);
  if (!s.ok()) return s;
  std::string tmp = db_path + ".building-" + std::to_string(::getpid());
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  s = RunScript(script, tmp, nullptr);
  if (s.ok()) {
    std::filesystem::rename(tmp, db_path, ec);
    if (ec) s = Status::IoError("cannot rename " + tmp + " to " + db_path + ": " + ec.message());
  } else {
    s = Status::InvalidArgument(sql_path + ": " + s.message());
  }
  if (!s.ok()) std::filesystem::remove(tmp, ec);
  return s;
}

}  // namespace frontdesk

namespace frontdesk {

Status BuildDatabaseInMemory(const std::string& sql_path, lookups_internal::SqliteDb* db) {
  std::string script;
  Status s = ReadScript(sql_path, &script);
  if (!s.ok()) return s;
  s = RunScript(script, ":memory:", db);
  return s.ok() ? s : Status::InvalidArgument(sql_path + ": " + s.message());
}

Status BuildMissingDatabases(const std::vector<std::pair<std::string, std::string>>& databases) {
  for (const auto& [path, from] : databases) {
    std::error_code ec;
    if (from.empty() || std::filesystem::exists(path, ec)) continue;
    Status s = BuildDatabaseFromSql(from, path);
    if (!s.ok()) return Status::IoError("cannot build " + path + " from " + from + ": " + s.message());
  }
  return Status::Ok();
}

}  // namespace frontdesk
