// Private to engine/store: one SQLite connection with its prepared-statement
// cache, the Sql type that keeps SQL text out of reach of input, and the
// mapping from SQLite errors to Status.
#ifndef FRONTDESK_ENGINE_STORE_SQL_H_
#define FRONTDESK_ENGINE_STORE_SQL_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <unordered_map>

#include "frontdesk/status.h"

namespace frontdesk::store_internal {

// SQL text that is a string literal of this program. The constructor is
// consteval, so a Sql can never be assembled from runtime text: every value
// that comes from input reaches SQLite through bind(), never through the SQL.
class Sql {
 public:
  template <size_t N>
  consteval Sql(const char (&text)[N]) : text_(text) {}  // NOLINT: implicit on purpose
  const char* text() const { return text_; }

 private:
  const char* text_;
};

// A statement taken from the cache; reset (which ends its read snapshot) and
// unbound when the guard goes out of scope.
class Query {
 public:
  explicit Query(SQLite::Statement* stmt) : stmt_(stmt) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  SQLite::Statement* operator->() const { return stmt_; }
  SQLite::Statement& operator*() const { return *stmt_; }

 private:
  SQLite::Statement* stmt_;
};

// One connection. Used by one thread at a time.
class Connection {
 public:
  // Opens `path` (read-write, created if `create`) with the busy timeout set.
  // Throws SQLite::Exception.
  Connection(const std::string& path, bool create, int busy_timeout_ms);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  SQLite::Database& db() { return db_; }
  // A prepared statement for `sql`, compiled on first use and cached.
  Query Prepare(Sql sql);
  // Runs statements that return no rows.
  void Exec(Sql sql) { db_.exec(sql.text()); }
  // Runs a one-row, one-column query (a PRAGMA) and returns the value as text.
  std::string QueryText(Sql sql);
  // True while a transaction is open (false after SQLite rolled one back on its own).
  bool InTransaction() const;
  int64_t LastInsertId() const { return db_.getLastInsertRowid(); }
  int Changes() const { return db_.getChanges(); }

 private:
  SQLite::Database db_;  // declared first: destroyed after the statements
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> cache_;
};

// Maps an exception from SQLiteCpp, nlohmann::json or the standard library to
// a Status; `what` says what was being done ("commit", "open ...").
Status ErrorStatus(const std::exception& e, const std::string& what);

// Runs fn() (which returns a Status) and turns any exception into a Status.
template <typename Fn>
Status Guarded(const std::string& what, Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return ErrorStatus(e, what);
  }
}

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_SQL_H_
