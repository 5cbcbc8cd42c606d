// Concurrency and failure: group commit with many threads, two Store objects
// on one file, a failed commit failing its whole batch, a bad write failing
// alone, busy timeouts, and idempotency under a race.
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;
using ::frontdesk::testing::TempStoreOptions;

TurnRecord MakeTurn(const std::string& conversation, const std::string& text,
                    const std::string& key = "") {
  TurnRecord r;
  r.idempotency_key = key;
  r.conversation_id = conversation;
  r.message.text = text;
  r.message.from = conversation + "@example.com";
  r.decision.route = Route::kAnswer;
  r.decision.reply = "re: " + text;
  r.state_after.turns = 1;
  return r;
}

int64_t CountIncoming(const std::string& path) {
  return testing::QueryInt(path, "SELECT COUNT(*) FROM messages WHERE direction = 'in'");
}

// Runs fn(thread_index) on n threads started together.
template <typename Fn>
void RunThreads(int n, Fn fn) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back(fn, i);
  for (auto& t : threads) t.join();
}

TEST(StoreGroupCommitTest, ConcurrentWritersAreAllStoredInSharedCommits) {
  TempDir dir;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &store));
  constexpr int kThreads = 16, kTurns = 30;
  std::atomic<bool> writing{true};
  std::atomic<int> read_errors{0};
  std::thread reader([&] {  // reads run beside the writer (WAL)
    while (writing) {
      ConversationState state;
      bool found = false;
      if (!store->LoadConversation("t0", &state, &found).ok()) ++read_errors;
    }
  });
  std::atomic<int> write_errors{0};
  RunThreads(kThreads, [&](int t) {
    for (int i = 0; i < kTurns; ++i) {
      TurnResult result;
      TurnRecord r = MakeTurn("t" + std::to_string(t), "n" + std::to_string(i));
      if (!store->CommitTurn(r, &result).ok() || result.message_id == 0) ++write_errors;
    }
  });
  writing = false;
  reader.join();
  EXPECT_EQ(write_errors, 0);
  EXPECT_EQ(read_errors, 0);
  StoreStats stats = store->Stats();
  EXPECT_EQ(stats.writes, static_cast<uint64_t>(kThreads * kTurns));
  EXPECT_LT(stats.commits, stats.writes);  // commits were shared
  EXPECT_GT(stats.largest_batch, 1u);
  EXPECT_EQ(CountIncoming(TempStoreOptions(dir).path), kThreads * kTurns);
  std::vector<StoredMessage> messages;
  ASSERT_OK(store->ListConversation("t3", &messages));
  EXPECT_EQ(messages.size(), 2u * kTurns);
}

TEST(StoreGroupCommitTest, WithoutGroupCommitEachWriteIsItsOwnTransaction) {
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  o.group_commit = false;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(o, &store));
  RunThreads(4, [&](int t) {
    for (int i = 0; i < 10; ++i) {
      TurnResult result;
      EXPECT_OK(store->CommitTurn(MakeTurn("t" + std::to_string(t), "x"), &result));
    }
  });
  EXPECT_EQ(store->Stats().commits, 40u);
  EXPECT_EQ(store->Stats().largest_batch, 1u);
}

// A failed COMMIT fails every write of its batch: none is acknowledged, none
// is stored, and the store carries on afterwards.
TEST(StoreGroupCommitTest, FailedCommitFailsEveryWriteInTheBatch) {
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  std::atomic<bool> fail{true};
  std::atomic<int> commits{0};
  o.before_commit_for_test = [&] {
    // Hold the first commit so the other writers queue up behind it.
    if (commits++ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return fail ? Status::IoError("disk on fire") : Status::Ok();
  };
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(o, &store));
  std::atomic<int> acknowledged{0};
  RunThreads(8, [&](int t) {
    TurnResult result;
    Status s =
        store->CommitTurn(MakeTurn("t" + std::to_string(t), "x", "k" + std::to_string(t)), &result);
    if (s.ok()) ++acknowledged;
    EXPECT_THAT(s.ToString(), ::testing::HasSubstr("disk on fire"));
    EXPECT_EQ(result.message_id, 0);
  });
  EXPECT_EQ(acknowledged, 0);
  EXPECT_GT(store->Stats().largest_batch, 1u);
  EXPECT_EQ(store->Stats().failed_writes, 8u);
  EXPECT_EQ(CountIncoming(o.path), 0);

  fail = false;
  TurnResult result;
  ASSERT_OK(store->CommitTurn(MakeTurn("t0", "x", "k0"), &result));
  EXPECT_FALSE(result.duplicate);  // the failed attempt left no key behind
  EXPECT_EQ(CountIncoming(o.path), 1);
}

// A write that fails inside the transaction (here a trigger rejects it) is
// undone alone; the others in its batch are committed.
TEST(StoreGroupCommitTest, OneBadWriteDoesNotSinkItsBatch) {
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  std::atomic<int> commits{0};
  o.before_commit_for_test = [&] {
    if (commits++ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return Status::Ok();
  };
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(o, &store));
  {
    SQLite::Database db(o.path, SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.body = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'poisoned message'); END");
  }
  std::vector<Status> results(8);
  RunThreads(8, [&](int t) {
    TurnResult result;
    results[t] =
        store->CommitTurn(MakeTurn("t" + std::to_string(t), t == 5 ? "poison" : "ok"), &result);
  });
  for (int t = 0; t < 8; ++t) {
    if (t == 5) {
      EXPECT_EQ(results[t].code(), Status::Code::kInvalidArgument) << results[t].ToString();
    } else {
      EXPECT_OK(results[t]);
    }
  }
  EXPECT_GT(store->Stats().largest_batch, 1u);
  EXPECT_EQ(CountIncoming(o.path), 7);
  ConversationState state;
  bool found = true;
  ASSERT_OK(store->LoadConversation("t5", &state, &found));
  EXPECT_FALSE(found);  // its conversation row was undone with it
}

TEST(StoreGroupCommitTest, RetriesRacingWithOneKeyAreStoredOnce) {
  TempDir dir;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &store));
  std::vector<TurnResult> results(8);
  RunThreads(8, [&](int t) {
    EXPECT_OK(
        store->CommitTurn(MakeTurn("c", "attempt " + std::to_string(t), "api:same"), &results[t]));
  });
  int first = 0;
  for (const TurnResult& r : results) {
    if (!r.duplicate) ++first;
    EXPECT_EQ(r.decision_json, results[0].decision_json);
    EXPECT_EQ(r.message_id, results[0].message_id);
  }
  EXPECT_EQ(first, 1);
  EXPECT_EQ(CountIncoming(TempStoreOptions(dir).path), 1);
}

// Two Store objects on one file (as two server processes would be): writes
// from both are stored, and ticket numbers never collide. Each writer reads
// (the idempotency check) before it writes; with deferred transactions this
// would fail at once with "database is locked".
TEST(StoreGroupCommitTest, TwoStoresOnOneFile) {
  TempDir dir;
  std::unique_ptr<Store> a, b;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &a));
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &b));
  std::vector<std::vector<int64_t>> tickets(8);
  RunThreads(8, [&](int t) {
    Store* store = (t % 2 == 0) ? a.get() : b.get();
    for (int i = 0; i < 20; ++i) {
      int64_t id = 0;
      EXPECT_OK(store->NextTicketId(&id));
      tickets[t].push_back(id);
      TurnRecord r = MakeTurn("t" + std::to_string(t) + "-" + std::to_string(i), "help",
                              "k" + std::to_string(t) + "-" + std::to_string(i));
      r.open_ticket = true;
      r.ticket_id = id;
      r.decision.ticket = id;
      TurnResult result;
      EXPECT_OK(store->CommitTurn(r, &result));
    }
  });
  std::set<int64_t> unique;
  for (const auto& ids : tickets) unique.insert(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), 160u);
  EXPECT_EQ(CountIncoming(TempStoreOptions(dir).path), 160);
  std::vector<Ticket> all;
  ASSERT_OK(b->ListTickets({"", "", "", 0}, &all));
  EXPECT_EQ(all.size(), 160u);
}

TEST(StoreGroupCommitTest, WaitsForAnotherWriterWithinTheBusyTimeout) {
  TempDir dir;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &store));
  SQLite::Database other(TempStoreOptions(dir).path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  std::atomic<bool> released{false};
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    released = true;
    other.exec("COMMIT");
  });
  TurnResult result;
  EXPECT_OK(store->CommitTurn(MakeTurn("c", "x"), &result));
  // The commit could only succeed after the other writer let go: it waited.
  EXPECT_TRUE(released.load());
  release.join();
}

TEST(StoreGroupCommitTest, LockHeldPastTheBusyTimeoutIsAnErrorNotAnAck) {
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  o.busy_timeout_ms = 100;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(o, &store));
  SQLite::Database other(o.path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  TurnResult result;
  Status s = store->CommitTurn(MakeTurn("c", "x", "k"), &result);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
  EXPECT_EQ(result.message_id, 0);
  other.exec("COMMIT");
  EXPECT_EQ(CountIncoming(o.path), 0);
  ASSERT_OK(store->CommitTurn(MakeTurn("c", "x", "k"), &result));  // and it recovers
  EXPECT_FALSE(result.duplicate);
}

}  // namespace
}  // namespace frontdesk
