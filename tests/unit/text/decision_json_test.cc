// AppendDecisionJson (engine/text/decision_json.cc) must write exactly the
// bytes nlohmann writes for DecisionToJson: batch output and the HTTP
// answers depend on it.
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "frontdesk/decision.h"

namespace frontdesk {
namespace {

std::string Nlohmann(const Decision& d) {
  return DecisionToJson(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Direct(const Decision& d) {
  std::string out = "kept:";  // appends, never overwrites
  AppendDecisionJson(d, &out);
  return out.substr(5);
}

TEST(DecisionJsonTest, EmptyDecision) {
  Decision d;
  EXPECT_EQ(Direct(d), Nlohmann(d));
  EXPECT_EQ(Direct(d),
            R"({"conversation_id":"","intent":null,"language":"","reply":"","route":"fallback","slots":{},"ticket":null,"trace":[]})");
}

TEST(DecisionJsonTest, EveryMember) {
  Decision d;
  d.id = "m-1";
  d.route = Route::kEscalate;
  d.intent = "order.status";
  d.language = "vi";
  d.slots = {{"order_id", "AB123456"}, {"email", "ann@example.com"}, {"z", ""}};
  d.reply = "Chào bạn \"Ann\",\nđơn hàng\tđã gửi \\ 🙂";
  d.ticket = -9007199254740993;
  d.conversation_id = "batch-7";
  d.tags = {"vip", "urgent"};
  d.escalation = Escalation{"billing", "high", "rule:x", 17};
  d.trace = {{"match", "order.status", "intents/en/orders.yaml:12", "priority 0, specificity 9"},
             {"language", "vi", "", ""},
             {"rule", "r1", "rules/a.yaml:3", ""}};
  EXPECT_EQ(Direct(d), Nlohmann(d));
}

TEST(DecisionJsonTest, ControlCharactersAndDelete) {
  Decision d;
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  d.reply = all;
  d.trace = {{"x", all, all, all}};
  d.slots = {{all, all}};
  EXPECT_EQ(Direct(d), Nlohmann(d));
}

// Invalid UTF-8 anywhere: nlohmann's replacement characters, as before.
TEST(DecisionJsonTest, InvalidUtf8IsReplacedAsNlohmannDoes) {
  Decision d;
  d.reply = "ok \xC3 then \xFF\xFE end";
  EXPECT_EQ(Direct(d), Nlohmann(d));
  EXPECT_NE(Direct(d).find("\xEF\xBF\xBD"), std::string::npos);
  Decision t;
  t.trace = {{"typo", "x", "", "caf\xC3\xA9 -> \xE2\x82"}};
  EXPECT_EQ(Direct(t), Nlohmann(t));
}

TEST(DecisionJsonTest, AgreesWithNlohmannOnRandomStrings) {
  const std::vector<std::string> pieces = {"a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f",
                                           "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xE2\x82\xAC",
                                           "\xF0\x9F\x99\x82", "\xC3", "\xED\xA0\x80", "{}", "0"};
  std::mt19937 rng(5);
  auto text = [&] {
    std::string s;
    for (int i = 0, n = static_cast<int>(rng() % 8); i < n; ++i) s += pieces[rng() % pieces.size()];
    return s;
  };
  for (int n = 0; n < 3000; ++n) {
    Decision d;
    d.route = static_cast<Route>(rng() % 5);
    if (rng() % 2) d.id = text();
    if (rng() % 2) d.intent = text();
    d.language = text();
    for (int i = 0, k = static_cast<int>(rng() % 3); i < k; ++i) d.slots[text()] = text();
    d.reply = text();
    if (rng() % 2) d.ticket = static_cast<int64_t>(rng()) - 100;
    d.conversation_id = text();
    for (int i = 0, k = static_cast<int>(rng() % 3); i < k; ++i) d.tags.push_back(text());
    if (rng() % 3 == 0) d.escalation = Escalation{text(), text(), text(), 0};
    for (int i = 0, k = static_cast<int>(rng() % 4); i < k; ++i) d.trace.push_back({text(), text(), text(), text()});
    ASSERT_EQ(Direct(d), Nlohmann(d)) << n;
  }
}

}  // namespace
}  // namespace frontdesk
