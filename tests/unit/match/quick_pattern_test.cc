#include "engine/match/quick_pattern.h"

#include <re2/re2.h>

#include <random>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

// RE2 as the Matcher compiles patterns: case-insensitive, UTF-8, defaults.
bool Re2Matches(const std::string& pattern, const std::string& text) {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  RE2 re(pattern, o);
  EXPECT_TRUE(re.ok()) << pattern << ": " << re.error();
  return RE2::PartialMatch(text, re);
}

bool Quick(const std::string& pattern, const std::string& text) {
  auto q = QuickPattern::Compile(pattern);
  EXPECT_NE(q, nullptr) << pattern;
  EXPECT_TRUE(QuickPattern::Supports(text)) << text;
  return q != nullptr && q->Matches(text, nullptr);
}

TEST(QuickPatternTest, GapsAreCountedInCodePointsUpToN) {
  const std::string p = R"(\b(where|track)\b.{0,5}\b(order|parcel)\b)";
  EXPECT_TRUE(Quick(p, "where 123 order"));  // " 123 ": 5 between the words
  EXPECT_TRUE(Quick(p, "where  12 order"));
  EXPECT_FALSE(Quick(p, "where 1234 order"));  // 6
  // "é" and "😀" are one code point each, as RE2's `.` counts them.
  EXPECT_TRUE(Quick(p, "track \xC3\xA9\xF0\x9F\x98\x80\xC3\xA9 parcel"));
  EXPECT_FALSE(Quick(p, "track \xC3\xA9\xF0\x9F\x98\x80\xC3\xA9\xC3\xA9 parcel"));
  // `.` does not match a newline; \s does.
  EXPECT_FALSE(Quick(p, "where\n order"));
  EXPECT_TRUE(Quick(R"(\bwhere\b\s+order)", "where\n order"));
}

TEST(QuickPatternTest, WordBoundariesAreAscii) {
  EXPECT_FALSE(Quick(R"(\border\b)", "reorder"));
  EXPECT_FALSE(Quick(R"(\border\b)", "order_id"));
  EXPECT_TRUE(Quick(R"(\border\b)", "\xC3\xA9order\xC3\xA9"));  // non-ASCII is not a word byte for \b
  EXPECT_TRUE(Quick(R"(\Border)", "reorder"));
  EXPECT_TRUE(Quick(R"(\bcancel\w*\b)", "cancelled!"));
  EXPECT_TRUE(Quick(R"(^\W*(hi|hello)\W*$)", "  Hello!! "));
  EXPECT_FALSE(Quick(R"(^\W*(hi|hello)\W*$)", "hello there"));
}

TEST(QuickPatternTest, ClassesCapturesAndRepetitions) {
  const std::string id = R"(\border\b.{0,15}(?P<order_id>[a-z]{2}[- ]?\d{6})\b)";
  EXPECT_TRUE(Quick(id, "my ORDER number AB-123456 please"));
  EXPECT_FALSE(Quick(id, "my order number AB-12345 please"));
  EXPECT_FALSE(Quick(id, "my order number AB-1234567 please"));
  EXPECT_TRUE(Quick(R"([^a-c]{3})", "ab\n\xC3\xA9z"));
  EXPECT_TRUE(Quick(R"(x(?:ab){2,3}?y)", "xababy"));
  EXPECT_FALSE(Quick(R"(x(?:ab){2,3}y)", "xabababab"));
  EXPECT_TRUE(Quick(R"(\b(i|we) (just )?(ordered|bought)\b)", "We just bought"));
  EXPECT_TRUE(Quick(R"(a(|b)c)", "ac"));
}

TEST(QuickPatternTest, RefusesWhatItDoesNotHandle) {
  for (const char* p : {R"((?i)order)", R"(\pL+)", R"(\x41)", R"(\Qa.b\E)", "caf\xC3\xA9", R"([[:alpha:]])",
                        R"(a{,5})", R"(\C)", R"((?s).)"}) {
    EXPECT_EQ(QuickPattern::Compile(p), nullptr) << p;
  }
}

TEST(QuickPatternTest, SupportsOnlyValidUtf8WithoutCaseFoldingSurprises) {
  EXPECT_TRUE(QuickPattern::Supports("plain \xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(QuickPattern::Supports("bad \xC3"));
  EXPECT_FALSE(QuickPattern::Supports("bad \xC0\x80"));
  EXPECT_FALSE(QuickPattern::Supports("surrogate \xED\xA0\x80"));
  EXPECT_FALSE(QuickPattern::Supports("kelvin \xE2\x84\xAA"));  // RE2 folds it to k
  EXPECT_FALSE(QuickPattern::Supports("long s \xC5\xBF"));      // and this to s
}

// Random patterns of the pieces intent patterns are made of, and random texts
// of the same words with separators, digits, multi-byte characters and
// newlines: QuickPattern must agree with RE2 on every pair.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string Pattern() {
    std::string p;
    int parts = Between(1, 4);
    for (int k = 0; k < parts; ++k) {
      if (k > 0) p += Joint();
      p += Piece();
    }
    if (Chance(10)) p = "^" + p;
    if (Chance(10)) p += "$";
    if (Chance(10)) p += "|" + Piece();
    return p;
  }

  std::string Text() {
    std::string t;
    int n = Between(0, 12);
    for (int k = 0; k < n; ++k) {
      t += Pick(kFillers);
      t += Chance(70) ? Word() : Pick(kOdd);
    }
    return t + Pick(kFillers);
  }

  // A word, exactly n code points (spaces at both ends, "x" or multi-byte
  // characters between), a word.
  std::string GapText(int n) {
    std::string gap;
    for (int k = 0; k < n; ++k) gap += k == 0 || k == n - 1 ? " " : Chance(80) ? "x" : Pick(kMultiByte);
    return Word() + gap + Word();
  }

  std::string Word() { return Chance(15) ? Upper(Pick(kWords)) : Pick(kWords); }
  int Between(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<uint32_t>(hi - lo + 1)); }

 private:
  static inline const std::vector<std::string> kWords = {"where", "order", "orders", "track", "my", "the", "a",
                                                         "cancel", "cancelled", "ab", "s23", "galaxy", "is"};
  static inline const std::vector<std::string> kFillers = {" ", " ", "  ", ", ", "\n", "-", "_", ""};
  static inline const std::vector<std::string> kOdd = {"123456", "ab-123456", "12", "\xC3\xA9", "\xF0\x9F\x98\x80",
                                                       "\xC2\xA1", "d\xC6\xA1n", "?!", "\t"};
  static inline const std::vector<std::string> kMultiByte = {"\xC3\xA9", "\xF0\x9F\x98\x80", "\xE1\xBB\x9F"};

  bool Chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  const std::string& Pick(const std::vector<std::string>& v) { return v[rng_() % v.size()]; }
  static std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return s;
  }

  std::string Words() {
    std::string a;
    for (int n = Between(1, 3), k = 0; k < n; ++k) a += (k ? "|" : "") + Pick(kWords);
    return a;
  }

  std::string Piece() {
    switch (Between(0, 9)) {
      case 0: return "\\b(" + Words() + ")\\b";
      case 1: return "\\b" + Pick(kWords) + "\\w*";
      case 2: return "(?:" + Words() + ") ?";
      case 3: return "(?P<id>[a-z]{2}[- ]?\\d{" + std::to_string(Between(1, 6)) + "})";
      case 4: return "(" + Words() + ")s?";
      case 5: return "\\b(?:the |a )?" + Pick(kWords);
      case 6: return "[^a-c ]+";
      case 7: return "\\W*";
      case 8: return "\\d+";
      default: return Pick(kWords);
    }
  }

  std::string Joint() {
    switch (Between(0, 5)) {
      case 0: return "\\b.{0," + std::to_string(Between(0, 12)) + "}\\b";
      case 1: return ".{" + std::to_string(Between(1, 3)) + "," + std::to_string(Between(3, 9)) + "}";
      case 2: return " ";
      case 3: return "\\s+";
      case 4: return ".?";
      default: return "";
    }
  }

  std::mt19937 rng_;
};

TEST(QuickPatternTest, AgreesWithRe2OnGeneratedPatternsAndTexts) {
  Generator g(12);
  int compared = 0, matched = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string pattern = g.Pattern();
    auto q = QuickPattern::Compile(pattern);
    ASSERT_NE(q, nullptr) << pattern;
    for (int k = 0; k < 40; ++k) {
      std::string text = g.Text();
      ASSERT_TRUE(QuickPattern::Supports(text));
      bool want = Re2Matches(pattern, text);
      ASSERT_EQ(q->Matches(text, nullptr), want) << "pattern " << pattern << "\ntext '" << text << "'";
      ++compared;
      matched += want;
    }
  }
  // The generator must produce both answers often enough to test anything.
  EXPECT_GT(matched, compared / 20);
  EXPECT_LT(matched, compared - compared / 20);
}

TEST(QuickPatternTest, AgreesWithRe2AtGapsOfNAndNPlusOne) {
  Generator g(7);
  for (int i = 0; i < 400; ++i) {
    int n = g.Between(0, 40);
    std::string pattern = "\\b(" + g.Word() + "|" + g.Word() + ")\\b.{0," + std::to_string(n) + "}\\b(" + g.Word() +
                          "|" + g.Word() + ")\\b";
    for (int len : {n, n + 1, n + 2}) {
      std::string text = g.GapText(len);
      ASSERT_EQ(Quick(pattern, text), Re2Matches(pattern, text)) << pattern << "\ntext '" << text << "'";
    }
  }
}

int Re2ProgramSize(const std::string& pattern) {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  RE2 re(pattern, o);
  EXPECT_TRUE(re.ok()) << pattern;
  return re.ProgramSize();
}

// The Matcher builds a pattern's RE2 only on first need when this bound is
// within its program size limit, so it must never be below RE2's size.
TEST(QuickPatternTest, ProgramBoundIsAtLeastRe2sProgramSize) {
  Generator g(99);
  for (int i = 0; i < 3000; ++i) {
    std::string pattern = g.Pattern();
    auto q = QuickPattern::Compile(pattern);
    ASSERT_NE(q, nullptr) << pattern;
    ASSERT_GE(q->program_bound(), Re2ProgramSize(pattern)) << pattern;
  }
  for (std::string pattern : {R"(\b(a|b)\b.{0,50}\b(c|d)\b.{0,50}\b(e|f)\b.{0,50}x)", R"([^\n]{0,200})",
                              R"((?:(?:a|b).{2,9}){3,7})", R"([\W\d]{0,30}\s*.?$)", R"(\w{1000})"}) {
    auto q = QuickPattern::Compile(pattern);
    ASSERT_NE(q, nullptr) << pattern;
    EXPECT_GE(q->program_bound(), Re2ProgramSize(pattern)) << pattern;
    EXPECT_LT(q->program_bound(), 12 * Re2ProgramSize(pattern)) << pattern;  // not uselessly loose
  }
}

TEST(QuickPatternTest, StartsLimitWhereMatchesBegin) {
  auto q = QuickPattern::Compile(R"(\border\b)");
  ASSERT_NE(q, nullptr);
  std::vector<uint32_t> at_order = {4}, elsewhere = {0, 1};
  EXPECT_TRUE(q->Matches("the order", &at_order));
  EXPECT_FALSE(q->Matches("the order", &elsewhere));
}

}  // namespace
}  // namespace frontdesk
