// Satisfaction on a real `frontdesk serve` (example shop, SQLite file):
// after an agent resolves a ticket, a chat visitor is asked on their stream
// and rates with their session's token; an e-mail customer gets a link with
// a signed token to the rating page. Wrong tokens 401, scores out of range
// 400, another session's token refused; one rating per ticket, a new one
// replaces it; GET /v1/stats and /metrics give the figures.
#include <SQLiteCpp/Database.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/sse_client.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

class SatisfactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_, "notify:\n  public_url: https://help.shop.example/\n");
    key_ = testing::AddApiKey(config_, "backend");
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
  int64_t ChatEscalates(const json& s) {
    auto r = Client().Post(Path(s, "messages"), Bearer(s["token"]), R"({"text": "I want to talk to a person"})",
                           "application/json");
    EXPECT_TRUE(r && r->status == 200);
    json d = json::parse(r->body);
    EXPECT_EQ(d["route"], "escalate") << d.dump();
    return d.value("ticket", int64_t{0});
  }
  int Resolve(int64_t ticket) {
    auto r = Client().Post("/v1/tickets/" + std::to_string(ticket) + "/resolve", Bearer(agent_), "",
                           "application/json");
    return r ? r->status : -1;
  }
  int Rate(const json& s, const std::string& token, const std::string& body) {
    auto r = Client().Post(Path(s, "rating"), Bearer(token), body, "application/json");
    return r ? r->status : -1;
  }
  // The event kinds of the session's stream, in order, read until `kind`
  // arrives or 20 s passed. The deadline is checked whenever data arrives,
  // and the server sends a heartbeat at least every 15 s, so a stream that
  // never delivers `kind` ends the read after at most 35 s (the read timeout
  // alone never would: each heartbeat restarts it).
  std::vector<std::string> EventsUntil(const json& s, const std::string& kind) {
    auto c = Client();
    std::vector<std::string> kinds;
    for (const testing::SseEvent& e :
         testing::ReadSseUntil(c, Path(s, "events") + "?token=" + s["token"].get<std::string>(), kind))
      kinds.push_back(e["event"].get<std::string>());
    return kinds;
  }
  std::string QueryText(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getString();
  }

  testing::TempDir dir_;
  std::string config_, key_, agent_;
  testing::ServeProcess serve_;
};

TEST_F(SatisfactionTest, AChatVisitorRatesTheResolvedTicketWithTheirOwnToken) {
  json visitor = NewSession(), other = NewSession();
  const int64_t ticket = ChatEscalates(visitor);
  ASSERT_GT(ticket, 0);
  // Nothing to rate before the resolve.
  EXPECT_EQ(Rate(visitor, visitor["token"], R"({"score": 5})"), 409);
  ASSERT_EQ(Resolve(ticket), 200);
  std::vector<std::string> kinds = EventsUntil(visitor, "rating_request");
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds.back(), "rating_request");
  EXPECT_EQ(Rate(visitor, "", R"({"score": 5})"), 401);
  EXPECT_EQ(Rate(visitor, std::string(64, 'a'), R"({"score": 5})"), 401);
  EXPECT_EQ(Rate(visitor, other["token"], R"({"score": 5})"), 401);  // another session's token
  EXPECT_EQ(Rate(other, other["token"], R"({"score": 5})"), 409);    // its own: nothing to rate
  for (const char* bad : {R"({"score": 0})", R"({"score": 6})", R"({"score": "5"})", R"({})", "not json",
                          R"({"score": 3, "comment": 7})"})
    EXPECT_EQ(Rate(visitor, visitor["token"], bad), 400) << bad;
  EXPECT_EQ(QueryText("SELECT COUNT(*) FROM ratings"), "0");
  EXPECT_EQ(Rate(visitor, visitor["token"], R"({"score": 2, "comment": "slow"})"), 201);
  EXPECT_EQ(Rate(visitor, visitor["token"], R"({"score": 4, "comment": "sorted in the end"})"), 201);
  EXPECT_EQ(QueryText("SELECT COUNT(*) || ' ' || score || ' ' || comment || ' ' || channel FROM ratings"),
            "1 4 sorted in the end chat");  // re-rating replaced
  // The figures, to agents only.
  EXPECT_EQ(Client().Get("/v1/stats")->status, 401);
  EXPECT_EQ(Client().Get("/v1/stats", Bearer("fda_1_" + std::string(64, '0')))->status, 401);
  EXPECT_EQ(Client().Get("/v1/stats?days=0", Bearer(agent_))->status, 400);
  auto stats = Client().Get("/v1/stats?days=7", Bearer(agent_));
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->status, 200) << stats->body;
  json j = json::parse(stats->body);
  EXPECT_EQ(j["window"]["days"], 7);
  EXPECT_EQ(j["ratings"]["count"], 1);
  EXPECT_EQ(j["ratings"]["average"], 4.0);
  EXPECT_EQ(j["ratings"]["scores"]["4"], 1);
  EXPECT_EQ(j["ratings"]["scores"]["2"], 0);
  EXPECT_EQ(j["resolution"]["count"], 1);
  EXPECT_EQ(j["first_response"]["count"], 0);  // resolved without a reply
  EXPECT_EQ(j["bot"]["conversations"], 1);     // the other session never wrote
  EXPECT_EQ(j["bot"]["resolved_without_a_person"], 0);
  const std::string metrics = Client().Get("/metrics")->body;
  EXPECT_THAT(metrics, HasSubstr("frontdesk_ratings{score=\"4\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("frontdesk_rating_average 4\n"));
  EXPECT_THAT(metrics, HasSubstr("frontdesk_ticket_resolution_seconds_count 1\n"));
}

TEST_F(SatisfactionTest, AnEmailCustomerRatesThroughASignedLink) {
  json body = {{"text", "I want to talk to a person"}, {"channel", "email"}, {"from", "ana@example.com"},
               {"subject", "Broken kettle"}, {"id", "<k-1@example.com>"}};
  auto r = Client().Post("/v1/messages", Bearer(key_), body.dump(), "application/json");
  ASSERT_TRUE(r && r->status == 200);
  const int64_t ticket = json::parse(r->body)["ticket"];
  // The bot answers another customer alone.
  body = {{"text", "what are your opening hours?"}, {"channel", "email"}, {"from", "bo@example.com"}};
  ASSERT_EQ(Client().Post("/v1/messages", Bearer(key_), body.dump(), "application/json")->status, 200);
  ASSERT_EQ(Client().Post("/v1/tickets/" + std::to_string(ticket) + "/replies", Bearer(agent_),
                          R"({"text": "A new kettle is on its way."})", "application/json")->status, 201);
  ASSERT_EQ(Resolve(ticket), 200);
  const std::string mail = QueryText("SELECT body FROM outbox WHERE recipient = 'ana@example.com' AND body LIKE '%/rate?t=%'");
  const std::string prefix = "https://help.shop.example/rate?t=";
  const size_t at = mail.find(prefix);
  ASSERT_NE(at, std::string::npos) << mail;
  const std::string token = mail.substr(at + prefix.size(), mail.find('\n', at) - at - prefix.size());
  EXPECT_EQ(QueryText("SELECT in_reply_to FROM outbox WHERE body LIKE '%/rate?t=%'"), "<k-1@example.com>");

  auto page = Client().Get("/rate?t=" + token);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("name=\"score\" value=\"5\""));
  EXPECT_THAT(page->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'none'"));
  EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_TRUE(page->get_header_value("Set-Cookie").empty());
  EXPECT_EQ(QueryText("SELECT COUNT(*) FROM ratings"), "0");  // a GET changes nothing
  std::string forged = token;
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
  const std::string other_ticket = "r1." + std::to_string(ticket + 1) + token.substr(token.find('.', 3));
  for (const std::string& bad : {forged, other_ticket, std::string("r1.1.99999999999.00"), std::string()}) {
    EXPECT_EQ(Client().Get("/rate?t=" + bad)->status, 401) << bad;
    EXPECT_EQ(Client().Post("/rate", httplib::Params{{"t", bad}, {"score", "5"}})->status, 401) << bad;
  }
  for (const char* score : {"0", "6", "five", ""})
    EXPECT_EQ(Client().Post("/rate", httplib::Params{{"t", token}, {"score", score}})->status, 400) << score;
  auto rated = Client().Post("/rate", httplib::Params{{"t", token}, {"score", "5"}, {"comment", "très bien"}, {"lang", "vi"}});
  ASSERT_TRUE(rated);
  EXPECT_EQ(rated->status, 200);
  EXPECT_THAT(rated->body, HasSubstr("Cảm ơn"));
  EXPECT_EQ(QueryText("SELECT score || ' ' || comment || ' ' || channel FROM ratings"), "5 très bien link");

  json j = json::parse(Client().Get("/v1/stats", Bearer(agent_))->body);
  EXPECT_EQ(j["first_response"]["count"], 1);
  EXPECT_EQ(j["resolution"]["count"], 1);
  EXPECT_EQ(j["bot"]["conversations"], 2);
  EXPECT_EQ(j["bot"]["resolved_without_a_person"], 1);
  EXPECT_EQ(j["bot"]["share"], 0.5);
}

}  // namespace
}  // namespace frontdesk
