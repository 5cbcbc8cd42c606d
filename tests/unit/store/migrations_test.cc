// Schema migrations: from an empty file, from a version-1 file, and what a
// file newer than the program does.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/migrations.h"
#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;
using ::frontdesk::testing::TempStoreOptions;
using store_internal::Connection;

int UserVersion(const std::string& path) {
  SQLite::Database db(path);
  return db.execAndGet("PRAGMA user_version").getInt();
}

std::vector<std::string> Columns(const std::string& path, const std::string& table) {
  SQLite::Database db(path);
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?)");
  q.bind(1, table);
  std::vector<std::string> names;
  while (q.executeStep()) names.push_back(q.getColumn(0).getString());
  return names;
}

TEST(StoreMigrationsTest, EmptyFileGetsTheLatestSchema) {
  TempDir dir;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &store));
  const std::string path = TempStoreOptions(dir).path;
  EXPECT_EQ(UserVersion(path), store_internal::kSchemaVersion);
  SQLite::Database db(path);
  for (const char* table : {"customers", "conversations", "messages", "decisions",
                            "idempotency_keys", "tickets", "outbox", "audit_log", "counters",
                            "api_keys", "chat_sessions", "chat_events"}) {
    EXPECT_TRUE(db.tableExists(table)) << table;
  }
  EXPECT_THAT(Columns(path, "outbox"), ::testing::IsSupersetOf({"next_attempt_at", "last_error"}));
}

TEST(StoreMigrationsTest, MigratesOneStepAtATime) {
  TempDir dir;
  Connection conn((dir.path() / "x.db").string(), /*create=*/true, 1000);
  int from = -1;
  ASSERT_OK(store_internal::Migrate(conn, 1, &from));
  EXPECT_EQ(from, 0);
  int version = 0;
  ASSERT_OK(store_internal::SchemaVersion(conn, &version));
  EXPECT_EQ(version, 1);
  ASSERT_OK(store_internal::Migrate(conn, 2, &from));
  EXPECT_EQ(from, 1);
  ASSERT_OK(store_internal::Migrate(conn, 2, &from));  // nothing left to do
  EXPECT_EQ(from, 2);
  ASSERT_OK(store_internal::SchemaVersion(conn, &version));
  EXPECT_EQ(version, 2);
}

// A file written by the previous release (schema 1, made here by running only
// migration 1) is upgraded in place, and what it held is still there.
TEST(StoreMigrationsTest, UpgradesAVersion1File) {
  TempDir dir;
  const std::string path = TempStoreOptions(dir).path;
  {
    Connection conn(path, /*create=*/true, 1000);
    conn.Exec("PRAGMA journal_mode = WAL");
    int from = 0;
    ASSERT_OK(store_internal::Migrate(conn, 1, &from));
    conn.Exec(R"sql(
      INSERT INTO customers VALUES (1, 'old@example.com', 10, 10);
      INSERT INTO conversations VALUES ('old', 1, 'email', '{"id":"old","turns":3,"human":true,"ticket":1}', 10, 10);
      INSERT INTO tickets VALUES (1, 'old', 'general', 'normal', 'open', '', 'r', 0, 10, 10);
      INSERT INTO messages VALUES (1, 'old', 'in', 'email', 'old@example.com', 's', 'old text', 'en', '<m1>', 1, 10);
      INSERT INTO decisions VALUES (1, 'escalate', NULL, '{"route":"escalate"}', '[]');
      INSERT INTO idempotency_keys VALUES ('email:<m1>', 1, 10);
      INSERT INTO messages VALUES (2, 'old', 'out', 'email', '', 's', 'old reply', 'en', '', 1, 10);
      INSERT INTO outbox (message_id, channel, recipient, subject, body, in_reply_to, created_at)
        VALUES (2, 'email', 'old@example.com', 's', 'old reply', '<m1>', 10);
      UPDATE counters SET value = 1 WHERE name = 'ticket';
    )sql");
  }
  ASSERT_EQ(UserVersion(path), 1);
  EXPECT_THAT(Columns(path, "outbox"), ::testing::Not(::testing::Contains("next_attempt_at")));

  std::vector<std::string> log;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir, &log), &store));
  EXPECT_EQ(UserVersion(path), store_internal::kSchemaVersion);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("schema_version=" +
                                           std::to_string(store_internal::kSchemaVersion) +
                                           " (migrated from 1)"));

  ConversationState state;
  bool found = false;
  ASSERT_OK(store->LoadConversation("old", &state, &found));
  ASSERT_TRUE(found);
  EXPECT_EQ(state.turns, 3);
  EXPECT_TRUE(state.human);
  std::string decision;
  ASSERT_OK(store->FindByIdempotencyKey("email:<m1>", &decision, &found));
  EXPECT_TRUE(found);
  EXPECT_EQ(decision, R"({"route":"escalate"})");
  // The old pending reply is due at once, and the new columns work on it.
  std::vector<OutboxItem> items;
  ASSERT_OK(store->PendingOutbox(10, &items));
  ASSERT_EQ(items.size(), 1u);
  ASSERT_OK(store->MarkOutboxFailed(items[0].id, "timeout", 1));
  // The ticket counter carried over: the next number is not 1 again.
  int64_t next = 0;
  ASSERT_OK(store->NextTicketId(&next));
  EXPECT_EQ(next, 2);
  ASSERT_OK(store->UpdateTicket(1, {std::string("closed"), std::nullopt, "agent:x"}));
}

// Version 3 counts FAQ answers per entry; answers given by FAQ intents before
// the upgrade are counted from their intent, other decisions are not.
TEST(StoreMigrationsTest, Version3CountsEarlierFaqIntentAnswers) {
  TempDir dir;
  const std::string path = TempStoreOptions(dir).path;
  {
    Connection conn(path, /*create=*/true, 1000);
    int from = 0;
    ASSERT_OK(store_internal::Migrate(conn, 2, &from));
    conn.Exec(R"sql(
      INSERT INTO conversations VALUES ('c', NULL, 'api', '{"id":"c"}', 10, 10);
      INSERT INTO messages VALUES (1, 'c', 'in', 'api', '', '', 'a', 'en', '', NULL, 10);
      INSERT INTO messages VALUES (2, 'c', 'in', 'api', '', '', 'b', 'en', '', NULL, 11);
      INSERT INTO messages VALUES (3, 'c', 'in', 'api', '', '', 'c', 'en', '', NULL, 12);
      INSERT INTO messages VALUES (4, 'c', 'in', 'api', '', '', 'd', 'en', '', NULL, 13);
      INSERT INTO decisions VALUES (1, 'answer', 'faq.returns-window', '{}', '[]');
      INSERT INTO decisions VALUES (2, 'answer', 'faq.returns-window', '{}', '[]');
      INSERT INTO decisions VALUES (3, 'answer', 'order.status', '{}', '[]');
      INSERT INTO decisions VALUES (4, 'ask', 'faq.shipping-cost', '{}', '[]');
    )sql");
  }
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &store));
  std::map<std::string, int64_t> hits;
  ASSERT_OK(store->FaqHitCounts(&hits));
  EXPECT_EQ(hits, (std::map<std::string, int64_t>{{"returns-window", 2}}));
}

TEST(StoreMigrationsTest, ReopeningDoesNotMigrateAgain) {
  TempDir dir;
  std::vector<std::string> log;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir, &log), &store));
  store.reset();
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir, &log), &store));
  ASSERT_EQ(log.size(), 2u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("migrated from 0"));
  EXPECT_THAT(log[1], ::testing::Not(::testing::HasSubstr("migrated")));
}

TEST(StoreMigrationsTest, RefusesAFileFromANewerProgram) {
  TempDir dir;
  const std::string path = TempStoreOptions(dir).path;
  {
    std::unique_ptr<Store> store;
    ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir), &store));
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore(TempStoreOptions(dir), &store);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("newer"));
  EXPECT_EQ(UserVersion(path), 99);  // left untouched
}

// Several servers starting at once on a new file: exactly one migrates, none
// fails, and the schema is applied once.
TEST(StoreMigrationsTest, ConcurrentOpensOfANewFileMigrateOnce) {
  TempDir dir;
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      std::unique_ptr<Store> store;
      results[i] = OpenSqliteStore(TempStoreOptions(dir), &store);
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_OK(s);
  EXPECT_EQ(UserVersion(TempStoreOptions(dir).path), store_internal::kSchemaVersion);
  SQLite::Database db(TempStoreOptions(dir).path);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM counters").getInt(), 1);
}

}  // namespace
}  // namespace frontdesk
