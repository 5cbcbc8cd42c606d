// The similarity tier: the nearest example's intent takes a message that no
// pattern matches, only when the match is clear, and says why.
#include "engine/decide/similar_examples.h"

#include "tests/test_util.h"

namespace frontdesk {
namespace {

ExampleDef Example(const std::string& text, const std::string& language, int line) {
  ExampleDef e;
  e.text = text;
  e.language = language;
  e.loc = {"intents/" + language + "/x.yaml", line, 9};
  return e;
}

class SimilarExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IntentDef account;
    account.id = "account.delete";
    account.examples = {Example("I want to close my account for good", "en", 10),
                        Example("please delete my customer profile", "en", 11),
                        Example("xoa tai khoan cua toi", "vi", 12)};
    IntentDef invoice;
    invoice.id = "invoice.order";
    invoice.examples = {Example("I need the invoice for my purchase", "en", 20),
                        Example("download the bill of my last order", "en", 21)};
    defs_.intents = {account, invoice};
  }
  // BM25 scores grow with the index; a test index of five examples needs a
  // lower score floor than a real pack (the other thresholds as shipped).
  static SimilarityOptions Small() {
    SimilarityOptions o;
    o.min_score = 1.0;
    return o;
  }
  PackDefs defs_;
};

TEST_F(SimilarExamplesTest, NearestExampleTakesAClearMessage) {
  SimilarExamples similar(defs_, Small());
  SimilarExample s = similar.Nearest("how can i delete my customer profile", "en", {});
  EXPECT_EQ(s.intent, 0);
  ASSERT_NE(s.example, nullptr);
  EXPECT_EQ(s.example->loc.FileLine(), "intents/en/x.yaml:11");
  EXPECT_TRUE(s.confident) << s.Detail();
  EXPECT_GE(s.coverage, 0.75);
  EXPECT_NE(s.Detail().find("bm25 "), std::string::npos);
}

TEST_F(SimilarExamplesTest, OutOfScopeIsNotConfident) {
  SimilarExamples similar(defs_, Small());
  for (const char* text : {"what is the weather in hanoi tomorrow", "set an alarm for 7am",
                           "tell me a joke about my account manager"}) {
    SimilarExample s = similar.Nearest(text, "en", {});
    EXPECT_FALSE(s.confident) << text << ": " << s.Detail();
  }
}

TEST_F(SimilarExamplesTest, SearchesTheMessageLanguageFirst) {
  SimilarExamples similar(defs_, Small());
  SimilarExample s = similar.Nearest("xóa tài khoản của tôi", "vi", {});
  EXPECT_EQ(s.intent, 0);
  ASSERT_NE(s.example, nullptr);
  EXPECT_EQ(s.example->language, "vi");
  // A language with no examples searches all of them.
  EXPECT_EQ(similar.Nearest("delete my customer profile", "es", {}).intent, 0);
}

TEST_F(SimilarExamplesTest, VetoedIntentsAndTheExampleItselfAreLeftOut) {
  SimilarExamples similar(defs_, Small());
  // Only intent 0 shares words with the message: vetoed, nothing is left.
  EXPECT_EQ(similar.Nearest("please delete my customer profile", "en", {0}).intent, -1);
  const ExampleDef* self = &defs_.intents[0].examples[1];
  SimilarExample s = similar.Nearest(self->text, "en", {}, self);
  EXPECT_NE(s.example, self);
}

TEST_F(SimilarExamplesTest, BadInputFindsNothing) {
  SimilarExamples similar(defs_, Small());
  for (std::string text : {std::string(), std::string("   "), std::string("the a of to"),
                           std::string("\xff\xfe"), std::string(100000, 'x')}) {
    SimilarExample s = similar.Nearest(text, "en", {});
    EXPECT_FALSE(s.confident);
  }
  PackDefs empty;
  SimilarExamples none(empty, SimilarityOptions());
  EXPECT_EQ(none.Nearest("delete my account", "en", {}).intent, -1);
}

TEST_F(SimilarExamplesTest, DisabledOrStrictThresholdsTakeNothing) {
  SimilarityOptions off;
  off.enabled = false;
  EXPECT_EQ(SimilarExamples(defs_, off).Nearest("please delete my customer profile", "en", {}).intent, -1);
  SimilarityOptions strict;
  strict.min_score = 1000;
  EXPECT_FALSE(SimilarExamples(defs_, strict).Nearest("please delete my customer profile", "en", {}).confident);
}

}  // namespace
}  // namespace frontdesk
