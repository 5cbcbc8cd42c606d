// POST /v1/email/inbound on a real `frontdesk serve` and its SQLite file:
// an API key is needed, the body is the raw message, a redelivery gets the
// first answer, bad input gets a clear 4xx and nothing is recorded, and
// /metrics shows the outbox.
#include <SQLiteCpp/Database.h>
#include <httplib.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;

class EmailInboundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_, "mail:\n  from: support@shop.example\n");
    key_ = testing::AddApiKey(config_, "gateway");
    ASSERT_FALSE(key_.empty());
    ASSERT_TRUE(serve_.Start(config_));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", serve_.port());
  }
  httplib::Result Post(const std::string& body, const std::string& type = "message/rfc822",
                       const std::string& key = "") {
    httplib::Headers headers = {{"Authorization", "Bearer " + (key.empty() ? key_ : key)}};
    return client_->Post("/v1/email/inbound", headers, body, type.c_str());
  }
  int64_t Count(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string());
    return db.execAndGet(sql).getInt64();
  }

  testing::TempDir dir_;
  std::string config_, key_;
  testing::ServeProcess serve_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(EmailInboundTest, AcceptsOnceWithAKey) {
  std::string raw = testing::ReadFile(testing::SourceDir() / "tests/data/mail/es_windows1252_outlook.eml");
  auto r = Post(raw);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  nlohmann::json j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["auto_reply"], "queued");
  EXPECT_EQ(j["decision"]["language"], "es");
  auto again = Post(raw);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, r->body);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
  // A loop case is accepted and recorded, and answered with nothing.
  auto loop = Post(testing::ReadFile(testing::SourceDir() / "tests/data/mail/loop_mdn.eml"));
  ASSERT_TRUE(loop);
  EXPECT_EQ(nlohmann::json::parse(loop->body)["auto_reply"], "suppressed");
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("frontdesk_outbox_items{status=\"pending\"} 1"));
}

TEST_F(EmailInboundTest, RefusesWhatItCannotTake) {
  std::string raw = testing::ReadFile(testing::SourceDir() / "tests/data/mail/en_gmail_reply.eml");
  auto no_key = client_->Post("/v1/email/inbound", raw, "message/rfc822");
  ASSERT_TRUE(no_key);
  EXPECT_EQ(no_key->status, 401);
  auto wrong_key = Post(raw, "message/rfc822", "fd_1_0000");
  ASSERT_TRUE(wrong_key);
  EXPECT_EQ(wrong_key->status, 401);
  auto json_body = Post(raw, "application/json");
  ASSERT_TRUE(json_body);
  EXPECT_EQ(json_body->status, 415);
  auto not_mail = Post("this is not a mail", "message/rfc822");
  ASSERT_TRUE(not_mail);
  EXPECT_EQ(not_mail->status, 400);
  EXPECT_THAT(not_mail->body, HasSubstr("not a message"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages"), 0);
}

}  // namespace
}  // namespace frontdesk
