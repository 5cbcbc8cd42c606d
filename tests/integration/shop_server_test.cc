// The shipped example shop behind the real server, end to end: HTTP in,
// decisions out, and what the SQLite store holds afterwards (tickets, human
// mode, owner checks, attempt limits). The store and the shop database are
// real files in a temp dir.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <httplib.h>

#include <memory>
#include <string>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

class ShopServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_, R"(business_hours:
  utc_offset: "+07:00"
  mon-fri: "08:00-18:00"
  sat: "09:00-12:00"
)");
    token_ = testing::AddApiKey(config_, "shop-test");  // the shop's backend
    StartServer();
  }

  void StartServer() {
    serve_ = std::make_unique<testing::ServeProcess>();
    ASSERT_TRUE(serve_->Start(config_));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", serve_->port());
    client_->set_read_timeout(30, 0);
    client_->set_default_headers({{"Authorization", "Bearer " + token_}});
  }

  void RestartServer() {
    ASSERT_EQ(serve_->Stop(), 0);
    StartServer();
  }

  // POSTs one message; returns the decision.
  json Say(const std::string& text, const std::string& conversation,
           const std::string& from = "") {
    json body = {{"text", text}, {"conversation_id", conversation}, {"channel", "chat"}};
    if (!from.empty()) body["from"] = from;
    auto r = client_->Post("/v1/messages", body.dump(), "application/json");
    EXPECT_TRUE(r) << httplib::to_string(r.error());
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }

  // Reads the store the server writes, as an agent tool would.
  SQLite::Database Db() const {
    return SQLite::Database((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
  }
  int64_t Count(const std::string& sql, const std::string& bind = "") const {
    SQLite::Database db = Db();
    SQLite::Statement q(db, sql);
    if (!bind.empty()) q.bind(1, bind);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }

  testing::TempDir dir_;
  std::string config_, token_;
  std::unique_ptr<testing::ServeProcess> serve_;
  std::unique_ptr<httplib::Client> client_;
};

// The customer asks for a person: a ticket with the transcript and the rule's
// id, the ticket number and an answer time in the reply, then the bot stays
// quiet in that conversation (also after a restart) and every further message
// lands on the same ticket.
TEST_F(ShopServerTest, EscalationOpensATicketAndHandsTheConversationToAPerson) {
  EXPECT_EQ(Say("hi, where is my order?", "esc-1")["route"], "ask");
  json d = Say("this is useless, I want to talk to a real person", "esc-1");
  ASSERT_EQ(d["route"], "escalate") << d.dump();
  ASSERT_TRUE(d["ticket"].is_number_integer()) << d.dump();
  const int64_t ticket = d["ticket"];
  EXPECT_THAT(d["reply"].get<std::string>(), HasSubstr("ticket #" + std::to_string(ticket)));
  EXPECT_THAT(d["reply"].get<std::string>(), HasSubstr("at the latest"));

  {
    SQLite::Database db = Db();
    SQLite::Statement t(db,
                        "SELECT conversation_id, queue, priority, status, assignee, reason, due_at, "
                        "created_at FROM tickets WHERE id = ?");
    t.bind(1, ticket);
    ASSERT_TRUE(t.executeStep()) << "no ticket row " << ticket;
    EXPECT_EQ(t.getColumn(0).getString(), "key:1/esc-1");  // stored within the API key's scope
    EXPECT_EQ(t.getColumn(1).getString(), "general");
    EXPECT_EQ(t.getColumn(2).getString(), "normal");
    EXPECT_EQ(t.getColumn(3).getString(), "open");
    EXPECT_EQ(t.getColumn(4).getString(), "");
    EXPECT_EQ(t.getColumn(5).getString(), "human-request");
    EXPECT_GT(t.getColumn(6).getInt64(), t.getColumn(7).getInt64());  // due after it opened
  }
  // The transcript: both customer messages and both bot replies are stored.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", "key:1/esc-1"), 4);

  // Human mode: recorded on the ticket, not answered.
  d = Say("hello? anyone there?", "esc-1");
  EXPECT_EQ(d["route"], "escalate");
  EXPECT_EQ(d["ticket"], ticket);
  EXPECT_EQ(d["reply"], "");
  RestartServer();
  d = Say("still waiting", "esc-1");
  EXPECT_EQ(d["route"], "escalate");
  EXPECT_EQ(d["ticket"], ticket);
  EXPECT_EQ(d["reply"], "");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM tickets"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND ticket_id = " +
                  std::to_string(ticket)),
            3);
  // Another conversation is still answered by the bot.
  EXPECT_EQ(Say("hello", "esc-2")["route"], "answer");
}

// Each escalation trigger of the starter rules lands in its queue with the
// rule's id as the reason.
TEST_F(ShopServerTest, EscalationTriggersFillTheirQueues) {
  struct Case {
    const char* text;
    const char* queue;
    const char* priority;
    const char* reason;
  } cases[] = {
      {"If you don't refund me I will see you in court, my lawyer is ready", "legal", "urgent",
       "legal-threat"},
      {"I want a refund of 450 EUR for the broken TV", "refunds", "high", "refund-claim-large"},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string conversation = "trigger-" + std::to_string(n++);
    json d = Say(c.text, conversation);
    ASSERT_EQ(d["route"], "escalate") << c.text << "\n" << d.dump();
    SQLite::Database db = Db();
    SQLite::Statement t(db, "SELECT queue, priority, reason FROM tickets WHERE id = ?");
    t.bind(1, d["ticket"].get<int64_t>());
    ASSERT_TRUE(t.executeStep()) << c.text;
    EXPECT_EQ(t.getColumn(0).getString(), c.queue) << c.text;
    EXPECT_EQ(t.getColumn(1).getString(), c.priority) << c.text;
    EXPECT_THAT(t.getColumn(2).getString(), HasSubstr(c.reason)) << c.text;
  }
}

// An order is described only to its owner; a stranger and a wrong number get
// the same words; the proof can come in the next message.
TEST_F(ShopServerTest, OrdersAreShownOnlyToTheirOwner) {
  json asked = Say("where is order AB123456?", "own-1");
  EXPECT_EQ(asked["route"], "ask");
  json postcode = Say("my postcode is 70000", "own-1");
  EXPECT_EQ(postcode["route"], "ask");  // a postcode alone proves nothing: the phone's last digits
  json owner = Say("5678", "own-1");
  EXPECT_EQ(owner["route"], "lookup");
  EXPECT_THAT(owner["reply"].get<std::string>(), HasSubstr("GHN5KT9X3QD"));

  json stranger = Say("where is order AB123456? my postcode is 10000, phone ending 1234", "own-2");
  json unknown = Say("where is order ZZ999999? my postcode is 10000, phone ending 1234", "own-3");
  EXPECT_EQ(stranger["route"], "lookup");
  EXPECT_EQ(unknown["route"], "lookup");
  std::string a = stranger["reply"], b = unknown["reply"];
  EXPECT_THAT(a, Not(HasSubstr("GHN5KT9X3QD")));
  // Identical but for the number the customer typed.
  EXPECT_EQ(a.replace(a.find("AB123456"), 8, "#"), b.replace(b.find("ZZ999999"), 8, "#"));
  // The verified-looking "from" of an API client proves nothing.
  json claimed = Say("where is order AB123456?", "own-4", "an.nguyen@example.com");
  EXPECT_EQ(claimed["route"], "ask");
}

// Guessing postcodes for one order is cut off at 5 failures in 15 minutes:
// the attempt that uses up the limit goes to a person, with the reason on the
// ticket, and so does every later one, even with the right postcode.
TEST_F(ShopServerTest, GuessingIsLimitedThenEscalated) {
  json d;
  for (int i = 0; i < 4; ++i) {
    d = Say("status of order AB123456, postcode 1000" + std::to_string(i) + ", phone ending 1234",
            "guess-" + std::to_string(i));
    ASSERT_EQ(d["route"], "lookup") << i << " " << d.dump();
    EXPECT_THAT(d["reply"].get<std::string>(), HasSubstr("could not find")) << i;
  }
  d = Say("status of order AB123456, postcode 10004, phone ending 1234", "guess-4");
  ASSERT_EQ(d["route"], "escalate") << d.dump();
  {
    SQLite::Database db = Db();
    SQLite::Statement t(db, "SELECT queue, priority, reason FROM tickets WHERE id = ?");
    t.bind(1, d["ticket"].get<int64_t>());
    ASSERT_TRUE(t.executeStep());
    EXPECT_EQ(t.getColumn(0).getString(), "general");
    EXPECT_EQ(t.getColumn(1).getString(), "high");
    EXPECT_EQ(t.getColumn(2).getString(), "order-status-lookup:attempts-exceeded");
  }
  d = Say("status of order AB123456, postcode 70000, phone ending 5678", "guess-5");
  EXPECT_EQ(d["route"], "escalate") << d.dump();
  EXPECT_THAT(d["reply"].get<std::string>(), Not(HasSubstr("GHN5KT9X3QD")));
}

}  // namespace
}  // namespace frontdesk
