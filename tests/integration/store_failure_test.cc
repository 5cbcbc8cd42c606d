// When the store cannot write, nothing is acknowledged: the service returns
// the error, the real server answers 503 with no decision, and nothing of the
// turn (message, state, ticket, idempotency key) is left behind. A real
// SQLite file behind FailingStore (STYLE.md rule 12), the real server on
// loopback.
#include <httplib.h>

#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "adapters/http/server.h"
#include "engine/service/store_conversations.h"
#include "engine/store/failing_store.h"
#include "tests/http_fixture.h"
#include "tests/pack_fixture.h"
#include "tests/store_fixture.h"

namespace frontdesk {
namespace {

class StoreFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_ = testing::LoadFixturePack(dir_);
    ASSERT_NE(pack_, nullptr);
    store_ = testing::OpenStoreOrFail(testing::TempStoreOptions(dir_));
    ASSERT_NE(store_, nullptr);
    failing_ = std::make_unique<FailingStore>(store_.get());
    conversations_ = std::make_unique<StoreConversations>(failing_.get());
    service_ = std::make_unique<SupportService>(pack_, conversations_.get(), &clock_);
  }

  void StartServer() {
    server_ = std::make_unique<testing::LoopbackServer>(service_.get());
    client_ = &server_->client();
  }

  // Every message the store holds, in and out.
  std::vector<StoredMessage> Stored() {
    std::vector<StoredMessage> all;
    EXPECT_OK(store_->ListMessagesSince(0, 1000, &all));
    return all;
  }

  std::vector<Ticket> Tickets() {
    std::vector<Ticket> tickets;
    EXPECT_OK(store_->ListTickets(TicketFilter(), &tickets));
    return tickets;
  }

  httplib::Result Post(const std::string& body, const std::string& key = "") {
    httplib::Headers headers;
    if (!key.empty()) headers.emplace("Idempotency-Key", key);
    return client_->Post("/v1/messages", headers, body, "application/json");
  }

  testing::TempDir dir_;
  SystemClock clock_;
  std::shared_ptr<const CompiledPack> pack_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<FailingStore> failing_;
  std::unique_ptr<StoreConversations> conversations_;
  std::unique_ptr<SupportService> service_;
  std::unique_ptr<testing::LoopbackServer> server_;
  httplib::Client* client_ = nullptr;
};

TEST_F(StoreFailureTest, ServiceReturnsTheErrorAndKeepsNothing) {
  Message m;
  m.text = "where is my order?";
  m.channel = "chat";
  m.conversation_id = "c1";
  failing_->set_fail_writes(true);
  Decision d;
  std::string replay;
  Status s = service_->Handle(m, "api:k1", &d, &replay);
  EXPECT_EQ(s.code(), Status::Code::kIoError) << s.ToString();
  EXPECT_GT(failing_->failed_writes(), 0u);

  failing_->set_fail_writes(false);
  EXPECT_TRUE(Stored().empty());
  ConversationState state;
  bool found = true;
  ASSERT_OK(store_->LoadConversation("c1", &state, &found));
  EXPECT_FALSE(found) << "the failed turn's state was saved";
  // The key was not taken by the failed attempt: a retry is decided afresh.
  ASSERT_OK(service_->Handle(m, "api:k1", &d, &replay));
  EXPECT_TRUE(replay.empty());
  EXPECT_EQ(d.route, Route::kAsk);
  std::vector<StoredMessage> stored = Stored();
  ASSERT_EQ(stored.size(), 1u);  // the customer's message, with the decision returned for it
  EXPECT_EQ(stored[0].direction, "in");
  EXPECT_EQ(nlohmann::json::parse(stored[0].decision_json)["route"], "ask");
}

TEST_F(StoreFailureTest, EscalationWithoutATicketNumberIsNotAnswered) {
  Message m;
  m.text = "I want a human";
  m.conversation_id = "c2";
  failing_->set_fail_writes(true);  // NextTicketId writes too
  Decision d;
  std::string replay;
  EXPECT_FALSE(service_->Handle(m, "", &d, &replay).ok());
  failing_->set_fail_writes(false);
  EXPECT_TRUE(Tickets().empty());
  EXPECT_TRUE(Stored().empty());
}

TEST_F(StoreFailureTest, ServerAnswers503AndNothingIsAcknowledged) {
  StartServer();
  failing_->set_fail_writes(true);
  for (const char* text : {"where is my order?", "I want to talk to a person"}) {
    auto r = Post(nlohmann::json({{"text", text}, {"conversation_id", "web-1"}}).dump(), "retry-me");
    ASSERT_TRUE(r) << text;
    EXPECT_EQ(r->status, 503) << text;
    auto j = nlohmann::json::parse(r->body);
    EXPECT_EQ(j["error"]["code"], "unavailable");
    EXPECT_EQ(j["error"]["message"], "message not accepted, retry later");
    EXPECT_FALSE(j.contains("route")) << "a decision was returned for an unsaved message";
    // The store's detail stays in the server's log, not in the answer.
    EXPECT_EQ(r->body.find("injected"), std::string::npos) << r->body;
  }
  failing_->set_fail_writes(false);
  EXPECT_TRUE(Stored().empty());
  EXPECT_TRUE(Tickets().empty());

  // The client's retry with the same key is decided and stored once.
  auto r = Post(R"({"text": "I want to talk to a person", "conversation_id": "web-1"})", "retry-me");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["route"], "escalate");
  ASSERT_EQ(Tickets().size(), 1u);
  EXPECT_EQ(j["ticket"], Tickets()[0].id);
  auto again = Post(R"({"text": "I want to talk to a person", "conversation_id": "web-1"})", "retry-me");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, r->body);
  EXPECT_EQ(Tickets().size(), 1u);
}

// A full disk is the server's fault, not the client's: still 503, never the
// 429 that kResourceExhausted means elsewhere.
TEST_F(StoreFailureTest, FullDiskIs503Too) {
  StartServer();
  failing_->set_fail_writes(true);
  failing_->set_disk_full(true);
  auto r = Post(R"({"text": "where is my order?"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(nlohmann::json::parse(r->body)["error"]["code"], "unavailable");
  failing_->set_fail_writes(false);
  EXPECT_TRUE(Stored().empty());
}

}  // namespace
}  // namespace frontdesk
