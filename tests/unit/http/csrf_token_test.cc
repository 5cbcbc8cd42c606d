#include "adapters/http/csrf_token.h"

#include <memory>
#include <string>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using Check = CsrfTokens::Check;

constexpr int64_t kNow = 1'700'000'000;
constexpr int64_t kLifetime = 4 * 3600;

class CsrfTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(CsrfTokens::Create(kLifetime, &tokens_));
    ASSERT_OK(CsrfTokens::NewCookieValue(&cookie_));
    ASSERT_OK(tokens_->Issue(cookie_, kNow, &token_));
  }
  std::unique_ptr<CsrfTokens> tokens_;
  std::string cookie_, token_;
};

TEST_F(CsrfTokenTest, ATokenIsGoodWithItsCookieWhileItLives) {
  EXPECT_THAT(token_, ::testing::MatchesRegex("1700000000\\.[0-9a-f]{32}\\.[0-9a-f]{64}"));
  EXPECT_TRUE(CsrfTokens::IsCookieValue(cookie_));
  EXPECT_EQ(tokens_->Verify(token_, cookie_, kNow), Check::kOk);
  EXPECT_EQ(tokens_->Verify(token_, cookie_, kNow + kLifetime), Check::kOk);
  EXPECT_EQ(tokens_->Verify(token_, cookie_, kNow + kLifetime + 1), Check::kExpired);
  EXPECT_EQ(tokens_->Verify(token_, cookie_, kNow - 3600), Check::kExpired);  // from the future
}

TEST_F(CsrfTokenTest, ATokenIsBoundToItsCookie) {
  std::string other;
  ASSERT_OK(CsrfTokens::NewCookieValue(&other));
  EXPECT_NE(other, cookie_);
  EXPECT_EQ(tokens_->Verify(token_, other, kNow), Check::kForged);
  EXPECT_EQ(tokens_->Verify(token_, "", kNow), Check::kMissing);
  EXPECT_EQ(tokens_->Verify("", cookie_, kNow), Check::kMissing);
  EXPECT_EQ(tokens_->Verify(token_, "not-hex-at-all", kNow), Check::kForged);
}

TEST_F(CsrfTokenTest, AnotherKeyOrAnEditedTokenIsRefused) {
  std::unique_ptr<CsrfTokens> restarted;
  ASSERT_OK(CsrfTokens::Create(kLifetime, &restarted));
  EXPECT_EQ(restarted->Verify(token_, cookie_, kNow), Check::kForged);
  // A later time with the old signature: the signature covers the time.
  std::string later = std::to_string(kNow + 100) + token_.substr(token_.find('.'));
  EXPECT_EQ(tokens_->Verify(later, cookie_, kNow + 100), Check::kForged);
  std::string flipped = token_;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_EQ(tokens_->Verify(flipped, cookie_, kNow), Check::kForged);
  for (const std::string& bad : {std::string("x"), std::string("1.2"), std::string("a.b.c"),
                                 token_ + ".", "+" + token_, token_.substr(0, token_.size() - 1)})
    EXPECT_NE(tokens_->Verify(bad, cookie_, kNow), Check::kOk) << bad;
}

TEST(CsrfTokenKeyTest, AFixedKeyGivesTheSameSignature) {
  CsrfTokens a("key", kLifetime), b("key", kLifetime), c("other key", kLifetime);
  std::string cookie(32, 'a'), token;
  ASSERT_OK(a.Issue(cookie, kNow, &token));
  EXPECT_EQ(b.Verify(token, cookie, kNow), Check::kOk);
  EXPECT_EQ(c.Verify(token, cookie, kNow), Check::kForged);
}

}  // namespace
}  // namespace frontdesk
