// Attempt limits on owner checks: per record key, per conversation, per client
// address, in sliding windows on a FakeClock; on the shipped lookups and a
// real SQLite file. (Per proof value: owner_proof_test.cc; the limiters
// themselves, in memory and in the store: store_attempt_limiter_test.cc.)
#include "engine/lookups/attempt_limiter.h"
#include "engine/lookups/lookup_service.h"
#include "engine/lookups/shop_database.h"
#include "engine/pack/pack.h"
#include "engine/pack/yaml_tree.h"
#include "tests/attempt_counts.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;

constexpr int64_t kStart = 1714900000;

class LookupLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(BuildDatabaseFromSql((testing::SourceDir() / "examples/shop/shop.sql").string(),
                                   (dir_.path() / "shop.db").string()));
    Config config;
    config.dir = dir_.path().string();
    YamlNode root;
    Diagnostics diags;
    std::string file = (testing::SourceDir() / "examples/shop/lookups.yaml").string();
    ASSERT_TRUE(ParseYamlFile(file, "lookups.yaml", YamlLimits(), &root, &diags)) << diags.ToString();
    ReadLookups(*root.Find("lookups"), config, &defs_, &diags);
    ASSERT_TRUE(diags.ok()) << diags.ToString();
    LookupServiceOptions options;
    options.limiter = &limiter_;
    ASSERT_OK(LookupService::Create(defs_.lookups, options, &service_));
  }

  // With the owner's postcode (70000) and phone digits (5678) the owner of
  // AB123456 and AB654321 asks; without, a wrong postcode, a new one on each
  // call so that no per-proof counter fills up in these tests.
  LookupResult Order(const std::string& id, const std::string& conversation,
                     const std::string& address, const std::string& postcode = "") {
    std::string offered = postcode.empty() ? std::to_string(90000 + ++guesses_) : postcode;
    LookupRequest req{"order_status", {{"order_id", id}, {"postcode", offered}, {"phone_last4", "5678"}},
                      "", false, conversation, address, "en"};
    LookupResult r;
    Status s = service_->Run(req, &r);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return r;
  }

  TempDir dir_;
  FakeClock clock_{kStart};
  MemoryAttemptLimiter limiter_{&clock_};
  PackDefs defs_;
  std::unique_ptr<LookupService> service_;
  int guesses_ = 0;
};

TEST_F(LookupLimitsTest, FivePerOrderThenEscalateEvenForTheOwner) {
  for (int i = 1; i <= 5; ++i) {
    LookupResult r = Order("AB123456", "conv-" + std::to_string(i), "203.0.113." + std::to_string(i));
    EXPECT_FALSE(r.found);
    EXPECT_EQ(r.limited, i == 5) << "attempt " << i;
  }
  // The order is locked for the window: the owner is handed to a person too.
  LookupResult owner = Order("AB123456", "conv-owner", "198.51.100.1", "70000");
  EXPECT_FALSE(owner.found);
  EXPECT_TRUE(owner.limited);
  EXPECT_TRUE(owner.data.empty());
  // Other orders are not affected.
  EXPECT_TRUE(Order("AB654321", "conv-owner", "198.51.100.1", "70000").found);
  clock_.Set(kStart + 901);
  LookupResult later = Order("AB123456", "conv-owner", "198.51.100.1", "70000");
  EXPECT_TRUE(later.found);
  EXPECT_FALSE(later.limited);
}

TEST_F(LookupLimitsTest, LimitedLooksTheSameForRealAndMadeUpOrders) {
  for (int i = 1; i <= 5; ++i) Order("AB123456", "c" + std::to_string(i), "");
  for (int i = 1; i <= 5; ++i) Order("ZZ000001", "d" + std::to_string(i), "");
  LookupResult real = Order("AB123456", "e", "");
  LookupResult made_up = Order("ZZ000001", "f", "");
  EXPECT_TRUE(real.limited);
  EXPECT_EQ(nlohmann::json({{"f", real.found}, {"l", real.limited}, {"d", real.data}}).dump(),
            nlohmann::json({{"f", made_up.found}, {"l", made_up.limited}, {"d", made_up.data}}).dump());
}

TEST_F(LookupLimitsTest, TenPerConversation) {
  for (int i = 1; i <= 10; ++i) {
    LookupResult r = Order("ZZ0000" + std::to_string(10 + i), "conv-a", "203.0.113." + std::to_string(i));
    EXPECT_EQ(r.limited, i == 10) << "attempt " << i;
  }
  EXPECT_TRUE(Order("AB123456", "conv-a", "203.0.113.99", "70000").limited);
  EXPECT_TRUE(Order("AB123456", "conv-b", "203.0.113.99", "70000").found);
}

TEST_F(LookupLimitsTest, TwentyPerAddress) {
  for (int i = 1; i <= 20; ++i) {
    LookupResult r = Order("ZZ0000" + std::to_string(10 + i), "conv-" + std::to_string(i), "203.0.113.5");
    EXPECT_EQ(r.limited, i == 20) << "attempt " << i;
  }
  EXPECT_TRUE(Order("AB123456", "conv-new", "203.0.113.5", "70000").limited);
  EXPECT_TRUE(Order("AB123456", "conv-new", "203.0.113.6", "70000").found);
  clock_.Set(kStart + 900);
  EXPECT_FALSE(Order("ZZ000099", "conv-new", "203.0.113.5").limited);
}

TEST_F(LookupLimitsTest, SuccessesAndPublicLookupsAreNotCounted) {
  for (int i = 0; i < 30; ++i) {
    EXPECT_TRUE(Order("AB123456", "conv-a", "203.0.113.5", "70000").found);
    LookupRequest req{"stock_near", {{"product", "nothing-like-it"}, {"postcode", "70000"}}, "", false,
                      "conv-a", "203.0.113.5", "en"};
    LookupResult r;
    ASSERT_OK(service_->Run(req, &r));
    EXPECT_FALSE(r.found);
    EXPECT_FALSE(r.limited);
  }
  EXPECT_EQ(testing::Failures(limiter_, "conversation:conv-a", 900), 0);
  EXPECT_EQ(testing::Failures(limiter_, "address:203.0.113.5", 900), 0);
}

TEST_F(LookupLimitsTest, CountersAreSharedAcrossLookupsOfOneRecord) {
  // order_status and order_items guard the same order.
  for (int i = 1; i <= 4; ++i) Order("AB123456", "c" + std::to_string(i), "");
  LookupRequest req{"order_items", {{"order_id", "AB123456"}, {"postcode", "99999"}, {"phone_last4", "5678"}},
                    "", false, "x", "", "en"};
  LookupResult r;
  ASSERT_OK(service_->Run(req, &r));
  EXPECT_TRUE(r.limited);
  EXPECT_EQ(testing::Failures(limiter_, "key:order_id=ab123456", 900), 5);
}

// Without any proof (no verified sender, no e-mail or postcode) nothing can
// match: the answer is "not found" at once, whatever exists, and it costs
// the customer no attempt (the engine asks for the proof next).
TEST_F(LookupLimitsTest, NoProofIsNotFoundAndCostsNoAttempt) {
  for (int i = 0; i < 30; ++i) {
    LookupRequest req{"order_status", {{"order_id", "AB123456"}}, "", false, "conv-n", "203.0.113.9", "en"};
    LookupResult r;
    ASSERT_OK(service_->Run(req, &r));
    EXPECT_FALSE(r.found);
    EXPECT_FALSE(r.limited);
    EXPECT_EQ(r.data, nlohmann::json::object());
  }
  EXPECT_EQ(testing::Failures(limiter_, "key:order_id=ab123456", 900), 0);
  EXPECT_EQ(testing::Failures(limiter_, "conversation:conv-n", 900), 0);
  EXPECT_EQ(testing::Failures(limiter_, "address:203.0.113.9", 900), 0);
  // The owner with a proof still gets the order.
  EXPECT_TRUE(Order("AB123456", "conv-n", "203.0.113.9", "70000").found);
}

}  // namespace
}  // namespace frontdesk
