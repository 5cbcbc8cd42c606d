// What only the PostgreSQL store has to show: several stores (nodes) on one
// database at once. Outbox claims never hand a row to two nodes (FOR UPDATE
// SKIP LOCKED), a retry racing its first attempt on another node is stored
// once, ticket numbers stay unique, nodes starting together migrate once,
// and the start-up line never shows a password. The behaviour both engines
// share is tested by the store suite's `.postgres` runs.
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/pg/pg_migrations.h"
#include "engine/store/pg/pg_store.h"
#include "tests/pg_test_server.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using testing::PgTestServer;

int g_schemas = 0;

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = PgTestServer::Get(&why);
    if (server_ == nullptr) GTEST_SKIP() << "postgres store tests skipped: " << why;
    conninfo_ = server_->FreshSchema("nodes_" + std::to_string(++g_schemas));
  }

  std::unique_ptr<Store> Open(std::vector<std::string>* log = nullptr) {
    PgStoreOptions o;
    o.conninfo = conninfo_;
    o.clock = [this] { return now_.load(); };
    o.log = [log](const std::string& line) {
      if (log) log->push_back(line);
    };
    std::unique_ptr<Store> store;
    Status s = OpenPgStore(o, &store);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return store;
  }

  int64_t Count(const std::string& sql) {
    pqxx::connection c(conninfo_);
    pqxx::nontransaction q(c);
    return q.exec(sql)[0][0].as<int64_t>();
  }

  // A mail turn whose reply is queued on the outbox.
  static TurnRecord MailTurn(int i) {
    TurnRecord r;
    r.conversation_id = "mail:" + std::to_string(i);
    r.message.channel = "email";
    r.message.from = "c" + std::to_string(i) + "@example.vn";
    r.message.text = "where is my order";
    r.decision.route = Route::kAnswer;
    r.decision.reply = "it ships today";
    r.outbox = true;
    return r;
  }

  PgTestServer* server_ = nullptr;
  std::string conninfo_;
  std::atomic<int64_t> now_{1'700'000'000};
};

TEST_F(PgStoreTest, TwoNodesClaimingTheOutboxNeverSendARowTwice) {
  auto a = Open(), b = Open();
  ASSERT_TRUE(a && b);
  constexpr int kRows = 200;
  for (int i = 0; i < kRows; ++i) {
    TurnResult r;
    ASSERT_OK(a->CommitTurn(MailTurn(i), &r));
  }
  // Four senders per node, small batches, until the outbox is empty.
  std::mutex mu;
  std::map<int64_t, int> claims;
  std::atomic<int> errors{0};
  std::vector<std::thread> senders;
  for (Store* node : {a.get(), b.get()}) {
    for (int s = 0; s < 4; ++s) {
      senders.emplace_back([&, node] {
        for (;;) {
          std::vector<MailDelivery> got;
          if (!node->ClaimOutbox(3, 300, "shop.example", &got).ok()) {
            ++errors;
            return;
          }
          if (got.empty()) return;
          std::lock_guard<std::mutex> lock(mu);
          for (const MailDelivery& d : got) ++claims[d.item.id];
        }
      });
    }
  }
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(claims.size(), static_cast<size_t>(kRows));
  for (const auto& [id, n] : claims) EXPECT_EQ(n, 1) << "outbox row " << id << " claimed " << n;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE status = 'sending'"), kRows);

  // A lease that ran out lets the other node take the row again, with the
  // same Message-ID.
  std::vector<MailDelivery> first, again;
  now_ += 301;
  ASSERT_OK(a->ClaimOutbox(1, 300, "shop.example", &first));
  ASSERT_EQ(first.size(), 1u);
  now_ += 301;
  ASSERT_OK(b->ClaimOutbox(1, 300, "shop.example", &again));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].item.id, first[0].item.id);
  EXPECT_EQ(again[0].mail_message_id, first[0].mail_message_id);
}

TEST_F(PgStoreTest, ARetryRacingItsFirstAttemptOnAnotherNodeIsStoredOnce) {
  auto a = Open(), b = Open();
  ASSERT_TRUE(a && b);
  for (int round = 0; round < 20; ++round) {
    TurnRecord r;
    r.idempotency_key = "api:race-" + std::to_string(round);
    r.conversation_id = "c" + std::to_string(round);
    r.message.channel = "api";
    r.message.text = "hello";
    r.decision.route = Route::kAnswer;
    r.decision.reply = "hi";
    TurnResult ra, rb;
    Status sa, sb;
    std::thread ta([&] { sa = a->CommitTurn(r, &ra); });
    std::thread tb([&] { sb = b->CommitTurn(r, &rb); });
    ta.join();
    tb.join();
    ASSERT_OK(sa);
    ASSERT_OK(sb);
    EXPECT_NE(ra.duplicate, rb.duplicate) << "exactly one is the first";
    EXPECT_EQ(ra.message_id, rb.message_id);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 20);
}

TEST_F(PgStoreTest, TicketNumbersAreUniqueAcrossNodes) {
  auto a = Open(), b = Open();
  ASSERT_TRUE(a && b);
  std::mutex mu;
  std::set<int64_t> ids;
  std::vector<std::thread> threads;
  for (Store* node : {a.get(), b.get(), a.get(), b.get()}) {
    threads.emplace_back([&, node] {
      for (int i = 0; i < 50; ++i) {
        int64_t id = 0;
        EXPECT_OK(node->NextTicketId(&id));
        std::lock_guard<std::mutex> lock(mu);
        EXPECT_TRUE(ids.insert(id).second) << "ticket " << id << " handed out twice";
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ids.size(), 200u);
}

TEST_F(PgStoreTest, NodesStartingTogetherMigrateOnce) {
  std::vector<std::vector<std::string>> logs(4);
  std::vector<std::unique_ptr<Store>> stores(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < stores.size(); ++i) {
    threads.emplace_back([&, i] { stores[i] = Open(&logs[i]); });
  }
  for (std::thread& t : threads) t.join();
  int migrated = 0;
  for (size_t i = 0; i < stores.size(); ++i) {
    ASSERT_NE(stores[i], nullptr);
    ASSERT_EQ(logs[i].size(), 1u);
    if (logs[i][0].find("(migrated from 0)") != std::string::npos) ++migrated;
  }
  EXPECT_EQ(migrated, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM schema_version"), 1);
  EXPECT_EQ(Count("SELECT version FROM schema_version"), store_internal::pg::kPgSchemaVersion);
}

// An upgrade: a database of an older schema (here version 1, made by taking
// version 2's table away) is brought up to date when a node opens it, and
// its data is kept.
TEST_F(PgStoreTest, AnOlderSchemaIsMigratedWhenANodeOpensIt) {
  {
    auto old = Open();
    ASSERT_TRUE(old);
    TurnResult result;
    ASSERT_OK(old->CommitTurn(MailTurn(7), &result));
  }
  {
    pqxx::connection c(conninfo_);
    pqxx::work w(c);
    w.exec("DROP TABLE owner_attempts");
    w.exec("UPDATE schema_version SET version = 1");
    w.commit();
  }
  std::vector<std::string> log;
  auto upgraded = Open(&log);
  ASSERT_TRUE(upgraded);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("(migrated from 1)"));
  EXPECT_EQ(Count("SELECT version FROM schema_version"), store_internal::pg::kPgSchemaVersion);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 1);
  AttemptCharge charge;
  charge.attempt = "a1";
  charge.now_unix = now_.load();
  charge.window_seconds = 900;
  charge.counters = {{"k", 3}};
  bool allowed = false, exhausted = false;
  ASSERT_OK(upgraded->ChargeAttempt(charge, &allowed, &exhausted));
  EXPECT_TRUE(allowed);
}

TEST_F(PgStoreTest, AChatStreamResumingAfterTheLastIdItSawMissesNothing) {
  auto a = Open(), b = Open();
  ASSERT_TRUE(a && b);
  std::atomic<bool> done{false};
  std::vector<std::thread> writers;
  for (Store* node : {a.get(), b.get(), a.get(), b.get()}) {
    writers.emplace_back([&, node] {
      for (int i = 0; i < 50; ++i) {
        ChatEvent e;
        e.conversation_id = "web:1";
        e.kind = "agent_message";
        e.data_json = R"({"text":"hi"})";
        EXPECT_OK(node->AddChatEvent(&e));
      }
    });
  }
  // A stream reads what is new after the last id it saw, as the SSE route does.
  std::vector<int64_t> seen;
  std::thread reader([&] {
    int64_t last = 0;
    for (bool final_pass = false;; ) {
      final_pass = done.load();
      std::vector<ChatEvent> events;
      EXPECT_OK(b->ListChatEvents("web:1", last, 0, &events));
      for (const ChatEvent& e : events) {
        seen.push_back(e.id);
        last = e.id;
      }
      if (final_pass) return;
    }
  });
  for (std::thread& t : writers) t.join();
  done = true;
  reader.join();
  EXPECT_EQ(seen.size(), 200u) << "a stream skipped an event committed late";
}

TEST_F(PgStoreTest, TheStartUpLineNeverShowsThePassword) {
  pqxx::connection admin(server_->AdminConninfo());
  pqxx::nontransaction q(admin);
  q.exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'node') THEN "
         "CREATE ROLE node LOGIN SUPERUSER PASSWORD 'hunter2-secret'; END IF; END $$");
  std::vector<std::string> log;
  PgStoreOptions o;
  o.conninfo = "host=127.0.0.1 port=" + std::to_string(server_->port()) +
               " dbname=postgres user=node password=hunter2-secret options='-csearch_path=" +
               "nodes_" + std::to_string(g_schemas) + "'";
  o.log = [&](const std::string& line) { log.push_back(line); };
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenPgStore(o, &store));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("dbname=postgres host=127.0.0.1"));
  EXPECT_THAT(log[0], ::testing::Not(::testing::HasSubstr("hunter2")));

  o.conninfo = "host=127.0.0.1 port=" + std::to_string(server_->port()) +
               " dbname=nope user=node password=hunter2-secret connect_timeout=5";
  Status s = OpenPgStore(o, &store);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
  EXPECT_THAT(s.ToString(), ::testing::Not(::testing::HasSubstr("hunter2")));
  EXPECT_EQ(store, nullptr);
}

// LISTEN/NOTIFY: a node watching the database hears of each chat event
// another node commits (a reply inside a turn too), with its conversation
// and id, at once; events of another schema's stores (another shop on the
// same server) wake nobody here.
TEST_F(PgStoreTest, AChatEventCommittedByOneNodeIsHeardAtOnceByAnotherNodesWatch) {
  auto writer = Open();
  ASSERT_TRUE(writer);
  std::mutex mu;
  std::vector<std::pair<std::string, int64_t>> heard;
  std::unique_ptr<PgEventWatch> watch;
  PgEventHandlers handlers;
  handlers.chat_event = [&](const std::string& conversation, int64_t id) {
    std::lock_guard<std::mutex> lock(mu);
    heard.emplace_back(conversation, id);
  };
  ASSERT_OK(WatchPgEvents(conninfo_, std::move(handlers), &watch));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // LISTEN is in place
  auto elsewhere = [&] {
    PgStoreOptions o;
    o.conninfo = server_->FreshSchema("other_" + std::to_string(++g_schemas));
    o.log = [](const std::string&) {};
    std::unique_ptr<Store> store;
    EXPECT_OK(OpenPgStore(o, &store));
    return store;
  }();
  ASSERT_TRUE(elsewhere);
  ChatEvent other;
  other.conversation_id = "web:other";
  other.kind = "agent_message";
  other.data_json = "{}";
  ASSERT_OK(elsewhere->AddChatEvent(&other));

  ChatEvent e;
  e.conversation_id = "web:visitor 1";  // ids may hold spaces
  e.kind = "agent_message";
  e.data_json = R"({"text":"hi"})";
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_OK(writer->AddChatEvent(&e));
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!heard.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto took = std::chrono::steady_clock::now() - sent;
  watch.reset();  // stops calling before `heard` goes
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].first, "web:visitor 1");
  EXPECT_EQ(heard[0].second, e.id);
  // The streams' poll is once a second; the watch is what makes it at once.
  EXPECT_LT(took, std::chrono::milliseconds(500));
}

// The agents' event streams are told of customer messages on tickets: a
// turn on a ticket committed by one node is heard by another node's watch
// at once; a turn the bot settled alone (no ticket) wakes nobody.
TEST_F(PgStoreTest, ATurnOnATicketCommittedByOneNodeIsHeardByAnotherNodesWatch) {
  auto writer = Open();
  ASSERT_TRUE(writer);
  std::atomic<int> rings{0};
  std::unique_ptr<PgEventWatch> watch;
  PgEventHandlers handlers;
  handlers.desk_activity = [&] { ++rings; };
  ASSERT_OK(WatchPgEvents(conninfo_, std::move(handlers), &watch));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // LISTEN is in place
  TurnResult result;
  ASSERT_OK(writer->CommitTurn(MailTurn(1), &result));  // no ticket
  int64_t ticket = 0;
  ASSERT_OK(writer->NextTicketId(&ticket));
  TurnRecord escalated = MailTurn(2);
  escalated.decision.route = Route::kEscalate;
  escalated.decision.ticket = ticket;
  escalated.ticket_id = ticket;
  escalated.open_ticket = true;
  escalated.state_after.human = true;
  escalated.state_after.ticket = ticket;
  ASSERT_OK(writer->CommitTurn(escalated, &result));
  // Only the watch counts rings here (no poll): hearing one is the proof.
  for (int i = 0; i < 1000 && rings.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // a ring for the first turn would be in by now
  watch.reset();
  EXPECT_EQ(rings.load(), 1);
}

}  // namespace
}  // namespace frontdesk
