// The store under test and a way to count what landed in it, for the store
// tests. FRONTDESK_TEST_STORE chooses the engine: unset or "sqlite" = a
// SQLite file in the test's temp dir; "postgres" = a fresh schema on the
// PostgreSQL server this test binary starts for itself (tests/pg_test_server.h),
// one schema per store path, so reopening a path reopens its data.
// tests/CMakeLists.txt runs each engine-agnostic store test twice:
// `store_tickets_test` and `store_tickets_test.postgres`. Without
// PostgreSQL's binaries the postgres run skips every test with one message.
#ifndef FRONTDESK_TESTS_STORE_FIXTURE_H_
#define FRONTDESK_TESTS_STORE_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/store/sqlite_store.h"
#include "tests/test_util.h"

namespace frontdesk::testing {

enum class StoreEngine { kSqlite, kPostgres };
StoreEngine EngineUnderTest();
const char* EngineName();

// For tests about SQLite itself (WAL, checkpoints, its file, its migrations).
#define FRONTDESK_SQLITE_ONLY()                                                    \
  do {                                                                             \
    if (::frontdesk::testing::EngineUnderTest() !=                                 \
        ::frontdesk::testing::StoreEngine::kSqlite)                                \
      GTEST_SKIP() << "about SQLite itself; runs in the SQLite variant of this test"; \
  } while (0)

// frontdesk.db in `dir`; the start-up log line goes to *log, or nowhere.
inline StoreOptions TempStoreOptions(const TempDir& dir, std::vector<std::string>* log = nullptr) {
  StoreOptions o;
  o.path = (dir.path() / "frontdesk.db").string();
  o.log = [log](const std::string& line) {
    if (log) log->push_back(line);
  };
  return o;
}

// Opens a store of the engine under test for options.path (see above);
// options.clock and options.log carry over to PostgreSQL.
Status OpenTestStore(const StoreOptions& options, std::unique_ptr<Store>* store);

// Opens the store; a test fails (and gets null) if it cannot.
inline std::unique_ptr<Store> OpenStoreOrFail(const StoreOptions& options) {
  std::unique_ptr<Store> store;
  Status s = OpenTestStore(options, &store);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return store;
}

// The first column of the first row of `sql`, read on a connection of its
// own to the data of store path `path` (SQL both engines understand).
int64_t QueryInt(const std::string& path, const std::string& sql);
std::string QueryText(const std::string& path, const std::string& sql);

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_STORE_FIXTURE_H_
