// Typo tolerance: unknown words are put back to the pack's own words (edit
// distance 1 for short words, 2 for long ones, ties never guessed), real
// words and slot values are never touched, and each correction is traced.
#include "engine/match/typo_corrector.h"

#include "engine/decide/assistant.h"
#include "engine/decide/compiled_pack.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

std::shared_ptr<const SpellingDictionary> Words(std::vector<std::string> words) {
  return SpellingDictionary::FromWords(words);
}

TEST(EditDistanceTest, CountsInsertDeleteSubstituteAndSwap) {
  EXPECT_EQ(EditDistance("cancel", "cancel", 2), 0);
  EXPECT_EQ(EditDistance("cancfel", "cancel", 2), 1);      // insert
  EXPECT_EQ(EditDistance("infrm", "inform", 2), 1);        // delete
  EXPECT_EQ(EditDistance("reclamagion", "reclamacion", 2), 1);  // substitute
  EXPECT_EQ(EditDistance("refnud", "refund", 2), 1);       // swap of neighbours
  EXPECT_EQ(EditDistance("abcdef", "badcfe", 5), 3);
  EXPECT_EQ(EditDistance("order", "xyz", 2), 3);           // capped at max + 1
  EXPECT_EQ(EditDistance("", "ab", 2), 2);
}

TEST(TypoCorrectorTest, CorrectsToTheOneNearestVocabularyWord) {
  TypoCorrector c({"cancel", "address", "inform", "reclamacion", "refund", "delivery"}, {});
  EXPECT_EQ(c.CorrectionFor("cancfel"), "cancel");
  EXPECT_EQ(c.CorrectionFor("adress"), "address");
  EXPECT_EQ(c.CorrectionFor("infrm"), "inform");
  EXPECT_EQ(c.CorrectionFor("reclamagion"), "reclamacion");
  EXPECT_EQ(c.CorrectionFor("refnud"), "refund");
  EXPECT_EQ(c.CorrectionFor("delivry"), "delivery");
  EXPECT_EQ(c.CorrectionFor("dellivry"), "delivery");  // long word: two edits
  EXPECT_EQ(c.CorrectionFor("cnacfel"), "");          // short word: one edit only
  EXPECT_EQ(c.CorrectionFor("cancel"), "");           // already a pack word
  EXPECT_EQ(c.CorrectionFor("zzzz"), "");             // nothing near
}

TEST(TypoCorrectorTest, NeverGuessesATie) {
  TypoCorrector c({"deliver", "delivery"}, {});
  EXPECT_EQ(c.CorrectionFor("delivey"), "");  // one edit from both
  EXPECT_EQ(c.CorrectionFor("delivre"), "deliver");
  // ... unless the tied words are one concept's: they mean the same.
  TypoCorrector same({"refund", "refnd", "refuse"}, {}, {{"refund", "refnd"}, {"refuse"}});
  EXPECT_EQ(same.CorrectionFor("refnud"), "refund");
  TypoCorrector two({"refund", "refuse"}, {}, {{"refund"}, {"refuse"}});
  EXPECT_EQ(two.CorrectionFor("refuxe"), "refuse");
  EXPECT_EQ(two.CorrectionFor("refune"), "");  // refund or refuse: a real tie
}

TEST(TypoCorrectorTest, LeavesWordsTheDictionaryKnows) {
  TypoCorrector c({"cancel", "informacion"}, {Words({"cancer", "información"})});
  EXPECT_EQ(c.CorrectionFor("cancer"), "");           // a real word, not a typo
  EXPECT_EQ(c.CorrectionFor("informacin"), "informacion");
  EXPECT_EQ(c.CorrectionFor("cancle"), "cancel");
}

TEST(TypoCorrectorTest, EmptyVocabularyOrDictionaryIsHarmless) {
  TypoCorrector none({}, {Words({})});
  EXPECT_EQ(none.CorrectionFor("cancfel"), "");
  TypoCorrector only_vocabulary({"cancel"}, {Words({})});
  EXPECT_EQ(only_vocabulary.CorrectionFor("cancfel"), "cancel");
  FoldedText t;
  ASSERT_OK(FoldText("", InvalidUtf8::kRepair, &t));
  std::vector<TypoCorrection> fixed;
  only_vocabulary.Correct(&t, &fixed);
  EXPECT_TRUE(fixed.empty());
  EXPECT_EQ(t.folded, "");
}

TEST(TypoCorrectorTest, RewritesTheMessageAndKeepsOffsetsIntoTheOriginal) {
  TypoCorrector c({"cancel", "order", "address", "please"}, {});
  FoldedText t;
  ASSERT_OK(FoldText("Pleese CANCFEL ordr AB123456, adress: ann@mail.com!", InvalidUtf8::kRepair, &t));
  std::vector<TypoCorrection> fixed;
  c.Correct(&t, &fixed);
  EXPECT_EQ(t.folded, "please cancel order ab123456, address: ann@mail.com!");
  ASSERT_EQ(fixed.size(), 4u);
  EXPECT_EQ(fixed[1].from, "cancfel");
  EXPECT_EQ(fixed[1].to, "cancel");
  ASSERT_EQ(t.origin.size(), t.folded.size() + 1);
  // The order number is cut from the original text, case and all.
  size_t b = t.folded.find("ab123456");
  EXPECT_EQ(t.original.substr(t.origin[b], t.origin[b + 8] - t.origin[b]), "AB123456");
  // The corrected word maps back to the whole word it replaced.
  size_t w = t.folded.find("cancel");
  EXPECT_EQ(t.original.substr(t.origin[w], t.origin[w + 6] - t.origin[w]), "CANCFEL");
}

TEST(TypoCorrectorTest, SlotValuesAndShortWordsAreNeverTouched) {
  TypoCorrector c({"order", "shop", "mail", "code", "www"}, {});
  FoldedText t;
  ASSERT_OK(FoldText("ordr1 ann@shpo.com e-mial ko dc sp 75OO8 wwww.shop.com", InvalidUtf8::kRepair, &t));
  std::string before = t.folded;
  std::vector<TypoCorrection> fixed;
  c.Correct(&t, &fixed);
  EXPECT_EQ(t.folded, before);
  EXPECT_TRUE(fixed.empty());
}

TEST(TypoCorrectorTest, AMessageOfOnlyTyposIsCorrectedWordByWord) {
  TypoCorrector c({"where", "order", "package", "delivered"}, {});
  FoldedText t;
  ASSERT_OK(FoldText("wehre ordr packge delivred", InvalidUtf8::kRepair, &t));
  std::vector<TypoCorrection> fixed;
  c.Correct(&t, &fixed);
  EXPECT_EQ(t.folded, "where order package delivered");
  EXPECT_EQ(fixed.size(), 4u);
}

TEST(VocabularyTest, WordsOfTextAndOfPatterns) {
  std::vector<std::string> w;
  AddTextWords("where's my order #12, ab12 cd isn't", &w);
  EXPECT_EQ(w, (std::vector<std::string>{"order"}));  // no "where", "isn" halves
  w.clear();
  AddPatternWords(R"((?i)\bpedid[oa]s?\b|(?:refund|money back)\p{Latin}\d+(?P<num>x))", &w);
  EXPECT_EQ(w, (std::vector<std::string>{"pedid", "refund", "money", "back"}));
}

TEST(SpellingDictionaryTest, MissingFilesAreNotFoundAndBadOnesRefused) {
  std::unique_ptr<SpellingDictionary> d;
  EXPECT_EQ(SpellingDictionary::Open("/nonexistent/xx_XX", &d).code(), Status::Code::kNotFound);
  testing::TempDir dir;
  dir.Write("bad.aff", "SET UTF-8\n");
  dir.Write("bad.dic", "not a count\nword\n");
  EXPECT_EQ(SpellingDictionary::Open((dir.path() / "bad").string(), &d).code(),
            Status::Code::kInvalidArgument);
  dir.Write("empty.aff", "SET UTF-8\n");
  dir.Write("empty.dic", "0\n");
  ASSERT_OK(SpellingDictionary::Open((dir.path() / "empty").string(), &d));
  EXPECT_EQ(d->size(), 0u);
  EXPECT_FALSE(d->Knows("cancel"));
}

TEST(SpellingDictionaryTest, DebianDictionariesKnowFoldedWords) {
  for (const char* base : {"/usr/share/hunspell/en_US", "/usr/share/hunspell/es_ES",
                           "/usr/share/hunspell/vi_VN"}) {
    std::shared_ptr<const SpellingDictionary> d;
    ASSERT_OK(SpellingDictionary::Shared(base, &d));  // installed by scripts/install-deps.sh
  }
  std::shared_ptr<const SpellingDictionary> en, es, vi;
  ASSERT_OK(SpellingDictionary::Shared("/usr/share/hunspell/en_US", &en));
  ASSERT_OK(SpellingDictionary::Shared("/usr/share/hunspell/es_ES", &es));
  ASSERT_OK(SpellingDictionary::Shared("/usr/share/hunspell/vi_VN", &vi));
  EXPECT_TRUE(en->Knows("cancels"));    // through Hunspell's affixes
  EXPECT_TRUE(en->Knows("cancer"));
  EXPECT_FALSE(en->Knows("cancfel"));
  EXPECT_TRUE(es->Knows("informacion"));  // "información", derived from "informar"
  EXPECT_TRUE(es->Knows("envio"));        // "envío", an entry
  EXPECT_FALSE(es->Knows("informacon"));
  EXPECT_TRUE(vi->Knows("khong"));        // "không", folded
  EXPECT_FALSE(vi->Knows("khongg"));
}

class TypoPackTest : public ::testing::Test {
 protected:
  std::shared_ptr<const CompiledPack> Load(const std::string& config, std::string* errors) {
    dir_.Write("frontdesk.yaml", config);
    dir_.Write("p/pack.yaml", R"(language: en
templates:
  fallback: {en: "?"}
  ok: {en: "ok"}
slots:
  order_id: {pattern: '\b[A-Za-z]{2}\d{6}\b'}
intents:
  - id: order.cancel
    answer: ok
    slots: [order_id]
    patterns: ['\bcancel\b.{0,20}\border\b']
    examples: ["please cancel my order"]
)");
    Diagnostics diags;
    auto compiled = CompiledPack::Load((dir_.path() / "frontdesk.yaml").string(), &diags);
    *errors = diags.ToString();
    return compiled;
  }
  testing::TempDir dir_;
};

TEST_F(TypoPackTest, CorrectionsAreTracedAndSlotsKeepTheOriginal) {
  std::string errors;
  auto pack = Load("packs: [p]\nlanguages: [en]\n", &errors);
  ASSERT_NE(pack, nullptr) << errors;
  SystemClock clock;
  AssistantServices services;
  services.clock = &clock;
  Assistant assistant(pack, services);
  Message m;
  m.text = "plese cancfel my ordr XY123456";
  ConversationState in, out;
  Decision d;
  ASSERT_OK(assistant.Decide(m, in, &out, &d));
  ASSERT_TRUE(d.intent.has_value());
  EXPECT_EQ(*d.intent, "order.cancel");
  EXPECT_EQ(d.slots["order_id"], "XY123456");
  std::vector<std::string> typos;
  for (const auto& t : d.trace)
    if (t.step == "typo") typos.push_back(t.detail);
  EXPECT_EQ(typos, (std::vector<std::string>{"plese -> please", "cancfel -> cancel", "ordr -> order"}));
}

TEST_F(TypoPackTest, DisabledMeansNoCorrection) {
  std::string errors;
  auto pack = Load("packs: [p]\nlanguages: [en]\ntypos: {enabled: false}\n", &errors);
  ASSERT_NE(pack, nullptr) << errors;
  EXPECT_EQ(pack->typos(), nullptr);
}

TEST_F(TypoPackTest, AMissingDictionaryIsAConfigError) {
  std::string errors;
  auto pack = Load("packs: [p]\nlanguages: [en]\ntypos:\n  dictionaries: {en: dict/none}\n", &errors);
  EXPECT_EQ(pack, nullptr);
  EXPECT_THAT(errors, ::testing::HasSubstr("frontdesk.yaml:4:"));
  EXPECT_THAT(errors, ::testing::HasSubstr("typos: language 'en': no Hunspell dictionary"));
  auto other = Load("packs: [p]\nlanguages: [en, xx]\n", &errors);
  EXPECT_EQ(other, nullptr);
  EXPECT_THAT(errors, ::testing::HasSubstr("no dictionary known for language 'xx'"));
}

TEST_F(TypoPackTest, AnEmptyDictionaryLeavesTheVocabularyToDecide) {
  dir_.Write("dict/empty.aff", "SET UTF-8\n");
  dir_.Write("dict/empty.dic", "0\n");
  std::string errors;
  auto pack = Load("packs: [p]\nlanguages: [en]\ntypos:\n  dictionaries: {en: dict/empty}\n", &errors);
  ASSERT_NE(pack, nullptr) << errors;
  ASSERT_NE(pack->typos(), nullptr);
  EXPECT_EQ(pack->typos()->CorrectionFor("cancfel"), "cancel");
}

}  // namespace
}  // namespace frontdesk
