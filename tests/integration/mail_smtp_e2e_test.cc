// End to end over real SMTP: mails delivered with `frontdesk mail deliver`,
// the outbox sent with `frontdesk mail send-pending` to a real SMTP server
// on loopback (tests/mail/smtp_sink.py, Debian's python3-aiosmtpd, which
// stores every message it accepts as a file). Checks what arrives — headers,
// threading, encoding — that loop cases get nothing, that a server that is
// down and then up gets every reply exactly once, and that a 550 marks the
// reply failed and tells the agents.
#include <SQLiteCpp/Database.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/email/mime_parser.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::CommandResult;
using ::frontdesk::testing::ReadFile;
using ::frontdesk::testing::RunCommand;
using ::frontdesk::testing::SourceDir;
using ::frontdesk::testing::TempDir;
using ::testing::HasSubstr;

// The SMTP sink as a child process. Debian's interpreter by path: the
// package python3-aiosmtpd installs for it, not for another python3 on PATH.
class SmtpSink {
 public:
  ~SmtpSink() { Stop(); }
  // Starts on `port` (0 = any free one); returns the port, 0 on failure.
  int Start(const std::filesystem::path& dir, int port, const std::vector<std::string>& extra = {}) {
    int out[2];
    if (pipe(out) != 0) return 0;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      std::vector<std::string> args = {"/usr/bin/python3", (SourceDir() / "tests/mail/smtp_sink.py").string(),
                                       dir.string(), "--port", std::to_string(port)};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    return line.empty() ? 0 : std::stoi(line);
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

std::vector<mail::ParsedMail> Received(const std::filesystem::path& dir, std::vector<std::string>* raws = nullptr) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".eml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<mail::ParsedMail> out;
  for (const auto& f : files) {
    std::string raw = ReadFile(f);
    if (raws) raws->push_back(raw);
    mail::ParsedMail m;
    Status s = mail::ParseMail(raw, &m);
    EXPECT_TRUE(s.ok()) << f << ": " << s.ToString();
    out.push_back(std::move(m));
  }
  return out;
}

class MailSmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inbox_ = dir_.path() / "inbox";
    std::filesystem::create_directories(inbox_);
    // A free port for a server that is not running yet.
    SmtpSink probe;
    port_ = probe.Start(inbox_, 0);
    ASSERT_GT(port_, 0) << "the SMTP sink did not start (is python3-aiosmtpd installed?)";
    probe.Stop();
    config_ = testing::WriteExampleShopConfig(
        dir_, "mail:\n  from: support@shop.example\n  from_name: Cửa hàng Demo\n"
              "  smtp: {host: 127.0.0.1, port: " + std::to_string(port_) +
                  ", security: none, retry_base_seconds: 1, timeout_seconds: 10}\n");
  }
  nlohmann::json Deliver(const std::string& raw) {
    CommandResult r = RunCommand({testing::FrontdeskBinary().string(), "mail", "deliver", "--json", "-c", config_}, raw);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  std::string SendPending() {
    CommandResult r = RunCommand({testing::FrontdeskBinary().string(), "mail", "send-pending", "-c", config_});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  int64_t Count(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string());
    return db.execAndGet(sql).getInt64();
  }

  TempDir dir_;
  std::filesystem::path inbox_;
  int port_ = 0;
  std::string config_;
};

TEST_F(MailSmtpTest, RepliesArriveOnceThreadedAndEncodedAfterAnOutage) {
  std::map<std::string, nlohmann::json> customers;  // sender -> deliver's answer
  for (const char* file : {"en_gmail_reply.eml", "vi_windows1258_qp.eml", "es_latin1_base64.eml"}) {
    nlohmann::json j = Deliver(ReadFile(SourceDir() / "tests/data/mail" / file));
    ASSERT_EQ(j["auto_reply"], "queued") << file;
    customers[file] = j;
  }
  std::set<std::string> loop_senders;
  for (const auto& e : std::filesystem::directory_iterator(SourceDir() / "tests/data/mail")) {
    if (e.path().filename().string().rfind("loop_", 0) != 0) continue;
    std::string raw = ReadFile(e.path());
    nlohmann::json j = Deliver(raw);
    ASSERT_EQ(j["auto_reply"], "suppressed") << e.path();
    mail::ParsedMail m;
    ASSERT_TRUE(mail::ParseMail(raw, &m).ok());
    loop_senders.insert(m.from_address);
  }
  ASSERT_GE(loop_senders.size(), 8u);

  // The server is down: every reply stays queued for a retry.
  EXPECT_EQ(SendPending(), "sent 0, retried 3, failed 0\n");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts = 1 AND "
                  "last_error LIKE 'smtp%'"),
            3);
  // Up again; the retries are due after the backoff (1 s).
  SmtpSink sink;
  ASSERT_EQ(sink.Start(inbox_, port_), port_);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(SendPending(), "sent 3, retried 0, failed 0\n");
  EXPECT_EQ(SendPending(), "sent 0, retried 0, failed 0\n");  // nothing twice

  std::vector<std::string> raws;
  std::vector<mail::ParsedMail> got = Received(inbox_, &raws);
  ASSERT_EQ(got.size(), 3u);
  std::set<std::string> ids;
  std::map<std::string, const mail::ParsedMail*> by_recipient;
  for (size_t i = 0; i < got.size(); ++i) {
    const mail::ParsedMail& m = got[i];
    ASSERT_EQ(m.recipients.size(), 1u);
    EXPECT_EQ(loop_senders.count(m.recipients[0]), 0u) << "a loop case was answered";
    by_recipient[m.recipients[0]] = &m;
    ids.insert(m.message_id);
    EXPECT_EQ(m.from_address, "support@shop.example");
    EXPECT_EQ(m.from_name, "Cửa hàng Demo");
    EXPECT_EQ(*m.Header("auto-submitted"), "auto-replied");
    EXPECT_THAT(m.message_id, HasSubstr("@shop.example"));
    EXPECT_THAT(raws[i], HasSubstr("X-Envelope-From: <support@shop.example>"));
  }
  EXPECT_EQ(ids.size(), 3u);  // a Message-ID each

  const mail::ParsedMail& vi = *by_recipient.at("an@example.vn");
  EXPECT_EQ(vi.subject, "Re: Hỏi về đơn hàng");
  EXPECT_THAT(vi.in_reply_to, ::testing::ElementsAre("vi-1258@mail.example.vn"));
  EXPECT_EQ(vi.text, customers["vi_windows1258_qp.eml"]["decision"]["reply"].get<std::string>());
  const mail::ParsedMail& es = *by_recipient.at("maria@example.es");
  EXPECT_EQ(es.subject, "Re: Consulta sobre mi pedido ¿dónde está?");
  EXPECT_EQ(es.text, customers["es_latin1_base64.eml"]["decision"]["reply"].get<std::string>());
  const mail::ParsedMail& en = *by_recipient.at("jane@example.com");
  EXPECT_EQ(en.subject, "Re: My order AB123456");  // not "Re: Re:"
  EXPECT_THAT(en.references, ::testing::ElementsAre("en-gmail-1@mail.example.com"));

  // The customer answers our reply: the same conversation, found by our Message-ID.
  std::string answer = "From: Jane Doe <jane@example.com>\r\nTo: support@shop.example\r\n"
                       "Subject: Re: My order AB123456\r\nMessage-ID: <en-gmail-2@mail.example.com>\r\n"
                       "In-Reply-To: <" + en.message_id + ">\r\n\r\nThanks, and when will it arrive?\r\n";
  nlohmann::json j = Deliver(answer);
  EXPECT_THAT(j["thread"].get<std::string>(), HasSubstr("outbox:"));
  EXPECT_EQ(j["decision"]["conversation_id"], customers["en_gmail_reply.eml"]["decision"]["conversation_id"]);
}

TEST_F(MailSmtpTest, APermanentFailureIsMarkedAndTheAgentsAreTold) {
  SmtpSink sink;
  ASSERT_EQ(sink.Start(inbox_, port_, {"--reject", "gone@example.com"}), port_);
  // An escalated ticket whose customer's mailbox no longer exists.
  std::string raw = "From: gone@example.com\r\nTo: support@shop.example\r\nSubject: Help\r\n"
                    "Message-ID: <gone-1@x>\r\n\r\nI want to talk to a human agent please\r\n";
  nlohmann::json j = Deliver(raw);
  ASSERT_EQ(j["decision"]["route"], "escalate") << j.dump();
  ASSERT_EQ(j["auto_reply"], "queued");
  int64_t ticket = j["decision"]["ticket"];
  EXPECT_EQ(SendPending(), "sent 0, retried 0, failed 1\n");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND last_error LIKE '%550%'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ticket_notes WHERE ticket_id = " + std::to_string(ticket) +
                  " AND author = 'mail' AND body LIKE '%could not be delivered%550%'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'mail.failed'"), 1);
  EXPECT_EQ(SendPending(), "sent 0, retried 0, failed 0\n");
  EXPECT_TRUE(Received(inbox_).empty());
}

}  // namespace
}  // namespace frontdesk
