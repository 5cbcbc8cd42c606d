// Durability across processes: a child process commits turns through the
// store and reports each acknowledged one on a pipe; the parent SIGKILLs it
// mid-stream, reopens the database and finds every acknowledged turn. And two
// processes writing one file at once.
#include <SQLiteCpp/Database.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/sqlite_store.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;

StoreOptions TestOptions(const std::string& path, bool synchronous_full) {
  StoreOptions o;
  o.path = path;
  o.synchronous_full = synchronous_full;
  o.log = [](const std::string&) {};
  return o;
}

TurnRecord MakeTurn(const std::string& key, int64_t ticket_id) {
  TurnRecord r;
  r.idempotency_key = key;
  r.conversation_id = "conv-" + key;
  r.message.text = "message " + key;
  r.message.from = "c@example.com";
  r.decision.route = ticket_id ? Route::kEscalate : Route::kAnswer;
  r.decision.reply = "reply " + key;
  if (ticket_id != 0) {
    r.open_ticket = true;
    r.ticket_id = ticket_id;
    r.decision.ticket = ticket_id;
  }
  return r;
}

// Child process body: `threads` clients commit turns (every 5th opens a
// ticket); after each acknowledgement the key goes to `fd` as one line (one
// write(2) under PIPE_BUF, so lines never interleave). Returns an exit code;
// never returns to gtest.
int CommitTurns(const StoreOptions& options, int fd, int threads, int turns_per_thread) {
  std::unique_ptr<Store> store;
  if (!OpenSqliteStore(options, &store).ok()) return 2;
  std::atomic<int> errors{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; i < turns_per_thread; ++i) {
        std::string key =
            "p" + std::to_string(::getpid()) + "-t" + std::to_string(t) + "-" + std::to_string(i);
        int64_t ticket = 0;
        if (i % 5 == 0 && !store->NextTicketId(&ticket).ok()) ++errors;
        TurnResult result;
        if (!store->CommitTurn(MakeTurn(key, ticket), &result).ok()) {
          ++errors;
          continue;
        }
        std::string line = key + "\n";
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ++errors;
      }
    });
  }
  for (auto& c : clients) c.join();
  return errors == 0 ? 0 : 1;
}

// Reads lines from fd until EOF, or until `stop_after` lines have arrived
// (then calls on_threshold once and keeps reading to EOF).
std::vector<std::string> ReadLines(int fd, size_t stop_after,
                                   const std::function<void()>& on_threshold) {
  std::vector<std::string> lines;
  std::string buffer;
  char chunk[4096];
  bool fired = false;
  ssize_t n;
  while ((n = ::read(fd, chunk, sizeof chunk)) > 0) {
    buffer.append(chunk, static_cast<size_t>(n));
    size_t pos;
    while ((pos = buffer.find('\n')) != std::string::npos) {
      lines.push_back(buffer.substr(0, pos));
      buffer.erase(0, pos + 1);
    }
    if (!fired && lines.size() >= stop_after) {
      fired = true;
      on_threshold();
    }
  }
  return lines;  // a partial last line (cut by the kill) was never acknowledged
}

void KillMidStreamAndCheck(bool synchronous_full) {
  TempDir dir;
  const std::string path = (dir.path() / "crash.db").string();
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    ::_exit(CommitTurns(TestOptions(path, synchronous_full), fds[1], 8, 1'000'000));
  }
  ::close(fds[1]);
  std::vector<std::string> acknowledged = ReadLines(fds[0], 400, [pid] { ::kill(pid, SIGKILL); });
  ::close(fds[0]);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL) << "child ended early";
  ASSERT_GE(acknowledged.size(), 400u);

  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);  // recovers the WAL
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  }
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TestOptions(path, true), &store));
  size_t missing = 0;
  for (const std::string& key : acknowledged) {
    std::string decision;
    bool found = false;
    ASSERT_OK(store->FindByIdempotencyKey(key, &decision, &found));
    if (!found) ++missing;
    if (!found && missing <= 5) ADD_FAILURE() << "acknowledged but lost: " << key;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged";
  // Every stored turn is whole: each incoming message has its decision.
  SQLite::Database db(path);
  EXPECT_EQ(
      db.execAndGet("SELECT COUNT(*) FROM messages m LEFT JOIN decisions d "
                    "ON d.message_id = m.id WHERE m.direction = 'in' AND d.message_id IS NULL")
          .getInt(),
      0);
  EXPECT_GE(db.execAndGet("SELECT COUNT(*) FROM idempotency_keys").getInt64(),
            static_cast<int64_t>(acknowledged.size()));
}

TEST(StoreCrashTest, AcknowledgedTurnsSurviveSigkillWithSynchronousFull) {
  KillMidStreamAndCheck(/*synchronous_full=*/true);
}

// NORMAL skips the fsync per commit; a killed process still loses nothing
// (only a power cut or kernel crash could).
TEST(StoreCrashTest, AcknowledgedTurnsSurviveSigkillWithSynchronousNormal) {
  KillMidStreamAndCheck(/*synchronous_full=*/false);
}

TEST(StoreCrashTest, TwoProcessesWriteOneFile) {
  TempDir dir;
  const std::string path = (dir.path() / "shared.db").string();
  {
    std::unique_ptr<Store> store;  // create the schema before the race
    ASSERT_OK(OpenSqliteStore(TestOptions(path, true), &store));
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::vector<pid_t> children;
  for (int c = 0; c < 2; ++c) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      ::_exit(CommitTurns(TestOptions(path, true), fds[1], 4, 50));
    }
    children.push_back(pid);
  }
  ::close(fds[1]);
  std::vector<std::string> acknowledged = ReadLines(fds[0], SIZE_MAX, [] {});
  ::close(fds[0]);
  for (pid_t pid : children) {
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << "child " << pid << " failed";
  }
  EXPECT_EQ(acknowledged.size(), 400u);
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM messages WHERE direction = 'in'").getInt(), 400);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM tickets").getInt(), 80);
  EXPECT_EQ(db.execAndGet("SELECT value FROM counters WHERE name = 'ticket'").getInt(), 80);
}

}  // namespace
}  // namespace frontdesk
