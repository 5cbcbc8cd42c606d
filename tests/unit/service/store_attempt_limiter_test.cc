// Owner-check attempt limiters: the one in memory and the one in the store
// (StoreAttemptLimiter), which must behave alike; and what only the store's
// gives: counts shared by every node and kept over a restart, counters kept
// hashed, no overshoot under concurrent attempts from two nodes, expired
// failures swept. On both engines (tests/store_fixture.h:
// store_attempt_limiter_test and store_attempt_limiter_test.postgres).
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/secrets.h"
#include "engine/lookups/attempt_limiter.h"
#include "engine/service/store_attempt_limiter.h"
#include "engine/store/failing_store.h"
#include "tests/attempt_counts.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::Acquired;
using ::frontdesk::testing::Failures;
using ::frontdesk::testing::OpenStoreOrFail;
using ::frontdesk::testing::QueryInt;
using ::frontdesk::testing::QueryText;
using ::frontdesk::testing::TempDir;
using ::frontdesk::testing::TempStoreOptions;

constexpr int64_t kStart = 1714900000;

std::unique_ptr<StoreAttemptLimiter> OpenLimiter(Store* store, const Clock* clock) {
  return std::make_unique<StoreAttemptLimiter>(store, clock);
}

class AttemptLimiterTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      limiter_ = std::make_unique<MemoryAttemptLimiter>(&clock_);
      return;
    }
    store_ = OpenStoreOrFail(TempStoreOptions(dir_));
    ASSERT_NE(store_, nullptr);
    limiter_ = OpenLimiter(store_.get(), &clock_);
    ASSERT_NE(limiter_, nullptr);
  }

  TempDir dir_;
  FakeClock clock_{kStart};
  std::unique_ptr<Store> store_;
  std::unique_ptr<AttemptLimiter> limiter_;
};

TEST_P(AttemptLimiterTest, RefusesOnceALimitIsUsedUp) {
  std::vector<AttemptLimiter::Counter> counters = {{"key:a", 2}, {"address:x", 0}};
  AttemptLimiter::Attempt a;
  ASSERT_TRUE(Acquired(*limiter_, counters, 900, &a));
  EXPECT_FALSE(a.exhausted);
  ASSERT_TRUE(Acquired(*limiter_, counters, 900, &a));
  EXPECT_TRUE(a.exhausted);
  EXPECT_FALSE(Acquired(*limiter_, counters, 900, &a));
  EXPECT_EQ(Failures(*limiter_, "key:a", 900), 2);
  EXPECT_EQ(Failures(*limiter_, "address:x", 900), 0);  // limit 0: not counted
  // Another counter is not touched by the first one's refusal.
  EXPECT_TRUE(Acquired(*limiter_, {{"key:b", 2}}, 900, &a));
}

TEST_P(AttemptLimiterTest, ForgivesSuccessfulAttempts) {
  AttemptLimiter::Attempt a;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Acquired(*limiter_, {{"key:a", 2}}, 900, &a));
    ASSERT_OK(limiter_->Forgive(a));
  }
  EXPECT_EQ(Failures(*limiter_, "key:a", 900), 0);
}

TEST_P(AttemptLimiterTest, ForgivingOneAttemptLeavesTheOthers) {
  AttemptLimiter::Attempt first, second;
  ASSERT_TRUE(Acquired(*limiter_, {{"key:a", 5}}, 900, &first));
  clock_.Set(kStart + 1);
  ASSERT_TRUE(Acquired(*limiter_, {{"key:a", 5}}, 900, &second));
  ASSERT_OK(limiter_->Forgive(second));
  EXPECT_EQ(Failures(*limiter_, "key:a", 900), 1);
}

TEST_P(AttemptLimiterTest, WindowSlides) {
  AttemptLimiter::Attempt a;
  ASSERT_TRUE(Acquired(*limiter_, {{"k", 2}}, 900, &a));
  clock_.Set(kStart + 600);
  ASSERT_TRUE(Acquired(*limiter_, {{"k", 2}}, 900, &a));
  EXPECT_FALSE(Acquired(*limiter_, {{"k", 2}}, 900, &a));
  clock_.Set(kStart + 900);  // the first failure leaves the window
  EXPECT_EQ(Failures(*limiter_, "k", 900), 1);
  EXPECT_TRUE(Acquired(*limiter_, {{"k", 2}}, 900, &a));
  EXPECT_TRUE(a.exhausted);
}

INSTANTIATE_TEST_SUITE_P(InMemoryAndInTheStore, AttemptLimiterTest,
                         ::testing::Values("memory", "store"));

class StoreAttemptLimiterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_a_ = OpenStoreOrFail(TempStoreOptions(dir_));
    node_b_ = OpenStoreOrFail(TempStoreOptions(dir_));
    ASSERT_NE(node_a_, nullptr);
    ASSERT_NE(node_b_, nullptr);
    limiter_a_ = OpenLimiter(node_a_.get(), &clock_);
    limiter_b_ = OpenLimiter(node_b_.get(), &clock_);
    ASSERT_NE(limiter_a_, nullptr);
    ASSERT_NE(limiter_b_, nullptr);
  }
  std::string Path() const { return TempStoreOptions(dir_).path; }

  TempDir dir_;
  FakeClock clock_{kStart};
  std::unique_ptr<Store> node_a_, node_b_;
  std::unique_ptr<StoreAttemptLimiter> limiter_a_, limiter_b_;
};

TEST_F(StoreAttemptLimiterTest, TwoNodesCountTheSameFailures) {
  const std::vector<AttemptLimiter::Counter> proof = {{"proof:email=eve@example.com", 3}};
  AttemptLimiter::Attempt a;
  ASSERT_TRUE(Acquired(*limiter_a_, proof, 900, &a));
  ASSERT_TRUE(Acquired(*limiter_b_, proof, 900, &a));
  ASSERT_TRUE(Acquired(*limiter_a_, proof, 900, &a));
  EXPECT_TRUE(a.exhausted);
  // The guesser moves to the other node: no fresh allowance there.
  EXPECT_FALSE(Acquired(*limiter_b_, proof, 900, &a));
  EXPECT_EQ(Failures(*limiter_b_, proof[0].id, 900), 3);
  // An attempt charged on one node is forgiven from the other.
  AttemptLimiter::Attempt other;
  ASSERT_TRUE(Acquired(*limiter_a_, {{"key:order_id=ab1", 5}}, 900, &other));
  ASSERT_OK(limiter_b_->Forgive(other));
  EXPECT_EQ(Failures(*limiter_a_, "key:order_id=ab1", 900), 0);
}

TEST_F(StoreAttemptLimiterTest, CountsSurviveARestart) {
  AttemptLimiter::Attempt a;
  ASSERT_TRUE(Acquired(*limiter_a_, {{"conversation:c-1", 2}}, 900, &a));
  ASSERT_TRUE(Acquired(*limiter_a_, {{"conversation:c-1", 2}}, 900, &a));
  limiter_a_.reset();
  limiter_b_.reset();
  node_a_.reset();
  node_b_.reset();
  std::unique_ptr<Store> reopened = OpenStoreOrFail(TempStoreOptions(dir_));
  ASSERT_NE(reopened, nullptr);
  auto limiter = OpenLimiter(reopened.get(), &clock_);
  ASSERT_NE(limiter, nullptr);
  EXPECT_FALSE(Acquired(*limiter, {{"conversation:c-1", 2}}, 900, &a));
}

TEST_F(StoreAttemptLimiterTest, TheStoreHoldsOnlyKeyedHashesOfWhatWasOffered) {
  AttemptLimiter::Attempt a;
  ASSERT_TRUE(Acquired(*limiter_a_,
                       {{"proof:email=eve@example.com", 5}, {"proof:postcode=70000", 5},
                        {"address:203.0.113.9", 5}},
                       900, &a));
  EXPECT_EQ(QueryInt(Path(), "SELECT COUNT(*) FROM owner_attempts"), 3);
  EXPECT_EQ(QueryInt(Path(),
                     "SELECT COUNT(*) FROM owner_attempts WHERE counter LIKE '%example%' OR "
                     "counter LIKE '%70000%' OR counter LIKE '%203.0.113%'"),
            0);
  std::string counter = QueryText(Path(), "SELECT counter FROM owner_attempts LIMIT 1");
  EXPECT_EQ(counter.size(), 64u);
  EXPECT_EQ(counter.find_first_not_of("0123456789abcdef"), std::string::npos);
  // Not a bare SHA-256 that anyone could compute from a guessed address.
  EXPECT_EQ(QueryInt(Path(), "SELECT COUNT(*) FROM owner_attempts WHERE counter = '" +
                                 Sha256Hex("proof:email=eve@example.com") + "'"),
            0);
}

TEST_F(StoreAttemptLimiterTest, ConcurrentAttemptsOnTwoNodesNeverOvershootALimit) {
  constexpr int kLimit = 10;
  std::atomic<int> allowed{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    StoreAttemptLimiter* limiter = t % 2 ? limiter_a_.get() : limiter_b_.get();
    threads.emplace_back([limiter, &allowed, &errors] {
      for (int i = 0; i < 5; ++i) {
        AttemptLimiter::Attempt a;
        bool ok = false;
        if (!limiter->Acquire({{"key:order_id=ab123456", kLimit}}, 900, &a, &ok).ok()) ++errors;
        if (ok) ++allowed;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(allowed.load(), kLimit);
  EXPECT_EQ(Failures(*limiter_a_, "key:order_id=ab123456", 900), kLimit);
}

TEST_F(StoreAttemptLimiterTest, ExpiredFailuresAreSweptAsChargesGoBy) {
  AttemptLimiter::Attempt a;
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(Acquired(*limiter_a_, {{"address:198.51.100." + std::to_string(i), 5}}, 900, &a));
  EXPECT_EQ(QueryInt(Path(), "SELECT COUNT(*) FROM owner_attempts"), 20);
  clock_.Set(kStart + 900);  // all 20 have left their window
  ASSERT_TRUE(Acquired(*limiter_a_, {{"address:192.0.2.1", 5}}, 900, &a));
  EXPECT_EQ(QueryInt(Path(), "SELECT COUNT(*) FROM owner_attempts"), 1);
}

TEST_F(StoreAttemptLimiterTest, NothingLimitedWritesNothing) {
  AttemptLimiter::Attempt a;
  ASSERT_TRUE(Acquired(*limiter_a_, {{"address:x", 0}}, 900, &a));
  ASSERT_OK(limiter_a_->Forgive(a));
  EXPECT_EQ(QueryInt(Path(), "SELECT COUNT(*) FROM owner_attempts"), 0);
}

// A store that cannot write: the attempt is an error (the lookup reports it;
// nothing is revealed), nothing is charged, and the limiter works again once
// the store does (its key is read then, not when it was made).
TEST_F(StoreAttemptLimiterTest, AStoreThatFailsIsAnErrorAndNothingIsCharged) {
  FailingStore failing(node_a_.get());
  failing.set_fail_writes(true);
  StoreAttemptLimiter limiter(&failing, &clock_);
  AttemptLimiter::Attempt a;
  bool allowed = true;
  EXPECT_FALSE(limiter.Acquire({{"key:a", 3}}, 900, &a, &allowed).ok());
  EXPECT_FALSE(allowed);
  failing.set_fail_writes(false);
  ASSERT_TRUE(Acquired(limiter, {{"key:a", 3}}, 900, &a));
  EXPECT_EQ(Failures(limiter, "key:a", 900), 1);
  failing.set_fail_writes(true);
  EXPECT_FALSE(limiter.Acquire({{"key:a", 3}}, 900, &a, &allowed).ok());
  EXPECT_EQ(Failures(*limiter_b_, "key:a", 900), 1);  // the failed one charged nothing
}

TEST_F(StoreAttemptLimiterTest, ABadChargeIsRefusedWhole) {
  AttemptCharge charge;
  charge.attempt = "t";
  charge.now_unix = kStart;
  charge.window_seconds = 900;
  charge.counters = {{"ok", 3}, {std::string(129, 'x'), 3}};
  bool allowed = true, exhausted = true;
  EXPECT_EQ(node_a_->ChargeAttempt(charge, &allowed, &exhausted).code(),
            Status::Code::kInvalidArgument);
  EXPECT_FALSE(allowed);
  charge.counters = {{"ok", 0}};
  EXPECT_EQ(node_a_->ChargeAttempt(charge, &allowed, &exhausted).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(QueryInt(Path(), "SELECT COUNT(*) FROM owner_attempts"), 0);
}

}  // namespace
}  // namespace frontdesk
