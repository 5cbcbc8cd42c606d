// An answer lives in one place: intents that answer policy questions name
// FAQ entries (`faq:`), and templates quote them ({{answers.ID}}). Checked on
// the shipped starter pack, and the errors on small packs.
#include <memory>
#include <string>

#include "frontdesk/clock.h"
#include "engine/decide/compiled_pack.h"
#include "engine/faq/faq_index.h"
#include "engine/service/service.h"
#include "tests/pack_fixture.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;

class StarterFaqIntentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto src = testing::SourceDir();
    // The shop's lookups (the rules name them) on a shop.db built in the temp dir.
    dir_.Write("frontdesk.yaml", "packs: [" + (src / "intents").string() + ", " +
                                     (src / "rules").string() + ", " +
                                     (src / "examples/shop/lookups.yaml").string() +
                                     "]\nlanguages: [en, vi, es]\ndatabases:\n  - {path: shop.db, "
                                     "build_from: " + (src / "examples/shop/shop.sql").string() + "}\n");
    Diagnostics diags;
    pack_ = CompiledPack::Load((dir_.path() / "frontdesk.yaml").string(), &diags);
    ASSERT_NE(pack_, nullptr) << diags.ToString();
    service_ = std::make_unique<SupportService>(pack_, &store_, &clock_);
  }
  Decision Say(const std::string& text, const std::string& lang = "") {
    Message m;
    m.text = text;
    m.language = lang;
    m.conversation_id = "c" + std::to_string(++n_);
    Decision d;
    std::string replay;
    EXPECT_OK(service_->Handle(m, "", &d, &replay));
    return d;
  }
  std::string Answer(const std::string& entry, const std::string& lang) {
    const FaqEntry* e = pack_->faq()->Find(entry);
    EXPECT_NE(e, nullptr) << entry;
    return e ? e->answer.at(lang) : "";
  }
  testing::TempDir dir_;
  std::shared_ptr<const CompiledPack> pack_;
  MemoryConversationStore store_;
  FakeClock clock_{1700000000};
  std::unique_ptr<SupportService> service_;
  int n_ = 0;
};

TEST_F(StarterFaqIntentsTest, IntentAnswersWithTheEntryThatFitsTheMessage) {
  struct Case {
    const char* text;
    const char* lang;
    const char* intent;
    const char* entry;
  } cases[] = {
      {"which payment methods do you accept?", "en", "payment.methods", "payment-methods"},
      {"can I pay cash on delivery?", "en", "payment.methods", "cash-on-delivery"},
      {"how much does shipping cost?", "en", "delivery.cost", "shipping-cost"},
      {"phi ship bao nhieu vay shop", "vi", "delivery.cost", "shipping-cost"},
      {"¿hacen envíos internacionales?", "es", "delivery.international", "shipping-international"},
  };
  for (const Case& c : cases) {
    Decision d = Say(c.text);
    EXPECT_EQ(d.route, Route::kAnswer) << c.text;
    EXPECT_EQ(d.intent.value_or(""), c.intent) << c.text;
    EXPECT_EQ(d.faq_entry, c.entry) << c.text;
    EXPECT_EQ(d.reply, Answer(c.entry, c.lang)) << c.text;
    ASSERT_FALSE(d.trace.empty());
    EXPECT_EQ(d.trace.back().step, "faq") << c.text;
    EXPECT_EQ(d.trace.back().id, c.entry) << c.text;
  }
  // Counted as hits of the entry, so the FAQ page lists it higher.
  EXPECT_EQ(pack_->faq()->HitCount("shipping-cost"), 2);
}

TEST_F(StarterFaqIntentsTest, TemplatesQuoteTheKnowledgeBase) {
  Decision d = Say("how do I return a blender I don't want anymore");
  EXPECT_EQ(d.route, Route::kAsk);
  EXPECT_THAT(d.reply, HasSubstr(Answer("return-policy", "en")));
  d = Say("quiero devolver una batidora", "es");
  EXPECT_THAT(d.reply, HasSubstr(Answer("return-policy", "es")));
}

// Every intent's `faq` entries exist and have an answer in every language.
TEST_F(StarterFaqIntentsTest, EveryNamedEntryAnswersInEveryLanguage) {
  int named = 0;
  for (const IntentDef& intent : pack_->defs().intents) {
    for (const std::string& id : intent.faq) {
      ++named;
      for (const char* lang : {"en", "vi", "es"}) EXPECT_FALSE(Answer(id, lang).empty()) << id << " " << lang;
    }
    EXPECT_TRUE(intent.faq.empty() || intent.answer.empty()) << intent.id;
  }
  EXPECT_GE(named, 20);
}

TEST(FaqIntentsErrorsTest, UnknownEntriesBothAnswersAndUnknownQuotes) {
  testing::TempDir dir;
  dir.Write("frontdesk.yaml", testing::kFixtureConfig);
  dir.Write("p/pack.yaml", std::string(testing::kFixturePack) + R"(
faq:
  - id: returns
    category: Returns
    question: {en: "Can I return it?"}
    answer: {en: "Within 30 days."}
  - id: ship.abroad
    category: Shipping
    question: {en: "Do you ship abroad?"}
    answer: {en: "No."}
)");
  dir.Write("p/more.yaml", R"(language: en
intents:
  - id: return.info
    faq: [returns, no-such-entry]
    patterns: ['\breturn\b']
  - id: refund.info
    answer: greeting
    faq: returns
    patterns: ['\brefund\b']
templates:
  quoted: {en: "{{answers.returns}} {{answers.nope}} {{answers.ship.abroad}}"}
)");
  Diagnostics diags;
  auto pack = CompiledPack::Load((dir.path() / "frontdesk.yaml").string(), &diags);
  EXPECT_EQ(pack, nullptr);
  const std::string errors = diags.ToString();
  EXPECT_THAT(errors, HasSubstr("more.yaml:4:10: error: intent 'return.info' is answered by unknown FAQ entry 'no-such-entry'"));
  EXPECT_THAT(errors, HasSubstr("more.yaml:8:10: error: intent 'refund.info' answers with 'answer' or 'faq', not both"));
  EXPECT_THAT(errors, HasSubstr("template 'quoted' (en) uses unknown variable 'answers.nope'"));
  EXPECT_THAT(errors, ::testing::Not(HasSubstr("'answers.returns'")));
  EXPECT_THAT(errors, HasSubstr("template 'quoted' (en) quotes FAQ entry 'ship.abroad': ids with a dot cannot be quoted"));
}

}  // namespace
}  // namespace frontdesk
