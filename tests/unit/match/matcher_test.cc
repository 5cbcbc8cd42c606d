#include "engine/match/matcher.h"

#include <re2/re2.h>

#include <random>
#include <thread>

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

// Patterns QuickPattern decides get their RE2 on first need; their errors
// must still be reported by Build, at their location.
TEST(MatcherTest, ReportsErrorsOfPatternsCompiledOnFirstNeed) {
  Diagnostics d;
  auto m = BuildOrDie({R"(\border\b.{0,40}\b(?P<a-b>x)\b)", R"(\bwhere\b.{0,1001}\border\b)",
                       R"(\b(ab){2,1}\b.{0,5}x)", R"(\bfine\b.{0,40}\border\b)"},
                      &d);
  EXPECT_EQ(m, nullptr);
  ASSERT_EQ(d.errors().size(), 3u) << d.ToString();
  EXPECT_EQ(d.errors()[0].loc.ToString(), "p.yaml:1:7");
  EXPECT_THAT(d.errors()[0].message, ::testing::HasSubstr("invalid named capture group"));
  EXPECT_EQ(d.errors()[1].loc.ToString(), "p.yaml:2:7");
  EXPECT_THAT(d.errors()[1].message, ::testing::HasSubstr("invalid repetition size: {0,1001}"));
  EXPECT_EQ(d.errors()[2].loc.ToString(), "p.yaml:3:7");
}

TEST(MatcherTest, RefusesOversizedProgramsQuickPatternCouldDecide) {
  Diagnostics d;
  std::vector<PatternInput> in = {{R"(\bwhere\b.{0,200}\border\b)", {"p.yaml", 4, 7}}};
  MatcherOptions options;
  options.max_program_size = 500;
  EXPECT_EQ(Matcher::Build(in, options, &d), nullptr);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.errors()[0].loc.ToString(), "p.yaml:4:7");
  EXPECT_THAT(d.errors()[0].message, ::testing::HasSubstr("too large"));
}

// The first captures of a pattern build its RE2; threads asking at once must
// all get it, and the same captures.
TEST(MatcherTest, CapturesFromRe2BuiltOnFirstNeedOnManyThreads) {
  Diagnostics d;
  std::vector<std::string> patterns;
  for (int i = 0; i < 600; ++i)  // over 512: compiled in shards, as large packs are
    patterns.push_back(R"(\bw)" + std::to_string(i) + R"(\b.{0,20}(?P<order_id>[a-z]{2}[- ]?\d{6}))");
  auto m = BuildOrDie(patterns, &d);
  ASSERT_NE(m, nullptr) << d.ToString();
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 600; ++i) {
        std::string text = "x w" + std::to_string(i) + " order ab-123456";
        std::vector<PatternHit> hits;
        if (!m->Match(text, &hits).ok() || hits.size() != 1 || hits[0].captures.size() != 1) {
          results[t] += "bad " + std::to_string(i) + ";";
          continue;
        }
        const Capture& c = hits[0].captures[0];
        results[t] += std::to_string(hits[0].pattern) + "=" + text.substr(c.begin, c.end - c.begin) + ";";
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(results[0], ::testing::HasSubstr("599=ab-123456;"));
  EXPECT_THAT(results[0], ::testing::Not(::testing::HasSubstr("bad")));
  for (size_t t = 1; t < results.size(); ++t) EXPECT_EQ(results[t], results[0]);
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

// Stage 2 runs patterns anchored where their start literals stand and skips
// those that need more digits than the text has (pattern_shape.h): the hits
// and capture offsets must be those of an unanchored search over the whole
// text, including literals inside words, repeated starts, optional groups,
// top-level alternatives and anchors.
TEST(MatcherTest, AnchoredConfirmationAgreesWithFullScan) {
  const std::vector<std::string> words = {"where", "is", "my", "order", "reorder", "orders", "the", "cancel",
                                          "cancelled", "ab123456", "cd-204871", "12345", "a", "track",
                                          "tracking", "\xC3\xA1", "pkg", "ordertrack"};
  const std::vector<std::string> patterns = {
      R"(\bwhere\b.{0,20}\border\b)",
      R"(\b(where|track)\w*\b.{0,15}\b(?P<what>orders?|pkg)\b)",
      R"(\b(?:the |a )?order\b.{0,10}(?P<order_id>[a-z]{2}[- ]?\d{6}))",
      R"(order.{0,5}track)",
      R"(\bcancel\w*|\Btrack)",
      R"(\border\b.{0,30}$)",
      R"((?P<n>\d{5})\b)",
      R"(\b(is|my)+ order)"};
  Diagnostics d;
  auto m = BuildOrDie(patterns, &d);
  ASSERT_NE(m, nullptr) << d.ToString();
  std::vector<std::unique_ptr<RE2>> brute;
  RE2::Options o;
  o.set_case_sensitive(false);
  for (const auto& p : patterns) brute.push_back(std::make_unique<RE2>(p, o));
  std::mt19937 rng(11);
  for (int n = 0; n < 5000; ++n) {
    std::string text;
    for (int w = 0, len = 1 + rng() % 14; w < len; ++w) text += (w && rng() % 5 ? " " : "") + words[rng() % words.size()];
    std::vector<PatternHit> hits;
    ASSERT_OK(m->Match(text, &hits));
    std::string got, want;
    for (const PatternHit& h : hits) {
      got += " " + std::to_string(h.pattern);
      for (const Capture& c : h.captures) got += "[" + c.name + "=" + text.substr(c.begin, c.end - c.begin) + "@" + std::to_string(c.begin) + "]";
    }
    for (size_t i = 0; i < brute.size(); ++i) {
      const RE2& re = *brute[i];
      std::vector<re2::StringPiece> sub(static_cast<size_t>(re.NumberOfCapturingGroups() + 1));
      if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, sub.data(), static_cast<int>(sub.size()))) continue;
      want += " " + std::to_string(i);
      for (const auto& [name, group] : re.NamedCapturingGroups()) {
        const re2::StringPiece& c = sub[static_cast<size_t>(group)];
        if (c.data() == nullptr) continue;
        want += "[" + name + "=" + std::string(c.data(), c.size()) + "@" + std::to_string(c.data() - text.data()) + "]";
      }
    }
    ASSERT_EQ(got, want) << text;
  }
}

}  // namespace
}  // namespace frontdesk
