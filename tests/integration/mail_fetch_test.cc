// `frontdesk mail fetch` against a real IMAP server on loopback: Debian's
// Dovecot with a configuration of its own (tests/mail/imap_server.py). The
// test puts mail in and reads flags back with its own client
// (tests/mail/imap_tool.py, Python's imaplib). Checks that each message is
// decided once and marked, that refused ones stay for a person, that a
// message recorded before a crash is not answered twice, the three mark
// modes, a server that goes away and comes back, and clear errors for bad
// credentials.
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::CommandResult;
using ::frontdesk::testing::ReadFile;
using ::frontdesk::testing::RunCommand;
using ::frontdesk::testing::SourceDir;
using ::frontdesk::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kUser[] = "shop";
constexpr char kPassword[] = "s3cret-imap-password";

std::filesystem::path MailFixture(const std::string& name) { return SourceDir() / "tests/data/mail" / name; }

// Runs argv as a child in a process group of its own, with stdout and
// stderr on the given descriptors (-1 = the test's own).
pid_t Spawn(const std::vector<std::string>& args, int stdout_fd, int stderr_fd) {
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    if (stdout_fd >= 0) dup2(stdout_fd, 1);
    if (stderr_fd >= 0) dup2(stderr_fd, 2);
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Dovecot through tests/mail/imap_server.py; the whole process group is
// killed on Stop, so no Dovecot process outlives the test.
class ImapServer {
 public:
  ~ImapServer() { Stop(); }
  int Start(const std::filesystem::path& dir, int port) {
    int out[2];
    if (pipe(out) != 0) return 0;
    pid_ = Spawn({"/usr/bin/python3", (SourceDir() / "tests/mail/imap_server.py").string(), dir.string(), "--port",
                  std::to_string(port), "--user", std::string(kUser) + ":" + kPassword},
                 out[1], -1);
    close(out[1]);
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    return line.empty() ? 0 : std::stoi(line);
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

class MailFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/sbin/dovecot"))
      GTEST_SKIP() << "Dovecot is not installed (dovecot-imapd; scripts/install-deps.sh installs it)";
    port_ = server_.Start(dir_.path(), 0);
    ASSERT_GT(port_, 0) << "Dovecot did not start; see " << (dir_.path() / "dovecot/dovecot.log");
    setenv("TEST_IMAP_USER", kUser, 1);
    setenv("TEST_IMAP_PASSWORD", kPassword, 1);
    UseConfig("");
  }
  // The example shop with one mailbox on the test server; `extra` adds
  // keys to it ("mark: delete") or to `mail:` (a line starting "  ").
  void UseConfig(const std::string& mailbox_keys, const std::string& mail_keys = "") {
    config_ = testing::WriteExampleShopConfig(
        dir_, "mail:\n  from: support@shop.example\n" + mail_keys +
                  "  imap:\n    - {name: support, host: 127.0.0.1, port: " + std::to_string(port_) +
                  ", security: none, user_env: TEST_IMAP_USER, password_env: TEST_IMAP_PASSWORD, poll_seconds: 1" +
                  mailbox_keys + "}\n");
  }
  CommandResult Fetch() {
    return RunCommand({testing::FrontdeskBinary().string(), "mail", "fetch", "--once", "-c", config_});
  }
  std::vector<std::string> Append(const std::vector<std::string>& files) {
    std::vector<std::string> args = {"/usr/bin/python3", (SourceDir() / "tests/mail/imap_tool.py").string(),
                                     std::to_string(port_), kUser, kPassword, "append"};
    args.insert(args.end(), files.begin(), files.end());
    CommandResult r = RunCommand(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> uids;
    std::string uid;
    for (char c : r.out) {
      if (c == ' ' || c == '\n') {
        if (!uid.empty()) uids.push_back(uid);
        uid.clear();
      } else {
        uid += c;
      }
    }
    return uids;
  }
  std::string AppendText(const std::string& name, const std::string& raw) {
    std::filesystem::path p = dir_.path() / name;
    std::ofstream(p, std::ios::binary) << raw;
    std::vector<std::string> uids = Append({p.string()});
    return uids.empty() ? "" : uids[0];
  }
  nlohmann::json Flags() {
    CommandResult r = RunCommand({"/usr/bin/python3", (SourceDir() / "tests/mail/imap_tool.py").string(),
                                  std::to_string(port_), kUser, kPassword, "flags"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  int64_t Count(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string());
    return db.execAndGet(sql).getInt64();
  }
  int64_t Inbound() {
    if (!std::filesystem::exists(dir_.path() / "frontdesk.db")) return 0;  // before the first start
    try {
      return Count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND channel = 'email'");
    } catch (const SQLite::Exception&) {
      return 0;  // the file exists, its schema not yet: `mail fetch` is still starting
    }
  }

  TempDir dir_;
  ImapServer server_;
  int port_ = 0;
  std::string config_;
};

bool Has(const nlohmann::json& flags, const std::string& flag) {
  for (const auto& f : flags)
    if (f == flag) return true;
  return false;
}

TEST_F(MailFetchTest, TakesEachNewMessageOnceDecidesItAndMarksIt) {
  std::vector<std::string> uids = Append({MailFixture("en_gmail_reply.eml").string(),
                                          MailFixture("vi_windows1258_qp.eml").string(),
                                          MailFixture("es_latin1_base64.eml").string(),
                                          MailFixture("loop_auto_submitted_replied.eml").string()});
  ASSERT_EQ(uids.size(), 4u);
  CommandResult r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("support: taken 4, refused 0, left for the next poll 0"));
  EXPECT_EQ(Inbound(), 4);
  // Three customers are answered; the auto-reply is recorded, never answered.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 3);
  // Decoded from windows-1258 on the way in.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND subject = 'Hỏi về đơn hàng'"), 1);
  nlohmann::json flags = Flags();
  for (const std::string& uid : uids) {
    EXPECT_TRUE(Has(flags[uid], "$FrontdeskTaken")) << flags.dump();
    EXPECT_TRUE(Has(flags[uid], "\\Seen")) << flags.dump();
  }
  // The next poll finds nothing new, and nothing is decided twice.
  r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("support: taken 0, refused 0"));
  EXPECT_EQ(Inbound(), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 3);
  // The log names counts, never a message's text or the password.
  EXPECT_THAT(r.err, Not(HasSubstr(kPassword)));
}

TEST_F(MailFetchTest, NeverAcceptableMailStaysInTheMailboxFlaggedForAPerson) {
  UseConfig("", "  max_message_bytes: 2048\n");
  std::string big = AppendText("big.eml", ReadFile(MailFixture("mixed_attachments.eml")));  // 2.6 KB
  std::string junk = AppendText("junk.eml", ReadFile(MailFixture("not_a_message.eml")));
  std::string fine = AppendText("fine.eml", "From: Ann <ann@example.com>\r\nTo: support@shop.example\r\n"
                                            "Subject: opening hours\r\nMessage-ID: <hours-1@example.com>\r\n\r\n"
                                            "When do you open on Sunday?\r\n");
  CommandResult r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("taken 1, refused 2"));
  EXPECT_EQ(Inbound(), 1);
  nlohmann::json flags = Flags();
  for (const std::string& uid : {big, junk}) {
    EXPECT_TRUE(Has(flags[uid], "$FrontdeskRefused")) << flags.dump();
    EXPECT_TRUE(Has(flags[uid], "\\Flagged")) << flags.dump();
    EXPECT_FALSE(Has(flags[uid], "$FrontdeskTaken")) << flags.dump();
  }
  EXPECT_FALSE(Has(flags[big], "\\Seen")) << "the big one was never downloaded: " << flags.dump();
  EXPECT_TRUE(Has(flags[fine], "$FrontdeskTaken"));
  r = Fetch();  // refused once, not again at every poll
  EXPECT_THAT(r.err, HasSubstr("taken 0, refused 0"));
}

TEST_F(MailFetchTest, AMessageRecordedBeforeACrashIsNotAnsweredTwice) {
  // `mail deliver` stands for a poll that recorded the message and died
  // before it could mark it: the message is still unmarked in the mailbox.
  std::string raw = ReadFile(MailFixture("en_gmail_reply.eml"));
  CommandResult d =
      RunCommand({testing::FrontdeskBinary().string(), "mail", "deliver", "--json", "-c", config_}, raw);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  std::string uid = AppendText("again.eml", raw);
  CommandResult r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("taken 1"));
  EXPECT_EQ(Inbound(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
  EXPECT_TRUE(Has(Flags()[uid], "$FrontdeskTaken"));
}

TEST_F(MailFetchTest, DeleteModeExpungesWhatItTookAndSeenModeOnlyReadsIt) {
  UseConfig(", mark: delete");
  std::string kept = AppendText("one.eml", ReadFile(MailFixture("es_latin1_base64.eml")));
  CommandResult r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("taken 1"));
  EXPECT_EQ(Flags().size(), 0u) << "expunged";
  EXPECT_EQ(Inbound(), 1);

  UseConfig(", mark: seen");
  std::string seen = AppendText("two.eml", ReadFile(MailFixture("en_gmail_reply.eml")));
  r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("taken 1"));
  nlohmann::json flags = Flags();
  EXPECT_TRUE(Has(flags[seen], "\\Seen")) << flags.dump();
  EXPECT_FALSE(Has(flags[seen], "$FrontdeskTaken")) << flags.dump();
  EXPECT_THAT(Fetch().err, HasSubstr("taken 0"));
  EXPECT_EQ(Inbound(), 2);
}

TEST_F(MailFetchTest, KeepsPollingThroughAServerOutage) {
  std::filesystem::path log = dir_.path() / "fetch.log";
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(log_fd, 0);
  pid_t fetch = Spawn({testing::FrontdeskBinary().string(), "mail", "fetch", "-c", config_}, -1, log_fd);
  close(log_fd);
  auto wait_for_inbound = [&](int64_t n) {
    for (int i = 0; i < 200 && Inbound() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return Inbound();
  };
  AppendText("a.eml", ReadFile(MailFixture("en_gmail_reply.eml")));
  EXPECT_EQ(wait_for_inbound(1), 1);

  server_.Stop();  // the connection drops; polls fail meanwhile
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ASSERT_EQ(server_.Start(dir_.path(), port_), port_);
  AppendText("b.eml", ReadFile(MailFixture("vi_windows1258_qp.eml")));
  EXPECT_EQ(wait_for_inbound(2), 2);

  kill(fetch, SIGTERM);
  int status = 0;
  waitpid(fetch, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::string text = ReadFile(log);
  EXPECT_THAT(text, HasSubstr("support: unavailable: imap 127.0.0.1:" + std::to_string(port_)));  // the outage, logged
  EXPECT_THAT(text, HasSubstr("stopped"));
  EXPECT_EQ(Inbound(), 2);  // each once
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 2);
  nlohmann::json flags = Flags();
  for (const auto& [uid, f] : flags.items()) EXPECT_TRUE(Has(f, "$FrontdeskTaken")) << uid;
}

TEST_F(MailFetchTest, BadCredentialsAreAClearErrorThatNamesNoSecret) {
  setenv("TEST_IMAP_PASSWORD", "wrong-password", 1);
  CommandResult r = Fetch();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("support: unavailable: imap 127.0.0.1:" + std::to_string(port_) + ": Login denied"));
  EXPECT_THAT(r.err, Not(HasSubstr("wrong-password")));
  unsetenv("TEST_IMAP_PASSWORD");
  r = Fetch();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("TEST_IMAP_PASSWORD is not set"));
}

}  // namespace
}  // namespace frontdesk
