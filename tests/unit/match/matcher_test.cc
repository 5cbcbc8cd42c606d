#include "engine/match/matcher.h"

#include <re2/re2.h>

#include <random>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

std::unique_ptr<Matcher> BuildOrDie(const std::vector<std::string>& patterns, Diagnostics* d) {
  std::vector<PatternInput> in;
  for (size_t i = 0; i < patterns.size(); ++i) in.push_back({patterns[i], {"p.yaml", int(i) + 1, 7}});
  return Matcher::Build(in, MatcherOptions(), d);
}

std::vector<int> Hits(const Matcher& m, const std::string& text) {
  std::vector<PatternHit> hits;
  EXPECT_OK(m.Match(text, &hits));
  std::vector<int> ids;
  for (const auto& h : hits) ids.push_back(h.pattern);
  return ids;
}

TEST(MatcherTest, FindsPatternsWithGaps) {
  Diagnostics d;
  auto m = BuildOrDie({R"(\bwhere\b.{0,40}\border\b)", R"(\bcancel\w*\b.{0,30}\border\b)", "refund"}, &d);
  ASSERT_NE(m, nullptr) << d.ToString();
  EXPECT_THAT(Hits(*m, "where is my order"), ::testing::ElementsAre(0));
  EXPECT_THAT(Hits(*m, "please cancel my order, where is the refund"), ::testing::ElementsAre(1, 2));
  EXPECT_THAT(Hits(*m, "the weather is nice"), ::testing::IsEmpty());
}

TEST(MatcherTest, PatternsWithoutAtomsStillMatch) {
  Diagnostics d;
  auto m = BuildOrDie({R"(^\d{6}$)", R"(\b[a-z]{2}\d{6}\b)"}, &d);
  ASSERT_NE(m, nullptr);
  EXPECT_THAT(Hits(*m, "123456"), ::testing::ElementsAre(0));
  EXPECT_THAT(Hits(*m, "ab123456"), ::testing::ElementsAre(1));
}

TEST(MatcherTest, CapturesNamedGroupsOnlyWhereDeclared) {
  Diagnostics d;
  auto m = BuildOrDie({R"(order (?P<order_id>[a-z]{2}\d{6}))", "order"}, &d);
  ASSERT_NE(m, nullptr);
  std::vector<PatternHit> hits;
  ASSERT_OK(m->Match("my order ab123456 is late", &hits));
  ASSERT_EQ(hits.size(), 2u);
  ASSERT_EQ(hits[0].captures.size(), 1u);
  EXPECT_EQ(hits[0].captures[0].name, "order_id");
  EXPECT_EQ(hits[0].captures[0].begin, 9u);
  EXPECT_EQ(hits[0].captures[0].end, 17u);
  EXPECT_TRUE(hits[1].captures.empty());
}

TEST(MatcherTest, CaseInsensitiveAgainstFoldedText) {
  Diagnostics d;
  auto m = BuildOrDie({"Don Hang"}, &d);
  ASSERT_NE(m, nullptr);
  EXPECT_THAT(Hits(*m, "don hang cua toi"), ::testing::ElementsAre(0));
}

TEST(MatcherTest, ReportsRejectedPatternAtItsLocation) {
  Diagnostics d;
  auto m = BuildOrDie({"fine", "(unclosed", R"((?<=look)behind)"}, &d);
  EXPECT_EQ(m, nullptr);
  ASSERT_EQ(d.errors().size(), 2u);
  EXPECT_EQ(d.errors()[0].loc.ToString(), "p.yaml:2:7");
  EXPECT_THAT(d.errors()[0].message, ::testing::HasSubstr("pattern rejected by RE2: missing )"));
  EXPECT_EQ(d.errors()[1].loc.ToString(), "p.yaml:3:7");
}

TEST(MatcherTest, RefusesOversizedPrograms) {
  Diagnostics d;
  auto m = BuildOrDie({R"(\pL{0,1000})"}, &d);
  EXPECT_EQ(m, nullptr);
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.errors()[0].message, ::testing::HasSubstr("too large"));
}

TEST(MatcherTest, CountsLiteralCharacters) {
  EXPECT_EQ(Matcher::CountLiteralChars(R"(\bwhere\b.{0,40}\border\b)"), 10);
  EXPECT_EQ(Matcher::CountLiteralChars(R"((?P<order_id>[a-z]{2}\d{6}))"), 0);
  EXPECT_EQ(Matcher::CountLiteralChars(R"(a\.b)"), 3);
  EXPECT_EQ(Matcher::CountLiteralChars("(?:ab|cd)+"), 4);
}

TEST(MatcherTest, EmptyMatcherMatchesNothing) {
  Diagnostics d;
  auto m = BuildOrDie({}, &d);
  ASSERT_NE(m, nullptr);
  EXPECT_THAT(Hits(*m, "anything"), ::testing::IsEmpty());
}

// The two stages together must find exactly what running every pattern would.
TEST(MatcherTest, AgreesWithBruteForceOnRandomText) {
  const std::vector<std::string> words = {"where", "is", "my", "order", "cancel", "refund", "don",
                                          "hang", "pedido", "envio", "track", "package", "ab123456"};
  const std::vector<std::string> patterns = {
      R"(\bwhere\b.{0,20}\border\b)", R"(\bcancel.{0,10}order)", R"(\b(refund|envio)\b)",
      R"(\bdon hang\b)", R"(track\w*.{0,30}(package|order))", R"(\b[a-z]{2}\d{6}\b)", "pedido$"};
  Diagnostics d;
  auto m = BuildOrDie(patterns, &d);
  ASSERT_NE(m, nullptr);
  std::vector<std::unique_ptr<RE2>> brute;
  RE2::Options o;
  o.set_case_sensitive(false);
  for (const auto& p : patterns) brute.push_back(std::make_unique<RE2>(p, o));
  std::mt19937 rng(7);
  for (int n = 0; n < 2000; ++n) {
    std::string text;
    for (int w = 0, len = 1 + rng() % 12; w < len; ++w) text += (w ? " " : "") + words[rng() % words.size()];
    std::vector<int> expected;
    for (size_t i = 0; i < brute.size(); ++i)
      if (RE2::PartialMatch(text, *brute[i])) expected.push_back(int(i));
    ASSERT_EQ(Hits(*m, text), expected) << text;
  }
}

}  // namespace
}  // namespace frontdesk
