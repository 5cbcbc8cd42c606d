// A SQLite store on a fresh file in a test's temp dir, and a way to count
// what landed in it, for the store tests.
#ifndef FRONTDESK_TESTS_STORE_FIXTURE_H_
#define FRONTDESK_TESTS_STORE_FIXTURE_H_

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/store/sqlite_store.h"
#include "tests/test_util.h"

namespace frontdesk::testing {

// frontdesk.db in `dir`; the start-up log line goes to *log, or nowhere.
inline StoreOptions TempStoreOptions(const TempDir& dir, std::vector<std::string>* log = nullptr) {
  StoreOptions o;
  o.path = (dir.path() / "frontdesk.db").string();
  o.log = [log](const std::string& line) {
    if (log) log->push_back(line);
  };
  return o;
}

// Opens the store; a test fails (and gets null) if it cannot.
inline std::unique_ptr<Store> OpenStoreOrFail(const StoreOptions& options) {
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore(options, &store);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return store;
}

// The first column of the first row of `sql`, read on a connection of its own.
inline int64_t QueryInt(const std::string& path, const std::string& sql) {
  SQLite::Database db(path);
  return db.execAndGet(sql).getInt64();
}

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_STORE_FIXTURE_H_
