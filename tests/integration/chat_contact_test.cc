// "Continue by e-mail" on a real `frontdesk serve` (example shop, SQLite
// file, a shop that is never open): a chat visitor escalates outside
// business hours and leaves an address with POST
// /v1/chat/sessions/{id}/contact; an agent's reply then reaches them both as
// a chat event and as an e-mail on the outbox. Another session's token and
// no token 401, a bad address 400 (nothing stored), and the address proves
// nothing: it opens no order.
#include <SQLiteCpp/Database.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "tests/sse_client.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

class ChatContactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // No day open: the shop counts as always closed (docs/configuration.md).
    // The bad addresses below are more requests than one session may make
    // at once: the per-session limit is off here.
    config_ = testing::WriteExampleShopConfig(
        dir_, "business_hours:\n  sun-sat: closed\nserver:\n  rate_limit:\n    per_session_per_second: 0\n"
              "notify:\n  public_url: https://help.shop.example/\n");
    auto r = testing::RunCommand({testing::FrontdeskBinary().string(), "agent", "add", "lan", "-c", config_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    agent_ = r.out.substr(0, r.out.find('\n'));
    ASSERT_TRUE(serve_.Start(config_));
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", serve_.port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers Bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }
  json NewSession() {
    auto r = Client().Post("/v1/chat/sessions", R"({"lang": "en"})", "application/json");
    EXPECT_TRUE(r && r->status == 201);
    return r ? json::parse(r->body) : json();
  }
  std::string Path(const json& s, const std::string& what) {
    return "/v1/chat/sessions/" + s["id"].get<std::string>() + "/" + what;
  }
  json Say(const json& s, const std::string& text) {
    auto r = Client().Post(Path(s, "messages"), Bearer(s["token"]), json({{"text", text}}).dump(),
                           "application/json");
    EXPECT_TRUE(r && r->status == 200);
    return r ? json::parse(r->body) : json();
  }
  // Status of POST .../contact with `token` and `body`.
  int LeaveContact(const json& s, const std::string& token, const std::string& body) {
    httplib::Headers h;
    if (!token.empty()) h = Bearer(token);
    auto r = Client().Post(Path(s, "contact"), h, body, "application/json");
    return r ? r->status : -1;
  }
  // The session's events, read until one of `kind` arrives (or 20 s).
  std::vector<json> EventsUntil(const json& s, const std::string& kind) {
    auto c = Client();
    return testing::ReadSseUntil(c, Path(s, "events") + "?token=" + s["token"].get<std::string>(), kind);
  }
  std::string QueryText(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getString();
  }
  std::string ContactOf(const json& s) {
    return QueryText("SELECT contact_email FROM chat_sessions WHERE id = '" + s["id"].get<std::string>() + "'");
  }

  testing::TempDir dir_;
  std::string config_, agent_;
  testing::ServeProcess serve_;
};

TEST_F(ChatContactTest, AnAgentsReplyReachesAVisitorWhoLeftByChatAndByEmail) {
  json visitor = NewSession(), other = NewSession();
  json escalated = Say(visitor, "I want to talk to a person");
  ASSERT_EQ(escalated["route"], "escalate") << escalated.dump();
  EXPECT_EQ(escalated["agent_available"], false);  // the widget offers e-mail now
  const int64_t ticket = escalated["ticket"];

  // Only the session's own token leaves an address on it.
  EXPECT_EQ(LeaveContact(visitor, "", R"({"email": "ana@example.org"})"), 401);
  EXPECT_EQ(LeaveContact(visitor, std::string(64, 'a'), R"({"email": "ana@example.org"})"), 401);
  EXPECT_EQ(LeaveContact(visitor, other["token"], R"({"email": "ana@example.org"})"), 401);
  for (const std::string& bad :
       {std::string(R"({"email": "not an address"})"), std::string(R"({"email": "ana@example"})"),
        std::string(R"({"email": "ana@@example.org"})"), std::string(R"({"email": "ana@example.org\r\nBcc: x@y.org"})"),
        std::string(R"({"email": ""})"), std::string(R"({"email": 7})"), std::string(R"({})"),
        std::string("not json"), json({{"email", std::string(250, 'a') + "@example.org"}}).dump()})
    EXPECT_EQ(LeaveContact(visitor, visitor["token"], bad), 400) << bad;
  EXPECT_EQ(ContactOf(visitor), "");

  auto left = Client().Post(Path(visitor, "contact"), Bearer(visitor["token"]),
                            R"({"email": "  ana@example.org "})", "application/json");
  ASSERT_TRUE(left);
  ASSERT_EQ(left->status, 200) << left->body;
  EXPECT_EQ(json::parse(left->body), json({{"email", "ana@example.org"}, {"verified", false}}));
  EXPECT_EQ(ContactOf(visitor), "ana@example.org");
  EXPECT_EQ(ContactOf(other), "");
  // Unverified: the conversation still has no customer.
  EXPECT_EQ(QueryText("SELECT COUNT(*) FROM conversations WHERE customer_id IS NOT NULL"), "0");

  auto reply = Client().Post("/v1/tickets/" + std::to_string(ticket) + "/replies", Bearer(agent_),
                             R"({"text": "Your kettle ships tomorrow."})", "application/json");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  EXPECT_EQ(json::parse(reply->body)["delivered"], "chat+outbox");
  EXPECT_EQ(QueryText("SELECT COUNT(*) || ' ' || recipient || ' ' || channel || ' ' || body || ' | ' || subject "
                      "FROM outbox WHERE recipient = 'ana@example.org'"),
            "1 ana@example.org email Your kettle ships tomorrow. | Reply to your chat (ticket #" +
                std::to_string(ticket) + ")");
  // The same reply is the outbox row's message, threaded as every reply.
  EXPECT_EQ(QueryText("SELECT m.direction || ' ' || m.channel || ' ' || m.sender || ' ' || m.ticket_id "
                      "FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.recipient = 'ana@example.org'"),
            "out chat lan " + std::to_string(ticket));
  std::vector<json> events = EventsUntil(visitor, "agent_message");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["event"], "agent_message");
  EXPECT_EQ(events.back()["data"]["text"], "Your kettle ships tomorrow.");

  // Resolved: the rating question goes to the stream and, since the visitor
  // left an address, by e-mail too (the tab is likely closed by now).
  auto resolved = Client().Post("/v1/tickets/" + std::to_string(ticket) + "/resolve", Bearer(agent_), "",
                                "application/json");
  ASSERT_TRUE(resolved);
  ASSERT_EQ(resolved->status, 200) << resolved->body;
  EXPECT_EQ(QueryText("SELECT COUNT(*) FROM outbox WHERE recipient = 'ana@example.org' AND channel = 'email' "
                      "AND body LIKE '%https://help.shop.example/rate?t=%'"),
            "1");
  EXPECT_EQ(EventsUntil(visitor, "rating_request").back()["event"], "rating_request");

  // A visitor who left no address gets the event only.
  json quiet = NewSession();
  const int64_t quiet_ticket = Say(quiet, "I want to talk to a person")["ticket"];
  auto only_chat = Client().Post("/v1/tickets/" + std::to_string(quiet_ticket) + "/replies", Bearer(agent_),
                                 R"({"text": "Hello there."})", "application/json");
  ASSERT_TRUE(only_chat);
  EXPECT_EQ(json::parse(only_chat->body)["delivered"], "chat");
  EXPECT_EQ(QueryText("SELECT COUNT(*) FROM outbox WHERE body = 'Hello there.'"), "0");
  auto quiet_resolved = Client().Post("/v1/tickets/" + std::to_string(quiet_ticket) + "/resolve", Bearer(agent_),
                                      "", "application/json");
  ASSERT_TRUE(quiet_resolved);
  EXPECT_EQ(quiet_resolved->status, 200);
  EXPECT_EQ(QueryText("SELECT COUNT(*) FROM outbox WHERE body LIKE '%/rate?t=%'"), "1");  // ana's only
}

// The address is where answers go, never a proof of who the visitor is: the
// owner's e-mail left as a contact opens no order.
TEST_F(ChatContactTest, TheContactAddressProvesNothing) {
  json s = NewSession();
  ASSERT_EQ(LeaveContact(s, s["token"], R"({"email": "an.nguyen@example.com"})"), 200);
  json asked = Say(s, "where is order AB123456?");
  EXPECT_EQ(asked["route"], "ask") << asked.dump();
  EXPECT_THAT(asked["reply"].get<std::string>(), Not(HasSubstr("GHN5KT9X3QD")));
  EXPECT_EQ(QueryText("SELECT COUNT(*) FROM messages WHERE sender != ''"), "0");
}

}  // namespace
}  // namespace frontdesk
