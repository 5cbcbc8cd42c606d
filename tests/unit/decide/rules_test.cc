#include "engine/decide/rules.h"

#include "tests/test_util.h"

namespace frontdesk {
namespace {

RuleContext Ctx() {
  RuleContext c;
  c.intent = "refund.status";
  c.channel = "email";
  c.language = "vi";
  c.slots = {{"order_id", "AB123456"}};
  return c;
}

TEST(RulesTest, EmptyConditionAlwaysApplies) { EXPECT_TRUE(RuleApplies({}, Ctx())); }

TEST(RulesTest, IntentAnyAndNone) {
  RuleCondition w;
  w.intents = {"*"};
  EXPECT_TRUE(RuleApplies(w, Ctx()));
  w.intents = {"none"};
  EXPECT_FALSE(RuleApplies(w, Ctx()));
  RuleContext c = Ctx();
  c.intent.reset();
  EXPECT_TRUE(RuleApplies(w, c));
}

TEST(RulesTest, ChannelLanguageAndSlots) {
  RuleCondition w;
  w.channels = {"chat"};
  EXPECT_FALSE(RuleApplies(w, Ctx()));
  w.channels = {"chat", "email"};
  w.languages = {"vi"};
  w.present = {"order_id"};
  w.missing = {"email"};
  EXPECT_TRUE(RuleApplies(w, Ctx()));
  w.missing = {"order_id"};
  EXPECT_FALSE(RuleApplies(w, Ctx()));
}

TEST(RulesTest, FailuresPendingBusinessHoursCustomer) {
  RuleCondition w;
  w.failures = 2;
  RuleContext c = Ctx();
  c.failures = 1;
  EXPECT_FALSE(RuleApplies(w, c));
  c.failures = 2;
  EXPECT_TRUE(RuleApplies(w, c));
  w.business_hours = false;
  EXPECT_FALSE(RuleApplies(w, c));
  c.business_open = false;
  EXPECT_TRUE(RuleApplies(w, c));
  w.customer = {{"vip", "true"}};
  EXPECT_FALSE(RuleApplies(w, c));
  c.customer["vip"] = "true";
  EXPECT_TRUE(RuleApplies(w, c));
  w.pending = "order_id";
  EXPECT_FALSE(RuleApplies(w, c));
}

TEST(RulesTest, AtLeastReadsAmountsAsCustomersWriteThem) {
  RuleCondition w;
  w.at_least = {{"amount", 500}};
  RuleContext c = Ctx();
  EXPECT_FALSE(RuleApplies(w, c));  // no amount at all
  for (const char* yes : {"500", "$1,200", "1.200.000 VND", "2.000.000d", "600k", "1.5k", "0,6 K"}) {
    c.slots["amount"] = yes;
    EXPECT_TRUE(RuleApplies(w, c)) << yes;
  }
  for (const char* no : {"499.99", "$12,50", "45", "abc", "0.4k"}) {
    c.slots["amount"] = no;
    EXPECT_FALSE(RuleApplies(w, c)) << no;
  }
  // A customer's absurdly long number is huge, not an exception.
  c.slots["amount"] = std::string(400, '9');
  EXPECT_TRUE(RuleApplies(w, c));
}

}  // namespace
}  // namespace frontdesk
