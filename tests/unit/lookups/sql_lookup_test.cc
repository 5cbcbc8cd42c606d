// SQL lookups on a real SQLite file built from examples/shop/shop.sql, with
// the shipped examples/shop/lookups.yaml: owners see their records; strangers
// get exactly what a non-existent id gets; input never becomes SQL.
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "engine/lookups/lookup_service.h"
#include "engine/lookups/shop_database.h"
#include "engine/pack/pack.h"
#include "engine/pack/yaml_tree.h"
#include "tests/attempt_counts.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;

std::string Dump(const LookupResult& r) {
  return nlohmann::json{{"found", r.found}, {"limited", r.limited}, {"data", r.data}}.dump();
}

// Loads the shipped lookups against a fresh shop.db in a temporary directory.
class ShopLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = (dir_.path() / "shop.db").string();
    ASSERT_OK(BuildDatabaseFromSql((testing::SourceDir() / "examples/shop/shop.sql").string(), db_path_));
    Config config;
    config.dir = dir_.path().string();
    std::string file = (testing::SourceDir() / "examples/shop/lookups.yaml").string();
    YamlNode root;
    Diagnostics diags;
    ASSERT_TRUE(ParseYamlFile(file, "lookups.yaml", YamlLimits(), &root, &diags)) << diags.ToString();
    ReadLookups(*root.Find("lookups"), config, &defs_, &diags);
    ASSERT_TRUE(diags.ok()) << diags.ToString();
    LookupServiceOptions options;
    options.limiter = &limiter_;
    ASSERT_OK(LookupService::Create(defs_.lookups, options, &service_));
  }

  LookupResult Run(const std::string& name, std::map<std::string, std::string> slots,
                   const std::string& from = "", bool verified = false) {
    LookupRequest req{name, std::move(slots), from, verified, "conv-" + std::to_string(++turn_),
                      "198.51.100.7", "en"};
    LookupResult result;
    Status s = service_->Run(req, &result);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return result;
  }

  int64_t CountRows(const std::string& table) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    std::string sql = "SELECT COUNT(*) FROM " + table;  // test-only, constant table names
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    sqlite3_step(stmt);
    int64_t n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
  }

  TempDir dir_;
  std::string db_path_;
  FakeClock clock_{1714900000};
  MemoryAttemptLimiter limiter_{&clock_};
  PackDefs defs_;
  std::unique_ptr<LookupService> service_;
  int turn_ = 0;
};

TEST_F(ShopLookupTest, KnowsTheShippedLookups) {
  for (const char* name : {"order_status", "order_items", "order_history", "repair_status",
                           "stock_near", "stores_near"})
    EXPECT_TRUE(service_->Has(name)) << name;
  EXPECT_FALSE(service_->Has("orders"));
  LookupResult r;
  EXPECT_EQ(service_->Run({"orders", {}, "", false, "", "", "en"}, &r).code(), Status::Code::kNotFound);
}

TEST_F(ShopLookupTest, OwnerByVerifiedSenderSeesTheOrder) {
  LookupResult r = Run("order_status", {{"order_id", "AB123456"}}, "An <AN.Nguyen@example.com>", true);
  EXPECT_TRUE(r.found);
  EXPECT_FALSE(r.limited);
  EXPECT_EQ(r.data["status"], "in_transit");
  EXPECT_EQ(r.data["status_text"], "on its way");
  EXPECT_EQ(r.data["carrier"], "Giao Hàng Nhanh");
  EXPECT_EQ(r.data["tracking_number"], "GHN5KT9X3QD");
  EXPECT_EQ(r.data["total"], "22.990.000 ₫");
  EXPECT_EQ(r.data["item_count"], 1);
  EXPECT_EQ(r.data["status_since"], "2024-05-04 06:12");
  // The owner columns are compared, never shown.
  EXPECT_FALSE(r.data.contains("owner_email"));
  EXPECT_FALSE(r.data.contains("owner_postcode"));
}

TEST_F(ShopLookupTest, UnverifiedSenderAddressIsNotProof) {
  LookupResult r = Run("order_status", {{"order_id", "AB123456"}}, "an.nguyen@example.com", false);
  EXPECT_FALSE(r.found);
}

TEST_F(ShopLookupTest, StrangerGetsExactlyWhatAMissingOrderGets) {
  LookupResult stranger = Run("order_status", {{"order_id", "AB123456"}}, "eve@example.com", true);
  LookupResult missing = Run("order_status", {{"order_id", "ZZ999999"}}, "eve@example.com", true);
  LookupResult wrong_postcode =
      Run("order_status", {{"order_id", "AB123456"}, {"postcode", "28013"}, {"phone_last4", "5678"}});
  EXPECT_EQ(Dump(stranger), R"({"data":{},"found":false,"limited":false})");
  EXPECT_EQ(Dump(stranger), Dump(missing));
  EXPECT_EQ(Dump(stranger), Dump(wrong_postcode));
}

TEST_F(ShopLookupTest, SecondFactorByEmailSlot) {
  LookupResult r = Run("order_status", {{"order_id", "CD204871"}, {"email", " Lucia.Garcia@Example.ES "}});
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.data["carrier"], "SEUR");
  EXPECT_EQ(r.data["total"], "1658,00 €");
}

// Lucía: postcode 28013, phone ending 5678.
TEST_F(ShopLookupTest, SecondFactorByPostcodeWithPhoneDigits) {
  LookupResult r = Run("repair_status", {{"repair_id", "RP20240117"}, {"postcode", "28013"}, {"phone_last4", "5678"}});
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.data["status"], "ready");
  EXPECT_EQ(r.data["product"], "Dyson V15 Detect");
  LookupResult alone = Run("repair_status", {{"repair_id", "RP20240117"}, {"postcode", "28013"}});
  LookupResult other = Run("repair_status", {{"repair_id", "RP20240117"}, {"postcode", "08001"}, {"phone_last4", "5678"}});
  LookupResult missing = Run("repair_status", {{"repair_id", "RP20249999"}, {"postcode", "28013"}, {"phone_last4", "5678"}});
  EXPECT_FALSE(alone.found);
  EXPECT_FALSE(other.found);
  EXPECT_EQ(Dump(other), Dump(missing));
  EXPECT_EQ(Dump(alone), Dump(missing));
}

TEST_F(ShopLookupTest, StatusTextFollowsTheLanguage) {
  LookupRequest req{"order_status", {{"order_id", "CD204871"}, {"email", "lucia.garcia@example.es"}},
                    "", false, "c", "", "es"};
  LookupResult r;
  ASSERT_OK(service_->Run(req, &r));
  EXPECT_EQ(r.data["status_text"], "en camino");
}

TEST_F(ShopLookupTest, ListRowsForTheOwnerOnly) {
  LookupResult r = Run("order_items", {{"order_id", "CD204871"}, {"postcode", "28013"}, {"phone_last4", "5678"}});
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.data["count"], 2);
  EXPECT_EQ(r.data["rows"][0]["product"], "iPhone 15 128GB");
  EXPECT_EQ(r.data["rows"][1]["unit_price"], "699,00 €");
  EXPECT_FALSE(r.data["rows"][0].contains("owner_email"));
  LookupResult stranger = Run("order_items", {{"order_id", "CD204871"}, {"postcode", "70000"}, {"phone_last4", "5678"}});
  EXPECT_EQ(Dump(stranger), R"({"data":{},"found":false,"limited":false})");
  LookupResult history = Run("order_history", {{"order_id", "AB123456"}}, "an.nguyen@example.com", true);
  EXPECT_EQ(history.data["count"], 3);
  EXPECT_EQ(history.data["rows"][2]["status"], "in_transit");
}

TEST_F(ShopLookupTest, MissingSlotRunsNothing) {
  LookupResult r = Run("order_status", {}, "an.nguyen@example.com", true);
  EXPECT_EQ(Dump(r), R"({"data":{},"found":false,"limited":false})");
  EXPECT_EQ(testing::Failures(limiter_, "address:198.51.100.7", 900), 0);
}

TEST_F(ShopLookupTest, SqlInjectionInASlotFindsNothingAndChangesNothing) {
  int64_t orders = CountRows("orders");
  int64_t customers = CountRows("customers");
  for (const char* attack : {"AB123456' OR 1=1 --", "AB123456\" OR \"1\"=\"1",
                             "x'; DROP TABLE orders; --", "' UNION SELECT email,1,1,1,1,1,1,1,1,1,email,postcode FROM customers --"}) {
    LookupResult r = Run("order_status", {{"order_id", attack}, {"postcode", "70000"}});
    EXPECT_EQ(Dump(r), R"({"data":{},"found":false,"limited":false})") << attack;
    LookupResult stock = Run("stock_near", {{"product", attack}, {"postcode", "70000"}});
    EXPECT_FALSE(stock.found) << attack;
  }
  EXPECT_EQ(CountRows("orders"), orders);
  EXPECT_EQ(CountRows("customers"), customers);
}

TEST_F(ShopLookupTest, StockNearReturnsTheNearestStoresWithStockInOrder) {
  LookupResult r = Run("stock_near", {{"product", "iPhone 15 128"}, {"postcode", "70000"}});
  ASSERT_TRUE(r.found);
  // Quận 1 (70000) has none left; Thủ Đức (71300) and Quận 7 (72900) do, then Hoàn Kiếm.
  ASSERT_EQ(r.data["count"], 3);
  EXPECT_EQ(r.data["rows"][0]["store"], "FrontDesk Thủ Đức");
  EXPECT_EQ(r.data["rows"][0]["quantity"], 4);
  EXPECT_EQ(r.data["rows"][1]["store"], "FrontDesk Quận 7");
  EXPECT_EQ(r.data["rows"][2]["store"], "FrontDesk Hoàn Kiếm");
  LookupResult madrid = Run("stock_near", {{"product", "dyson"}, {"postcode", "28013"}});
  ASSERT_TRUE(madrid.found);
  EXPECT_EQ(madrid.data["rows"][0]["store"], "FrontDesk Madrid Sol");
  EXPECT_EQ(madrid.data["rows"][0]["product"], "Dyson V15 Detect");
  EXPECT_FALSE(Run("stock_near", {{"product", "toaster"}, {"postcode", "70000"}}).found);
}

TEST_F(ShopLookupTest, StoresNearAPostcode) {
  LookupResult r = Run("stores_near", {{"postcode", "08013"}});
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.data["rows"][0]["store"], "FrontDesk Barcelona");
}

TEST_F(ShopLookupTest, KeepsServingWhileTheDatabaseIsRebuilt) {
  // The rebuild writes a new file and renames it over the old one.
  ASSERT_OK(BuildDatabaseFromSql((testing::SourceDir() / "examples/shop/shop.sql").string(), db_path_));
  EXPECT_TRUE(Run("order_status", {{"order_id", "AB123456"}}, "an.nguyen@example.com", true).found);
}

TEST_F(ShopLookupTest, ConcurrentRunsShareTheConnectionPool) {
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        LookupRequest req{t % 2 ? "order_status" : "stock_near",
                          {{"order_id", "AB123456"}, {"product", "ps5"}, {"postcode", "70000"}, {"phone_last4", "5678"}},
                          "", false, "c", "", "en"};
        LookupResult r;
        if (service_->Run(req, &r).ok() && r.found) ++found;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(found.load(), 8 * 40);
}

TEST_F(ShopLookupTest, SenderEmailIsBoundOnlyWhenVerified) {
  Config config;
  config.dir = dir_.path().string();
  YamlNode root;
  Diagnostics diags;
  ASSERT_TRUE(ParseYaml("mine.yaml", R"(lookups:
  - name: my_orders
    kind: sql
    database: shop.db
    query: SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = :me ORDER BY o.id
    params: {me: sender.email}
    rows: list
)", YamlLimits(), &root, &diags));
  PackDefs defs;
  ReadLookups(*root.Find("lookups"), config, &defs, &diags);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  LookupServiceOptions options;
  options.limiter = &limiter_;
  std::unique_ptr<LookupService> service;
  ASSERT_OK(LookupService::Create(defs.lookups, options, &service));
  LookupResult r;
  ASSERT_OK(service->Run({"my_orders", {}, "An.Nguyen@example.com", true, "c", "", "en"}, &r));
  EXPECT_EQ(r.data.dump(), R"({"count":3,"rows":[{"id":"AB123456"},{"id":"AB339812"},{"id":"AB654321"}]})");
  ASSERT_OK(service->Run({"my_orders", {}, "an.nguyen@example.com", false, "c", "", "en"}, &r));
  EXPECT_FALSE(r.found);
}

TEST(ShopDatabaseTest, ReportsTheScriptsError) {
  TempDir dir;
  auto sql = dir.Write("bad.sql", "CREATE TABLE t (a);\nINSERT INTO nope VALUES (1);\n");
  Status s = BuildDatabaseFromSql(sql.string(), (dir.path() / "x.db").string());
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("no such table: nope"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.db"));
  EXPECT_FALSE(BuildDatabaseFromSql((dir.path() / "none.sql").string(), (dir.path() / "x.db").string()).ok());
}

}  // namespace
}  // namespace frontdesk
