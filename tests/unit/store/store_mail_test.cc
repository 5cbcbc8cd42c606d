// The store's e-mail calls (engine/store/mail_ops.cc and its PostgreSQL
// twin) on both engines (tests/store_fixture.h): inbound mail kept once per key, threading that only the right
// sender can use, the per-sender count of automatic replies, and outbox
// claims with a lease and a Message-ID that never changes.
#include <atomic>
#include <string>
#include <vector>

#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;

class StoreMailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o = testing::TempStoreOptions(dir_);
    o.clock = [this] { return now_.load(); };
    ASSERT_OK(testing::OpenTestStore(o, &store_));
  }

  // A mail turn from `from` in `conversation`; the bot's reply is queued.
  TurnResult Mail(const std::string& conversation, const std::string& from, const std::string& id,
                  int64_t ticket = 0) {
    TurnRecord r;
    r.conversation_id = conversation;
    r.message.channel = "email";
    r.message.from = from;
    r.message.id = id;
    r.message.subject = "Order";
    r.message.text = "Where is my order?";
    r.decision.route = ticket ? Route::kEscalate : Route::kAnswer;
    r.decision.reply = "Thanks";
    r.outbox = true;
    if (ticket) {
      r.decision.ticket = ticket;
      r.ticket_id = ticket;
      r.open_ticket = true;
      r.state_after.human = true;
      r.state_after.ticket = ticket;
    }
    TurnResult result;
    EXPECT_OK(store_->CommitTurn(r, &result));
    return result;
  }

  TempDir dir_;
  std::atomic<int64_t> now_{1'700'000'000};
  std::unique_ptr<Store> store_;
};

TEST_F(StoreMailTest, InboundMailIsKeptOncePerKey) {
  InboundMail m;
  m.key = "email:a@b";
  m.sender = "an@example.vn";
  m.raw = std::string("From: an@example.vn\r\n\r\n\0binary\xff", 30);
  bool seen = true;
  ASSERT_OK(store_->SaveInboundMail(&m, &seen));
  EXPECT_FALSE(seen);
  EXPECT_GT(m.id, 0);
  EXPECT_EQ(testing::QueryInt(testing::TempStoreOptions(dir_).path,
                              "SELECT length(raw) FROM inbound_mail"), 30);
  InboundMail again;
  again.key = "email:a@b";
  again.raw = "other bytes";
  ASSERT_OK(store_->SaveInboundMail(&again, &seen));
  EXPECT_TRUE(seen);
  EXPECT_EQ(again.id, m.id);
  EXPECT_EQ(again.result_json, "");  // not decided yet: the caller decides it now
  ASSERT_OK(store_->FinishInboundMail(m.id, "{\"auto_reply\":\"queued\"}"));
  ASSERT_OK(store_->SaveInboundMail(&again, &seen));
  EXPECT_EQ(again.result_json, "{\"auto_reply\":\"queued\"}");
  EXPECT_EQ(store_->FinishInboundMail(999, "{}").code(), Status::Code::kNotFound);
  InboundMail bad;
  EXPECT_EQ(store_->SaveInboundMail(&bad, &seen).code(), Status::Code::kInvalidArgument);
}

TEST_F(StoreMailTest, OurMessageIdJoinsItsConversation) {
  Mail("c-1", "an@example.vn", "first@mail.example.vn");
  std::vector<MailDelivery> claimed;
  ASSERT_OK(store_->ClaimOutbox(10, 300, "shop.example", &claimed));
  ASSERT_EQ(claimed.size(), 1u);
  const std::string ours = claimed[0].mail_message_id;
  EXPECT_EQ(ours.rfind("fd." + std::to_string(claimed[0].item.id) + ".", 0), 0u);
  EXPECT_NE(ours.find("@shop.example"), std::string::npos);
  EXPECT_EQ(claimed[0].conversation_id, "c-1");
  EXPECT_TRUE(claimed[0].from_bot);
  MailThreadQuery q;
  q.message_ids = {"unknown@x", ours};
  // Someone else holding our id (a forward, or an address a chat visitor
  // typed for somebody else) starts a conversation of their own.
  q.sender = "someone.else@example.com";
  MailThread t;
  bool found = true;
  ASSERT_OK(store_->FindMailThread(q, &t, &found));
  EXPECT_FALSE(found);
  q.sender = "an@example.vn";  // the address we wrote to
  ASSERT_OK(store_->FindMailThread(q, &t, &found));
  ASSERT_TRUE(found);
  EXPECT_EQ(t.conversation_id, "c-1");
  EXPECT_EQ(t.how, "outbox:" + std::to_string(claimed[0].item.id));
}

TEST_F(StoreMailTest, InboundIdsAndTicketTagsJoinOnlyForTheirSender) {
  Mail("c-2", "bao@example.vn", "bao-1@mail.example.vn", /*ticket=*/0);
  int64_t ticket = 0;
  ASSERT_OK(store_->NextTicketId(&ticket));
  Mail("c-3", "chi@example.vn", "chi-1@mail.example.vn", ticket);
  MailThread t;
  bool found = false;
  MailThreadQuery q;
  q.message_ids = {"bao-1@mail.example.vn"};
  q.sender = "BAO@example.vn";
  ASSERT_OK(store_->FindMailThread(q, &t, &found));
  EXPECT_TRUE(found);
  EXPECT_EQ(t.conversation_id, "c-2");
  q.sender = "mallory@example.com";  // copied the id from a forwarded mail
  ASSERT_OK(store_->FindMailThread(q, &t, &found));
  EXPECT_FALSE(found);
  MailThreadQuery tag;
  tag.ticket_id = ticket;
  tag.sender = "chi@example.vn";
  ASSERT_OK(store_->FindMailThread(tag, &t, &found));
  EXPECT_TRUE(found);
  EXPECT_EQ(t.conversation_id, "c-3");
  EXPECT_EQ(t.how, "ticket:" + std::to_string(ticket));
  tag.sender = "bao@example.vn";  // ticket numbers are guessable
  ASSERT_OK(store_->FindMailThread(tag, &t, &found));
  EXPECT_FALSE(found);
  tag.ticket_id = 999;
  ASSERT_OK(store_->FindMailThread(tag, &t, &found));
  EXPECT_FALSE(found);
}

TEST_F(StoreMailTest, CountsOnlyTheBotsRepliesInTheWindow) {
  Mail("c-4", "dung@example.vn", "d1@x");
  now_ += 100;
  Mail("c-4", "dung@example.vn", "d2@x");
  int64_t n = 0;
  ASSERT_OK(store_->CountAutoReplies("dung@example.vn", now_ - 1000, &n));
  EXPECT_EQ(n, 2);
  ASSERT_OK(store_->CountAutoReplies("dung@example.vn", now_ - 50, &n));
  EXPECT_EQ(n, 1);
  ASSERT_OK(store_->CountAutoReplies("other@example.vn", 0, &n));
  EXPECT_EQ(n, 0);
}

TEST_F(StoreMailTest, AClaimHoldsUntilItsLeaseAndKeepsItsMessageId) {
  Mail("c-5", "em@example.vn", "e1@x");
  std::vector<MailDelivery> first, second;
  ASSERT_OK(store_->ClaimOutbox(10, 300, "shop.example", &first));
  ASSERT_EQ(first.size(), 1u);
  // Claimed: another worker (or process) takes nothing.
  ASSERT_OK(store_->ClaimOutbox(10, 300, "shop.example", &second));
  EXPECT_TRUE(second.empty());
  std::map<std::string, int64_t> counts;
  ASSERT_OK(store_->CountOutbox(&counts));
  EXPECT_EQ(counts["sending"], 1);
  EXPECT_EQ(counts["pending"], 0);
  // A temporary failure: due again later, same Message-ID then.
  ASSERT_OK(store_->MarkOutboxFailed(first[0].item.id, "smtp 451: try later", now_ + 60));
  ASSERT_OK(store_->ClaimOutbox(10, 300, "shop.example", &second));
  EXPECT_TRUE(second.empty());
  now_ += 60;
  ASSERT_OK(store_->ClaimOutbox(10, 300, "shop.example", &second));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].mail_message_id, first[0].mail_message_id);
  EXPECT_EQ(second[0].item.attempts, 1);
  // A worker that died mid-send: its lease runs out and the item is claimed again.
  now_ += 301;
  std::vector<MailDelivery> third;
  ASSERT_OK(store_->ClaimOutbox(10, 300, "shop.example", &third));
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].mail_message_id, first[0].mail_message_id);
  ASSERT_OK(store_->MarkOutboxSent(third[0].item.id));
  now_ += 10000;
  ASSERT_OK(store_->ClaimOutbox(10, 300, "shop.example", &third));
  EXPECT_TRUE(third.empty());
  ASSERT_OK(store_->CountOutbox(&counts));
  EXPECT_EQ(counts["sending"], 0);
}

}  // namespace
}  // namespace frontdesk
