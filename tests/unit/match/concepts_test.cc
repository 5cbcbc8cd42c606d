// Concepts: {name} in a pattern becomes an alternation of the concept's
// words; unknown and unused concepts are reported where they are written;
// the trace says which word matched.
#include "engine/match/concepts.h"

#include "engine/decide/assistant.h"
#include "engine/decide/compiled_pack.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

TEST(ConceptsTest, ExpandsNamesIntoQuotedAlternationsLongestFirst) {
  ConceptWords words = {{"order_word", {"order", "don hang", "a.b"}}};
  ConceptExpansion e = ExpandConcepts(R"(\b{order_word}\b.{0,30}\bstatus{2}\b)", words);
  EXPECT_EQ(e.pattern, R"(\b(?:don\ hang|order|a\.b)\b.{0,30}\bstatus{2}\b)");
  EXPECT_EQ(e.used, std::vector<std::string>{"order_word"});
  EXPECT_TRUE(e.unknown.empty());
}

TEST(ConceptsTest, LeavesRepetitionsEscapesAndUnknownNamesAlone) {
  ConceptWords words = {{"x", {"y"}}};
  ConceptExpansion e = ExpandConcepts(R"(a{1,3} \{x\} {nope} {x} {Bad} {x)", words);
  EXPECT_EQ(e.pattern, R"(a{1,3} \{x\} {nope} (?:y) {Bad} {x)");
  EXPECT_EQ(e.unknown, std::vector<std::string>{"nope"});
  EXPECT_EQ(e.used, std::vector<std::string>{"x"});
  EXPECT_EQ(ExpandConcepts("", words).pattern, "");
}

TEST(ConceptsTest, NamesAndWordsInText) {
  EXPECT_TRUE(IsConceptName("order_word2"));
  for (const char* bad : {"", "Order", "2x", "a-b", "_a", "a b"}) EXPECT_FALSE(IsConceptName(bad)) << bad;
  EXPECT_EQ(ConceptWordIn("my purchase is late", {"order", "purchase"}), "purchase");
  EXPECT_EQ(ConceptWordIn("reordered", {"order"}), "");
  EXPECT_EQ(ConceptWordIn("don hang cua toi", {"don hang", "don"}), "don hang");
  EXPECT_EQ(ConceptWordIn("", {"order"}), "");
}

class ConceptPackTest : public ::testing::Test {
 protected:
  std::shared_ptr<const CompiledPack> Load(const std::string& pack, std::string* errors) {
    dir_.Write("frontdesk.yaml", "packs: [p]\nlanguages: [en, vi]\n");
    dir_.Write("p/pack.yaml", pack);
    Diagnostics diags;
    auto compiled = CompiledPack::Load((dir_.path() / "frontdesk.yaml").string(), &diags);
    *errors = diags.ToString();
    return compiled;
  }
  testing::TempDir dir_;
};

TEST_F(ConceptPackTest, MatchesEveryWordAndTracesTheOneThatMatched) {
  std::string errors;
  auto pack = Load(R"(language: en
concepts:
  order_word: {en: [order, purchase], vi: [Đơn hàng]}
templates:
  fallback: {en: "?"}
  ok: {en: "ok"}
intents:
  - id: order.status
    answer: ok
    patterns: ['\b{order_word}\b.{0,20}\b(status|where|dau)\b']
)", &errors);
  ASSERT_NE(pack, nullptr) << errors;
  SystemClock clock;
  AssistantServices services;
  services.clock = &clock;
  Assistant assistant(pack, services);
  for (const auto& [text, word] : std::vector<std::pair<std::string, std::string>>{
           {"where is my Purchase status", "purchase"}, {"đơn hàng của tôi ở đâu", "don hang"}}) {
    Message m;
    m.text = text;
    ConversationState in, out;
    Decision d;
    ASSERT_OK(assistant.Decide(m, in, &out, &d));
    ASSERT_TRUE(d.intent.has_value()) << text;
    EXPECT_EQ(*d.intent, "order.status");
    bool traced = false;
    for (const auto& t : d.trace)
      traced = traced || (t.step == "match" && t.detail.find("{order_word} = " + word) != std::string::npos);
    EXPECT_TRUE(traced) << text;
  }
}

TEST_F(ConceptPackTest, UnknownUnusedAndBadConceptsAreReportedWhereWritten) {
  std::string errors;
  auto pack = Load(R"(language: en
concepts:
  used: [a]
  spare: [b]
  Bad-Name: [c]
  empty: []
templates:
  fallback: {en: "?"}
intents:
  - id: x
    patterns: ['{used} {missing}']
)", &errors);
  EXPECT_EQ(pack, nullptr);
  EXPECT_THAT(errors, ::testing::HasSubstr("pack.yaml:4:3: error: concept 'spare' is used by no pattern"));
  EXPECT_THAT(errors, ::testing::HasSubstr("pack.yaml:5:3: error: concept name 'Bad-Name' must be lower-case"));
  EXPECT_THAT(errors, ::testing::HasSubstr("pack.yaml:6:3: error: concept 'empty' has no words"));
  EXPECT_THAT(errors, ::testing::HasSubstr("pack.yaml:11:16: error: pattern uses unknown concept {missing}"));
}

}  // namespace
}  // namespace frontdesk
