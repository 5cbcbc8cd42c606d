// Concurrency and failure: group commit with many threads, two Store objects
// on one file, a failed commit failing its whole batch, a bad write failing
// alone, busy timeouts, and idempotency under a race. The batch tests drive
// GroupCommitter (engine/store/group_commit.h) itself: its `batch_ready`
// hook holds the writer until exactly N writes are queued, so a batch is
// built on purpose rather than by sleeping.
#include "engine/store/group_commit.h"

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
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

// A failed COMMIT acknowledges nothing: no write is stored, no caller sees
// success or a message id, and the store carries on afterwards. (That the
// whole batch fails together is GroupCommitterTest.FailedCommitFailsEveryWriteInTheBatch.)
TEST(StoreGroupCommitTest, FailedCommitAcknowledgesNoWrite) {
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  std::atomic<bool> fail{true};
  o.before_commit_for_test = [&] { return fail ? Status::IoError("disk on fire") : Status::Ok(); };
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
  EXPECT_EQ(store->Stats().failed_writes, 8u);
  EXPECT_EQ(store->Stats().writes, 0u);
  EXPECT_EQ(store->Stats().commits, 0u);
  EXPECT_EQ(CountIncoming(o.path), 0);

  fail = false;
  TurnResult result;
  ASSERT_OK(store->CommitTurn(MakeTurn("t0", "x", "k0"), &result));
  EXPECT_FALSE(result.duplicate);  // the failed attempt left no key behind
  EXPECT_EQ(CountIncoming(o.path), 1);
}

// A turn that fails inside the transaction (here a trigger rejects it) is
// undone whole, conversation row included; the others are stored. (That it
// fails alone within a shared batch is
// GroupCommitterTest.OneFailingWriteDoesNotSinkItsBatch.)
TEST(StoreGroupCommitTest, BadTurnIsUndoneAlone) {
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
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

// GroupCommitter on its own, on a file with one table, keys (k PRIMARY KEY).
// `batch_ready` holds the writer until the test's N writes are all queued,
// so each batch below is exactly the writes the test meant to group.
class GroupCommitterTest : public ::testing::Test {
 protected:
  using GroupCommitter = store_internal::GroupCommitter;
  using Connection = store_internal::Connection;

  std::unique_ptr<GroupCommitter> Open(GroupCommitter::Options options,
                                       const std::vector<std::string>& seed = {}) {
    auto conn = std::make_unique<Connection>(path_, true, 5000);
    conn->Exec("CREATE TABLE IF NOT EXISTS keys (k TEXT PRIMARY KEY)");
    for (const std::string& key : seed) {
      store_internal::Query q = conn->Prepare("INSERT INTO keys (k) VALUES (?)");
      q->bind(1, key);
      q->exec();
    }
    return std::make_unique<GroupCommitter>(std::move(conn), std::move(options));
  }

  // One write: inserts `key`, then returns `result` (a non-OK result must
  // undo the insert).
  static Status Insert(GroupCommitter* committer, const std::string& key,
                       const Status& result = Status::Ok()) {
    return committer->Write([&](Connection& c) {
      store_internal::Query q = c.Prepare("INSERT INTO keys (k) VALUES (?)");
      q->bind(1, key);
      q->exec();
      return result;
    });
  }

  // Takes the first batch once `n` writes are queued, later ones at once.
  // (Runs on the writer thread under its lock, so a plain bool will do.)
  static std::function<bool(size_t)> FirstBatchOf(size_t n) {
    return [n, all_queued = false](size_t queued) mutable {
      all_queued = all_queued || queued >= n;
      return all_queued;
    };
  }

  int64_t Rows() const { return testing::QueryInt(path_, "SELECT COUNT(*) FROM keys"); }
  bool Has(const std::string& key) const {
    SQLite::Database db(path_);
    SQLite::Statement q(db, "SELECT COUNT(*) FROM keys WHERE k = ?");
    q.bind(1, key);
    return q.executeStep() && q.getColumn(0).getInt() == 1;
  }

  TempDir dir_;
  const std::string path_ = (dir_.path() / "group.db").string();
};

TEST_F(GroupCommitterTest, ASingleWriteIsCommittedAtOnce) {
  auto committer = Open({});  // no hook: production behaviour
  EXPECT_OK(Insert(committer.get(), "only"));
  EXPECT_EQ(committer->stats().commits, 1u);
  EXPECT_EQ(committer->stats().largest_batch, 1u);
  EXPECT_TRUE(Has("only"));
}

TEST_F(GroupCommitterTest, WritesQueuedTogetherShareOneCommit) {
  GroupCommitter::Options o;
  o.batch_ready = FirstBatchOf(8);
  auto committer = Open(o);
  std::vector<Status> results(8);
  RunThreads(8, [&](int t) { results[t] = Insert(committer.get(), "k" + std::to_string(t)); });
  for (const Status& s : results) EXPECT_OK(s);
  const StoreStats stats = committer->stats();
  EXPECT_EQ(stats.commits, 1u);
  EXPECT_EQ(stats.writes, 8u);
  EXPECT_EQ(stats.failed_writes, 0u);
  EXPECT_EQ(stats.largest_batch, 8u);
  EXPECT_EQ(Rows(), 8);
}

TEST_F(GroupCommitterTest, MaxBatchSplitsWhatIsQueued) {
  GroupCommitter::Options o;
  o.max_batch = 3;
  o.batch_ready = FirstBatchOf(7);
  auto committer = Open(o);
  RunThreads(7, [&](int t) { EXPECT_OK(Insert(committer.get(), "k" + std::to_string(t))); });
  const StoreStats stats = committer->stats();
  EXPECT_EQ(stats.commits, 3u);  // 3 + 3 + 1
  EXPECT_EQ(stats.largest_batch, 3u);
  EXPECT_EQ(stats.writes, 7u);
  EXPECT_EQ(Rows(), 7);
}

// Every caller of a batch is answered only after its COMMIT.
TEST_F(GroupCommitterTest, NoCallerReturnsBeforeTheCommit) {
  std::atomic<int> returned{0};
  std::atomic<int> commits{0};
  GroupCommitter::Options o;
  o.batch_ready = FirstBatchOf(4);
  o.before_commit = [&] {
    ++commits;
    EXPECT_EQ(returned.load(), 0) << "a caller returned before its batch committed";
    return Status::Ok();
  };
  auto committer = Open(o);
  RunThreads(4, [&](int t) {
    EXPECT_OK(Insert(committer.get(), "k" + std::to_string(t)));
    ++returned;
  });
  EXPECT_EQ(commits.load(), 1);
  EXPECT_EQ(returned.load(), 4);
}

// A failed COMMIT fails every write of its batch: none is acknowledged, none
// is stored, and the committer carries on afterwards.
TEST_F(GroupCommitterTest, FailedCommitFailsEveryWriteInTheBatch) {
  std::atomic<int> commits{0};
  GroupCommitter::Options o;
  o.batch_ready = FirstBatchOf(8);
  o.before_commit = [&] { return commits++ == 0 ? Status::IoError("disk on fire") : Status::Ok(); };
  auto committer = Open(o);
  std::vector<Status> results(8);
  RunThreads(8, [&](int t) { results[t] = Insert(committer.get(), "k" + std::to_string(t)); });
  for (const Status& s : results) {
    EXPECT_EQ(s.code(), Status::Code::kIoError) << s.ToString();
    EXPECT_EQ(s.message(), "disk on fire");
  }
  StoreStats stats = committer->stats();
  EXPECT_EQ(stats.largest_batch, 8u);
  EXPECT_EQ(stats.failed_writes, 8u);
  EXPECT_EQ(stats.writes, 0u);
  EXPECT_EQ(stats.commits, 0u);
  EXPECT_EQ(Rows(), 0);

  EXPECT_OK(Insert(committer.get(), "k0"));  // the failed batch left no key behind
  EXPECT_EQ(committer->stats().commits, 1u);
  EXPECT_EQ(Rows(), 1);
}

// A write that fails inside the transaction — by returning an error after
// writing, or by a constraint SQLite enforces — is undone alone; the rest of
// its batch is committed.
TEST_F(GroupCommitterTest, OneFailingWriteDoesNotSinkItsBatch) {
  GroupCommitter::Options o;
  o.batch_ready = FirstBatchOf(8);
  auto committer = Open(o, {"taken"});
  std::vector<Status> results(8);
  RunThreads(8, [&](int t) {
    if (t == 5) {
      results[t] = Insert(committer.get(), "k5", Status::InvalidArgument("refused"));
    } else if (t == 6) {
      results[t] = Insert(committer.get(), "taken");  // UNIQUE constraint
    } else {
      results[t] = Insert(committer.get(), "k" + std::to_string(t));
    }
  });
  EXPECT_EQ(results[5].code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(results[5].message(), "refused");
  EXPECT_EQ(results[6].code(), Status::Code::kInvalidArgument) << results[6].ToString();
  EXPECT_THAT(results[6].message(), ::testing::HasSubstr("UNIQUE"));
  for (int t : {0, 1, 2, 3, 4, 7}) EXPECT_OK(results[t]);
  const StoreStats stats = committer->stats();
  EXPECT_EQ(stats.commits, 1u);
  EXPECT_EQ(stats.largest_batch, 8u);
  EXPECT_EQ(stats.writes, 6u);
  EXPECT_EQ(stats.failed_writes, 2u);
  EXPECT_EQ(Rows(), 7);  // "taken" and the six good ones
  EXPECT_FALSE(Has("k5"));
}

// Destroying the committer runs the writes still queued (even while the hook
// holds the writer back) and answers each caller.
TEST_F(GroupCommitterTest, DestroyingRunsTheQueuedWrites) {
  std::mutex mu;
  std::condition_variable cv;
  size_t queued_seen = 0;  // GUARDED_BY(mu)
  GroupCommitter::Options o;
  o.batch_ready = [&](size_t queued) {
    {
      std::lock_guard<std::mutex> lock(mu);
      queued_seen = queued;
    }
    cv.notify_all();
    return false;  // never of its own accord
  };
  auto committer = Open(o);
  std::vector<Status> results(3);
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t)
    writers.emplace_back([&, t] { results[t] = Insert(committer.get(), "k" + std::to_string(t)); });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return queued_seen == 3; });
  }
  EXPECT_EQ(Rows(), 0);  // held back: nothing written yet
  committer.reset();
  for (auto& w : writers) w.join();
  for (const Status& s : results) EXPECT_OK(s);
  EXPECT_EQ(Rows(), 3);
}

}  // namespace
}  // namespace frontdesk
