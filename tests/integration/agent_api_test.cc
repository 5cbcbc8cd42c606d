// The agents' API on a real `frontdesk serve` of the example shop with its
// SQLite store file: tokens and roles, the queue and a ticket's transcript
// with the bot's reasons, claim races, replies through the customer's
// channel (a chat event on the visitor's open stream, the outbox for an
// e-mail customer), notes that never reach the customer, and the hand-back
// after which the bot answers again.
#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/sse_client.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

std::string AddAgent(const std::string& config, const std::string& name, const std::string& role) {
  auto r = testing::RunCommand(
      {testing::FrontdeskBinary().string(), "agent", "add", name, "--role", role, "-c", config});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
  return r.out;
}

// A response's status and error code (-1 and "" when there was none).
struct Answer {
  int status = -1;
  std::string code;
};
Answer Of(const httplib::Result& r) {
  Answer a;
  if (!r) return a;
  a.status = r->status;
  json body = json::parse(r->body, nullptr, false);
  if (body.is_object() && body.contains("error")) a.code = body["error"].value("code", "");
  return a;
}

class AgentApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_);
    key_ = testing::AddApiKey(config_, "backend");
    lan_ = AddAgent(config_, "lan", "agent");
    minh_ = AddAgent(config_, "minh", "agent");
    boss_ = AddAgent(config_, "boss", "admin");
    ASSERT_FALSE(lan_.empty());
    ASSERT_TRUE(serve_.Start(config_));
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", serve_.port());
    c.set_read_timeout(30, 0);
    return c;
  }

  static httplib::Headers Bearer(const std::string& token) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return h;
  }

  httplib::Result Get(const std::string& token, const std::string& path) {
    return Client().Get(path, Bearer(token));
  }
  httplib::Result Post(const std::string& token, const std::string& path,
                       const std::string& body = "") {
    return Client().Post(path, Bearer(token), body, "application/json");
  }
  static std::string TicketPath(int64_t ticket, const std::string& action = "") {
    return "/v1/tickets/" + std::to_string(ticket) + (action.empty() ? "" : "/" + action);
  }

  // A decision through the integration API, as an e-mail customer.
  json Email(const std::string& text, const std::string& conversation = "") {
    json body = {{"text", text}, {"channel", "email"}, {"from", "ana@example.com"},
                 {"subject", "My order"}, {"id", "<m-" + std::to_string(++mails_) + "@example.com>"}};
    if (!conversation.empty()) body["conversation_id"] = conversation;
    auto r = Client().Post("/v1/messages", Bearer(key_), body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }

  // An e-mail customer asks for a person: the ticket's number.
  int64_t EscalatedEmail(std::string* conversation = nullptr) {
    json d = Email("I want to talk to a person");
    EXPECT_EQ(d["route"], "escalate") << d.dump();
    if (conversation != nullptr) *conversation = d.value("conversation_id", "");
    return d.value("ticket", int64_t{0});
  }

  json NewChatSession() {
    auto r = Client().Post("/v1/chat/sessions", R"({"lang": "en"})", "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body);
  }

  json Chat(const json& session, const std::string& text) {
    auto r = Client().Post("/v1/chat/sessions/" + session["id"].get<std::string>() + "/messages",
                           Bearer(session["token"]), json({{"text", text}}).dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }

  // Reads the session's event stream until an event of `kind` arrives (or
  // 20 s); every event seen, in order.
  std::vector<json> EventsUntil(const json& session, const std::string& kind) {
    std::vector<json> got;
    std::string buffer;
    auto c = Client();
    c.set_read_timeout(20, 0);
    std::string path = "/v1/chat/sessions/" + session["id"].get<std::string>() +
                       "/events?token=" + session["token"].get<std::string>();
    c.Get(path, httplib::Headers(), [&](const char* data, size_t n) {
      buffer.append(data, n);
      bool done = false;
      for (size_t end; (end = buffer.find("\n\n")) != std::string::npos;) {
        std::string block = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        json e;
        for (size_t at = 0; at < block.size();) {
          size_t nl = block.find('\n', at);
          std::string line = block.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
          at = nl == std::string::npos ? block.size() : nl + 1;
          if (line.rfind("event: ", 0) == 0) e["event"] = line.substr(7);
          if (line.rfind("data: ", 0) == 0) e["data"] = json::parse(line.substr(6));
        }
        if (!e.contains("event")) continue;
        got.push_back(e);
        done = done || e["event"] == kind;
      }
      return !done;
    });
    return got;
  }

  // Reads an SSE stream at `path` until `want` events arrived (or 20 s).
  std::vector<json> ReadEvents(const std::string& path, size_t want) {
    auto c = Client();
    return testing::ReadSse(c, path, [want](const std::vector<testing::SseEvent>& got) { return got.size() >= want; });
  }

  int QueryInt(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt();
  }

  testing::TempDir dir_;
  std::string config_, key_, lan_, minh_, boss_;
  int mails_ = 0;
  testing::ServeProcess serve_;
};

TEST_F(AgentApiTest, EveryRouteNeedsALiveAgentToken) {
  const int64_t ticket = EscalatedEmail();
  ASSERT_GT(ticket, 0);
  const std::string wrong_secret = lan_.substr(0, lan_.rfind('_') + 1) + std::string(64, '0');
  for (const std::string& token : {std::string(), std::string("nonsense"), wrong_secret,
                                   std::string("fda_999_abc"), key_}) {
    for (const Answer& a : {Of(Get(token, "/v1/tickets")), Of(Get(token, TicketPath(ticket))),
                            Of(Post(token, TicketPath(ticket, "claim"))),
                            Of(Post(token, TicketPath(ticket, "replies"), R"({"text": "hi"})"))}) {
      EXPECT_EQ(a.status, 401) << token;
      EXPECT_EQ(a.code, "unauthenticated");
    }
  }
  auto ok = Get(lan_, "/v1/tickets?status=open");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["tickets"][0]["id"], ticket);
  // A removed agent opens nothing from then on.
  auto removed = testing::RunCommand(
      {testing::FrontdeskBinary().string(), "agent", "remove", "lan", "-c", config_});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  auto after = Get(lan_, "/v1/tickets");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  // Unknown tickets, bad bodies.
  auto unknown = Get(minh_, TicketPath(9999));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  for (const std::string& body : {std::string("{"), std::string(R"({"text": ""})"),
                                  std::string("{\"text\": \"\xff\"}"),
                                  json({{"text", std::string(20001, 'a')}}).dump()}) {
    auto r = Post(minh_, TicketPath(ticket, "replies"), body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body.substr(0, 20);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "invalid_argument");
  }
}

TEST_F(AgentApiTest, AnAgentCannotDoAnAdminsWork) {
  for (const Answer& a : {Of(Post(minh_, "/v1/admin/reload")), Of(Post(minh_, "/admin/reload")),
                          Of(Get(minh_, "/v1/agents"))}) {
    EXPECT_EQ(a.status, 403);
    EXPECT_EQ(a.code, "permission_denied");
  }
  for (const char* path : {"/v1/admin/reload", "/admin/reload"}) {  // DESIGN.md names the second
    auto reload = Post(boss_, path);
    ASSERT_TRUE(reload);
    EXPECT_EQ(reload->status, 200) << path << ": " << reload->body;
  }
  auto agents = Get(boss_, "/v1/agents");
  ASSERT_TRUE(agents);
  ASSERT_EQ(agents->status, 200);
  EXPECT_EQ(json::parse(agents->body)["agents"].size(), 3u);
  EXPECT_THAT(agents->body, Not(HasSubstr(boss_.substr(boss_.rfind('_') + 1))));
  EXPECT_THAT(agents->body, Not(HasSubstr("hash")));
}

TEST_F(AgentApiTest, TwoAgentsClaimingAtOnceExactlyOneWins) {
  for (int round = 0; round < 5; ++round) {
    const int64_t ticket = EscalatedEmail();
    ASSERT_GT(ticket, 0);
    int statuses[2] = {0, 0};
    std::thread a([&] { if (auto r = Post(lan_, TicketPath(ticket, "claim"))) statuses[0] = r->status; });
    std::thread b([&] { if (auto r = Post(minh_, TicketPath(ticket, "claim"))) statuses[1] = r->status; });
    a.join();
    b.join();
    EXPECT_EQ((statuses[0] == 200) + (statuses[1] == 200), 1) << statuses[0] << " " << statuses[1];
    EXPECT_EQ((statuses[0] == 409) + (statuses[1] == 409), 1) << statuses[0] << " " << statuses[1];
    auto t = json::parse(Get(lan_, TicketPath(ticket))->body);
    EXPECT_EQ(t["assignee"], statuses[0] == 200 ? "lan" : "minh");
    // The loser cannot reply on it either; the owner can claim again.
    const std::string& loser = statuses[0] == 200 ? minh_ : lan_;
    const std::string& owner = statuses[0] == 200 ? lan_ : minh_;
    EXPECT_EQ(Post(loser, TicketPath(ticket, "replies"), R"({"text": "me too"})")->status, 409);
    EXPECT_EQ(Post(owner, TicketPath(ticket, "claim"))->status, 200);
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'ticket.claim'"), 5);
}

TEST_F(AgentApiTest, AReplyToAChatVisitorArrivesOnTheirStream) {
  json s = NewChatSession();
  json d = Chat(s, "I want to talk to a person");
  ASSERT_EQ(d["route"], "escalate") << d.dump();
  const int64_t ticket = d["ticket"];
  // The agent sees the visitor's message with the bot's reasons.
  auto got = Get(lan_, TicketPath(ticket));
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200) << got->body;
  json view = json::parse(got->body);
  EXPECT_EQ(view["channel"], "chat");
  ASSERT_FALSE(view["transcript"].empty());
  EXPECT_EQ(view["transcript"][0]["text"], "I want to talk to a person");
  EXPECT_EQ(view["transcript"][0]["decision"]["route"], "escalate");
  EXPECT_FALSE(view["transcript"][0]["decision"]["trace"].empty());

  std::vector<json> events;
  std::thread reader([&] { events = EventsUntil(s, "agent_message"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto note = Post(lan_, TicketPath(ticket, "notes"), R"({"text": "internal: VIP customer"})");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->status, 201) << note->body;
  auto reply = Post(lan_, TicketPath(ticket, "replies"), R"({"text": "Hi, this is Lan. How can I help?"})");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  EXPECT_EQ(json::parse(reply->body)["delivered"], "chat");
  reader.join();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["event"], "agent_message");
  EXPECT_EQ(events.back()["data"]["text"], "Hi, this is Lan. How can I help?");
  EXPECT_EQ(events.back()["data"]["agent"], "lan");
  for (const json& e : events) EXPECT_THAT(e.dump(), Not(HasSubstr("VIP"))) << "a note reached the visitor";
  // The note is the agents' alone; the reply is in the transcript.
  view = json::parse(Get(minh_, TicketPath(ticket))->body);
  ASSERT_EQ(view["notes"].size(), 1u);
  EXPECT_EQ(view["notes"][0]["author"], "lan");
  EXPECT_EQ(view["transcript"].back()["text"], "Hi, this is Lan. How can I help?");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE body LIKE '%VIP%'"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM chat_events WHERE data_json LIKE '%VIP%'"), 0);
}

TEST_F(AgentApiTest, AReplyToAnEmailCustomerLandsInTheOutbox) {
  const int64_t ticket = EscalatedEmail();
  ASSERT_GT(ticket, 0);
  auto note = Post(lan_, TicketPath(ticket, "notes"), R"({"text": "refund approved by finance"})");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->status, 201);
  auto reply = Post(lan_, TicketPath(ticket, "replies"), R"({"text": "Your refund is on its way."})");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  EXPECT_EQ(json::parse(reply->body)["delivered"], "outbox");
  EXPECT_EQ(json::parse(reply->body)["ticket"]["assignee"], "lan");  // replying claimed it
  SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT recipient, subject, in_reply_to FROM outbox WHERE body = ?");
  q.bind(1, "Your refund is on its way.");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "ana@example.com");
  EXPECT_EQ(q.getColumn(1).getString(), "My order");
  EXPECT_EQ(q.getColumn(2).getString(), "<m-1@example.com>");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE body LIKE '%finance%'"), 0);
  for (const char* action : {"ticket.claim", "ticket.note", "ticket.reply"}) {
    SQLite::Statement a(db, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND actor = 'lan'");
    a.bind(1, action);
    ASSERT_TRUE(a.executeStep());
    EXPECT_EQ(a.getColumn(0).getInt(), 1) << action;
  }
}

TEST_F(AgentApiTest, AfterAHandbackTheBotAnswersTheNextMessage) {
  std::string conversation;
  const int64_t ticket = EscalatedEmail(&conversation);
  ASSERT_FALSE(conversation.empty());
  // While a person owns it, the bot stays quiet.
  json quiet = Email("what are your opening hours?", conversation);
  EXPECT_EQ(quiet["route"], "escalate") << quiet.dump();
  EXPECT_EQ(quiet.value("reply", ""), "");
  auto back = Post(minh_, TicketPath(ticket, "handback"));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(json::parse(back->body)["ticket"]["status"], "solved");
  json answered = Email("what are your opening hours?", conversation);
  EXPECT_EQ(answered["route"], "answer") << answered.dump();
  EXPECT_NE(answered.value("reply", ""), "");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'ticket.handback' AND actor = 'minh'"), 1);
}

// Rule: a customer who answers a ticket an agent resolved reopens it (not a
// new ticket, not the bot); it is back in the open queue unassigned, and
// the consoles are told. A hand-back (above) gives the next message to the
// bot instead.
TEST_F(AgentApiTest, TheCustomersAnswerReopensAResolvedTicket) {
  std::string conversation;
  const int64_t ticket = EscalatedEmail(&conversation);
  ASSERT_EQ(Post(lan_, TicketPath(ticket, "replies"), R"({"text": "Refund sent."})")->status, 201);
  auto resolved = Post(lan_, TicketPath(ticket, "resolve"));
  ASSERT_TRUE(resolved);
  ASSERT_EQ(resolved->status, 200) << resolved->body;
  // A new stream starts at the current second: let the escalation's pass.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  std::vector<json> events;
  std::thread reader([&] { events = ReadEvents("/v1/agent/events?token=" + minh_, 1); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  json again = Email("It has not arrived, order 1042", conversation);
  reader.join();
  EXPECT_EQ(again["route"], "escalate") << again.dump();
  EXPECT_EQ(again["ticket"], ticket);
  EXPECT_EQ(again.value("reply", ""), "");  // the bot stays quiet
  json view = json::parse(Get(minh_, TicketPath(ticket))->body);
  EXPECT_EQ(view["status"], "open");
  EXPECT_EQ(view["assignee"], "");
  EXPECT_EQ(view["transcript"].back()["text"], "It has not arrived, order 1042");
  EXPECT_EQ(json::parse(Get(minh_, "/v1/tickets?status=open")->body)["tickets"][0]["id"], ticket);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "ticket_reopened");
  EXPECT_EQ(events[0]["data"]["ticket"], ticket);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM tickets"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'ticket.reopen' AND actor = 'customer'"), 1);
  // Another agent may take it now, and resolve it again.
  EXPECT_EQ(Post(minh_, TicketPath(ticket, "claim"))->status, 200);
  EXPECT_EQ(Post(minh_, TicketPath(ticket, "resolve"))->status, 200);
  EXPECT_EQ(json::parse(Get(minh_, TicketPath(ticket))->body)["status"], "solved");
}

TEST_F(AgentApiTest, ResolvedTicketsLeaveTheOpenQueue) {
  const int64_t first = EscalatedEmail();
  const int64_t second = EscalatedEmail();
  ASSERT_NE(first, second);
  auto resolved = Post(lan_, TicketPath(first, "resolve"));
  ASSERT_TRUE(resolved);
  ASSERT_EQ(resolved->status, 200) << resolved->body;
  json open = json::parse(Get(lan_, "/v1/tickets?status=open")->body)["tickets"];
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]["id"], second);
  json solved = json::parse(Get(lan_, "/v1/tickets?status=solved")->body)["tickets"];
  ASSERT_EQ(solved.size(), 1u);
  EXPECT_EQ(solved[0]["id"], first);
}

TEST_F(AgentApiTest, ConsolesAreToldOfNewTicketsAndCustomerMessages) {
  auto denied = Get("", "/v1/agent/events?token=fda_1_nonsense");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  Email("what are your opening hours?");  // the bot's alone: no event
  std::vector<json> events;
  std::thread reader([&] { events = ReadEvents("/v1/agent/events?token=" + lan_, 2); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  std::string conversation;
  const int64_t ticket = EscalatedEmail(&conversation);
  Email("it is order 1042, still waiting", conversation);
  reader.join();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["event"], "ticket_opened");
  EXPECT_EQ(events[0]["data"]["ticket"], ticket);
  EXPECT_EQ(events[1]["event"], "customer_message");
  EXPECT_EQ(events[1]["data"]["ticket"], ticket);
  for (const json& e : events) EXPECT_THAT(e.dump(), Not(HasSubstr("1042")));  // no text
  // Resumed after the first event's id, the stream gives the second again.
  std::vector<json> resumed =
      ReadEvents("/v1/agent/events?token=" + minh_ + "&last_event_id=" + events[0]["id"].get<std::string>(), 1);
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(resumed[0]["id"], events[1]["id"]);
}

}  // namespace
}  // namespace frontdesk
