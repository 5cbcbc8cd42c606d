// ApiKeys on a real SQLite store: tokens, the constant-time check, and the
// short memory of keys that spares each request a read of the store.
#include "engine/service/api_keys.h"

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "engine/store/sqlite_store.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::OpenStoreOrFail;
using ::frontdesk::testing::TempDir;
using ::frontdesk::testing::TempStoreOptions;
using Code = Status::Code;

class ApiKeysTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::unique_ptr<Store> store_ = OpenStoreOrFail(TempStoreOptions(dir_));
};

TEST_F(ApiKeysTest, ATokenOpensItsKeyAndNothingElseDoes) {
  ApiKeys keys(store_.get());
  std::string token;
  ApiKey made, found;
  ASSERT_OK(keys.Create("backend", &token, &made));
  ASSERT_OK(keys.Authenticate(token, &found));
  EXPECT_EQ(found.id, made.id);
  EXPECT_EQ(found.name, "backend");
  std::string wrong = token;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  for (const std::string& t : {wrong, std::string("fd_") + std::to_string(made.id) + "_", std::string("fd_99_abc"),
                               std::string("nonsense"), std::string()}) {
    EXPECT_EQ(keys.Authenticate(t, &found).code(), Code::kPermissionDenied) << t;
  }
  // Remembered, the key still checks the secret of every request.
  EXPECT_EQ(keys.Authenticate(wrong, &found).code(), Code::kPermissionDenied);
}

TEST_F(ApiKeysTest, AKeyRemovedElsewhereStopsWorkingOnceItsMemoryRunsOut) {
  ApiKeys serving(store_.get(), std::chrono::milliseconds(300));
  std::string token;
  ApiKey made, found;
  ASSERT_OK(serving.Create("backend", &token, &made));
  ASSERT_OK(serving.Authenticate(token, &found));  // now remembered
  // Another process (frontdesk key remove) removes it from the store.
  auto other = OpenStoreOrFail(TempStoreOptions(dir_));
  ASSERT_OK(other->RemoveApiKey("backend"));
  EXPECT_OK(serving.Authenticate(token, &found));  // within the 300 ms
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  EXPECT_EQ(serving.Authenticate(token, &found).code(), Code::kPermissionDenied);
  EXPECT_EQ(serving.Authenticate(token, &found).code(), Code::kPermissionDenied);
}

TEST_F(ApiKeysTest, ARemovalThroughTheSameObjectTakesEffectAtOnce) {
  ApiKeys keys(store_.get(), std::chrono::hours(1));
  std::string token;
  ApiKey made, found;
  ASSERT_OK(keys.Create("backend", &token, &made));
  ASSERT_OK(keys.Authenticate(token, &found));
  ASSERT_OK(keys.Remove("backend"));
  EXPECT_EQ(keys.Authenticate(token, &found).code(), Code::kPermissionDenied);
}

TEST_F(ApiKeysTest, WithoutMemoryEveryRequestReadsTheStore) {
  ApiKeys keys(store_.get(), std::chrono::milliseconds(0));
  std::string token;
  ApiKey made, found;
  ASSERT_OK(keys.Create("backend", &token, &made));
  ASSERT_OK(keys.Authenticate(token, &found));
  auto other = OpenStoreOrFail(TempStoreOptions(dir_));
  ASSERT_OK(other->RemoveApiKey("backend"));
  EXPECT_EQ(keys.Authenticate(token, &found).code(), Code::kPermissionDenied);
}

}  // namespace
}  // namespace frontdesk
