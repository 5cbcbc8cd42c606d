// Who may say what, on a real `frontdesk serve` of the example shop: the
// integration API needs a key and everything a key names is its own; a chat
// visitor's token opens its own session and nothing else; public answers
// carry no trace; events stream in order and resume after Last-Event-ID.
#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "tests/sse_client.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

class ChatApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_);
    key_a_ = testing::AddApiKey(config_, "backend-a");
    key_b_ = testing::AddApiKey(config_, "backend-b");
    ASSERT_FALSE(key_a_.empty());
    ASSERT_FALSE(key_b_.empty());
    ASSERT_TRUE(serve_.Start(config_));
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", serve_.port());
    c.set_read_timeout(30, 0);
    return c;
  }

  httplib::Result Api(const std::string& key, const json& body, const std::string& idem = "") {
    httplib::Headers h;
    if (!key.empty()) h.emplace("Authorization", "Bearer " + key);
    if (!idem.empty()) h.emplace("Idempotency-Key", idem);
    return Client().Post("/v1/messages", h, body.dump(), "application/json");
  }

  // A new chat session: {id, token}.
  json NewSession() {
    auto r = Client().Post("/v1/chat/sessions", R"({"lang": "en"})", "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body);
  }

  httplib::Result Chat(const json& session, const std::string& token, const std::string& body) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return Client().Post("/v1/chat/sessions/" + session["id"].get<std::string>() + "/messages", h,
                         body, "application/json");
  }

  // Reads the session's event stream until `want` events arrived (or 20 s).
  std::vector<json> Events(const json& session, size_t want, const std::string& last_id = "") {
    httplib::Headers h;
    if (!last_id.empty()) h.emplace("Last-Event-ID", last_id);
    auto c = Client();
    std::string path = "/v1/chat/sessions/" + session["id"].get<std::string>() +
                       "/events?token=" + session["token"].get<std::string>();
    return testing::ReadSse(
        c, path, [want](const std::vector<testing::SseEvent>& got) { return got.size() >= want; },
        std::chrono::seconds(20), h);
  }

  testing::TempDir dir_;
  std::string config_, key_a_, key_b_;
  testing::ServeProcess serve_;
};

TEST_F(ChatApiTest, TheIntegrationApiNeedsALiveKey) {
  json body = {{"text", "what are your opening hours?"}};
  for (const std::string& key : {std::string(), std::string("nonsense"), std::string("fd_1_") +
                                 std::string(64, '0'), std::string("fd_999_abc")}) {
    auto r = Api(key, body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << key;
    EXPECT_EQ(r->get_header_value("WWW-Authenticate"), "Bearer");
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "unauthenticated");
  }
  auto ok = Api(key_a_, body);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  // A removed key opens nothing from then on.
  auto removed = testing::RunCommand(
      {testing::FrontdeskBinary().string(), "key", "remove", "backend-a", "-c", config_});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  // The server remembers a key for 2 s (ApiKeys): removed by another process,
  // it stops working within that time, and for good.
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  do {
    auto after = Api(key_a_, body);
    ASSERT_TRUE(after);
    status = after->status;
    if (status != 401) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (status != 401 && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(status, 401);
  auto again = Api(key_a_, body);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 401);
}

// The hole this closes: another client that sends a conversation's id used
// to continue it, riding on the proof of ownership its customer gave.
TEST_F(ChatApiTest, AConversationIdOpensOnlyTheKeysOwnConversation) {
  json first = json::parse(Api(key_a_, {{"text", "where is order AB123456?"}, {"conversation_id", "c1"}})->body);
  EXPECT_EQ(first["route"], "ask");
  json proved = json::parse(Api(key_a_, {{"text", "my email is an.nguyen@example.com"}, {"conversation_id", "c1"}})->body);
  ASSERT_EQ(proved["route"], "lookup") << proved.dump();
  ASSERT_THAT(proved["reply"].get<std::string>(), HasSubstr("GHN5KT9X3QD"));
  EXPECT_EQ(proved["conversation_id"], "c1");

  auto r = Api(key_b_, {{"text", "and where is my order now?"}, {"conversation_id", "c1"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  json other = json::parse(r->body);
  EXPECT_THAT(other["reply"].get<std::string>(), Not(HasSubstr("GHN5KT9X3QD")));
  EXPECT_FALSE(other.contains("slots") && other["slots"].contains("order_id")) << other.dump();
  // A claimed sender is not a proven one: no conversation of that address.
  json claimed = json::parse(Api(key_b_, {{"text", "where is order AB123456?"},
                                          {"from", "an.nguyen@example.com"}})->body);
  EXPECT_EQ(claimed["route"], "ask");
  // New conversations get ids nobody can guess.
  json fresh = json::parse(Api(key_b_, {{"text", "hello"}})->body);
  EXPECT_THAT(fresh["conversation_id"].get<std::string>(), ::testing::MatchesRegex("c-[0-9a-f]{44}"));
}

TEST_F(ChatApiTest, IdempotencyKeysAreScopedToTheirApiKey) {
  json a = json::parse(Api(key_a_, {{"text", "what are your opening hours?"}}, "retry-1")->body);
  json a_again = json::parse(Api(key_a_, {{"text", "something else entirely"}}, "retry-1")->body);
  EXPECT_EQ(a, a_again);  // a retry gets the first answer
  json b = json::parse(Api(key_b_, {{"text", "I want to talk to a person"}}, "retry-1")->body);
  EXPECT_NE(b["route"], a["route"]);  // the same key from another client is its own
}

TEST_F(ChatApiTest, AChatTokenOpensItsOwnSessionAndNothingElse) {
  json one = NewSession(), two = NewSession();
  ASSERT_TRUE(one.contains("token"));
  EXPECT_NE(one["id"], two["id"]);
  EXPECT_THAT(one["token"].get<std::string>(), ::testing::MatchesRegex("[0-9a-f]{64}"));
  auto own = Chat(one, one["token"], R"({"text": "what are your opening hours?"})");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200) << own->body;
  json d = json::parse(own->body);
  EXPECT_EQ(d["route"], "answer");
  EXPECT_FALSE(d.contains("trace"));  // public answers carry no trace
  EXPECT_FALSE(d.contains("conversation_id"));
  EXPECT_TRUE(d["agent_available"].is_boolean());

  for (const std::string& token : {two["token"].get<std::string>(), std::string(), std::string("x"),
                                   one["token"].get<std::string>() + "0"}) {
    auto r = Chat(one, token, R"({"text": "hello"})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << token;
  }
  json unknown = {{"id", "s-000000000000000000000000"}};
  auto r = Chat(unknown, one["token"], R"({"text": "hello"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  // The events of one session with another's token: refused too.
  auto c = Client();
  auto ev = c.Get("/v1/chat/sessions/" + one["id"].get<std::string>() + "/events?token=" +
                  two["token"].get<std::string>());
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->status, 401);
  // The API's keys are no chat tokens, and chat tokens are no API keys.
  auto api = Api(one["token"], {{"text", "hello"}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
}

// The page's language is a fallback: a Vietnamese visitor on an English page
// is answered in Vietnamese.
TEST_F(ChatApiTest, ThePagesLanguageNeverBeatsTheVisitorsOwn) {
  json s = NewSession();  // lang "en"
  auto r = Chat(s, s["token"], json({{"text", "đơn hàng của tôi đang ở đâu vậy shop?"}}).dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["language"], "vi");
}

TEST_F(ChatApiTest, BadBodiesAreRefusedWithAClearError) {
  json s = NewSession();
  const std::string token = s["token"];
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"not json", "invalid_argument"},
      {"[1, 2]", "invalid_argument"},
      {R"({"text": ""})", "invalid_argument"},
      {R"({"text": 12})", "invalid_argument"},
      {"{\"text\": \"\xff\xfe\"}", "invalid_argument"},
      {json({{"text", std::string(20001, 'a')}}).dump(), "invalid_argument"},
  };
  for (const auto& [body, code] : bad) {
    auto r = Chat(s, token, body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body.substr(0, 40);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], code);
  }
  auto api = Api(key_a_, {{"text", "hello"}, {"subject", std::string(1001, 's')}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 400);
  // Script tags are text like any other: decided, stored, answered as JSON.
  auto script = Chat(s, token, json({{"text", "<script>alert(1)</script> where is my order?"}}).dump());
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "application/json");
}

// One session may post 10 messages at once, then 2 a second (the example
// shop keeps the default); a flood from one token gets 429 with Retry-After,
// and another session is not held back by it.
TEST_F(ChatApiTest, AFloodFromOneSessionGets429AndSparesTheOthers) {
  json flooding = NewSession();
  json other = NewSession();
  const std::string body = json({{"text", "hello"}}).dump();
  int ok = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 30; ++i) {
    auto r = Chat(flooding, flooding["token"], body);
    ASSERT_TRUE(r);
    if (r->status == 200) ++ok;
    if (r->status == 429) {
      ++limited;
      retry_after = r->get_header_value("Retry-After");
      EXPECT_EQ(json::parse(r->body)["error"]["code"], "rate_limited");
    }
  }
  EXPECT_GE(ok, 10);
  EXPECT_LT(ok, 30);
  EXPECT_EQ(ok + limited, 30);
  EXPECT_FALSE(retry_after.empty());
  auto spared = Chat(other, other["token"], body);
  ASSERT_TRUE(spared);
  EXPECT_EQ(spared->status, 200) << spared->body;
}

TEST_F(ChatApiTest, EventsStreamInOrderAndResumeAfterTheLastIdSeen) {
  json s = NewSession();
  ASSERT_EQ(Chat(s, s["token"], R"({"text": "what are your opening hours?"})")->status, 200);
  ASSERT_EQ(Chat(s, s["token"], R"({"text": "I want to talk to a person"})")->status, 200);
  std::vector<json> events = Events(s, 2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["event"], "reply");
  EXPECT_EQ(events[1]["data"]["route"], "escalate");
  EXPECT_TRUE(events[1]["data"]["ticket"].is_number());

  // An agent's message written to the store (the agent console is issue
  // 10's) reaches the open stream, after the last id seen.
  std::string last = events[1]["id"];
  std::vector<json> later;
  std::thread reader([&] { later = Events(s, 1, last); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA busy_timeout = 5000");
    SQLite::Statement q(db,
                        "INSERT INTO chat_events (conversation_id, kind, data_json, created_at) "
                        "SELECT conversation_id, 'agent_message', ?, strftime('%s','now') "
                        "FROM chat_sessions WHERE id = ?");
    q.bind(1, R"({"text": "Hi, this is Lan", "agent": "Lan"})");
    q.bind(2, s["id"].get<std::string>());
    ASSERT_EQ(q.exec(), 1);
  }
  reader.join();
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["event"], "agent_message");
  EXPECT_EQ(later[0]["data"]["text"], "Hi, this is Lan");
}

}  // namespace
}  // namespace frontdesk
