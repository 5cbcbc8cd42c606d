// CheckSqlLookups (engine/lookups/lookup_check.cc) on databases that do not
// exist yet: one the config builds from SQL is checked against an in-memory
// copy and no file is written; one nobody builds is an error at `database:`.
// The checks of the query itself are in tests/unit/pack/lookup_loader_test.cc.
#include "engine/lookups/lookup_check.h"

#include <filesystem>
#include <set>

#include "engine/lookups/shop_database.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kShopSql[] = R"(
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, postcode TEXT NOT NULL);
CREATE TABLE orders (id TEXT PRIMARY KEY, customer_id INTEGER NOT NULL, status TEXT NOT NULL);
INSERT INTO customers VALUES (1, 'lan@example.com', '70000');
INSERT INTO orders VALUES ('AB123456', 1, 'shipped');
)";

constexpr char kOrderQuery[] =
    "SELECT o.status, c.email AS owner_email, c.postcode AS owner_postcode "
    "FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :order_id";

class LookupCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    script_ = dir_.Write("shop.sql", kShopSql).string();
    db_ = (dir_.path() / "shop.db").string();
    config_.dir = dir_.path().string();
  }

  // A SQL lookup on `database` as lookups.yaml would declare it: `database:`
  // at 4:15, `query:` at 5:12, `owner:` at 6:12, the order_id param at 7:24.
  LookupDef Lookup(const std::string& name, const std::string& database, const std::string& query) {
    LookupDef def;
    def.name = name;
    def.kind = "sql";
    def.database = database;
    def.query = query;
    def.database_loc = {"lookups.yaml", 4, 15};
    def.query_loc = {"lookups.yaml", 5, 12};
    def.owner_loc = {"lookups.yaml", 6, 12};
    LookupSource order_id;
    order_id.kind = LookupSource::Kind::kSlot;
    order_id.slot = "order_id";
    order_id.loc = {"lookups.yaml", 7, 24};
    def.params["order_id"] = order_id;
    def.owner = {"owner_email", "owner_postcode", {}};
    return def;
  }

  std::string Check(const std::vector<LookupDef>& lookups) {
    Diagnostics diags;
    CheckSqlLookups(config_, lookups, &diags);
    return diags.ToString();
  }

  // The names in the temp dir: whatever the check wrote shows up here.
  std::set<std::string> Files() const {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))
      names.insert(entry.path().filename().string());
    return names;
  }

  TempDir dir_;
  Config config_;
  std::string script_, db_;
};

TEST_F(LookupCheckTest, MissingDatabaseBuiltFromSqlIsCheckedInMemoryAndNotWritten) {
  config_.databases = {{db_, script_}};
  ASSERT_FALSE(std::filesystem::exists(db_));
  EXPECT_EQ(Check({Lookup("order_status", db_, kOrderQuery)}), "");
  EXPECT_FALSE(std::filesystem::exists(db_));
  EXPECT_EQ(Files(), std::set<std::string>{"shop.sql"});
}

// The in-memory copy has the script's schema, so the usual mistakes are
// found before the file exists.
TEST_F(LookupCheckTest, InMemoryCopyFindsMistakesInTheQuery) {
  config_.databases = {{db_, script_}};
  LookupDef no_column = Lookup("a", db_, "SELECT nope FROM orders WHERE id = :order_id");
  no_column.owner = {};
  LookupDef no_owner = Lookup("b", db_, "SELECT status FROM orders WHERE id = :order_id");
  LookupDef no_param = Lookup("c", db_, std::string(kOrderQuery) + " AND o.status = :status");
  EXPECT_EQ(Check({no_column, no_owner, no_param}),
            "lookups.yaml:5:12: error: lookup 'a': query does not compile: no such column: nope\n"
            "lookups.yaml:5:12: error: lookup 'c': query uses parameter ':status', which 'params' "
            "does not define\n"
            "lookups.yaml:6:12: error: lookup 'b': the query returns no column 'owner_email' for "
            "'owner'\n"
            "lookups.yaml:6:12: error: lookup 'b': the query returns no column 'owner_postcode' for "
            "'owner'\n");
  EXPECT_FALSE(std::filesystem::exists(db_));
  EXPECT_EQ(Files(), std::set<std::string>{"shop.sql"});
}

// The copy is built by a trusted script, but the pack's query on it is held
// to the same read-only rule as on the real file.
TEST_F(LookupCheckTest, InMemoryCopyRefusesQueriesThatWrite) {
  config_.databases = {{db_, script_}};
  LookupDef writes = Lookup("x", db_, "WITH t AS (SELECT 1) DELETE FROM orders WHERE id = :order_id");
  writes.owner = {};
  EXPECT_THAT(Check({writes}), StartsWith("lookups.yaml:5:12: error: lookup 'x': query "));
  LookupDef insert = Lookup("y", db_, "INSERT INTO orders VALUES (:order_id, 1, 'x')");
  insert.owner = {};
  EXPECT_THAT(Check({insert}), StartsWith("lookups.yaml:5:12: error: lookup 'y': query must be a single "
                                          "read-only SELECT"));
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(LookupCheckTest, MissingDatabaseWithoutBuildScriptIsAnErrorAtDatabase) {
  const std::string expected = "lookups.yaml:4:15: error: lookup 'order_status': cannot open database "
                               "'shop.db' (database " + db_ + " does not exist)\n";
  EXPECT_EQ(Check({Lookup("order_status", db_, kOrderQuery)}), expected);
  // A script for another database does not count.
  config_.databases = {{(dir_.path() / "other.db").string(), script_}};
  EXPECT_EQ(Check({Lookup("order_status", db_, kOrderQuery)}), expected);
  // Nor does a listed database without build_from.
  config_.databases = {{db_, ""}};
  EXPECT_EQ(Check({Lookup("order_status", db_, kOrderQuery)}), expected);
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(LookupCheckTest, BrokenBuildScriptIsAnErrorAtDatabase) {
  const std::string missing = (dir_.path() / "missing.sql").string();
  config_.databases = {{db_, missing}};
  EXPECT_THAT(Check({Lookup("order_status", db_, kOrderQuery)}),
              StartsWith("lookups.yaml:4:15: error: lookup 'order_status': cannot open database 'shop.db' ("));
  EXPECT_THAT(Check({Lookup("order_status", db_, kOrderQuery)}), HasSubstr(missing));

  const std::string broken = dir_.Write("broken.sql", "CREATE TABLE orders (id TEXT);\nSELEC 1;\n").string();
  config_.databases = {{db_, broken}};
  std::string diags = Check({Lookup("order_status", db_, kOrderQuery)});
  EXPECT_THAT(diags, StartsWith("lookups.yaml:4:15: error: lookup 'order_status': cannot open database "
                                "'shop.db' (" + broken + ": "));
  EXPECT_THAT(diags, HasSubstr("syntax error"));
  EXPECT_EQ(Files(), (std::set<std::string>{"shop.sql", "broken.sql"}));
}

// Once the file exists it is what the query is checked against, not the
// script: the script may since have changed.
TEST_F(LookupCheckTest, ExistingDatabaseIsUsedNotTheScript) {
  const std::string legacy = dir_.Write("legacy.sql", "CREATE TABLE legacy (id TEXT, email TEXT);").string();
  ASSERT_OK(BuildDatabaseFromSql(legacy, db_));
  const std::string before = testing::ReadFile(db_);
  config_.databases = {{db_, script_}};
  LookupDef on_file = Lookup("a", db_, "SELECT email FROM legacy WHERE id = :order_id");
  on_file.owner = {"email", "", {}};
  EXPECT_EQ(Check({on_file}), "");
  EXPECT_THAT(Check({Lookup("b", db_, kOrderQuery)}),
              StartsWith("lookups.yaml:5:12: error: lookup 'b': query does not compile: no such table: orders"));
  EXPECT_EQ(testing::ReadFile(db_), before);
}

TEST_F(LookupCheckTest, EveryLookupOnTheDatabaseIsChecked) {
  config_.databases = {{db_, script_}};
  LookupDef good = Lookup("good", db_, kOrderQuery);
  LookupDef bad = Lookup("bad", db_, "SELECT status FROM nowhere WHERE id = :order_id");
  bad.owner = {};
  EXPECT_EQ(Check({good, bad, good}),
            "lookups.yaml:5:12: error: lookup 'bad': query does not compile: no such table: nowhere\n");
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(LookupCheckTest, HttpLookupsAreNotOpened) {
  LookupDef http = Lookup("api", "", "");
  http.kind = "http";
  http.url = "https://api.example.com/orders/{{slots.order_id}}";
  EXPECT_EQ(Check({http}), "");
  // Nor is a SQL lookup whose `database:` was already refused by the loader.
  EXPECT_EQ(Check({Lookup("no_database", "", kOrderQuery)}), "");
  EXPECT_EQ(Files(), std::set<std::string>{"shop.sql"});
}

}  // namespace
}  // namespace frontdesk
