// Housekeeping forgets idempotency keys older than their time to live, and
// only those: a retry within the day replays, one after it is a new message.
#include "engine/service/housekeeping.h"

#include "engine/store/sqlite_store.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

TurnRecord Turn(const std::string& key, int64_t at) {
  TurnRecord r;
  r.idempotency_key = key;
  r.received_unix = at;
  r.conversation_id = "c1";
  r.message.text = "hello";
  r.decision.route = Route::kAnswer;
  r.decision.reply = "hi";
  return r;
}

TEST(HousekeepingTest, ForgetsIdempotencyKeysOlderThanTheirTimeToLive) {
  testing::TempDir dir;
  StoreOptions o;
  o.path = (dir.path() / "h.db").string();
  o.log = [](const std::string&) {};
  std::unique_ptr<Store> store;
  ASSERT_OK(OpenSqliteStore(o, &store));
  const int64_t t0 = 1'700'000'000;
  TurnResult r;
  ASSERT_OK(store->CommitTurn(Turn("api:1:old", t0), &r));
  ASSERT_OK(store->CommitTurn(Turn("api:1:new", t0 + 3600), &r));

  FakeClock clock(t0 + 86400);  // exactly a day after the first: kept
  int64_t expired = -1;
  ASSERT_OK(RunHousekeeping(store.get(), clock, HousekeepingOptions(), &expired));
  EXPECT_EQ(expired, 0);
  clock.Set(t0 + 86400 + 1);
  ASSERT_OK(RunHousekeeping(store.get(), clock, HousekeepingOptions(), &expired));
  EXPECT_EQ(expired, 1);
  std::string json;
  bool found = true;
  ASSERT_OK(store->FindByIdempotencyKey("api:1:old", &json, &found));
  EXPECT_FALSE(found);
  ASSERT_OK(store->FindByIdempotencyKey("api:1:new", &json, &found));
  EXPECT_TRUE(found);

  HousekeepingOptions hour;
  hour.idempotency_seconds = 3600;
  ASSERT_OK(RunHousekeeping(store.get(), clock, hour, &expired));
  EXPECT_EQ(expired, 1);
}

}  // namespace
}  // namespace frontdesk
