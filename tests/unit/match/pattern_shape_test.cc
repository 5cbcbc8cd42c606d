#include "engine/match/pattern_shape.h"

#include "tests/test_util.h"

namespace frontdesk {
namespace {

// "text" for a literal, "\btext" when a \b stands before it.
std::vector<std::string> Starts(std::string_view pattern) {
  std::vector<std::string> out;
  for (const StartLiteral& s : AnalyzePattern(pattern).starts) out.push_back((s.word_boundary ? "\\b" : "") + s.text);
  return out;
}

TEST(PatternShapeTest, StartsOfAlternationsAndStems) {
  EXPECT_THAT(Starts(R"(\b(where|track)\b.{0,40}\b(order|package)\b)"),
              ::testing::ElementsAre("\\btrack", "\\bwhere"));
  EXPECT_THAT(Starts(R"(\bcancel\w*\b.{0,30}\border\b)"), ::testing::ElementsAre("\\bcancel"));
  EXPECT_THAT(Starts(R"(\bhow much\b.{0,40}\bcost\b)"), ::testing::ElementsAre("\\bhow much"));
  EXPECT_THAT(Starts("Don Hang"), ::testing::ElementsAre("don hang"));
}

TEST(PatternShapeTest, StopsBeforeARepeatedCharacter) {
  EXPECT_THAT(Starts(R"(\b(tvs?|television)\b)"), ::testing::ElementsAre("\\btelevision", "\\btv"));
  EXPECT_THAT(Starts(R"(\bair ?con\b)"), ::testing::ElementsAre("\\bair"));
  EXPECT_THAT(Starts(R"(a\.b)"), ::testing::ElementsAre("a.b"));
}

TEST(PatternShapeTest, OptionalGroupLeavesTheStartToWhatFollows) {
  EXPECT_THAT(Starts(R"(\b(?:the |a )?order\b)"), ::testing::ElementsAre("\\ba ", "\\border", "\\bthe "));
  EXPECT_THAT(Starts(R"(\b(?P<x>one|two)+ three)"), ::testing::ElementsAre("\\bone", "\\btwo"));
  EXPECT_THAT(Starts("x|\\By"), ::testing::ElementsAre("x", "y"));
}

TEST(PatternShapeTest, ClaimsNothingItCannotProve) {
  EXPECT_THAT(Starts(R"(^\W*hello)"), ::testing::IsEmpty());           // anchored
  EXPECT_THAT(Starts(R"(\bthanks\b|^\W*ty\b)"), ::testing::IsEmpty());  // one branch anchored
  EXPECT_THAT(Starts(R"(order$)"), ::testing::IsEmpty());
  EXPECT_THAT(Starts(R"(\b[a-z]{2}\d{6}\b)"), ::testing::IsEmpty());    // a class first
  EXPECT_THAT(Starts(R"(.{0,5}order)"), ::testing::IsEmpty());
  EXPECT_THAT(Starts(R"((?i)order)"), ::testing::IsEmpty());            // flags
  EXPECT_THAT(Starts(R"(\Qa)b\E)"), ::testing::IsEmpty());
  EXPECT_THAT(Starts(R"((?:the )?\w+)"), ::testing::IsEmpty());         // optional, then a class
  EXPECT_THAT(Starts(R"((a|))"), ::testing::IsEmpty());                 // may match nothing
  EXPECT_THAT(Starts("s?x"), ::testing::IsEmpty());
  EXPECT_THAT(Starts("c\xC3\xA1" "ch"), ::testing::ElementsAre("c"));  // stops before non-ASCII
  EXPECT_THAT(Starts("\xC3\xA1" "b"), ::testing::IsEmpty());
}

TEST(PatternShapeTest, RequiredDigitRuns) {
  EXPECT_EQ(AnalyzePattern(R"(\btarde\b.{0,40}\b(?P<order_id>[a-z]{2}[- ]?\d{6})\b)").min_digit_run, 6);
  EXPECT_EQ(AnalyzePattern(R"(\d\d[0-9]{2,})").min_digit_run, 4);
  EXPECT_EQ(AnalyzePattern(R"(\d{3}-\d{2})").min_digit_run, 3);
  EXPECT_EQ(AnalyzePattern(R"(\d+\d?\d)").min_digit_run, 2);
  EXPECT_EQ(AnalyzePattern(R"((\d{6})?order)").min_digit_run, 0);  // optional
  EXPECT_EQ(AnalyzePattern(R"(\d{6}|order)").min_digit_run, 0);    // alternatives
  EXPECT_EQ(AnalyzePattern(R"((?:\d{4}|x)y)").min_digit_run, 0);
  EXPECT_EQ(AnalyzePattern(R"(^\d{6}$)").min_digit_run, 6);  // anchors do not matter here
  EXPECT_EQ(AnalyzePattern(R"((?i)\d{6})").min_digit_run, 0);  // flags: nothing claimed
}

TEST(PatternShapeTest, PrefilterSourceWritesTopLevelGapsAsStars) {
  EXPECT_EQ(PrefilterSource(R"(\b(where|track)\b.{0,40}\b(order)\b.{2,5}?x)"), R"(\b(where|track)\b.*\b(order)\b.*?x)");
  EXPECT_EQ(PrefilterSource(R"(a.{3}b.{1,}c)"), R"(a.*b.*c)");
  // Left alone: inside a group (a repetition around it multiplies), in a
  // class, escaped, invalid or followed by another repetition.
  for (const char* p : {R"((a.{0,5}b){3})", R"([.]{0,5}x)", R"(\.{0,5}x)", R"(a.{0,1001}b)", R"(a.{5,2}b)",
                        R"(a.{0,5}*b)", R"(a.{,5}b)", R"(a.{0,5)"}) {
    EXPECT_EQ(PrefilterSource(p), p);
  }
}

}  // namespace
}  // namespace frontdesk
