// The store's tickets, outbox and audit log, on both engines
// (tests/store_fixture.h).
#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;

class StoreTicketsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o = testing::TempStoreOptions(dir_);
    o.clock = [this] { return now_.load(); };
    ASSERT_OK(testing::OpenTestStore(o, &store_));
  }

  TurnRecord Turn(const std::string& conversation, const std::string& text) {
    TurnRecord r;
    r.conversation_id = conversation;
    r.message.text = text;
    r.message.channel = "email";
    r.message.from = "bao@example.vn";
    r.message.subject = "Order A-1";
    r.message.id = "<" + text + "@mail.example.vn>";
    r.decision.route = Route::kAnswer;
    r.decision.reply = "Thanks";
    return r;
  }

  // Escalates `conversation` to `queue`; returns the ticket id.
  int64_t Escalate(const std::string& conversation, const std::string& queue) {
    int64_t id = 0;
    EXPECT_OK(store_->NextTicketId(&id));
    TurnRecord r = Turn(conversation, "I want a person");
    r.decision.route = Route::kEscalate;
    r.decision.ticket = id;
    r.decision.escalation = Escalation{queue, "high", "rule.human"};
    r.decision.reply = "A person will answer; your ticket is #" + std::to_string(id);
    r.open_ticket = true;
    r.ticket_id = id;
    r.ticket_due_unix = now_ + 3600;
    r.state_after.human = true;
    r.state_after.ticket = id;
    TurnResult result;
    EXPECT_OK(store_->CommitTurn(r, &result));
    EXPECT_EQ(result.ticket_id, id);
    return id;
  }

  TempDir dir_;
  std::atomic<int64_t> now_{1'700'000'000};
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTicketsTest, TicketIdsAreUniqueAndIncreasing) {
  int64_t a = 0, b = 0;
  ASSERT_OK(store_->NextTicketId(&a));
  ASSERT_OK(store_->NextTicketId(&b));
  EXPECT_GT(a, 0);
  EXPECT_EQ(b, a + 1);
}

TEST_F(StoreTicketsTest, EscalationOpensTheTicketItsReplyNames) {
  int64_t id = Escalate("c1", "billing");
  Ticket t;
  ASSERT_OK(store_->GetTicket(id, &t));
  EXPECT_EQ(t.conversation_id, "c1");
  EXPECT_EQ(t.queue, "billing");
  EXPECT_EQ(t.priority, "high");
  EXPECT_EQ(t.reason, "rule.human");
  EXPECT_EQ(t.status, "open");
  EXPECT_EQ(t.due_unix, now_ + 3600);
  std::vector<StoredMessage> messages;
  ASSERT_OK(store_->ListConversation("c1", &messages));
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].ticket_id, id);
  EXPECT_THAT(messages[1].text, ::testing::HasSubstr("#" + std::to_string(id)));
  EXPECT_THAT(messages[0].decision_json, ::testing::HasSubstr("\"ticket\":" + std::to_string(id)));
}

TEST_F(StoreTicketsTest, DueTimeDefaultsToTheEscalations) {
  int64_t id = 0;
  ASSERT_OK(store_->NextTicketId(&id));
  TurnRecord r = Turn("c1", "refund please");
  r.decision.route = Route::kEscalate;
  r.decision.ticket = id;
  r.decision.escalation = Escalation{"billing", "normal", "rule.refund"};
  r.decision.escalation->due_unix = now_ + 7200;
  r.open_ticket = true;
  r.ticket_id = id;
  TurnResult result;
  ASSERT_OK(store_->CommitTurn(r, &result));
  Ticket t;
  ASSERT_OK(store_->GetTicket(id, &t));
  EXPECT_EQ(t.due_unix, now_ + 7200);
  EXPECT_EQ(t.queue, "billing");
}

TEST_F(StoreTicketsTest, TicketMustBeAllocatedAndNamedInTheDecision) {
  int64_t id = 0;
  ASSERT_OK(store_->NextTicketId(&id));
  TurnRecord r = Turn("c1", "help");
  r.open_ticket = true;
  r.ticket_id = id;  // decision.ticket left empty: the reply cannot name it
  TurnResult result;
  EXPECT_EQ(store_->CommitTurn(r, &result).code(), Status::Code::kInvalidArgument);
  r.ticket_id = id + 100;  // never allocated
  r.decision.ticket = id + 100;
  EXPECT_EQ(store_->CommitTurn(r, &result).code(), Status::Code::kInvalidArgument);
  std::vector<StoredMessage> messages;
  ASSERT_OK(store_->ListConversation("c1", &messages));
  EXPECT_TRUE(messages.empty());
}

TEST_F(StoreTicketsTest, MessagesWhileHumanOwnsConversationJoinTheTicket) {
  int64_t id = Escalate("c1", "general");
  TurnRecord r = Turn("c1", "any news?");
  r.decision.route = Route::kEscalate;
  r.decision.reply.clear();  // the bot stays quiet
  r.ticket_id = id;
  TurnResult result;
  ASSERT_OK(store_->CommitTurn(r, &result));
  EXPECT_EQ(result.ticket_id, id);
  std::vector<StoredMessage> messages;
  ASSERT_OK(store_->ListConversation("c1", &messages));
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[2].text, "any news?");
  EXPECT_EQ(messages[2].ticket_id, id);

  TurnRecord other = Turn("c2", "hi");
  other.ticket_id = id;  // not c2's ticket
  EXPECT_EQ(store_->CommitTurn(other, &result).code(), Status::Code::kNotFound);
  ConversationState state;
  bool found = true;
  ASSERT_OK(store_->LoadConversation("c2", &state, &found));
  EXPECT_FALSE(found);  // the failed turn's earlier rows were undone too
}

TEST_F(StoreTicketsTest, UpdateIsAuditedAndSolvingHandsConversationBack) {
  int64_t id = Escalate("c1", "general");
  now_ += 60;
  ASSERT_OK(store_->UpdateTicket(id, {std::nullopt, std::string("bob"), "admin:ann"}));
  ASSERT_OK(store_->UpdateTicket(id, {std::string("solved"), std::nullopt, "agent:bob"}));
  Ticket t;
  ASSERT_OK(store_->GetTicket(id, &t));
  EXPECT_EQ(t.status, "solved");
  EXPECT_EQ(t.assignee, "bob");
  EXPECT_EQ(t.updated_unix, now_);

  ConversationState state;
  bool found = false;
  ASSERT_OK(store_->LoadConversation("c1", &state, &found));
  EXPECT_FALSE(state.human);
  EXPECT_FALSE(state.ticket.has_value());

  std::vector<AuditEntry> audit;
  ASSERT_OK(store_->ListAudit(10, &audit));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].actor, "agent:bob");  // newest first
  EXPECT_EQ(audit[0].action, "ticket.update");
  EXPECT_EQ(audit[0].target, "ticket:" + std::to_string(id));
  EXPECT_EQ(audit[0].detail, "status open -> solved, assignee 'bob' -> 'bob'");
  EXPECT_EQ(audit[1].actor, "admin:ann");

  EXPECT_EQ(store_->UpdateTicket(id, {std::string("deleted"), std::nullopt, "x"}).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->UpdateTicket(id, {std::string("open"), std::nullopt, ""}).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->UpdateTicket(id + 1, {std::string("open"), std::nullopt, "x"}).code(),
            Status::Code::kNotFound);
}

TEST_F(StoreTicketsTest, ListTicketsFilters) {
  int64_t a = Escalate("c1", "billing");
  int64_t b = Escalate("c2", "repairs");
  int64_t c = Escalate("c3", "billing");
  ASSERT_OK(store_->UpdateTicket(c, {std::string("pending"), std::string("bob"), "agent:bob"}));
  std::vector<Ticket> tickets;
  ASSERT_OK(store_->ListTickets({}, &tickets));
  EXPECT_EQ(tickets.size(), 3u);
  ASSERT_OK(store_->ListTickets({"", "billing", "", 100}, &tickets));
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].id, a);
  ASSERT_OK(store_->ListTickets({"open", "", "", 100}, &tickets));
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[1].id, b);
  ASSERT_OK(store_->ListTickets({"", "", "bob", 100}, &tickets));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].id, c);
  ASSERT_OK(store_->ListTickets({"", "", "", 1}, &tickets));
  EXPECT_EQ(tickets.size(), 1u);
  ASSERT_OK(store_->ListTickets({"", "", "", 100, "high"}, &tickets));
  EXPECT_EQ(tickets.size(), 3u);
  ASSERT_OK(store_->ListTickets({"", "", "", 100, "low"}, &tickets));
  EXPECT_TRUE(tickets.empty());
}

TEST_F(StoreTicketsTest, OutboxDeliversRetriesAndGivesUp) {
  TurnRecord r = Turn("c1", "hours?");
  r.outbox = true;
  TurnResult result;
  ASSERT_OK(store_->CommitTurn(r, &result));
  std::vector<OutboxItem> items;
  ASSERT_OK(store_->PendingOutbox(10, &items));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].recipient, "bao@example.vn");
  EXPECT_EQ(items[0].channel, "email");
  EXPECT_EQ(items[0].body, "Thanks");
  EXPECT_EQ(items[0].subject, "Order A-1");
  EXPECT_EQ(items[0].in_reply_to, "<hours?@mail.example.vn>");
  const int64_t id = items[0].id;

  ASSERT_OK(store_->MarkOutboxFailed(id, "451 try later", now_ + 300));
  ASSERT_OK(store_->PendingOutbox(10, &items));
  EXPECT_TRUE(items.empty());  // not due yet
  now_ += 300;
  ASSERT_OK(store_->PendingOutbox(10, &items));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].attempts, 1);
  EXPECT_EQ(items[0].last_error, "451 try later");
  ASSERT_OK(store_->MarkOutboxSent(id));
  ASSERT_OK(store_->PendingOutbox(10, &items));
  EXPECT_TRUE(items.empty());
  EXPECT_EQ(store_->MarkOutboxSent(id + 1).code(), Status::Code::kNotFound);

  ASSERT_OK(store_->CommitTurn(Turn("c2", "x"), &result));  // no outbox: nothing queued
  r = Turn("c3", "y");
  r.outbox = true;
  ASSERT_OK(store_->CommitTurn(r, &result));
  ASSERT_OK(store_->PendingOutbox(10, &items));
  ASSERT_EQ(items.size(), 1u);
  ASSERT_OK(store_->MarkOutboxFailed(items[0].id, "550 no such user", 0));  // give up
  ASSERT_OK(store_->PendingOutbox(10, &items));
  EXPECT_TRUE(items.empty());
}

TEST_F(StoreTicketsTest, AgentReplyIsStoredQueuedAndAudited) {
  int64_t id = Escalate("c1", "general");
  int64_t message_id = 0;
  ASSERT_OK(
      store_->AddTicketReply({id, "agent:bob", "Your parcel left today.", true}, &message_id));
  std::vector<StoredMessage> messages;
  ASSERT_OK(store_->ListConversation("c1", &messages));
  ASSERT_EQ(messages.back().id, message_id);
  EXPECT_EQ(messages.back().sender, "agent:bob");
  EXPECT_EQ(messages.back().direction, "out");
  EXPECT_EQ(messages.back().ticket_id, id);
  std::vector<OutboxItem> items;
  ASSERT_OK(store_->PendingOutbox(10, &items));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].message_id, message_id);
  EXPECT_EQ(items[0].recipient, "bao@example.vn");
  EXPECT_EQ(items[0].in_reply_to, "<I want a person@mail.example.vn>");
  std::vector<AuditEntry> audit;
  ASSERT_OK(store_->ListAudit(1, &audit));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "ticket.reply");
  EXPECT_THAT(audit[0].detail, ::testing::Not(::testing::HasSubstr("parcel")));  // no bodies
  EXPECT_EQ(store_->AddTicketReply({id + 5, "agent:bob", "x", true}, &message_id).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(store_->AddTicketReply({id, "", "x", true}, &message_id).code(),
            Status::Code::kInvalidArgument);
}

TEST_F(StoreTicketsTest, AuditRecordsAdminActions) {
  ASSERT_OK(store_->Audit({0, 0, "admin:ann", "pack.reload", "packs", "42 intents"}));
  ASSERT_OK(store_->Audit({0, 5, "admin:ann", "config.change", "listen", ""}));
  EXPECT_EQ(store_->Audit({0, 0, "", "pack.reload", "", ""}).code(),
            Status::Code::kInvalidArgument);
  std::vector<AuditEntry> audit;
  ASSERT_OK(store_->ListAudit(0, &audit));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "config.change");
  EXPECT_EQ(audit[0].at_unix, 5);
  EXPECT_EQ(audit[1].at_unix, now_);
  EXPECT_EQ(audit[1].detail, "42 intents");
}

// Two nodes on one store (two Store objects on the same data): each due
// webhook attempt is claimed by one of them; the claim hides it from the
// other's PendingNotices until the lease ends, which only matters for a node
// that died; a recorded failure sets the next attempt as before.
TEST_F(StoreTicketsTest, ANoticesWebhookIsClaimedByOneNodeUntilItsLeaseEnds) {
  StoreOptions o = testing::TempStoreOptions(dir_);
  o.clock = [this] { return now_.load(); };
  std::unique_ptr<Store> other;
  ASSERT_OK(testing::OpenTestStore(o, &other));
  int64_t ticket = 0;
  ASSERT_OK(store_->NextTicketId(&ticket));
  TurnRecord r = Turn("c-notice", "I want a person now");
  r.decision.route = Route::kEscalate;
  r.decision.ticket = ticket;
  r.decision.escalation = Escalation{"billing", "high", "rule.human"};
  r.decision.reply = "Ticket #" + std::to_string(ticket);
  r.open_ticket = true;
  r.ticket_id = ticket;
  r.notify = true;
  TurnResult result;
  ASSERT_OK(store_->CommitTurn(r, &result));

  std::vector<TicketNotice> seen_a, seen_b;
  ASSERT_OK(store_->PendingNotices(10, &seen_a));
  ASSERT_OK(other->PendingNotices(10, &seen_b));
  ASSERT_EQ(seen_a.size(), 1u);
  ASSERT_EQ(seen_b.size(), 1u);
  EXPECT_TRUE(seen_a[0].webhook_due && seen_b[0].webhook_due);  // both read it as due
  const int64_t id = seen_a[0].id;

  // Both try at once: one of them gets it.
  std::atomic<int> claims{0};
  std::vector<std::thread> nodes;
  for (Store* node : {store_.get(), other.get()})
    nodes.emplace_back([&, node] {
      bool claimed = false;
      EXPECT_OK(node->ClaimNoticeWebhook(id, now_ + 65, &claimed));
      claims += claimed;
    });
  for (auto& t : nodes) t.join();
  EXPECT_EQ(claims.load(), 1);
  ASSERT_OK(other->PendingNotices(10, &seen_b));
  ASSERT_EQ(seen_b.size(), 1u);  // its e-mail is still to do
  EXPECT_FALSE(seen_b[0].webhook_due);
  bool claimed = true;
  ASSERT_OK(other->ClaimNoticeWebhook(id, now_ + 65, &claimed));
  EXPECT_FALSE(claimed);

  // The claimer died: after the lease the other node takes it, once.
  now_ += 66;
  ASSERT_OK(other->ClaimNoticeWebhook(id, now_ + 65, &claimed));
  EXPECT_TRUE(claimed);
  ASSERT_OK(store_->ClaimNoticeWebhook(id, now_ + 65, &claimed));
  EXPECT_FALSE(claimed);
  // Its attempt failed: the retry time it records is when the next claim may come.
  ASSERT_OK(other->MarkNoticeFailed(id, "HTTP 503", now_ + 10));
  ASSERT_OK(store_->ClaimNoticeWebhook(id, now_ + 65, &claimed));
  EXPECT_FALSE(claimed);
  now_ += 10;
  ASSERT_OK(store_->ClaimNoticeWebhook(id, now_ + 65, &claimed));
  EXPECT_TRUE(claimed);
  ASSERT_OK(store_->MarkNoticeSent(id));
  now_ += 1000;
  ASSERT_OK(other->ClaimNoticeWebhook(id, now_ + 65, &claimed));
  EXPECT_FALSE(claimed);  // sent is sent
  std::map<std::string, int64_t> counts;
  ASSERT_OK(other->CountNotices(&counts));
  EXPECT_EQ(counts["sent"], 1);
}

}  // namespace
}  // namespace frontdesk
