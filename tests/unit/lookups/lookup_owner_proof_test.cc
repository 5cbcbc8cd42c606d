// Issue 9, "Trust": a postcode alone proved ownership of an order, though a
// whole city shares one, and the per-conversation limit was evaded by
// changing the conversation id. Now the postcode counts only with its second
// fact (`owner.with_postcode`), and failed attempts are also counted per
// proof value offered (`limits.per_proof`). On the shipped lookups and a
// real SQLite file built from examples/shop/shop.sql: order AB123456 is An's
// (an.nguyen@example.com, postcode 70000, phone ending 5678); Thư
// (thu.dang@example.com) lives in 70000 too, phone ending 4517.
#include "engine/lookups/attempt_limiter.h"
#include "engine/lookups/lookup_check.h"
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

class OwnerProofTest : public ::testing::Test {
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

  LookupResult Ask(const std::string& lookup, std::map<std::string, std::string> slots,
                   const std::string& conversation = "c", const std::string& address = "") {
    LookupRequest req{lookup, std::move(slots), "", false, conversation, address, "en"};
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
};

TEST_F(OwnerProofTest, ShopLookupsNeedTheLastFourPhoneDigitsWithThePostcode) {
  for (const LookupDef& def : defs_.lookups) {
    if (!def.owner.enabled()) continue;
    EXPECT_EQ(def.owner.with_postcode.slot, "phone_last4") << def.name;
    EXPECT_EQ(def.owner.with_postcode.field, "owner_phone_last4") << def.name;
  }
  EXPECT_EQ(defs_.lookups.front().limits.per_proof, 5);
}

// The hole of issue 9: the right postcode of someone else's order.
TEST_F(OwnerProofTest, PostcodeAloneIsRefusedAndCostsNoAttempt) {
  for (int i = 0; i < 10; ++i) {
    LookupResult r = Ask("order_status", {{"order_id", "AB123456"}, {"postcode", "70000"}},
                         "c" + std::to_string(i), "203.0.113.7");
    EXPECT_FALSE(r.found);
    EXPECT_FALSE(r.limited);
    EXPECT_EQ(r.data, nlohmann::json::object());
  }
  // Nothing was tested, so nothing was charged.
  EXPECT_EQ(testing::Failures(limiter_, "key:order_id=ab123456", 900), 0);
  EXPECT_EQ(testing::Failures(limiter_, "address:203.0.113.7", 900), 0);
  EXPECT_EQ(testing::Failures(limiter_, "proof:postcode=70000", 900), 0);
}

TEST_F(OwnerProofTest, PostcodeWithTheWrongSecondFactIsRefused) {
  // Thư's digits with her own (and An's) postcode: the neighbour sees nothing.
  LookupResult r = Ask("order_status",
                       {{"order_id", "AB123456"}, {"postcode", "70000"}, {"phone_last4", "4517"}});
  EXPECT_FALSE(r.found);
  EXPECT_EQ(r.data, nlohmann::json::object());
  // The right digits with a wrong postcode are no better.
  r = Ask("order_status", {{"order_id", "AB123456"}, {"postcode", "70001"}, {"phone_last4", "5678"}});
  EXPECT_FALSE(r.found);
  EXPECT_EQ(testing::Failures(limiter_, "key:order_id=ab123456", 900), 2);
}

TEST_F(OwnerProofTest, PostcodeWithTheRightSecondFactIsAccepted) {
  LookupResult r = Ask("order_status",
                       {{"order_id", "AB123456"}, {"postcode", "70 000"}, {"phone_last4", " 5678 "}});
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.data["tracking_number"], "GHN5KT9X3QD");
  // The owner fields are compared, never shown.
  EXPECT_FALSE(r.data.contains("owner_phone_last4"));
  EXPECT_FALSE(r.data.contains("owner_postcode"));
  // Lists are filtered row by row, repairs checked the same way.
  LookupResult items = Ask("order_items",
                           {{"order_id", "AB123456"}, {"postcode", "70000"}, {"phone_last4", "5678"}});
  EXPECT_TRUE(items.found);
  EXPECT_TRUE(Ask("repair_status", {{"repair_id", "RP20240042"}, {"postcode", "70000"}, {"phone_last4", "5678"}})
                  .found);
  EXPECT_FALSE(Ask("repair_status", {{"repair_id", "RP20240042"}, {"postcode", "70000"}}).found);
  EXPECT_EQ(testing::Failures(limiter_, "proof:postcode=70000", 900), 0);  // successes are forgiven
}

TEST_F(OwnerProofTest, EmailAloneIsAccepted) {
  LookupResult r = Ask("order_status", {{"order_id", "AB123456"}, {"email", " An.Nguyen@Example.com"}});
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.data["tracking_number"], "GHN5KT9X3QD");
  // So is the verified sender, and a wrong postcode beside the e-mail does not veto it.
  LookupRequest req{"order_status", {{"order_id", "AB123456"}, {"postcode", "10000"}}, "An <an.nguyen@example.com>",
                    true, "c", "", "en"};
  ASSERT_OK(service_->Run(req, &r));
  EXPECT_TRUE(r.found);
  EXPECT_FALSE(Ask("order_status", {{"order_id", "AB123456"}, {"email", "thu.dang@example.com"}}).found);
}

// An attacker who knows An's postcode guesses her phone digits, with a new
// conversation, order number and address each time: the per-conversation,
// per-order and per-address counters never fill, the postcode's does.
TEST_F(OwnerProofTest, PerProofLimitStopsGuessingAcrossConversations) {
  const char* orders[] = {"AB123456", "AB654321", "ZZ000001", "ZZ000002", "ZZ000003"};
  for (int i = 0; i < 5; ++i) {
    LookupResult r = Ask("order_status",
                         {{"order_id", orders[i]}, {"postcode", "70000"}, {"phone_last4", std::to_string(1000 + i)}},
                         "guess-" + std::to_string(i), "203.0.113." + std::to_string(i));
    EXPECT_FALSE(r.found);
    EXPECT_EQ(r.limited, i == 4) << "attempt " << i + 1;
  }
  EXPECT_EQ(testing::Failures(limiter_, "proof:postcode=70000", 900), 5);
  // The sixth guess, even the right one, is not even looked up.
  LookupResult right = Ask("order_status", {{"order_id", "AB123456"}, {"postcode", "70-000"}, {"phone_last4", "5678"}},
                           "guess-new", "198.51.100.1");
  EXPECT_FALSE(right.found);
  EXPECT_TRUE(right.limited);
  // The e-mail still proves ownership, and other postcodes are not affected.
  EXPECT_TRUE(Ask("order_status", {{"order_id", "AB123456"}, {"email", "an.nguyen@example.com"}}, "owner").found);
  EXPECT_FALSE(Ask("order_status", {{"order_id", "CD204871"}, {"postcode", "10000"}, {"phone_last4", "1111"}}, "x")
                   .limited);
  clock_.Set(kStart + 901);
  EXPECT_TRUE(Ask("order_status", {{"order_id", "AB123456"}, {"postcode", "70000"}, {"phone_last4", "5678"}}, "later")
                  .found);
}

// One e-mail tried on order after order: cut off after 5 as well.
TEST_F(OwnerProofTest, PerProofLimitCountsAnEmailAcrossOrders) {
  for (int i = 0; i < 5; ++i) {
    LookupResult r = Ask("order_status", {{"order_id", "ZZ00001" + std::to_string(i)}, {"email", "An.Nguyen@example.com"}},
                         "mail-" + std::to_string(i));
    EXPECT_EQ(r.limited, i == 4) << "attempt " << i + 1;
  }
  EXPECT_EQ(testing::Failures(limiter_, "proof:email=an.nguyen@example.com", 900), 5);
  EXPECT_TRUE(Ask("order_status", {{"order_id", "AB123456"}, {"email", "an.nguyen@example.com"}}, "mail-9").limited);
}

TEST_F(OwnerProofTest, AttemptCountersNameTheProofValues) {
  const LookupDef& def = defs_.lookups.front();
  LookupRequest req{"order_status",
                    {{"order_id", "AB123456"}, {"email", " An@Example.com"}, {"postcode", "70 000"}, {"phone_last4", "1"}},
                    "", false, "c-1", "203.0.113.9", "en"};
  std::vector<std::string> ids;
  for (const auto& c : AttemptCounters(def, req)) ids.push_back(c.id + "/" + std::to_string(c.limit));
  EXPECT_EQ(::testing::PrintToString(ids),
            ::testing::PrintToString(std::vector<std::string>{
                "key:order_id=ab123456/5", "conversation:c-1/10", "address:203.0.113.9/20",
                "proof:email=an@example.com/5", "proof:postcode=70000/5"}));
  // A postcode without its second fact is no proof: it has no counter.
  req.slots.erase("phone_last4");
  req.slots.erase("email");
  for (const auto& c : AttemptCounters(def, req)) EXPECT_NE(c.id.rfind("proof:", 0), 0u) << c.id;
}

// The loader's errors for `owner.with_postcode`, each FILE:LINE:COL.
class OwnerSpecLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(BuildDatabaseFromSql((testing::SourceDir() / "examples/shop/shop.sql").string(),
                                   (dir_.path() / "shop.db").string()));
  }

  // Reads a lookup whose `owner:` is `owner`, with the slot phone_last4
  // declared; returns the diagnostics, one per line.
  std::string Load(const std::string& owner, const std::string& limits = "") {
    std::string yaml =
        "lookups:\n"
        "  - name: o\n"
        "    kind: sql\n"
        "    database: shop.db\n"
        "    query: \"SELECT c.email AS e, c.postcode AS p, substr(c.phone, -4) AS f "
        "FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :id\"\n"
        "    params: {id: slots.order_id}\n"
        "    owner: " + owner + "\n" + limits;
    Config config;
    config.dir = dir_.path().string();
    YamlNode root;
    Diagnostics diags;
    defs_ = PackDefs();
    defs_.slots["order_id"] = SlotDef();
    defs_.slots["phone_last4"] = SlotDef();
    defs_.slots["postcode"] = SlotDef();
    if (ParseYaml("lookups.yaml", yaml, YamlLimits(), &root, &diags)) {
      ReadLookups(*root.Find("lookups"), config, &defs_, &diags);
      ValidateLookupRefs(defs_, &diags);
      CheckSqlLookups(config, defs_.lookups, &diags);
    }
    return diags.ToString();
  }

  TempDir dir_;
  PackDefs defs_;
};

TEST_F(OwnerSpecLoaderTest, AcceptsAPostcodeWithItsSecondFact) {
  EXPECT_EQ(Load("{email: e, postcode: p, with_postcode: {slot: phone_last4, field: f}}",
                 "    limits: {per_proof: 3}\n"),
            "");
  ASSERT_EQ(defs_.lookups.size(), 1u);
  const LookupOwner& owner = defs_.lookups[0].owner;
  EXPECT_EQ(owner.with_postcode.slot, "phone_last4");
  EXPECT_EQ(owner.with_postcode.field, "f");
  EXPECT_EQ(defs_.lookups[0].limits.per_proof, 3);
  EXPECT_EQ(Load("{email: e}"), "");  // the e-mail alone needs nothing more
}

TEST_F(OwnerSpecLoaderTest, PostcodeWithoutSecondFactIsAnError) {
  EXPECT_EQ(Load("{email: e, postcode: p}"),
            "lookups.yaml:7:33: error: lookup 'o': a postcode alone proves nothing (a whole district "
            "shares one): add 'with_postcode: {slot: SLOT, field: FIELD}', the fact that must come with "
            "it, or drop 'postcode'\n");
}

TEST_F(OwnerSpecLoaderTest, BadSecondFacts) {
  EXPECT_EQ(Load("{postcode: p, with_postcode: {slot: phone_last4}}"),
            "lookups.yaml:7:41: error: with_postcode needs 'field'\n");
  EXPECT_EQ(Load("{postcode: p, with_postcode: {slot: phone_last4, field: f, hint: x}}"),
            "lookups.yaml:7:71: error: unknown key 'hint' in with_postcode (expected one of: slot, field)\n");
  EXPECT_EQ(Load("{postcode: p, with_postcode: {slot: birthday, field: f}}"),
            "lookups.yaml:7:41: error: lookup 'o': 'with_postcode' names slot 'birthday', which no pack "
            "declares\n");
  EXPECT_EQ(Load("{postcode: p, with_postcode: {slot: phone_last4, field: nope}}"),
            "lookups.yaml:7:12: error: lookup 'o': the query returns no column 'nope' for 'owner'\n");
  EXPECT_EQ(Load("{postcode: p, with_postcode: {slot: postcode, field: f}}"),
            "lookups.yaml:7:48: error: lookup 'o': 'with_postcode' must name a second fact, not the "
            "'postcode' slot\n");
  EXPECT_EQ(Load("{email: e, with_postcode: {slot: phone_last4, field: f}}"),
            "lookups.yaml:7:38: error: lookup 'o': 'with_postcode' goes with 'postcode'\n");
  EXPECT_EQ(Load("{postcode: p, with_postcode: phone_last4}"),
            "lookups.yaml:7:41: error: with_postcode must be a map, not a string\n");
  EXPECT_EQ(Load("{email: e}", "    limits: {per_proof: -1}\n"),
            "lookups.yaml:8:13: error: limits must not be negative (0 turns one off)\n");
}

}  // namespace
}  // namespace frontdesk
