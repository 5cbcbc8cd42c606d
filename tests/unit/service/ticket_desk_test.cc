// TicketDesk on a real SQLite store: who may act on a ticket, where a reply
// goes, what agents' consoles are told and when they are woken.
#include "engine/service/ticket_desk.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "engine/service/store_conversations.h"
#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using Code = Status::Code;

class TicketDeskTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = testing::OpenStoreOrFail(testing::TempStoreOptions(dir_)); }

  // A customer message in `conversation`; escalates when `ticket` is 0 and
  // `escalate`, or is recorded on `ticket` (a person owns it).
  int64_t Say(const std::string& conversation, const std::string& channel,
              const std::string& from, int64_t ticket, bool escalate) {
    TurnRecord r;
    r.conversation_id = conversation;
    r.message.text = "I want a person";
    r.message.channel = channel;
    r.message.from = from;
    r.message.subject = "Order A-1";
    r.message.id = "<" + conversation + std::to_string(++n_) + "@example.vn>";
    r.decision.route = Route::kEscalate;
    if (escalate) {
      EXPECT_OK(store_->NextTicketId(&ticket));
      r.decision.escalation = Escalation{"general", "normal", "rule.human"};
      r.decision.reply = "A person will answer";
      r.open_ticket = true;
    }
    r.decision.ticket = ticket;
    r.ticket_id = ticket;
    r.state_after.human = true;
    r.state_after.ticket = ticket;
    TurnResult result;
    EXPECT_OK(store_->CommitTurn(r, &result));
    return ticket;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int n_ = 0;
};

TEST_F(TicketDeskTest, OneAgentOwnsATicketAndTheOtherIsToldWho) {
  TicketDesk desk(store_.get(), nullptr);
  const int64_t t = Say("c1", "email", "bao@example.vn", 0, true);
  DeskOutcome o;
  ASSERT_OK(desk.Claim("lan", t, &o));
  EXPECT_FALSE(o.taken);
  EXPECT_EQ(o.ticket.assignee, "lan");
  for (auto act : {&TicketDesk::Claim, &TicketDesk::Resolve, &TicketDesk::Handback}) {
    DeskOutcome other;
    ASSERT_OK((desk.*act)("minh", t, &other));
    EXPECT_TRUE(other.taken);
    EXPECT_EQ(other.ticket.assignee, "lan");
  }
  DeskOutcome reply;
  ASSERT_OK(desk.Reply("minh", t, "hello", &reply));
  EXPECT_TRUE(reply.taken);
  EXPECT_EQ(desk.Claim("lan", 999, &o).code(), Code::kNotFound);
  EXPECT_EQ(desk.Reply("lan", t, "", &o).code(), Code::kInvalidArgument);
}

TEST_F(TicketDeskTest, RepliesGoThroughTheCustomersChannelAndNotesNowhere) {
  TicketDesk desk(store_.get(), nullptr);
  const int64_t mail = Say("c1", "email", "bao@example.vn", 0, true);
  const int64_t chat = Say("chat-1", "chat", "", 0, true);
  DeskOutcome o;
  ASSERT_OK(desk.Note("lan", mail, "VIP", &o));
  ASSERT_OK(desk.Reply("lan", mail, "On its way", &o));
  EXPECT_EQ(o.delivered, "outbox");
  ASSERT_OK(desk.Reply("lan", chat, "Hi there", &o));
  EXPECT_EQ(o.delivered, "stored");  // no chat service: kept in the transcript only
  std::vector<OutboxItem> outbox;
  ASSERT_OK(store_->PendingOutbox(10, &outbox));
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].recipient, "bao@example.vn");
  EXPECT_EQ(outbox[0].body, "On its way");
  TicketView view;
  ASSERT_OK(desk.Get(mail, &view));
  EXPECT_EQ(view.channel, "email");
  EXPECT_EQ(view.customer, "bao@example.vn");
  ASSERT_EQ(view.notes.size(), 1u);
  EXPECT_EQ(view.notes[0].text, "VIP");
  EXPECT_EQ(view.transcript.back().text, "On its way");
  EXPECT_EQ(view.transcript.back().sender, "lan");
}

TEST_F(TicketDeskTest, AHandbackGivesTheConversationBackToTheBot) {
  TicketDesk desk(store_.get(), nullptr);
  const int64_t t = Say("c1", "email", "bao@example.vn", 0, true);
  DeskOutcome o;
  ASSERT_OK(desk.Handback("lan", t, &o));  // unowned: claimed, then handed back
  EXPECT_EQ(o.ticket.status, "solved");
  ConversationState state;
  bool found = false;
  ASSERT_OK(store_->LoadConversation("c1", &state, &found));
  ASSERT_TRUE(found);
  EXPECT_FALSE(state.human);
  EXPECT_FALSE(state.ticket.has_value());
}

TEST_F(TicketDeskTest, ActivityTellsOfOpenedTicketsAndCustomerMessagesOnly) {
  TicketDesk desk(store_.get(), nullptr);
  const int64_t t = Say("c1", "email", "bao@example.vn", 0, true);
  Say("c1", "email", "bao@example.vn", t, false);
  DeskCursor cursor;
  std::vector<DeskEvent> events;
  ASSERT_OK(desk.Activity(&cursor, 0, &events));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, "ticket_opened");
  EXPECT_EQ(events[1].kind, "customer_message");
  EXPECT_EQ(events[1].ticket, t);
  ASSERT_OK(desk.Activity(&cursor, 0, &events));
  EXPECT_TRUE(events.empty());  // the cursor moved past them
}

// The agents' event streams wait on the desk: told of stored activity, a
// wait returns at once, also for a ring that came between reading the count
// and waiting; untold, it times out.
TEST_F(TicketDeskTest, AWaitForActivityEndsWhenToldAndNotBefore) {
  TicketDesk desk(store_.get(), nullptr);
  const uint64_t before = desk.activity_rings();
  EXPECT_FALSE(desk.WaitForActivity(before, std::chrono::milliseconds(20)));
  desk.ActivityStored();
  EXPECT_TRUE(desk.WaitForActivity(before, std::chrono::milliseconds(0)));
  EXPECT_EQ(desk.activity_rings(), before + 1);
  std::thread teller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    desk.ActivityStored();
  });
  EXPECT_TRUE(desk.WaitForActivity(before + 1, std::chrono::seconds(30)));
  teller.join();
}

// serve rings the desk from the turns its process records: only a turn on a
// ticket rings, and a retry that was recorded before does not ring again.
TEST_F(TicketDeskTest, TheDeskIsRungByTurnsOnTicketsOnly) {
  TicketDesk desk(store_.get(), nullptr);
  StoreConversations conversations(store_.get());
  conversations.set_on_ticket_turn([&] { desk.ActivityStored(); });
  auto commit = [&](const std::string& key, int64_t ticket) {
    Message m;
    m.text = "hello";
    m.channel = "chat";
    ConversationState state;
    state.id = "chat:c9";
    Decision d;
    d.route = ticket ? Route::kEscalate : Route::kAnswer;
    if (ticket) {
      d.ticket = ticket;
      d.escalation = Escalation{"general", "normal", "rule.human"};
    }
    TurnCommit turn;
    turn.idempotency_key = key;
    turn.message = &m;
    turn.state = &state;
    turn.decision = &d;
    turn.open_ticket = ticket != 0;
    bool duplicate = false;
    std::string stored;
    EXPECT_OK(conversations.Commit(turn, &duplicate, &stored));
  };
  commit("k1", 0);
  EXPECT_EQ(desk.activity_rings(), 0u);
  int64_t ticket = 0;
  ASSERT_OK(store_->NextTicketId(&ticket));
  commit("k2", ticket);
  EXPECT_EQ(desk.activity_rings(), 1u);
  commit("k2", ticket);  // the same request again: recorded once, rung once
  EXPECT_EQ(desk.activity_rings(), 1u);
}

}  // namespace
}  // namespace frontdesk
