// The store's turns, idempotent retries, hostile input and the FailingStore
// seam, on both engines (tests/store_fixture.h: a real SQLite file, or a
// real PostgreSQL server); SQLite's start-up line, checkpoints and file
// errors in the SQLite run only.
#include "engine/store/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "engine/store/failing_store.h"
#include "engine/store/migrations.h"
#include "engine/store/sql.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::OpenStoreOrFail;
using ::frontdesk::testing::QueryInt;
using ::frontdesk::testing::QueryText;
using ::frontdesk::testing::TempDir;
using ::frontdesk::testing::TempStoreOptions;

TurnRecord MakeTurn(const std::string& conversation, const std::string& text,
                    const std::string& key = "") {
  TurnRecord r;
  r.idempotency_key = key;
  r.conversation_id = conversation;
  r.message.text = text;
  r.message.from = "ann@example.com";
  r.message.id = "m-" + text;
  r.state_after.language = "en";
  r.state_after.turns = 1;
  r.state_after.slots["order_id"] = "A-1";
  r.decision.route = Route::kAnswer;
  r.decision.intent = "order.status";
  r.decision.language = "en";
  r.decision.reply = "reply to " + text;
  r.decision.conversation_id = conversation;
  r.decision.trace = {{"match", "order.status", "intents/en/orders.yaml:3", ""}};
  return r;
}

TEST(SqliteStoreTest, CommitTurnStoresMessageDecisionAndState) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  TurnResult result;
  ASSERT_OK(store->CommitTurn(MakeTurn("c1", "where is my order"), &result));
  EXPECT_FALSE(result.duplicate);
  EXPECT_GT(result.message_id, 0);
  EXPECT_EQ(result.decision_json,
            DecisionToJson(MakeTurn("c1", "where is my order").decision).dump());

  ConversationState state;
  bool found = false;
  ASSERT_OK(store->LoadConversation("c1", &state, &found));
  ASSERT_TRUE(found);
  EXPECT_EQ(state.id, "c1");
  EXPECT_EQ(state.turns, 1);
  EXPECT_EQ(state.slots["order_id"], "A-1");

  std::vector<StoredMessage> messages;
  ASSERT_OK(store->ListConversation("c1", &messages));
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].direction, "in");
  EXPECT_EQ(messages[0].text, "where is my order");
  EXPECT_EQ(messages[0].sender, "ann@example.com");
  EXPECT_EQ(messages[0].decision_json, result.decision_json);
  EXPECT_EQ(messages[1].direction, "out");
  EXPECT_EQ(messages[1].text, "reply to where is my order");

  const std::string path = TempStoreOptions(dir).path;
  EXPECT_EQ(QueryText(path, "SELECT trace_json FROM decisions"),
            R"([{"id":"order.status","source":"intents/en/orders.yaml:3","step":"match"}])");
  EXPECT_EQ(QueryText(path, "SELECT route || ' ' || intent FROM decisions"),
            "answer order.status");
  EXPECT_EQ(QueryInt(path, "SELECT COUNT(*) FROM customers"), 1);
}

TEST(SqliteStoreTest, LoadConversationReportsMissing) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  ConversationState state;
  bool found = true;
  ASSERT_OK(store->LoadConversation("nope", &state, &found));
  EXPECT_FALSE(found);
}

TEST(SqliteStoreTest, IdempotentRetryIsStoredOnceAndReturnsFirstDecision) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  TurnResult first, retry;
  ASSERT_OK(store->CommitTurn(MakeTurn("c1", "hello", "api:key-1"), &first));
  // The retry was decided again (say, after a pack reload) and differs.
  ASSERT_OK(store->CommitTurn(MakeTurn("c1", "hello again", "api:key-1"), &retry));
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.decision_json, first.decision_json);
  EXPECT_EQ(retry.message_id, first.message_id);

  std::string decision;
  bool found = false;
  ASSERT_OK(store->FindByIdempotencyKey("api:key-1", &decision, &found));
  EXPECT_TRUE(found);
  EXPECT_EQ(decision, first.decision_json);
  ASSERT_OK(store->FindByIdempotencyKey("api:key-2", &decision, &found));
  EXPECT_FALSE(found);
  EXPECT_EQ(QueryInt(TempStoreOptions(dir).path, "SELECT COUNT(*) FROM messages WHERE direction='in'"),
            1);
}

// The FAQ's "most asked first" survives a restart: each stored answer counts
// once for its entry, a retry does not count again.
TEST(SqliteStoreTest, CountsFaqAnswersPerEntryAcrossReopen) {
  TempDir dir;
  auto faq_turn = [](const std::string& text, const std::string& entry, const std::string& key) {
    TurnRecord r = MakeTurn("c-" + text, text, key);
    r.decision.faq_entry = entry;
    return r;
  };
  {
    auto store = OpenStoreOrFail(TempStoreOptions(dir));
    std::map<std::string, int64_t> hits;
    ASSERT_OK(store->FaqHitCounts(&hits));
    EXPECT_TRUE(hits.empty());
    TurnResult r;
    ASSERT_OK(store->CommitTurn(faq_turn("how long for a refund", "refund-time", "api:1"), &r));
    ASSERT_OK(store->CommitTurn(faq_turn("refund when", "refund-time", "api:2"), &r));
    ASSERT_OK(store->CommitTurn(faq_turn("refund when", "refund-time", "api:2"), &r));  // retry
    EXPECT_TRUE(r.duplicate);
    ASSERT_OK(store->CommitTurn(faq_turn("do you ship abroad", "shipping-abroad", ""), &r));
    ASSERT_OK(store->CommitTurn(MakeTurn("c9", "where is my order"), &r));  // not an FAQ answer
  }
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  std::map<std::string, int64_t> hits;
  ASSERT_OK(store->FaqHitCounts(&hits));
  EXPECT_EQ(hits, (std::map<std::string, int64_t>{{"refund-time", 2}, {"shipping-abroad", 1}}));
}

TEST(SqliteStoreTest, StoresTheExactDecisionJsonGiven) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  TurnRecord r = MakeTurn("c1", "hi", "api:k");
  r.decision_json = R"({"route":"answer","id":"echo-7"})";
  TurnResult result;
  ASSERT_OK(store->CommitTurn(r, &result));
  EXPECT_EQ(result.decision_json, r.decision_json);
  std::string stored;
  bool found = false;
  ASSERT_OK(store->FindByIdempotencyKey("api:k", &stored, &found));
  EXPECT_EQ(stored, r.decision_json);
}

// Every value reaches the database as a parameter: text that would break
// or rewrite a spliced statement is stored and read back byte for byte.
// SQLite keeps any bytes; PostgreSQL's text holds UTF-8 without NUL, so
// there the same text stops before its NUL (see the next test).
TEST(SqliteStoreTest, HostileTextIsStoredVerbatim) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  const std::string evil =
      testing::EngineUnderTest() == testing::StoreEngine::kSqlite
          ? std::string("x'); DROP TABLE messages; --\"\\ %_ ?1 $1 :a \0 \xff\xfe", 41)
          : std::string("x'); DROP TABLE messages; --\"\\ %_ ?1 $1 :a \u00e9 \U0001F600");
  TurnRecord r = MakeTurn(evil, evil, evil);
  r.message.from = evil;
  r.message.subject = evil;
  r.state_after.vars["k"] = evil;
  TurnResult result;
  ASSERT_OK(store->CommitTurn(r, &result));

  std::vector<StoredMessage> messages;
  ASSERT_OK(store->ListConversation(evil, &messages));
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].text, evil);
  EXPECT_EQ(messages[0].sender, evil);
  EXPECT_EQ(messages[0].subject, evil);
  ConversationState state;
  bool found = false;
  ASSERT_OK(store->LoadConversation(evil, &state, &found));
  ASSERT_TRUE(found);
  EXPECT_EQ(state.vars["k"], evil);
  std::string decision;
  ASSERT_OK(store->FindByIdempotencyKey(evil, &decision, &found));
  EXPECT_TRUE(found);
  ASSERT_OK(store->LoadConversation("x", &state, &found));  // a prefix is not a match
  EXPECT_FALSE(found);
}

// SQL text can only be a literal of the program: the type that carries it
// cannot be made from a runtime string.
TEST(SqliteStoreTest, SqlCannotBeBuiltFromRuntimeText) {
  using store_internal::Sql;
  static_assert(!std::is_constructible_v<Sql, std::string>);
  static_assert(!std::is_constructible_v<Sql, const std::string&>);
  static_assert(!std::is_constructible_v<Sql, const char*>);
  static_assert(!std::is_constructible_v<Sql, std::string_view>);
  constexpr Sql kLiteral = "SELECT 1";
  EXPECT_STREQ(kLiteral.text(), "SELECT 1");
}

TEST(SqliteStoreTest, RejectsRecordsThatBreakTheContract) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  TurnResult result;
  TurnRecord no_conversation = MakeTurn("", "hi");
  EXPECT_EQ(store->CommitTurn(no_conversation, &result).code(), Status::Code::kInvalidArgument);
  TurnRecord long_key = MakeTurn("c1", "hi", std::string(513, 'k'));
  EXPECT_EQ(store->CommitTurn(long_key, &result).code(), Status::Code::kInvalidArgument);
  TurnRecord outbox_without_address = MakeTurn("c1", "hi");
  outbox_without_address.outbox = true;
  outbox_without_address.message.from.clear();
  EXPECT_EQ(store->CommitTurn(outbox_without_address, &result).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(QueryInt(TempStoreOptions(dir).path, "SELECT COUNT(*) FROM messages"), 0);
}

TEST(SqliteStoreTest, ListMessagesSinceReturnsIncomingInOrder) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  for (int i = 0; i < 5; ++i) {
    TurnRecord r = MakeTurn("c" + std::to_string(i % 2), "msg" + std::to_string(i));
    r.received_unix = 1000 + i * 10;
    TurnResult result;
    ASSERT_OK(store->CommitTurn(r, &result));
  }
  std::vector<StoredMessage> messages;
  ASSERT_OK(store->ListMessagesSince(1020, 0, &messages));
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].text, "msg2");
  EXPECT_EQ(messages[2].text, "msg4");
  EXPECT_EQ(messages[0].created_unix, 1020);
  EXPECT_FALSE(messages[0].decision_json.empty());
  ASSERT_OK(store->ListMessagesSince(0, 2, &messages));
  EXPECT_EQ(messages.size(), 2u);
}

// PostgreSQL's text cannot hold a NUL byte (libpq would cut the value there)
// nor bytes that are not UTF-8: such a turn is refused whole, never stored
// cut short. SQLite keeps them (the test above).
// A decision or state that cannot be written as JSON (text that is not
// UTF-8 in a slot or the reply) is an error returned, never an exception
// thrown out of the store, and nothing of the turn is stored.
TEST(SqliteStoreTest, AStateThatIsNotJsonIsAnErrorNotAThrow) {
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  TurnResult result;
  TurnRecord bad_slot = MakeTurn("c1", "hi", "api:slot");
  bad_slot.state_after.slots["name"] = "Jos\xe9";
  Status s = store->CommitTurn(bad_slot, &result);
  EXPECT_FALSE(s.ok());
  TurnRecord bad_reply = MakeTurn("c2", "hi", "api:reply");
  bad_reply.decision.reply = "caf\xe9";
  EXPECT_FALSE(store->CommitTurn(bad_reply, &result).ok());
  std::string decision;
  bool found = true;
  ASSERT_OK(store->FindByIdempotencyKey("api:slot", &decision, &found));
  EXPECT_FALSE(found);
  ConversationState state;
  ASSERT_OK(store->LoadConversation("c1", &state, &found));
  EXPECT_FALSE(found);
}

TEST(SqliteStoreTest, TextPostgresCannotHoldIsRefusedWhole) {
  if (testing::EngineUnderTest() != testing::StoreEngine::kPostgres)
    GTEST_SKIP() << "SQLite stores any bytes";
  TempDir dir;
  auto store = OpenStoreOrFail(TempStoreOptions(dir));
  TurnResult result;
  TurnRecord nul = MakeTurn("c1", std::string("before\0after", 12), "api:nul");
  EXPECT_EQ(store->CommitTurn(nul, &result).code(), Status::Code::kInvalidArgument);
  TurnRecord nul_id = MakeTurn(std::string("c\0other", 7), "hi");
  EXPECT_EQ(store->CommitTurn(nul_id, &result).code(), Status::Code::kInvalidArgument);
  TurnRecord latin1 = MakeTurn("c1", "hi");
  latin1.message.subject = "caf\xe9";  // Latin-1, not UTF-8
  EXPECT_EQ(store->CommitTurn(latin1, &result).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(QueryInt(TempStoreOptions(dir).path, "SELECT COUNT(*) FROM messages"), 0);
  EXPECT_EQ(QueryInt(TempStoreOptions(dir).path, "SELECT COUNT(*) FROM conversations"), 0);
  std::string decision;
  bool found = true;
  ASSERT_OK(store->FindByIdempotencyKey("api:nul", &decision, &found));
  EXPECT_FALSE(found);
}

TEST(SqliteStoreTest, StartupLogNamesJournalSynchronousAndBusyTimeout) {
  FRONTDESK_SQLITE_ONLY();
  TempDir dir;
  std::vector<std::string> lines;
  StoreOptions o = TempStoreOptions(dir);
  o.log = [&](const std::string& line) { lines.push_back(line); };
  { auto store = OpenStoreOrFail(o); }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0],
              ::testing::HasSubstr("journal_mode=wal synchronous=FULL busy_timeout_ms=5000"));
  EXPECT_THAT(lines[0], ::testing::HasSubstr("schema_version=" + std::to_string(store_internal::kSchemaVersion) + " (migrated from 0)"));

  o.synchronous_full = false;
  o.busy_timeout_ms = 1234;
  { auto store = OpenStoreOrFail(o); }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[1],
              ::testing::HasSubstr("journal_mode=wal synchronous=NORMAL busy_timeout_ms=1234"));
  EXPECT_THAT(lines[1], ::testing::Not(::testing::HasSubstr("migrated")));
}

// Checkpoints run on their own thread once the WAL is long enough, and the
// WAL then starts over instead of growing with every commit.
TEST(SqliteStoreTest, CheckpointsKeepTheWalShort) {
  FRONTDESK_SQLITE_ONLY();
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  o.checkpoint_wal_pages = 20;
  auto store = OpenStoreOrFail(o);
  const std::filesystem::path wal = o.path + "-wal";
  uintmax_t largest = 0;
  for (int i = 0; i < 400; ++i) {
    TurnResult r;
    ASSERT_OK(store->CommitTurn(MakeTurn("c" + std::to_string(i), std::string(2000, 'a' + i % 26)), &r));
    largest = std::max(largest, std::filesystem::file_size(wal));
  }
  // The 400 turns (each writes about 9 pages) take ~3,600 pages of WAL
  // without a checkpoint; with them, the WAL stays within a few times the
  // threshold plus what commits while a checkpoint runs.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (store->Stats().checkpoints == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GT(store->Stats().checkpoints, 0u);
  EXPECT_LT(largest, 1000u * 4096) << "the WAL grew as if no checkpoint ran";
  // Everything is still there, read back through a new connection.
  store.reset();
  SQLite::Database db(o.path);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM messages WHERE direction = 'in'").getInt(), 400);
}

TEST(SqliteStoreTest, CheckpointThresholdMustBePositive) {
  FRONTDESK_SQLITE_ONLY();
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  o.checkpoint_wal_pages = 0;
  std::unique_ptr<Store> store;
  EXPECT_EQ(OpenSqliteStore(o, &store).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store, nullptr);
}

TEST(SqliteStoreTest, OpenFailsCleanlyOnABadPath) {
  FRONTDESK_SQLITE_ONLY();
  TempDir dir;
  StoreOptions o = TempStoreOptions(dir);
  o.path = (dir.path() / "missing-dir" / "x.db").string();
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore(o, &store);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(store, nullptr);
  o.path = dir.path().string();  // a directory is not a database
  EXPECT_FALSE(OpenSqliteStore(o, &store).ok());
}

TEST(SqliteStoreTest, FailingStoreNeverAcknowledgesAnUnsavedMessage) {
  TempDir dir;
  auto base = OpenStoreOrFail(TempStoreOptions(dir));
  FailingStore store(base.get());
  store.set_fail_writes(true);
  TurnResult result;
  Status s = store.CommitTurn(MakeTurn("c1", "hello", "api:k"), &result);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_EQ(result.message_id, 0);
  EXPECT_TRUE(result.decision_json.empty());
  std::string decision;
  bool found = true;
  ASSERT_OK(store.FindByIdempotencyKey("api:k", &decision, &found));
  EXPECT_FALSE(found);
  EXPECT_EQ(store.failed_writes(), 1u);

  store.set_fail_writes(false);
  ASSERT_OK(store.CommitTurn(MakeTurn("c1", "hello", "api:k"), &result));
  EXPECT_FALSE(result.duplicate);  // the failed attempt left nothing behind
}

}  // namespace
}  // namespace frontdesk
