// The one parser of "<prefix><id>_<secret>" tokens (API keys, agents).
#include "engine/service/bearer_token.h"

#include <string>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

TEST(BearerTokenTest, FormatsAndParsesBack) {
  const std::string token = FormatBearerToken("fda_", 42, "deadbeef");
  EXPECT_EQ(token, "fda_42_deadbeef");
  int64_t id = 0;
  std::string_view secret;
  ASSERT_TRUE(ParseBearerToken(token, "fda_", &id, &secret));
  EXPECT_EQ(id, 42);
  EXPECT_EQ(secret, "deadbeef");
}

TEST(BearerTokenTest, RefusesAnythingElse) {
  int64_t id = 0;
  std::string_view secret;
  for (const std::string& bad :
       {std::string(""), std::string("fda_"), std::string("fda_1"), std::string("fda_1_"),
        std::string("fda__abc"), std::string("fda_0_abc"), std::string("fda_-1_abc"),
        std::string("fda_1x_abc"), std::string("fd_1_abc"), std::string("fda_99999999999999999999_a"),
        "fda_1_" + std::string(kMaxBearerTokenBytes, 'a')}) {
    EXPECT_FALSE(ParseBearerToken(bad, "fda_", &id, &secret)) << bad;
  }
  // An API key's token is not an agent's, and the other way round.
  EXPECT_FALSE(ParseBearerToken("fda_1_abc", "fd_", &id, &secret));
}

}  // namespace
}  // namespace frontdesk
