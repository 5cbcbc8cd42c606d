// Nobody waits unseen: a real `frontdesk serve` (example shop, SQLite file)
// tells a real receiving cpp-httplib server on loopback of new and reopened
// tickets. The receiver checks the HMAC-SHA256 signature with the shared
// secret (computed here with OpenSSL, not with the server's code), fails
// the first attempt so that the retry is seen, or is never there so that
// the notice is dead-lettered; /metrics counts each. A pending notice
// survives a restart. The queue's e-mail lands in the outbox.
#include <SQLiteCpp/Database.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

constexpr char kSecret[] = "whsec-test-0f8e2c";

std::string HmacHex(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &n);
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    hex += kDigits[mac[i] >> 4];
    hex += kDigits[mac[i] & 15];
  }
  return hex;
}

// A webhook receiver on loopback: answers each POST /hook with the status
// `answer` gives for that attempt (1-based), and keeps what arrived.
class Receiver {
 public:
  struct Hit {
    std::string body, signature, timestamp, event, delivery;
    bool signed_ok = false;
    int answered = 0;
  };
  explicit Receiver(std::function<int(int)> answer) : answer_(std::move(answer)) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      Hit h;
      h.body = req.body;
      h.signature = req.get_header_value("X-Frontdesk-Signature");
      h.timestamp = req.get_header_value("X-Frontdesk-Timestamp");
      h.event = req.get_header_value("X-Frontdesk-Event");
      h.delivery = req.get_header_value("X-Frontdesk-Delivery");
      h.signed_ok = h.signature == "sha256=" + HmacHex(kSecret, h.timestamp + "." + h.body);
      h.answered = answer_(static_cast<int>(hits_.size()) + 1);
      res.status = h.answered;
      hits_.push_back(h);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<Hit> hits() {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
  }
  // Waits (up to 20 s) until `n` attempts arrived.
  bool WaitFor(size_t n) {
    for (int i = 0; i < 400 && hits().size() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return hits().size() >= n;
  }

 private:
  std::function<int(int)> answer_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<Hit> hits_;
};

// A loopback port with nothing listening on it.
int ClosedPort() {
  httplib::Server s;
  return s.bind_to_any_port("127.0.0.1");  // closed again when `s` goes
}

class NotifyTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("FD_TEST_HOOK_SECRET", kSecret, 1); }

  void Serve(int hook_port, int max_attempts, const std::string& more = "") {
    config_ = testing::WriteExampleShopConfig(
        dir_, "notify:\n  webhook:\n    url: http://127.0.0.1:" + std::to_string(hook_port) +
                  "/hook\n    secret: ${FD_TEST_HOOK_SECRET}\n    timeout_ms: 2000\n"
                  "    max_attempts: " + std::to_string(max_attempts) +
                  "\n    retry_base_ms: 500\n" + more);
    if (key_.empty()) key_ = testing::AddApiKey(config_, "backend");
    ASSERT_TRUE(serve_.Start(config_));
  }

  json Email(const std::string& text, const std::string& conversation = "") {
    httplib::Client c("127.0.0.1", serve_.port());
    json body = {{"text", text}, {"channel", "email"}, {"from", "ana@example.com"},
                 {"subject", "My order"}, {"id", "<n-" + std::to_string(++mails_) + "@example.com>"}};
    if (!conversation.empty()) body["conversation_id"] = conversation;
    auto r = c.Post("/v1/messages", {{"Authorization", "Bearer " + key_}}, body.dump(),
                    "application/json");
    EXPECT_TRUE(r && r->status == 200);
    return r ? json::parse(r->body, nullptr, false) : json();
  }

  std::string Metrics() {
    httplib::Client c("127.0.0.1", serve_.port());
    auto r = c.Get("/metrics");
    return r ? r->body : "";
  }
  // Waits (up to 20 s) until /metrics holds `line`.
  bool MetricsHold(const std::string& line) {
    for (int i = 0; i < 400; ++i) {
      if (Metrics().find(line) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::string QueryText(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getString();
  }

  testing::TempDir dir_;
  std::string config_, key_;
  int mails_ = 0;
  testing::ServeProcess serve_;
};

TEST_F(NotifyTest, AFailedWebhookIsRetriedAndEveryAttemptIsSigned) {
  Receiver receiver([](int attempt) { return attempt == 1 ? 500 : 200; });
  Serve(receiver.port(), 5);
  json d = Email("I want to talk to a person about my order, it is broken");
  ASSERT_EQ(d["route"], "escalate") << d.dump();
  const int64_t ticket = d["ticket"];
  ASSERT_TRUE(receiver.WaitFor(2));
  ASSERT_TRUE(MetricsHold("frontdesk_webhook_deliveries_total{result=\"sent\"} 1\n")) << Metrics();
  std::vector<Receiver::Hit> hits = receiver.hits();
  ASSERT_EQ(hits.size(), 2u);  // one failure, one retry, nothing more
  EXPECT_EQ(hits[0].answered, 500);
  EXPECT_EQ(hits[1].answered, 200);
  for (const Receiver::Hit& h : hits) {
    EXPECT_TRUE(h.signed_ok) << h.signature;
    EXPECT_EQ(h.event, "ticket.opened");
    EXPECT_EQ(h.delivery, hits[0].delivery);  // the receiver can dedupe on it
    EXPECT_NE(h.signature, "sha256=" + HmacHex("another secret", h.timestamp + "." + h.body));
    // What a receiver needs to route it, never what the customer wrote.
    EXPECT_THAT(h.body, Not(HasSubstr("broken")));
    json b = json::parse(h.body);
    EXPECT_EQ(b["event"], "ticket.opened");
    EXPECT_EQ(b["ticket"]["id"], ticket);
    EXPECT_EQ(b["ticket"]["conversation_id"], QueryText("SELECT conversation_id FROM tickets"));
    EXPECT_FALSE(b["ticket"]["queue"].get<std::string>().empty());
    EXPECT_FALSE(b["ticket"]["priority"].get<std::string>().empty());
    EXPECT_EQ(b["ticket"]["language"], "en");
    EXPECT_GT(b["ticket"]["due_unix"].get<int64_t>(), 0);
  }
  // The timestamp is signed: the same body under another time fails.
  EXPECT_NE(hits[1].signature,
            "sha256=" + HmacHex(kSecret, std::to_string(std::stoll(hits[1].timestamp) + 600) + "." + hits[1].body));
  EXPECT_THAT(Metrics(), HasSubstr("frontdesk_webhook_deliveries_total{result=\"retried\"} 1\n"));
  EXPECT_THAT(Metrics(), HasSubstr("frontdesk_webhook_deliveries_total{result=\"dead_lettered\"} 0\n"));
  EXPECT_EQ(QueryText("SELECT status || ' ' || attempts || ' ' || last_error FROM ticket_notices"),
            "sent 2 HTTP 500");
}

TEST_F(NotifyTest, AWebhookThatIsNeverAnsweredEndsDeadLettered) {
  Serve(ClosedPort(), 2);
  json d = Email("I want to talk to a person");
  ASSERT_EQ(d["route"], "escalate") << d.dump();
  ASSERT_TRUE(MetricsHold("frontdesk_webhook_deliveries_total{result=\"dead_lettered\"} 1\n")) << Metrics();
  const std::string metrics = Metrics();
  EXPECT_THAT(metrics, HasSubstr("frontdesk_webhook_deliveries_total{result=\"retried\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("frontdesk_webhook_deliveries_total{result=\"sent\"} 0\n"));
  EXPECT_THAT(metrics, HasSubstr("frontdesk_ticket_notices{status=\"dead\"} 1\n"));
  EXPECT_EQ(QueryText("SELECT status || ' ' || attempts FROM ticket_notices"), "dead 2");
  EXPECT_THAT(QueryText("SELECT last_error FROM ticket_notices"), HasSubstr("webhook not answered"));
  // The customer was answered all the same: the ticket is open.
  EXPECT_EQ(QueryText("SELECT status FROM tickets"), "open");
}

TEST_F(NotifyTest, APendingNoticeSurvivesARestart) {
  std::atomic<bool> up{false};
  Receiver receiver([&](int) { return up ? 200 : 503; });
  Serve(receiver.port(), 10);
  json d = Email("I want to talk to a person");
  ASSERT_EQ(d["route"], "escalate") << d.dump();
  ASSERT_TRUE(receiver.WaitFor(1));
  ASSERT_EQ(serve_.Stop(), 0);
  EXPECT_EQ(QueryText("SELECT status FROM ticket_notices"), "pending");
  up = true;
  ASSERT_TRUE(serve_.Start(config_));
  ASSERT_TRUE(MetricsHold("frontdesk_webhook_deliveries_total{result=\"sent\"} 1\n")) << Metrics();
  EXPECT_EQ(QueryText("SELECT status FROM ticket_notices"), "sent");
  EXPECT_EQ(receiver.hits().back().answered, 200);
}

TEST_F(NotifyTest, AReopenedTicketIsToldAndTheQueueGetsAnEmail) {
  Receiver receiver([](int) { return 204; });
  Serve(receiver.port(), 3,
        "  queue_email: {general: desk@shop.example, complaints: desk@shop.example, "
        "refunds: desk@shop.example}\n");
  std::string conversation;
  json d = Email("I want to talk to a person");
  ASSERT_EQ(d["route"], "escalate") << d.dump();
  conversation = d["conversation_id"];
  const int64_t ticket = d["ticket"];
  ASSERT_TRUE(receiver.WaitFor(1));
  const std::string agent = [&] {
    auto r = testing::RunCommand({testing::FrontdeskBinary().string(), "agent", "add", "lan", "-c", config_});
    std::string out = r.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }();
  httplib::Client c("127.0.0.1", serve_.port());
  httplib::Headers auth = {{"Authorization", "Bearer " + agent}};
  ASSERT_EQ(c.Post("/v1/tickets/" + std::to_string(ticket) + "/resolve", auth, "", "application/json")->status, 200);
  Email("still not here", conversation);
  ASSERT_TRUE(receiver.WaitFor(2));
  std::vector<Receiver::Hit> hits = receiver.hits();
  EXPECT_EQ(hits[1].event, "ticket.reopened");
  EXPECT_EQ(json::parse(hits[1].body)["ticket"]["id"], ticket);
  EXPECT_TRUE(hits[1].signed_ok);
  SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT subject, body FROM outbox WHERE recipient = 'desk@shop.example' ORDER BY id");
  std::vector<std::string> subjects;
  for (int i = 0; i < 100 && subjects.size() < 2; ++i) {
    subjects.clear();
    q.reset();
    while (q.executeStep()) {
      subjects.push_back(q.getColumn(0).getString());
      EXPECT_THAT(q.getColumn(1).getString(), Not(HasSubstr("still not here")));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(subjects.size(), 2u);
  EXPECT_THAT(subjects[0], HasSubstr("Ticket #" + std::to_string(ticket) + " opened"));
  EXPECT_THAT(subjects[1], HasSubstr("Ticket #" + std::to_string(ticket) + " reopened"));
}

}  // namespace
}  // namespace frontdesk
