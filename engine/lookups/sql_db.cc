#include "engine/lookups/sql_db.h"

#include <cctype>
#include <filesystem>

namespace frontdesk::lookups_internal {
namespace {

// Reading only: a pack's query may select, read columns, call functions and
// recurse through a CTE. Anything else (writes, ATTACH, PRAGMA) is refused at
// compile time, whatever the statement looks like.
int ReadOnlyAuthorizer(void*, int action, const char*, const char*, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    default:
      return SQLITE_DENY;
  }
}

// Skips whitespace, `;` and SQL comments from `p`; returns where text starts.
const char* SkipBlank(const char* p, bool skip_semicolons) {
  for (;;) {
    while (*p != '\0' && (std::isspace(static_cast<unsigned char>(*p)) || (skip_semicolons && *p == ';')))
      ++p;
    if (p[0] == '-' && p[1] == '-') {
      while (*p != '\0' && *p != '\n') ++p;
    } else if (p[0] == '/' && p[1] == '*') {
      p += 2;
      while (*p != '\0' && !(p[0] == '*' && p[1] == '/')) ++p;
      if (*p != '\0') p += 2;
    } else {
      return p;
    }
  }
}

std::string FirstKeyword(const std::string& sql) {
  const char* p = SkipBlank(sql.c_str(), false);
  std::string word;
  while (std::isalpha(static_cast<unsigned char>(*p))) word += static_cast<char>(std::toupper(*p++));
  return word;
}

}  // namespace

Status OpenReadOnly(const std::string& path, int busy_timeout_ms, SqliteDb* db) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::NotFound("database " + path + " does not exist");
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb handle(raw);
  if (rc != SQLITE_OK) {
    return Status::IoError("cannot open database " + path + ": " +
                           (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  char* error = nullptr;
  rc = sqlite3_exec(raw, "PRAGMA query_only = 1", nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string msg = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return Status::IoError("cannot open database " + path + " read-only: " + msg);
  }
  sqlite3_set_authorizer(raw, ReadOnlyAuthorizer, nullptr);
  *db = std::move(handle);
  return Status::Ok();
}

Status PrepareSelect(sqlite3* db, const std::string& sql, SqliteStmt* stmt) {
  std::string first = FirstKeyword(sql);
  if (first.empty()) return Status::InvalidArgument("query is empty");
  if (first != "SELECT" && first != "WITH")
    return Status::InvalidArgument("query must be a single read-only SELECT, not " + first);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size() + 1), &raw, &tail);
  SqliteStmt handle(raw);
  if (rc != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    if ((rc & 0xff) == SQLITE_AUTH) return Status::InvalidArgument("query may only read (" + msg + ")");
    return Status::InvalidArgument("query does not compile: " + msg);
  }
  if (raw == nullptr) return Status::InvalidArgument("query is empty");
  if (tail != nullptr && *SkipBlank(tail, true) != '\0')
    return Status::InvalidArgument("query must be a single statement (text follows the first ';')");
  if (!sqlite3_stmt_readonly(raw) || sqlite3_column_count(raw) == 0)
    return Status::InvalidArgument("query must be a single read-only SELECT");
  *stmt = std::move(handle);
  return Status::Ok();
}

std::vector<std::string> ParameterNames(sqlite3_stmt* stmt) {
  std::vector<std::string> names;
  int n = sqlite3_bind_parameter_count(stmt);
  for (int i = 1; i <= n; ++i) {
    const char* name = sqlite3_bind_parameter_name(stmt, i);
    if (name == nullptr) names.push_back("?" + std::to_string(i));
    else if (name[0] == '?') names.push_back(name);
    else names.push_back(name + 1);
  }
  return names;
}

std::vector<std::string> ColumnNames(sqlite3_stmt* stmt) {
  std::vector<std::string> names;
  int n = sqlite3_column_count(stmt);
  for (int i = 0; i < n; ++i) {
    const char* name = sqlite3_column_name(stmt, i);
    names.push_back(name ? name : "");
  }
  return names;
}

}  // namespace frontdesk::lookups_internal
