// Every validation error kind, reported as FILE:LINE:COL with all errors at once.
#include "engine/decide/compiled_pack.h"

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;

const char kTemplates[] = R"(templates:
  fallback: {en: "Sorry?"}
  ask.order_id: {en: "Order number?"}
  escalated: {en: "Ticket {{ticket.id}}"}
)";

const char kIntent[] = R"(language: en
slots:
  order_id: {pattern: '\b[a-z]{2}\d{6}\b', transform: upper}
intents:
  - id: order.status
    slots: [order_id]
    patterns: ['\bwhere\b.{0,40}\border\b']
    examples: [where is my order]
)";

class PackLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("frontdesk.yaml", "packs: [p]\nlanguages: [en, vi]\n");
  }
  // Loads the pack; returns the diagnostics (empty when it loaded).
  std::string Load() {
    Diagnostics d;
    pack_ = CompiledPack::Load((dir_.path() / "frontdesk.yaml").string(), &d);
    EXPECT_EQ(pack_ == nullptr, !d.ok());
    std::string out = d.ToString();
    // Paths are absolute; tests compare the part after the pack directory.
    std::string prefix = (dir_.path() / "").string();
    for (size_t pos; (pos = out.find(prefix)) != std::string::npos;) out.erase(pos, prefix.size());
    return out;
  }
  testing::TempDir dir_;
  std::shared_ptr<const CompiledPack> pack_;
};

TEST_F(PackLoaderTest, LoadsAValidPack) {
  dir_.Write("p/a.yaml", kIntent);
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_EQ(Load(), "");
  ASSERT_NE(pack_, nullptr);
  EXPECT_EQ(pack_->defs().intents.size(), 1u);
}

TEST_F(PackLoaderTest, ReportsYamlSyntaxErrorWithOneBasedLocation) {
  dir_.Write("p/a.yaml", "intents: [1, 2\n");
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_THAT(Load(), HasSubstr("p/a.yaml:2:1: error:"));
}

TEST_F(PackLoaderTest, ReportsUnknownKeysAndWrongTypes) {
  dir_.Write("p/a.yaml", std::string(kIntent) + "    prority: 3\n  - id: x\n    priority: high\n    patterns: 'x'\n");
  dir_.Write("p/t.yaml", kTemplates);
  std::string errors = Load();
  EXPECT_THAT(errors, HasSubstr("p/a.yaml:9:5: error: unknown key 'prority' in intent"));
  EXPECT_THAT(errors, HasSubstr("p/a.yaml:11:15: error: 'priority' must be an integer"));
  EXPECT_THAT(errors, HasSubstr("p/a.yaml:12:15: error: 'patterns' must be a list"));
}

TEST_F(PackLoaderTest, ReportsPatternRe2RejectsAtThePattern) {
  dir_.Write("p/a.yaml", "language: en\nintents:\n  - id: a\n    patterns:\n      - 'ok'\n      - '(?<=x)y'\n");
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_THAT(Load(), HasSubstr("p/a.yaml:6:9: error: pattern rejected by RE2: invalid perl operator"));
}

TEST_F(PackLoaderTest, ReportsDuplicateIdsAcrossFiles) {
  dir_.Write("p/a.yaml", kIntent);
  dir_.Write("p/b.yaml", "language: en\nintents:\n  - id: order.status\n    patterns: ['x']\n");
  dir_.Write("p/t.yaml", kTemplates);
  dir_.Write("p/u.yaml", "templates:\n  fallback: {en: again}\n");
  std::string errors = Load();
  EXPECT_THAT(errors, HasSubstr("p/b.yaml:3:9: error: duplicate intent 'order.status' for language 'en' "
                                "(first defined at p/a.yaml:5:5)"));
  EXPECT_THAT(errors, HasSubstr("p/u.yaml:2:3: error: duplicate template 'fallback' (first defined at p/t.yaml:2:3)"));
}

TEST_F(PackLoaderTest, SameIntentInTwoLanguagesMerges) {
  dir_.Write("p/a.yaml", kIntent);
  dir_.Write("p/b.yaml", "language: vi\nintents:\n  - id: order.status\n    patterns: ['don hang']\n");
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_EQ(Load(), "");
  ASSERT_NE(pack_, nullptr);
  EXPECT_EQ(pack_->defs().intents[0].patterns.size(), 2u);
}

TEST_F(PackLoaderTest, ReportsDuplicateYamlKeys) {
  dir_.Write("p/a.yaml", "language: en\nlanguage: vi\n");
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_THAT(Load(), HasSubstr("p/a.yaml:2:1: error: duplicate key 'language' (first at 1:1)"));
}

TEST_F(PackLoaderTest, RefusesAliases) {
  dir_.Write("p/a.yaml", "a: &x [1]\nb: *x\n");
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_THAT(Load(), HasSubstr("aliases are not allowed"));
}

TEST_F(PackLoaderTest, RefusesAPatternSwallowedByAnUnterminatedQuote) {
  dir_.Write("p/a.yaml", "language: en\nintents:\n  - id: a\n    patterns:\n      - \"where is my order\n      - id: b\n");
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_THAT(Load(), HasSubstr("p/a.yaml:5:9: error: a pattern runs over more than one line"));
}

TEST_F(PackLoaderTest, ReportsRulesNamingUnknownThings) {
  dir_.Write("p/a.yaml", kIntent);
  dir_.Write("p/t.yaml", kTemplates);
  dir_.Write("p/r.yaml", R"(rules:
  - id: r1
    description: test
    when: {intent: order.statuss, missing: [order_number], channel: fax}
    then:
      - reply: no-such-template
      - ask: phone
)");
  std::string errors = Load();
  EXPECT_THAT(errors, HasSubstr("p/r.yaml:2:5: error: rule 'r1' names unknown intent 'order.statuss'"));
  EXPECT_THAT(errors, HasSubstr("rule 'r1' names unknown slot 'order_number'"));
  EXPECT_THAT(errors, HasSubstr("rule 'r1' names unknown channel 'fax'"));
  EXPECT_THAT(errors, HasSubstr("p/r.yaml:6:16: error: rule 'r1' names unknown template 'no-such-template'"));
  EXPECT_THAT(errors, HasSubstr("p/r.yaml:7:14: error: rule 'r1' names unknown slot 'phone'"));
}

TEST_F(PackLoaderTest, ReportsTemplatesUsingUnknownVariables) {
  dir_.Write("p/a.yaml", kIntent);
  dir_.Write("p/t.yaml", std::string(kTemplates) +
                             "  x: {en: 'Order {{slots.order_id}} for {{custmer.name}} {{slots.nope}}'}\n"
                             "  y: {en: '{{#lookup.rows}}{{anything}}{{/lookup.rows}} {{#open}}'}\n");
  std::string errors = Load();
  EXPECT_THAT(errors, HasSubstr("p/t.yaml:5:11: error: template 'x' (en) uses unknown variable 'custmer.name'"));
  EXPECT_THAT(errors, HasSubstr("template 'x' (en) uses unknown variable 'slots.nope'"));
  EXPECT_THAT(errors, HasSubstr("template 'y' (en): section 'open' is never closed"));
  EXPECT_THAT(errors, ::testing::Not(HasSubstr("anything")));
}

TEST_F(PackLoaderTest, ReportsMissingFallbackAndUnknownLanguage) {
  dir_.Write("p/a.yaml", "language: fr\nintents:\n  - id: a\n    patterns: [x]\n");
  std::string errors = Load();
  EXPECT_THAT(errors, HasSubstr("no 'fallback' template"));
  EXPECT_THAT(errors, HasSubstr("p/a.yaml:1:1: error: language 'fr' is not one of the config's languages"));
}

TEST_F(PackLoaderTest, ReportsEveryErrorAtOnce) {
  dir_.Write("p/a.yaml", "language: en\nintents:\n  - id: a\n    patterns: ['(']\n  - id: b\n    patterns: ['[']\n  - id: c\n    bogus: 1\n    patterns: [c]\n");
  dir_.Write("p/t.yaml", kTemplates);
  std::string errors = Load();
  EXPECT_THAT(errors, HasSubstr("p/a.yaml:4:16"));
  EXPECT_THAT(errors, HasSubstr("p/a.yaml:6:16"));
  EXPECT_THAT(errors, HasSubstr("p/a.yaml:8:5"));
}

TEST_F(PackLoaderTest, ReportsConfigErrors) {
  dir_.Write("frontdesk.yaml", "packs: [nowhere]\nlanguages: [en]\nbusiness_hours: {mon: '9-5'}\nstore: {synchronous: sometimes}\n");
  std::string errors = Load();
  EXPECT_THAT(errors, HasSubstr("frontdesk.yaml:1:8: error: pack directory 'nowhere' does not exist"));
  EXPECT_THAT(errors, HasSubstr("frontdesk.yaml:3:23: error: opening hours must look like 08:00-18:00"));
  EXPECT_THAT(errors, HasSubstr("synchronous must be full or normal"));
}

TEST_F(PackLoaderTest, NamedGroupsMustBeDeclaredSlots) {
  dir_.Write("p/a.yaml", "language: en\nintents:\n  - id: a\n    patterns: ['order (?P<order>\\d+)']\n");
  dir_.Write("p/t.yaml", kTemplates);
  EXPECT_THAT(Load(), HasSubstr("p/a.yaml:4:16: error: named group 'order' is not one of intent 'a''s slots"));
}

}  // namespace
}  // namespace frontdesk
