// Private to engine/lookups: a `kind: sql` lookup. Runs the pack's SELECT on
// read-only connections (a small pool, one connection per concurrent call),
// with every request value bound as a parameter.
#ifndef FRONTDESK_ENGINE_LOOKUPS_SQL_LOOKUP_H_
#define FRONTDESK_ENGINE_LOOKUPS_SQL_LOOKUP_H_

#include <chrono>
#include <memory>
#include <vector>

#include "engine/base/mutex.h"
#include "engine/lookups/lookup_backend.h"
#include "engine/lookups/sql_db.h"

namespace frontdesk::lookups_internal {

class SqlLookup : public LookupBackend {
 public:
  // Opens one connection now, so that a missing database or a query that no
  // longer compiles is reported at start, not on the first customer.
  static Status Open(const LookupDef& def, std::unique_ptr<LookupBackend>* out);

  Status Fetch(const LookupRequest& request, std::vector<FetchedRow>* rows) override;

 private:
  struct Connection {
    SqliteDb db;
    SqliteStmt stmt;
    std::chrono::steady_clock::time_point deadline;  // the running statement's
  };

  explicit SqlLookup(const LookupDef& def) : def_(def) {}
  Status Connect(std::unique_ptr<Connection>* out) const;
  Status Bind(Connection* c, const LookupRequest& request) const;
  Status Read(Connection* c, std::vector<FetchedRow>* rows) const;
  std::unique_ptr<Connection> TakeIdle();
  void ReturnIdle(std::unique_ptr<Connection> c);

  const LookupDef def_;
  Mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_ GUARDED_BY(mu_);
};

}  // namespace frontdesk::lookups_internal

#endif  // FRONTDESK_ENGINE_LOOKUPS_SQL_LOOKUP_H_
