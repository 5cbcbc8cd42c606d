// The store's agents, ticket claims and internal notes, on both engines
// (tests/store_fixture.h).
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/failing_store.h"
#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;
using Code = Status::Code;

const std::string kHash(64, 'c');

class StoreAgentsTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = testing::OpenStoreOrFail(testing::TempStoreOptions(dir_)); }

  Agent MakeAgent(const std::string& name, const std::string& role = "agent") {
    Agent a;
    a.name = name;
    a.role = role;
    a.token_hash = kHash;
    return a;
  }

  int64_t Escalate(const std::string& conversation) {
    int64_t id = 0;
    EXPECT_OK(store_->NextTicketId(&id));
    TurnRecord r;
    r.conversation_id = conversation;
    r.message.text = "I want a person";
    r.message.channel = "email";
    r.message.from = "bao@example.vn";
    r.decision.route = Route::kEscalate;
    r.decision.ticket = id;
    r.decision.escalation = Escalation{"general", "normal", "rule.human"};
    r.decision.reply = "A person will answer";
    r.open_ticket = true;
    r.ticket_id = id;
    r.state_after.human = true;
    r.state_after.ticket = id;
    TurnResult result;
    EXPECT_OK(store_->CommitTurn(r, &result));
    return id;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreAgentsTest, AgentsAreAddedFoundListedAndRemovedForGood) {
  Agent ana = MakeAgent("ana", "admin");
  ASSERT_OK(store_->AddAgent(&ana));
  EXPECT_GT(ana.id, 0);
  Agent again = MakeAgent("ana");
  EXPECT_EQ(store_->AddAgent(&again).code(), Code::kInvalidArgument);
  Agent bad_role = MakeAgent("bo", "root");
  EXPECT_EQ(store_->AddAgent(&bad_role).code(), Code::kInvalidArgument);
  Agent bad_hash = MakeAgent("bo");
  bad_hash.token_hash = "ABC";
  EXPECT_EQ(store_->AddAgent(&bad_hash).code(), Code::kInvalidArgument);
  Agent found;
  ASSERT_OK(store_->FindAgent(ana.id, &found));
  EXPECT_EQ(found.name, "ana");
  EXPECT_EQ(found.role, "admin");
  EXPECT_EQ(found.token_hash, kHash);
  std::vector<Agent> all;
  ASSERT_OK(store_->ListAgents(&all));
  EXPECT_EQ(all.size(), 1u);
  ASSERT_OK(store_->RemoveAgent("ana"));
  EXPECT_EQ(store_->FindAgent(ana.id, &found).code(), Code::kNotFound);
  EXPECT_EQ(store_->RemoveAgent("ana").code(), Code::kNotFound);
  ASSERT_OK(store_->ListAgents(&all));
  EXPECT_TRUE(all.empty());
  // A removed agent's name names nobody new (the audit log still uses it).
  Agent reused = MakeAgent("ana");
  EXPECT_EQ(store_->AddAgent(&reused).code(), Code::kInvalidArgument);
}

TEST_F(StoreAgentsTest, OfManyAgentsClaimingATicketAtOnceExactlyOneOwnsIt) {
  const int64_t ticket = Escalate("c1");
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      bool claimed = false;
      Ticket t;
      EXPECT_OK(store_->ClaimTicket(ticket, "agent" + std::to_string(i), &claimed, &t));
      if (claimed) ++winners;
      else EXPECT_NE(t.assignee, "agent" + std::to_string(i));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
  Ticket t;
  ASSERT_OK(store_->GetTicket(ticket, &t));
  bool claimed = false;
  ASSERT_OK(store_->ClaimTicket(ticket, t.assignee, &claimed, &t));
  EXPECT_TRUE(claimed);  // the owner may claim again
  EXPECT_EQ(store_->ClaimTicket(999, "x", &claimed, &t).code(), Code::kNotFound);
  std::vector<AuditEntry> audit;
  ASSERT_OK(store_->ListAudit(100, &audit));
  int claims = 0;
  for (const AuditEntry& e : audit) claims += e.action == "ticket.claim";
  EXPECT_EQ(claims, 1);  // the owner's second claim changed nothing
}

TEST_F(StoreAgentsTest, NotesAreKeptPerTicketAndAudited) {
  const int64_t ticket = Escalate("c1");
  TicketNote note;
  note.ticket_id = ticket;
  note.author = "ana";
  note.text = "VIP";
  ASSERT_OK(store_->AddTicketNote(&note));
  EXPECT_GT(note.id, 0);
  TicketNote orphan = note;
  orphan.ticket_id = 999;
  EXPECT_EQ(store_->AddTicketNote(&orphan).code(), Code::kNotFound);
  TicketNote empty = note;
  empty.text.clear();
  EXPECT_EQ(store_->AddTicketNote(&empty).code(), Code::kInvalidArgument);
  std::vector<TicketNote> notes;
  ASSERT_OK(store_->ListTicketNotes(ticket, &notes));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].text, "VIP");
  std::vector<AuditEntry> audit;
  ASSERT_OK(store_->ListAudit(1, &audit));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "ticket.note");
  EXPECT_EQ(audit[0].detail.find("VIP"), std::string::npos);  // never the body
}

TEST_F(StoreAgentsTest, FailedWritesStoreNothing) {
  FailingStore failing(store_.get());
  failing.set_fail_writes(true);
  Agent a = MakeAgent("ana");
  EXPECT_FALSE(failing.AddAgent(&a).ok());
  bool claimed = true;
  Ticket t;
  const int64_t ticket = Escalate("c1");
  EXPECT_FALSE(failing.ClaimTicket(ticket, "ana", &claimed, &t).ok());
  std::vector<Agent> all;
  ASSERT_OK(store_->ListAgents(&all));
  EXPECT_TRUE(all.empty());
  ASSERT_OK(store_->GetTicket(ticket, &t));
  EXPECT_EQ(t.assignee, "");
}

}  // namespace
}  // namespace frontdesk
