// Two frontdesk nodes behind a real nginx on loopback, running the shipped
// examples/nginx/frontdesk.conf with only its addresses replaced. The nodes
// share one store — one SQLite file on this machine, or with
// FRONTDESK_TEST_STORE=postgres (ctest: nginx_nodes_test.postgres) a
// PostgreSQL database on the server this binary starts for itself
// (tests/pg_test_server.h), named by `store: {postgres: ...}`: a chat session made
// on one node goes on through the other, an agent answering through node A
// reaches the visitor streaming from node B, and with node A killed
// (SIGKILL) mid-conversation the conversation goes on through nginx with
// nothing lost or recorded twice. The nodes believe the client address
// only from nginx (server.trusted_proxies).
#include <SQLiteCpp/Database.h>
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "tests/pg_test_server.h"
#include "tests/sse_client.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::CommandResult;
using ::frontdesk::testing::ReadFile;
using ::frontdesk::testing::RunCommand;
using ::frontdesk::testing::ServeProcess;
using ::frontdesk::testing::SourceDir;
using ::frontdesk::testing::TempDir;
using nlohmann::json;

constexpr char kNginx[] = "/usr/sbin/nginx";

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

bool Replace(std::string* text, const std::string& from, const std::string& to) {
  size_t at = text->find(from);
  if (at == std::string::npos) return false;
  text->replace(at, from.size(), to);
  return true;
}

// nginx in the foreground, in a process group of its own (killed whole on
// Stop), with every file it writes in `dir`.
class Nginx {
 public:
  ~Nginx() { Stop(); }
  // Runs the shipped site file with the two upstream nodes and the listen
  // port replaced. Returns "" or what went wrong.
  std::string Start(const std::filesystem::path& dir, int node_a, int node_b) {
    std::string site = ReadFile(SourceDir() / "examples/nginx/frontdesk.conf");
    port_ = FreePort();
    if (!Replace(&site, "server 127.0.0.1:8081", "server 127.0.0.1:" + std::to_string(node_a)) ||
        !Replace(&site, "server 127.0.0.1:8082", "server 127.0.0.1:" + std::to_string(node_b)) ||
        !Replace(&site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port_) + ";"))
      return "examples/nginx/frontdesk.conf no longer has the addresses this test replaces";
    const std::string d = dir.string();
    std::filesystem::create_directories(dir / "temp");
    std::ofstream(dir / "site.conf") << site;
    std::ofstream(dir / "nginx.conf")
        << "daemon off;\nworker_processes 1;\npid " << d << "/nginx.pid;\nerror_log " << d
        << "/error.log info;\n" << (geteuid() == 0 ? "user root;\n" : "")
        << "events { worker_connections 1024; }\nhttp {\n  access_log " << d << "/access.log;\n"
        << "  client_body_temp_path " << d << "/temp/body;\n  proxy_temp_path " << d << "/temp/proxy;\n"
        << "  fastcgi_temp_path " << d << "/temp/fastcgi;\n  uwsgi_temp_path " << d << "/temp/uwsgi;\n"
        << "  scgi_temp_path " << d << "/temp/scgi;\n  include " << d << "/site.conf;\n}\n";
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      execl(kNginx, kNginx, "-p", d.c_str(), "-c", (d + "/nginx.conf").c_str(), "-e", (d + "/error.log").c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      httplib::Client c("127.0.0.1", port_);
      if (auto r = c.Get("/healthz")) return "";
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return "nginx exited: " + ReadFile(dir / "error.log");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "nginx did not answer: " + ReadFile(dir / "error.log");
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

class NginxNodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kNginx)) GTEST_SKIP() << "nginx is not installed (scripts/install-deps.sh does it)";
    if (testing::EngineUnderTest() == testing::StoreEngine::kPostgres) {
      std::string why;
      testing::PgTestServer* server = testing::PgTestServer::Get(&why);
      if (server == nullptr) GTEST_SKIP() << "postgres store tests skipped: " << why;
      static int schemas = 0;
      conninfo_ = server->FreshSchema("nodes" + std::to_string(++schemas));
    }
  }
  // The nodes' config; `server_extra` goes under `server:`. On PostgreSQL
  // the store is the test's schema instead of frontdesk.db.
  void StartAll(const std::string& server_extra) {
    config_ = testing::WriteExampleShopConfig(dir_, "server:\n  trusted_proxies: [127.0.0.1]\n" + server_extra);
    if (!conninfo_.empty()) {
      std::string text = ReadFile(config_);
      ASSERT_TRUE(Replace(&text, "store:\n  path: frontdesk.db\n", "store:\n  postgres: \"" + conninfo_ + "\"\n"));
      std::ofstream(config_) << text;
    }
    CommandResult r = RunCommand({testing::FrontdeskBinary().string(), "agent", "add", "lan", "-c", config_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    agent_ = r.out.substr(0, r.out.find('\n'));
    ASSERT_TRUE(a_.Start(config_));
    ASSERT_TRUE(b_.Start(config_));
    std::string error = nginx_.Start(dir_.path() / "nginx", a_.port(), b_.port());
    ASSERT_EQ(error, "");
  }
  static httplib::Client To(int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
  static json NewSession(httplib::Client c) {
    auto r = c.Post("/v1/chat/sessions", R"({"lang": "en"})", "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body);
  }
  static std::string Path(const json& s, const std::string& what) {
    return "/v1/chat/sessions/" + s["id"].get<std::string>() + "/" + what;
  }
  static httplib::Result Say(httplib::Client c, const json& s, const std::string& text, const std::string& key = "") {
    httplib::Headers h = {{"Authorization", "Bearer " + s["token"].get<std::string>()}};
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    return c.Post(Path(s, "messages"), h, json({{"text", text}}).dump(), "application/json");
  }
  // The first column of the first row of `sql` (SQL both engines
  // understand), read on a connection of its own.
  int64_t Count(const std::string& sql) {
    if (conninfo_.empty()) {
      SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
      return db.execAndGet(sql).getInt64();
    }
    pqxx::connection conn(conninfo_);
    pqxx::nontransaction txn(conn);
    return txn.exec(sql)[0][0].as<int64_t>();
  }

  TempDir dir_;
  std::string conninfo_;  // the PostgreSQL schema of the nodes; "" = SQLite
  std::string config_, agent_;
  ServeProcess a_, b_;
  Nginx nginx_;
};

TEST_F(NginxNodesTest, ASessionAndItsEventsMoveBetweenNodesAndOutliveAKilledNode) {
  StartAll("  rate_limit: {per_ip_per_second: 0, per_session_per_second: 0}\n");
  // Made on A, continued on B: B knows the session and its token.
  json visitor = NewSession(To(a_.port()));
  auto asked = Say(To(b_.port()), visitor, "I want to talk to a person about my refund");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200) << asked->body;
  json decision = json::parse(asked->body);
  int64_t ticket = decision["ticket"].is_number() ? decision["ticket"].get<int64_t>() : 0;
  ASSERT_GT(ticket, 0) << asked->body;
  EXPECT_EQ(Say(To(b_.port()), visitor, "hello", "")->status, 200);
  EXPECT_EQ(To(a_.port()).Post(Path(visitor, "messages"), {{"Authorization", "Bearer wrong"}},
                               R"({"text": "hi"})", "application/json")->status,
            401);

  // The visitor streams from B (through nginx's unbuffered route too); the
  // agent answers through A.
  std::vector<testing::SseEvent> from_b, through_nginx;
  std::thread reader_b([&] {
    auto c = To(b_.port());
    from_b = testing::ReadSseUntil(c, Path(visitor, "events") + "?token=" + visitor["token"].get<std::string>(),
                                   "agent_message");
  });
  std::thread reader_n([&] {
    auto c = To(nginx_.port());
    through_nginx = testing::ReadSseUntil(
        c, Path(visitor, "events") + "?token=" + visitor["token"].get<std::string>(), "agent_message");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // both streams open
  auto started = std::chrono::steady_clock::now();
  auto reply = To(a_.port()).Post("/v1/tickets/" + std::to_string(ticket) + "/replies",
                                  {{"Authorization", "Bearer " + agent_}},
                                  R"({"text": "Hi, this is Lan from the shop."})", "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 201) << reply->body;
  reader_b.join();
  reader_n.join();
  auto took = std::chrono::steady_clock::now() - started;
  for (const auto* events : {&from_b, &through_nginx}) {
    ASSERT_FALSE(events->empty());
    EXPECT_EQ(events->back()["event"], "agent_message");
    EXPECT_EQ(events->back()["data"]["text"], "Hi, this is Lan from the shop.");
  }
  EXPECT_LT(took, std::chrono::seconds(10)) << "the agent's reply crossed nodes too slowly";

  // A new conversation through nginx; node A dies after the third message.
  // A client repeats a failed post with its Idempotency-Key, as the widget does.
  json customer = NewSession(To(nginx_.port()));
  const std::vector<std::string> questions = {
      "what are your opening hours?", "how much is shipping?", "do you ship to Hanoi?",
      "can I pay by card?",           "how do I return an item?", "is there a warranty?"};
  for (size_t i = 0; i < questions.size(); ++i) {
    if (i == 3) {
      kill(a_.pid(), SIGKILL);
      waitpid(a_.pid(), nullptr, 0);
    }
    const std::string key = "q-" + std::to_string(i);
    int status = 0;
    for (int attempt = 0; attempt < 5 && status != 200; ++attempt) {
      auto r = Say(To(nginx_.port()), customer, questions[i], key);
      status = r ? r->status : 0;
      if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_EQ(status, 200) << questions[i];
  }
  // Each question once, each with one answer, whichever node took it.
  const std::string conversation =
      "(SELECT conversation_id FROM chat_sessions WHERE id = '" + customer["id"].get<std::string>() + "')";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND conversation_id = " + conversation),
            static_cast<int64_t>(questions.size()));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'out' AND conversation_id = " + conversation),
            static_cast<int64_t>(questions.size()));
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT body) FROM messages WHERE direction = 'in' AND conversation_id = " +
                  conversation),
            static_cast<int64_t>(questions.size()));
}

// The nodes count requests per client address. Behind nginx that is the
// address nginx saw, never one the client wrote in X-Forwarded-For; a
// request straight to a node cannot name an address either.
TEST_F(NginxNodesTest, TheClientAddressComesFromNginxAndCannotBeForged) {
  StartAll("  rate_limit: {per_ip_per_second: 0.1, burst: 2, per_session_per_second: 0}\n");
  auto status_from = [&](const std::string& source, int port, const std::string& forged) {
    CommandResult r = RunCommand({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", source,
                                  "-H", "X-Forwarded-For: " + forged, "-H", "X-Real-IP: " + forged,
                                  "http://127.0.0.1:" + std::to_string(port) + "/v1/suggest?q=hours"});
    return r.out;
  };
  // The same client (127.0.0.5) under three forged names: its burst of 2 per
  // node, and least_conn spreads it over both nodes, so 4 pass and the rest
  // are refused.
  int ok = 0, refused = 0;
  for (int i = 0; i < 8; ++i) {
    std::string s = status_from("127.0.0.5", nginx_.port(), "198.51.100." + std::to_string(i));
    ok += s == "200";
    refused += s == "429";
  }
  EXPECT_LE(ok, 4);
  EXPECT_GE(refused, 4);
  // Another client still gets through: the nodes did not lump everyone
  // together as nginx's own address.
  EXPECT_EQ(status_from("127.0.0.6", nginx_.port(), "198.51.100.1"), "200");
  // What a trusted proxy says about the scheme counts (the form's cookie
  // becomes Secure); the same header from anyone else was dropped above.
  auto form = To(a_.port()).Get("/contact?lang=en", {{"X-Forwarded-Proto", "https"}});
  ASSERT_TRUE(form);
  EXPECT_NE(form->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  // Straight to a node (not a trusted proxy), the headers name nobody.
  EXPECT_EQ(status_from("127.0.0.7", a_.port(), "127.0.0.1"), "200");
  EXPECT_EQ(status_from("127.0.0.7", a_.port(), "198.51.100.9"), "200");
  EXPECT_EQ(status_from("127.0.0.7", a_.port(), "198.51.100.10"), "429");
}

// Owner checks are counted in the store: guesses spread over both nodes
// (and over new chat sessions) use up one allowance, so that reaching the
// other node gives a guesser no fresh tries, even with the right answer.
TEST_F(NginxNodesTest, OwnerCheckGuessesAreCountedAcrossNodes) {
  StartAll("  rate_limit: {per_ip_per_second: 0, per_session_per_second: 0}\n");
  const std::string kTracking = "GHN5KT9X3QD";
  // The shipped lookup allows 5 failed checks per order in 15 minutes.
  for (int i = 0; i < 5; ++i) {
    json guesser = NewSession(To(i % 2 ? b_.port() : a_.port()));
    auto r = Say(To(i % 2 ? a_.port() : b_.port()), guesser,
                 "Where is order AB123456? Postcode 70000, phone ends in 11" + std::to_string(10 + i));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body.find(kTracking), std::string::npos);
  }
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT attempt) FROM owner_attempts"), 5);
  for (int port : {a_.port(), b_.port()}) {
    json late = NewSession(To(port));
    auto r = Say(To(port), late, "Where is order AB123456? Postcode 70000, phone ends in 5678");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body.find(kTracking), std::string::npos) << "node on port " << port << ": " << r->body;
  }
  // The store never holds what was offered, only keyed hashes of it.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM owner_attempts WHERE counter LIKE '%70000%' OR "
                  "counter LIKE '%ab123456%'"),
            0);
}

// The agents' side across nodes: an agent's console streaming events from
// node A is told of a ticket a visitor opens through node B, and of the
// visitor's next message there (on PostgreSQL the store's notification
// wakes A's stream; on one SQLite file A's stream finds it at its poll).
TEST_F(NginxNodesTest, AnAgentStreamingFromOneNodeHearsOfTicketsOpenedThroughTheOther) {
  StartAll("  rate_limit: {per_ip_per_second: 0, per_session_per_second: 0}\n");
  std::vector<testing::SseEvent> events;
  std::thread agent([&] {
    auto c = To(a_.port());
    events = testing::ReadSse(c, "/v1/agent/events?token=" + agent_,
                              [](const std::vector<testing::SseEvent>& got) { return got.size() >= 2; });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the stream is open
  json visitor = NewSession(To(b_.port()));
  auto asked = Say(To(b_.port()), visitor, "I want to talk to a person about my refund");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200) << asked->body;
  const int64_t ticket = json::parse(asked->body).value("ticket", int64_t{0});
  ASSERT_GT(ticket, 0) << asked->body;
  ASSERT_EQ(Say(To(b_.port()), visitor, "It is order AB123456")->status, 200);
  agent.join();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["event"], "ticket_opened");
  EXPECT_EQ(events[0]["data"]["ticket"], ticket);
  EXPECT_EQ(events[1]["event"], "customer_message");
  EXPECT_EQ(events[1]["data"]["ticket"], ticket);
  // Never the customer's words in the event itself.
  EXPECT_EQ(events[1]["data"].dump().find("AB123456"), std::string::npos);
}

}  // namespace
}  // namespace frontdesk
