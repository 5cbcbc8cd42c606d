// The store's channel records on both engines (tests/store_fixture.h): API
// keys, web-chat sessions and events, the expiry of idempotency keys, and
// the FailingStore seam for these writes; SQLite's 3 -> 4 schema migration
// in the SQLite run.
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/failing_store.h"
#include "engine/store/migrations.h"
#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::OpenStoreOrFail;
using ::frontdesk::testing::QueryInt;
using ::frontdesk::testing::TempDir;
using ::frontdesk::testing::TempStoreOptions;
using Code = Status::Code;

const std::string kHashA(64, 'a');
const std::string kHashB = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

ApiKey Key(const std::string& name, const std::string& hash = kHashA) {
  ApiKey k;
  k.name = name;
  k.secret_hash = hash;
  return k;
}

ChatSession Session(const std::string& id, const std::string& conversation = "web:1") {
  ChatSession s;
  s.id = id;
  s.token_hash = kHashB;
  s.conversation_id = conversation;
  s.language = "vi";
  return s;
}

ChatEvent Event(const std::string& conversation, const std::string& kind,
                const std::string& data = R"({"text":"hi"})") {
  ChatEvent e;
  e.conversation_id = conversation;
  e.kind = kind;
  e.data_json = data;
  return e;
}

TurnRecord Turn(const std::string& key, const std::string& text, int64_t received_unix) {
  TurnRecord r;
  r.idempotency_key = key;
  r.received_unix = received_unix;
  r.conversation_id = "c1";
  r.message.channel = "api";
  r.message.text = text;
  r.decision.route = Route::kAnswer;
  r.decision.reply = "reply to " + text;
  return r;
}

// "id:kind:data" per event, to compare lists at a glance.
std::vector<std::string> Dump(const std::vector<ChatEvent>& events) {
  std::vector<std::string> out;
  for (const ChatEvent& e : events) {
    out.push_back(std::to_string(e.id) + ":" + e.kind + ":" + e.data_json);
  }
  return out;
}

class StoreChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o = TempStoreOptions(dir_);
    o.clock = [this] { return now_.load(); };
    store_ = OpenStoreOrFail(o);
    ASSERT_NE(store_, nullptr);
  }

  std::string path() const { return TempStoreOptions(dir_).path; }

  TempDir dir_;
  std::atomic<int64_t> now_{1'700'000'000};
  std::unique_ptr<Store> store_;
};

TEST_F(StoreChannelsTest, AddApiKeySetsIdAndFindApiKeyReturnsIt) {
  ApiKey key = Key("shop-backend", kHashB);
  ASSERT_OK(store_->AddApiKey(&key));
  EXPECT_GT(key.id, 0);
  ApiKey found;
  ASSERT_OK(store_->FindApiKey(key.id, &found));
  EXPECT_EQ(found.id, key.id);
  EXPECT_EQ(found.name, "shop-backend");
  EXPECT_EQ(found.secret_hash, kHashB);
  EXPECT_EQ(found.created_unix, now_);  // 0 = the store's clock

  ApiKey dated = Key("crm");
  dated.created_unix = 1234;
  ASSERT_OK(store_->AddApiKey(&dated));
  EXPECT_GT(dated.id, key.id);
  ASSERT_OK(store_->FindApiKey(dated.id, &found));
  EXPECT_EQ(found.created_unix, 1234);
}

TEST_F(StoreChannelsTest, ListApiKeysIsById) {
  std::vector<ApiKey> keys;
  ASSERT_OK(store_->ListApiKeys(&keys));
  EXPECT_TRUE(keys.empty());
  for (const char* name : {"zeta", "alpha", "mid"}) {
    ApiKey k = Key(name);
    ASSERT_OK(store_->AddApiKey(&k));
  }
  ASSERT_OK(store_->ListApiKeys(&keys));
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].name, "zeta");
  EXPECT_EQ(keys[1].name, "alpha");
  EXPECT_EQ(keys[2].name, "mid");
  EXPECT_LT(keys[0].id, keys[1].id);
  EXPECT_LT(keys[1].id, keys[2].id);
  EXPECT_EQ(keys[2].secret_hash, kHashA);
}

TEST_F(StoreChannelsTest, DuplicateKeyNameIsInvalidArgumentAndKeepsTheFirst) {
  ApiKey first = Key("shop", kHashA);
  ASSERT_OK(store_->AddApiKey(&first));
  ApiKey second = Key("shop", kHashB);
  Status s = store_->AddApiKey(&second);
  EXPECT_EQ(s.code(), Code::kInvalidArgument) << s.ToString();
  EXPECT_EQ(second.id, 0);
  std::vector<ApiKey> keys;
  ASSERT_OK(store_->ListApiKeys(&keys));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].secret_hash, kHashA);
}

TEST_F(StoreChannelsTest, ApiKeyRequiresAreChecked) {
  const std::vector<ApiKey> bad = {
      Key(""),                                 // empty name
      Key(std::string(101, 'n')),              // name too long
      Key("k", ""),                            // no hash
      Key("k", std::string(63, 'a')),          // too short
      Key("k", std::string(65, 'a')),          // too long
      Key("k", std::string(64, 'A')),          // upper case
      Key("k", std::string(63, 'a') + "g"),    // not hex
      Key("k", std::string(63, 'a') + " "),    // not hex
  };
  for (ApiKey k : bad) {
    Status s = store_->AddApiKey(&k);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << k.name << " " << k.secret_hash;
    EXPECT_EQ(k.id, 0);
  }
  EXPECT_EQ(QueryInt(path(), "SELECT COUNT(*) FROM api_keys"), 0);
  ApiKey longest = Key(std::string(100, 'n'));  // the limit itself is fine
  EXPECT_OK(store_->AddApiKey(&longest));
}

TEST_F(StoreChannelsTest, UnknownApiKeyIsNotFound) {
  ApiKey out;
  out.name = "untouched";
  EXPECT_EQ(store_->FindApiKey(42, &out).code(), Code::kNotFound);
  EXPECT_EQ(store_->FindApiKey(0, &out).code(), Code::kNotFound);
  EXPECT_EQ(out.name, "untouched");
  EXPECT_EQ(store_->RemoveApiKey("nobody").code(), Code::kNotFound);
}

TEST_F(StoreChannelsTest, RemovedKeyIsNotFoundAndItsIdIsNeverReused) {
  ApiKey keep = Key("keep");
  ApiKey gone = Key("gone");
  ASSERT_OK(store_->AddApiKey(&keep));
  ASSERT_OK(store_->AddApiKey(&gone));
  ASSERT_OK(store_->RemoveApiKey("gone"));
  ApiKey out;
  EXPECT_EQ(store_->FindApiKey(gone.id, &out).code(), Code::kNotFound);
  EXPECT_EQ(store_->RemoveApiKey("gone").code(), Code::kNotFound);
  std::vector<ApiKey> keys;
  ASSERT_OK(store_->ListApiKeys(&keys));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].name, "keep");
  // The name may be used again, but the old token's id names nothing.
  ApiKey again = Key("gone", kHashB);
  ASSERT_OK(store_->AddApiKey(&again));
  EXPECT_GT(again.id, gone.id);
  EXPECT_EQ(store_->FindApiKey(gone.id, &out).code(), Code::kNotFound);
}

TEST_F(StoreChannelsTest, HostileKeyNameIsStoredAsText) {
  ApiKey k = Key("x'); DROP TABLE api_keys; --");
  ASSERT_OK(store_->AddApiKey(&k));
  ApiKey out;
  ASSERT_OK(store_->FindApiKey(k.id, &out));
  EXPECT_EQ(out.name, k.name);
  ASSERT_OK(store_->RemoveApiKey(k.name));
}

TEST_F(StoreChannelsTest, ChatSessionIsStoredAndFound) {
  ASSERT_OK(store_->AddChatSession(Session("s-1", "web:abc")));
  ChatSession dated = Session("s-2");
  dated.language = "";
  dated.created_unix = 99;
  ASSERT_OK(store_->AddChatSession(dated));

  ChatSession out;
  ASSERT_OK(store_->FindChatSession("s-1", &out));
  EXPECT_EQ(out.id, "s-1");
  EXPECT_EQ(out.token_hash, kHashB);
  EXPECT_EQ(out.conversation_id, "web:abc");
  EXPECT_EQ(out.language, "vi");
  EXPECT_EQ(out.created_unix, now_);
  ASSERT_OK(store_->FindChatSession("s-2", &out));
  EXPECT_EQ(out.language, "");
  EXPECT_EQ(out.created_unix, 99);
}

TEST_F(StoreChannelsTest, ChatSessionIsNeverReplaced) {
  ASSERT_OK(store_->AddChatSession(Session("s-1", "web:first")));
  Status s = store_->AddChatSession(Session("s-1", "web:second"));
  EXPECT_EQ(s.code(), Code::kInvalidArgument) << s.ToString();
  ChatSession out;
  ASSERT_OK(store_->FindChatSession("s-1", &out));
  EXPECT_EQ(out.conversation_id, "web:first");
}

TEST_F(StoreChannelsTest, ChatSessionRequiresAreChecked) {
  std::vector<ChatSession> bad(7, Session("s"));
  bad[0].id = "";
  bad[1].id = std::string(101, 's');
  bad[2].token_hash = "";
  bad[3].token_hash = std::string(63, 'a');
  bad[4].token_hash = std::string(64, 'F');
  bad[5].token_hash = std::string(64, 'z');
  bad[6].conversation_id = "";
  for (const ChatSession& session : bad) {
    EXPECT_EQ(store_->AddChatSession(session).code(), Code::kInvalidArgument)
        << session.id << " " << session.token_hash << " " << session.conversation_id;
  }
  EXPECT_EQ(QueryInt(path(), "SELECT COUNT(*) FROM chat_sessions"), 0);
  EXPECT_OK(store_->AddChatSession(Session(std::string(100, 's'))));
}

TEST_F(StoreChannelsTest, UnknownChatSessionIsNotFound) {
  ChatSession out;
  EXPECT_EQ(store_->FindChatSession("nope", &out).code(), Code::kNotFound);
  EXPECT_EQ(store_->FindChatSession("", &out).code(), Code::kNotFound);
}

TEST_F(StoreChannelsTest, AChatSessionKeepsTheContactAddressItsVisitorLeft) {
  ASSERT_OK(store_->AddChatSession(Session("s-1", "web:abc")));
  ASSERT_OK(store_->AddChatSession(Session("s-2", "web:def")));
  ASSERT_OK(store_->SetChatContact("s-1", "first@example.org"));
  ASSERT_OK(store_->SetChatContact("s-1", "ana@example.org"));  // replaced
  ChatSession out;
  ASSERT_OK(store_->FindChatSession("s-1", &out));
  EXPECT_EQ(out.contact_email, "ana@example.org");
  ASSERT_OK(store_->FindChatSessionOfConversation("web:abc", &out));
  EXPECT_EQ(out.id, "s-1");
  EXPECT_EQ(out.contact_email, "ana@example.org");
  ASSERT_OK(store_->FindChatSessionOfConversation("web:def", &out));
  EXPECT_EQ(out.contact_email, "");
  EXPECT_EQ(store_->FindChatSessionOfConversation("web:none", &out).code(), Code::kNotFound);
  EXPECT_EQ(store_->SetChatContact("s-none", "ana@example.org").code(), Code::kNotFound);
  for (const std::string& bad : {std::string(), std::string(255, 'a'), std::string("a@b.org\r\nBcc: c@d.org")})
    EXPECT_EQ(store_->SetChatContact("s-2", bad).code(), Code::kInvalidArgument) << bad;
  ASSERT_OK(store_->FindChatSession("s-2", &out));
  EXPECT_EQ(out.contact_email, "");
  // Audited, without the address.
  std::vector<AuditEntry> audit;
  ASSERT_OK(store_->ListAudit(10, &audit));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "chat.contact");
  EXPECT_EQ(audit[0].target, "chat_session:s-1");
  EXPECT_EQ(audit[0].detail.find('@'), std::string::npos);
}

TEST_F(StoreChannelsTest, ChatEventsComeInOrderAfterTheGivenId) {
  std::vector<int64_t> ids;
  for (const char* kind : {"reply", "agent_joined", "agent_message", "agent_left"}) {
    ChatEvent e = Event("web:1", kind, std::string(R"({"n":")") + kind + "\"}");
    ASSERT_OK(store_->AddChatEvent(&e));
    if (!ids.empty()) {
      EXPECT_GT(e.id, ids.back());
    }
    ids.push_back(e.id);
    ChatEvent other = Event("web:2", "reply");  // another conversation's, in between
    ASSERT_OK(store_->AddChatEvent(&other));
  }
  std::vector<ChatEvent> events;
  ASSERT_OK(store_->ListChatEvents("web:1", 0, 100, &events));
  EXPECT_EQ(Dump(events), (std::vector<std::string>{
                              std::to_string(ids[0]) + R"(:reply:{"n":"reply"})",
                              std::to_string(ids[1]) + R"(:agent_joined:{"n":"agent_joined"})",
                              std::to_string(ids[2]) + R"(:agent_message:{"n":"agent_message"})",
                              std::to_string(ids[3]) + R"(:agent_left:{"n":"agent_left"})"}));
  EXPECT_EQ(events[0].conversation_id, "web:1");
  EXPECT_EQ(events[0].created_unix, now_);

  ASSERT_OK(store_->ListChatEvents("web:1", ids[1], 100, &events));  // Last-Event-ID
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, ids[2]);
  EXPECT_EQ(events[1].id, ids[3]);
  ASSERT_OK(store_->ListChatEvents("web:1", 0, 2, &events));  // limit
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, ids[0]);
  EXPECT_EQ(events[1].id, ids[1]);
  ASSERT_OK(store_->ListChatEvents("web:1", ids[0], 1, &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, ids[1]);
  ASSERT_OK(store_->ListChatEvents("web:1", ids[3], 100, &events));
  EXPECT_TRUE(events.empty());
  ASSERT_OK(store_->ListChatEvents("web:1", 0, 0, &events));  // 0 = no limit
  EXPECT_EQ(events.size(), 4u);
  ASSERT_OK(store_->ListChatEvents("web:none", 0, 100, &events));
  EXPECT_TRUE(events.empty());
}

TEST_F(StoreChannelsTest, ChatEventKeepsItsOwnTime) {
  ChatEvent e = Event("web:1", "reply", " \n{ \"a\" : [1, 2] } ");
  e.created_unix = 77;
  ASSERT_OK(store_->AddChatEvent(&e));
  std::vector<ChatEvent> events;
  ASSERT_OK(store_->ListChatEvents("web:1", 0, 10, &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].created_unix, 77);
  EXPECT_EQ(events[0].data_json, " \n{ \"a\" : [1, 2] } ");  // stored as given
}

TEST_F(StoreChannelsTest, ChatEventRequiresAreChecked) {
  const std::vector<ChatEvent> bad = {
      Event("", "reply"),                    // no conversation
      Event("web:1", ""),                    // no kind
      Event("web:1", "typing"),              // unknown kind
      Event("web:1", "Reply"),               // kinds are exact
      Event("web:1", "reply", ""),           // not JSON
      Event("web:1", "reply", "{"),          // truncated
      Event("web:1", "reply", "{} {}"),      // two values
      Event("web:1", "reply", "{\"a\":1} x"),
      Event("web:1", "reply", "[1, 2]"),     // JSON, not an object
      Event("web:1", "reply", "\"{}\""),     // a string
      Event("web:1", "reply", "null"),
      Event("web:1", "reply", "{'a': 1}"),   // not JSON quotes
      Event("web:1", "reply", "{\"a\":\"\xff\"}"),  // not UTF-8
  };
  for (ChatEvent e : bad) {
    EXPECT_EQ(store_->AddChatEvent(&e).code(), Code::kInvalidArgument)
        << "'" << e.conversation_id << "' '" << e.kind << "' '" << e.data_json << "'";
    EXPECT_EQ(e.id, 0);
  }
  EXPECT_EQ(QueryInt(path(), "SELECT COUNT(*) FROM chat_events"), 0);
  ChatEvent empty_object = Event("web:1", "reply", "{}");
  EXPECT_OK(store_->AddChatEvent(&empty_object));
}

// Regression: TicketDesk asked a chat visitor for a rating with an event
// the store refused as an unknown kind, so the widget never showed the
// question (and a stream waiting for it waited until it timed out).
TEST_F(StoreChannelsTest, RatingRequestIsAStoredChatEventKind) {
  ChatEvent e = Event("web:1", "rating_request", R"({"ticket":7})");
  ASSERT_OK(store_->AddChatEvent(&e));
  std::vector<ChatEvent> events;
  ASSERT_OK(store_->ListChatEvents("web:1", 0, 10, &events));
  EXPECT_EQ(Dump(events), (std::vector<std::string>{std::to_string(e.id) +
                                                    R"(:rating_request:{"ticket":7})"}));
}

// Writers racing on one store: every event gets its own id, and a stream
// reading the conversation sees them all, in id order.
TEST_F(StoreChannelsTest, ConcurrentChatEventsGetDistinctGrowingIds) {
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        ChatEvent e = Event("web:1", "agent_message",
                            "{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}");
        if (!store_->AddChatEvent(&e).ok() || e.id <= 0) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  std::vector<ChatEvent> events;
  ASSERT_OK(store_->ListChatEvents("web:1", 0, 0, &events));
  ASSERT_EQ(events.size(), static_cast<size_t>(kThreads * kEach));
  std::set<int64_t> ids;
  for (size_t i = 0; i < events.size(); ++i) {
    ids.insert(events[i].id);
    if (i > 0) {
      EXPECT_LT(events[i - 1].id, events[i].id);
    }
  }
  EXPECT_EQ(ids.size(), events.size());
}

// A write that returned OK is on disk: another Store on the same file (as in
// a second process) reads it.
TEST_F(StoreChannelsTest, AnotherStoreOnTheFileSeesTheWrites) {
  ApiKey key = Key("shop");
  ASSERT_OK(store_->AddApiKey(&key));
  ASSERT_OK(store_->AddChatSession(Session("s-1")));
  ChatEvent e = Event("web:1", "reply");
  ASSERT_OK(store_->AddChatEvent(&e));
  auto other = OpenStoreOrFail(TempStoreOptions(dir_));
  ASSERT_NE(other, nullptr);
  ApiKey k;
  EXPECT_OK(other->FindApiKey(key.id, &k));
  ChatSession s;
  EXPECT_OK(other->FindChatSession("s-1", &s));
  std::vector<ChatEvent> events;
  ASSERT_OK(other->ListChatEvents("web:1", 0, 10, &events));
  EXPECT_EQ(events.size(), 1u);
  // And the other way round.
  ASSERT_OK(other->RemoveApiKey("shop"));
  EXPECT_EQ(store_->FindApiKey(key.id, &k).code(), Code::kNotFound);
}

TEST_F(StoreChannelsTest, ExpiredIdempotencyKeyStoresANewTurn) {
  TurnResult old_turn, new_turn, retry;
  ASSERT_OK(store_->CommitTurn(Turn("api:old", "first", 100), &old_turn));
  ASSERT_OK(store_->CommitTurn(Turn("api:new", "second", 200), &new_turn));

  int64_t removed = -1;
  ASSERT_OK(store_->ExpireIdempotencyKeys(200, &removed));  // strictly before 200
  EXPECT_EQ(removed, 1);
  std::string decision;
  bool found = true;
  ASSERT_OK(store_->FindByIdempotencyKey("api:old", &decision, &found));
  EXPECT_FALSE(found);
  ASSERT_OK(store_->FindByIdempotencyKey("api:new", &decision, &found));
  EXPECT_TRUE(found);

  // The same key again is a new message now, not a replay of the first.
  ASSERT_OK(store_->CommitTurn(Turn("api:old", "first", 0), &retry));
  EXPECT_FALSE(retry.duplicate);
  EXPECT_NE(retry.message_id, old_turn.message_id);
  ASSERT_OK(store_->CommitTurn(Turn("api:old", "first", 0), &retry));
  EXPECT_TRUE(retry.duplicate);  // and it is remembered again
  ASSERT_OK(store_->CommitTurn(Turn("api:new", "second", 0), &retry));
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.message_id, new_turn.message_id);

  // The messages and decisions stay.
  std::vector<StoredMessage> messages;
  ASSERT_OK(store_->ListConversation("c1", &messages));
  int incoming = 0;
  for (const StoredMessage& m : messages) incoming += m.direction == "in" ? 1 : 0;
  EXPECT_EQ(incoming, 3);

  ASSERT_OK(store_->ExpireIdempotencyKeys(150, &removed));
  EXPECT_EQ(removed, 0);
  ASSERT_OK(store_->ExpireIdempotencyKeys(now_ + 1, &removed));
  EXPECT_EQ(removed, 2);
}

TEST_F(StoreChannelsTest, ATurnsChatReplyEventIsStoredInTheSameCommit) {
  TurnRecord r = Turn("chat:s-1:k1", "hello", 0);
  r.chat_reply_json = R"({"text":"reply to hello","route":"answer"})";
  const uint64_t commits_before = store_->Stats().commits;
  TurnResult first;
  ASSERT_OK(store_->CommitTurn(r, &first));
  EXPECT_GT(first.chat_event_id, 0);
  EXPECT_EQ(store_->Stats().commits, commits_before + 1);  // one transaction, one fsync

  std::vector<ChatEvent> events;
  ASSERT_OK(store_->ListChatEvents("c1", 0, 10, &events));
  EXPECT_EQ(Dump(events), (std::vector<std::string>{
                              std::to_string(first.chat_event_id) +
                              R"(:reply:{"text":"reply to hello","route":"answer"})"}));

  // A retry of the same message is a replay: no second event.
  TurnResult retry;
  ASSERT_OK(store_->CommitTurn(r, &retry));
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.chat_event_id, 0);
  ASSERT_OK(store_->ListChatEvents("c1", 0, 10, &events));
  EXPECT_EQ(events.size(), 1u);

  // A turn without one stores none.
  TurnResult plain;
  ASSERT_OK(store_->CommitTurn(Turn("", "again", 0), &plain));
  EXPECT_EQ(plain.chat_event_id, 0);
  ASSERT_OK(store_->ListChatEvents("c1", 0, 10, &events));
  EXPECT_EQ(events.size(), 1u);
}

TEST_F(StoreChannelsTest, FailingStoreRefusesTheNewWritesAndPassesReads) {
  ApiKey kept = Key("kept");
  ASSERT_OK(store_->AddApiKey(&kept));
  ASSERT_OK(store_->AddChatSession(Session("s-kept")));
  ChatEvent kept_event = Event("web:1", "reply");
  ASSERT_OK(store_->AddChatEvent(&kept_event));
  TurnResult turn;
  ASSERT_OK(store_->CommitTurn(Turn("api:k", "hello", 100), &turn));

  FailingStore failing(store_.get());
  failing.set_fail_writes(true);
  ApiKey key = Key("new");
  EXPECT_EQ(failing.AddApiKey(&key).code(), Code::kIoError);
  EXPECT_EQ(key.id, 0);
  EXPECT_EQ(failing.RemoveApiKey("kept").code(), Code::kIoError);
  EXPECT_EQ(failing.AddChatSession(Session("s-new")).code(), Code::kIoError);
  ChatEvent e = Event("web:1", "agent_joined");
  EXPECT_EQ(failing.AddChatEvent(&e).code(), Code::kIoError);
  EXPECT_EQ(e.id, 0);
  int64_t removed = -1;
  EXPECT_EQ(failing.ExpireIdempotencyKeys(now_, &removed).code(), Code::kIoError);
  EXPECT_EQ(removed, -1);
  failing.set_disk_full(true);
  EXPECT_EQ(failing.AddChatEvent(&e).code(), Code::kResourceExhausted);
  EXPECT_EQ(failing.failed_writes(), 6u);

  // Nothing reached the base store; reads pass through while writes fail.
  ApiKey k;
  EXPECT_OK(failing.FindApiKey(kept.id, &k));
  std::vector<ApiKey> keys;
  ASSERT_OK(failing.ListApiKeys(&keys));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].name, "kept");
  ChatSession s;
  EXPECT_OK(failing.FindChatSession("s-kept", &s));
  EXPECT_EQ(failing.FindChatSession("s-new", &s).code(), Code::kNotFound);
  std::vector<ChatEvent> events;
  ASSERT_OK(failing.ListChatEvents("web:1", 0, 10, &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, kept_event.id);
  std::string decision;
  bool found = false;
  ASSERT_OK(failing.FindByIdempotencyKey("api:k", &decision, &found));
  EXPECT_TRUE(found);

  failing.set_fail_writes(false);
  EXPECT_OK(failing.AddApiKey(&key));
  EXPECT_GT(key.id, 0);
  EXPECT_OK(failing.AddChatSession(Session("s-new")));
  EXPECT_OK(failing.AddChatEvent(&e));
  EXPECT_GT(e.id, kept_event.id);
  EXPECT_OK(failing.ExpireIdempotencyKeys(now_, &removed));
  EXPECT_EQ(removed, 1);
  EXPECT_OK(failing.RemoveApiKey("kept"));
}

// A file written by the previous release (schema 3) is upgraded in place:
// what it held is still there, the new tables and indexes exist and work.
TEST(StoreChannelsMigrationTest, UpgradesAVersion3FileKeepingItsData) {
  FRONTDESK_SQLITE_ONLY();
  TempDir dir;
  const std::string path = TempStoreOptions(dir).path;
  {
    store_internal::Connection conn(path, /*create=*/true, 1000);
    conn.Exec("PRAGMA journal_mode = WAL");
    int from = 0;
    ASSERT_OK(store_internal::Migrate(conn, 3, &from));
    conn.Exec(R"sql(
      INSERT INTO conversations VALUES ('old', NULL, 'api', '{"id":"old","turns":2}', 10, 10);
      INSERT INTO messages VALUES (1, 'old', 'in', 'api', '', '', 'old text', 'en', '', NULL, 10);
      INSERT INTO decisions VALUES (1, 'answer', 'faq.returns', '{"route":"answer"}', '[]', 'returns');
      INSERT INTO idempotency_keys VALUES ('api:old', 1, 10);
    )sql");
  }
  ASSERT_EQ(QueryInt(path, "PRAGMA user_version"), 3);

  std::vector<std::string> log;
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(TempStoreOptions(dir, &log), &store));
  EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), store_internal::kSchemaVersion);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("schema_version=" +
                                           std::to_string(store_internal::kSchemaVersion) +
                                           " (migrated from 3)"));
  for (const char* index : {"chat_events_by_conversation", "idempotency_keys_by_time"}) {
    SQLite::Database db(path);
    SQLite::Statement q(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?");
    q.bind(1, index);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), 1) << index;
  }

  ConversationState state;
  bool found = false;
  ASSERT_OK(store->LoadConversation("old", &state, &found));
  ASSERT_TRUE(found);
  EXPECT_EQ(state.turns, 2);
  std::string decision;
  ASSERT_OK(store->FindByIdempotencyKey("api:old", &decision, &found));
  EXPECT_TRUE(found);
  EXPECT_EQ(decision, R"({"route":"answer"})");
  std::map<std::string, int64_t> hits;
  ASSERT_OK(store->FaqHitCounts(&hits));
  EXPECT_EQ(hits, (std::map<std::string, int64_t>{{"returns", 1}}));

  ApiKey key = Key("shop");
  ASSERT_OK(store->AddApiKey(&key));
  ASSERT_OK(store->AddChatSession(Session("s-1", "old")));
  ChatEvent e = Event("old", "reply");
  ASSERT_OK(store->AddChatEvent(&e));
  int64_t removed = 0;
  ASSERT_OK(store->ExpireIdempotencyKeys(11, &removed));
  EXPECT_EQ(removed, 1);
}

}  // namespace
}  // namespace frontdesk
