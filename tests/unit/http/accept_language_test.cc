#include "adapters/http/accept_language.h"

#include "tests/test_util.h"

namespace frontdesk {
namespace {

const std::vector<std::string> kOurs = {"en", "vi", "es"};

TEST(AcceptLanguageTest, PicksTheHighestWeightWeHave) {
  EXPECT_EQ(PreferredLanguage("vi-VN,vi;q=0.9,en;q=0.5", kOurs), "vi");
  EXPECT_EQ(PreferredLanguage("fr-FR, fr;q=0.9, es;q=0.8, en;q=0.7", kOurs), "es");
  EXPECT_EQ(PreferredLanguage("en;q=0.2, ES-mx;q=0.6", kOurs), "es");
  EXPECT_EQ(PreferredLanguage("de, *;q=0.1", kOurs), "en");  // anything: our first
  EXPECT_EQ(PreferredLanguage("es;q=0.5, vi;q=0.5", kOurs), "es");  // a tie: the header's order
}

TEST(AcceptLanguageTest, NothingWhenNothingFits) {
  EXPECT_EQ(PreferredLanguage("", kOurs), "");
  EXPECT_EQ(PreferredLanguage("fr, de;q=0.8", kOurs), "");
  EXPECT_EQ(PreferredLanguage("vi;q=0, fr", kOurs), "");  // q=0: not this one
  EXPECT_EQ(PreferredLanguage(";;;,,,=", kOurs), "");
  EXPECT_EQ(PreferredLanguage("vi;q=banana", kOurs), "");
}

}  // namespace
}  // namespace frontdesk
