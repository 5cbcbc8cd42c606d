// Private to engine/store/pg: one PostgreSQL connection with its prepared
// statements, a transaction that runs only constant SQL (the Sql type of
// engine/store/sql.h: values reach the server as parameters, never in the
// text), the pool the store takes connections from, and the mapping from
// libpqxx errors to Status.
#ifndef FRONTDESK_ENGINE_STORE_PG_PG_CONN_H_
#define FRONTDESK_ENGINE_STORE_PG_PG_CONN_H_

#include <pqxx/pqxx>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "frontdesk/status.h"
#include "engine/base/mutex.h"
#include "engine/store/sql.h"

namespace frontdesk::store_internal::pg {

// A value PostgreSQL's text cannot hold (a NUL byte: libpq would cut the
// value there and store a shorter one). Becomes kInvalidArgument.
class TextError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// One connection; used by one thread at a time.
class Conn {
 public:
  explicit Conn(const std::string& conninfo) : conn_(conninfo) {}
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  pqxx::connection& raw() { return conn_; }
  // The name `sql` is prepared under on this connection (prepared on first use).
  const std::string& Prepared(Sql sql);

 private:
  pqxx::connection conn_;
  std::unordered_map<const char*, std::string> names_;
};

// A transaction on a Conn that runs prepared statements only.
class Tx {
 public:
  explicit Tx(Conn& c) : conn_(c), work_(c.raw()) {}
  template <typename... Args>
  pqxx::result Run(Sql sql, const Args&... args) {
    (CheckText(args), ...);
    return work_.exec_prepared(conn_.Prepared(sql), args...);
  }
  // As Run, for a statement that returns exactly one row.
  template <typename... Args>
  pqxx::row One(Sql sql, const Args&... args) {
    pqxx::result r = Run(sql, args...);
    if (r.size() != 1) throw std::logic_error("expected one row, got " + std::to_string(r.size()));
    return r[0];
  }
  // Runs constant SQL of several statements and no parameters (a migration).
  void Script(Sql sql) { work_.exec(sql.text()); }
  void Commit() { work_.commit(); }

 private:
  template <typename T>
  static void CheckText(const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (value.find('\0') != std::string::npos)
        throw TextError("text with a NUL byte cannot be stored in PostgreSQL");
    }
  }
  Conn& conn_;
  pqxx::work work_;
};

// Reads a text column ("" for NULL) or an integer column (0 for NULL).
inline std::string Text(const pqxx::field& f) { return f.is_null() ? "" : f.as<std::string>(); }
inline int64_t Int(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

// The connections a store shares among its threads: at most `max_open`
// at once; a caller waits for a free one beyond that.
class Pool {
 public:
  Pool(std::string conninfo, size_t max_open) : conninfo_(std::move(conninfo)), max_open_(max_open) {}
  // A connection for this thread, opened if none is idle. Throws
  // pqxx::broken_connection when the server cannot be reached.
  std::unique_ptr<Conn> Take();
  // Back to the pool; `healthy` = false closes it (after an error that may
  // have left it broken or inside a failed transaction).
  void Give(std::unique_ptr<Conn> conn, bool healthy);

 private:
  const std::string conninfo_;
  const size_t max_open_;
  Mutex mu_;
  CondVar freed_{&mu_};
  std::vector<std::unique_ptr<Conn>> idle_ GUARDED_BY(mu_);
  size_t open_ GUARDED_BY(mu_) = 0;
};

// Maps an exception from libpqxx, nlohmann::json or the standard library
// to a Status; `what` says what was being done.
Status PgErrorStatus(const std::exception& e, const std::string& what);
// Runs fn() (which returns a Status) and turns any exception into a Status.
template <typename Fn>
Status Guarded(const std::string& what, Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return PgErrorStatus(e, what);
  }
}
// Whether running the transaction again may succeed (deadlock,
// serialization failure).
bool IsRetryable(const std::exception& e);

}  // namespace frontdesk::store_internal::pg

#endif  // FRONTDESK_ENGINE_STORE_PG_PG_CONN_H_
