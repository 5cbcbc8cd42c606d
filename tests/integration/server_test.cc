// The real server on a free loopback port, good and bad requests.
#include "adapters/http/server.h"

#include <httplib.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "tests/http_fixture.h"
#include "tests/pack_fixture.h"

namespace frontdesk {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_ = testing::LoadFixturePack(dir_);
    ASSERT_NE(pack_, nullptr);
    service_ = std::make_unique<SupportService>(pack_, &store_, &clock_);
    HttpOptions options;
    options.max_body_bytes = 1 << 20;
    server_ = std::make_unique<testing::LoopbackServer>(service_.get(), options);
    client_ = &server_->client();
  }
  httplib::Result Post(const std::string& body, const httplib::Headers& headers = {}) {
    return client_->Post("/v1/messages", headers, body, "application/json");
  }
  static nlohmann::json Json(const httplib::Result& r) { return nlohmann::json::parse(r->body); }

  testing::TempDir dir_;
  std::shared_ptr<const CompiledPack> pack_;
  MemoryConversationStore store_;
  SystemClock clock_;
  std::unique_ptr<SupportService> service_;
  std::unique_ptr<testing::LoopbackServer> server_;
  httplib::Client* client_ = nullptr;
};

TEST_F(ServerTest, HealthzAnswers) {
  auto r = client_->Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Json(r)["status"], "ok");
}

TEST_F(ServerTest, DecidesAMessageAndCarriesTheConversation) {
  auto r = Post(R"({"text": "where is my order?", "channel": "chat", "conversation_id": "t1"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = Json(r);
  EXPECT_EQ(j["route"], "ask");
  EXPECT_EQ(j["intent"], "order.status");
  EXPECT_EQ(j["conversation_id"], "t1");
  EXPECT_TRUE(j["trace"].is_array());

  r = Post(R"({"text": "AB123456", "channel": "chat", "conversation_id": "t1"})");
  ASSERT_TRUE(r);
  j = Json(r);
  EXPECT_EQ(j["route"], "lookup");
  EXPECT_EQ(j["slots"]["order_id"], "AB123456");
}

TEST_F(ServerTest, RejectsBadInputWithJsonErrors) {
  struct Case {
    std::string body;
    std::string message;
  } cases[] = {
      {"not json", "body is not valid JSON"},
      {"{\"text\": \"unterminated", "body is not valid JSON"},
      {"[1,2]", "a message must be a JSON object"},
      {R"({"channel": "chat"})", "'text' is required"},
      {R"({"text": ""})", "'text' is required"},
      {R"({"text": 42})", "'text' must be a string"},
      {R"({"text": "hi", "lang": ["vi"]})", "'lang' must be a string"},
      {R"({"text": "hi", "id": 1.5})", "'id' must be a string"},
      {std::string("{\"text\": \"bad \xff\xfe\"}"), "body is not valid UTF-8"},
  };
  for (const auto& c : cases) {
    auto r = Post(c.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.body;
    auto j = Json(r);
    EXPECT_EQ(j["error"]["code"], "invalid_argument");
    EXPECT_EQ(j["error"]["message"], c.message);
  }
}

TEST_F(ServerTest, RefusesA50MegabyteBody) {
  std::string big = R"({"text": ")" + std::string(50 << 20, 'a') + R"("})";
  auto r = Post(big);
  // The server may answer 413 or close the connection once the limit is hit;
  // either way it must stay up and answer the next request.
  if (r) {
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(Json(r)["error"]["code"], "payload_too_large");
  }
  auto ok = Post(R"({"text": "hello"})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, UnknownEndpointIsJson404) {
  auto r = client_->Get("/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Json(r)["error"]["code"], "not_found");
}

TEST_F(ServerTest, IdempotencyKeyReplaysTheFirstAnswer) {
  httplib::Headers h = {{"Idempotency-Key", "abc-1"}};
  auto first = Post(R"({"text": "I want a human", "conversation_id": "t2"})", h);
  auto second = Post(R"({"text": "I want a human", "conversation_id": "t2"})", h);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, second->body);
  EXPECT_EQ(Json(first)["route"], "escalate");
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, ::testing::HasSubstr("frontdesk_idempotent_replays_total 1"));
  EXPECT_THAT(metrics->body, ::testing::HasSubstr("frontdesk_decisions_total{route=\"escalate\"} 1"));
}

}  // namespace
}  // namespace frontdesk
