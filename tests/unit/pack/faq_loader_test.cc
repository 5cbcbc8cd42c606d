#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/decide/assistant.h"
#include "frontdesk/clock.h"
#include "engine/decide/compiled_pack.h"
#include "engine/faq/faq_answerer.h"
#include "engine/pack/faq_def.h"
#include "engine/pack/pack.h"
#include "engine/pack/pack_loader.h"
#include "engine/text/text.h"
#include "engine/pack/yaml_tree.h"
#include "tests/starter_faq.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

// Reads `yaml` as the pack file `file` (pack `pack_index`) into *defs.
void Read(const std::string& file, const std::string& yaml, PackDefs* defs, Diagnostics* diags,
          int pack_index = 0) {
  Config config;
  YamlNode root;
  ASSERT_TRUE(ParseYaml(file, yaml, YamlLimits(), &root, diags)) << diags->ToString();
  const YamlNode* faq = root.Find("faq");
  ASSERT_NE(faq, nullptr);
  const YamlNode* lang = root.Find("language");
  ReadFaq(*faq, config, lang ? lang->scalar : "", pack_index, defs, diags);
}

// Reads `yaml` through the pack loader, then runs the cross-reference check.
std::string Errors(const std::string& yaml) {
  Config config;
  PackDefs defs;
  Diagnostics diags;
  YamlNode root;
  if (ParseYaml("faq.yaml", yaml, YamlLimits(), &root, &diags))
    ReadPackFile(root, config, 0, &defs, &diags);
  ValidateFaq(defs, &diags);
  return diags.ToString();
}

const char kEntry[] =
    "faq:\n"
    "  - id: shipping-international\n"
    "    category: ' Shipping / International '\n"
    "    question: {en: \"Do you ship abroad?\", vi: \"Shop có giao hàng quốc tế không?\"}\n"
    "    answer: {en: \"Yes, to 30 countries.\", vi: \"Có, tới 30 nước.\"}\n"
    "    keywords: {en: [abroad, overseas], vi: quoc te}\n"
    "    related: [shipping-cost]\n"
    "  - id: shipping-cost\n"
    "    category: Shipping\n"
    "    question: {en: \"How much is shipping?\"}\n"
    "    answer: {en: \"30,000 VND.\"}\n";

TEST(FaqLoaderTest, ReadsEveryField) {
  PackDefs defs;
  Diagnostics diags;
  Read("faq.yaml", kEntry, &defs, &diags);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  ASSERT_EQ(defs.faq.size(), 2u);
  const FaqEntry& e = defs.faq[0];
  EXPECT_EQ(e.id, "shipping-international");
  EXPECT_EQ(e.category, "Shipping/International");
  EXPECT_EQ(e.question.at("vi"), "Shop có giao hàng quốc tế không?");
  EXPECT_EQ(e.answer.at("en"), "Yes, to 30 countries.");
  EXPECT_EQ(e.keywords.at("en"), (std::vector<std::string>{"abroad", "overseas"}));
  EXPECT_EQ(e.keywords.at("vi"), (std::vector<std::string>{"quoc te"}));
  EXPECT_EQ(e.related, (std::vector<std::string>{"shipping-cost"}));
  EXPECT_EQ(e.loc.ToString(), "faq.yaml:2:5");
  EXPECT_EQ(e.id_loc.ToString(), "faq.yaml:2:9");
  EXPECT_EQ(e.related_loc.at(0).ToString(), "faq.yaml:7:15");
  EXPECT_FALSE(e.has_intent);
  EXPECT_TRUE(defs.intents.empty());
  Diagnostics cross;
  ValidateFaq(defs, &cross);
  EXPECT_TRUE(cross.ok()) << cross.ToString();
}

TEST(FaqLoaderTest, FileLanguageAllowsPlainStrings) {
  PackDefs defs;
  Diagnostics diags;
  Read("faq.yaml",
       "language: es\n"
       "faq:\n"
       "  - id: gift-cards\n"
       "    category: Payment\n"
       "    question: \"¿Tienen tarjetas regalo?\"\n"
       "    answer: \"Sí.\"\n"
       "    keywords: [tarjeta regalo, vale]\n",
       &defs, &diags);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  EXPECT_EQ(defs.faq.at(0).question.at("es"), "¿Tienen tarjetas regalo?");
  EXPECT_EQ(defs.faq.at(0).keywords.at("es").size(), 2u);
}

TEST(FaqLoaderTest, ReportsUnknownKeysAndMissingFieldsWithLocations) {
  EXPECT_EQ(Errors("faq:\n"
                   "  - id: a\n"
                   "    category: X\n"
                   "    question: {en: \"Q?\"}\n"
                   "    anwser: {en: \"A.\"}\n"),
            "faq.yaml:2:5: error: FAQ entry 'a' needs 'answer'\n"
            "faq.yaml:5:5: error: unknown key 'anwser' in FAQ entry (expected one of: id, "
            "category, question, answer, keywords, related, patterns, negative, examples, "
            "counter_examples)\n");
}

TEST(FaqLoaderTest, ReportsDuplicateIdsWithBothLocations) {
  EXPECT_EQ(Errors("faq:\n"
                   "  - id: a\n"
                   "    category: X\n"
                   "    question: {en: \"Q?\"}\n"
                   "    answer: {en: \"A.\"}\n"
                   "  - id: a\n"
                   "    category: Y\n"
                   "    question: {en: \"Q2?\"}\n"
                   "    answer: {en: \"A2.\"}\n"),
            "faq.yaml:6:9: error: duplicate FAQ entry 'a' (first defined at faq.yaml:2:9)\n");
}

TEST(FaqLoaderTest, ReportsUnknownAndSelfRelatedEntries) {
  EXPECT_EQ(Errors("faq:\n"
                   "  - id: a\n"
                   "    category: X\n"
                   "    question: {en: \"Q?\"}\n"
                   "    answer: {en: \"A.\"}\n"
                   "    related: [b, a,\n"
                   "              nope]\n"
                   "  - id: b\n"
                   "    category: X\n"
                   "    question: {en: \"Q?\"}\n"
                   "    answer: {en: \"A.\"}\n"),
            "faq.yaml:6:18: error: FAQ entry 'a' lists itself as related\n"
            "faq.yaml:7:15: error: FAQ entry 'a' names unknown related entry 'nope'\n");
}

TEST(FaqLoaderTest, ReportsLanguagesTextsAndIds) {
  EXPECT_EQ(Errors("faq:\n"
                   "  - id: 'bad id'\n"
                   "    category: X\n"
                   "    question: {en: Q}\n"
                   "    answer: {en: A}\n"
                   "  - id: b\n"
                   "    category: Shipping//Intl\n"
                   "    question: {en: \"Q?\", fr: \"Q?\"}\n"
                   "    answer: {en: \"Hi {{customer.name}}\", vi: \" \"}\n"
                   "    keywords: {en: {a: b}}\n"
                   "  - id: c\n"
                   "    category: X\n"
                   "    question: \"Q?\"\n"
                   "    answer: {en: A}\n"),
            "faq.yaml:2:9: error: FAQ id 'bad id' may use only letters, digits, '.', '_' and '-'\n"
            "faq.yaml:7:15: error: FAQ entry 'b': category 'Shipping//Intl' has an empty part "
            "(write A/B/C)\n"
            "faq.yaml:8:26: error: language 'fr' is not one of the config's languages\n"
            "faq.yaml:9:13: error: FAQ entry 'b' has a question in 'fr' but no answer\n"
            "faq.yaml:9:18: error: FAQ entry 'b': answer (en) must be plain text ('{{' is not "
            "allowed)\n"
            "faq.yaml:9:46: error: FAQ entry 'b': answer (vi) is empty\n"
            "faq.yaml:10:20: error: 'keywords' (en) must be a string or a list of strings, not a "
            "map\n"
            "faq.yaml:13:15: error: 'question' must be a map of language -> text (or set the "
            "file's 'language'), not a string\n");
}

TEST(FaqLoaderTest, RefusesANonListSection) {
  EXPECT_EQ(Errors("faq: {id: a}\n"), "faq.yaml:1:6: error: 'faq' must be a list of entries, not a map\n");
}

const char kWithPatterns[] =
    "faq:\n"
    "  - id: opening-hours\n"
    "    category: Stores\n"
    "    question: {en: \"When are you open?\", vi: \"Mấy giờ mở cửa?\"}\n"
    "    answer: {en: \"8 am to 6 pm.\", vi: \"8 giờ đến 18 giờ.\"}\n"
    "    patterns:\n"
    "      en: ['\\bopening hours\\b']\n"
    "      vi: ['\\bmay gio mo cua\\b']\n"
    "    examples: {en: [what are your opening hours], vi: [mấy giờ mở cửa]}\n";

TEST(FaqLoaderTest, EntryWithPatternsBecomesIntentAndTemplate) {
  PackDefs defs;
  Diagnostics diags;
  Read("faq.yaml", kWithPatterns, &defs, &diags);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  ASSERT_EQ(defs.intents.size(), 1u);
  const IntentDef& intent = defs.intents[0];
  EXPECT_EQ(intent.id, "faq.opening-hours");
  EXPECT_EQ(intent.faq, std::vector<std::string>{"opening-hours"});  // answered by its entry
  EXPECT_EQ(intent.answer, "");
  EXPECT_EQ(intent.languages, (std::vector<std::string>{"en", "vi"}));
  ASSERT_EQ(intent.patterns.size(), 2u);
  EXPECT_EQ(intent.patterns[1].source, "\\bmay gio mo cua\\b");
  EXPECT_EQ(intent.patterns[1].language, "vi");
  EXPECT_EQ(intent.patterns[1].loc.ToString(), "faq.yaml:8:12");
  EXPECT_EQ(intent.examples.size(), 2u);
  EXPECT_EQ(intent.loc.ToString(), "faq.yaml:2:5");
  const TemplateDef& t = defs.templates.at("faq.opening-hours");
  EXPECT_EQ(t.text.at("vi"), "8 giờ đến 18 giờ.");
  EXPECT_EQ(t.text_loc.at("en").ToString(), "faq.yaml:5:18");
  EXPECT_TRUE(defs.faq.at(0).has_intent);
}

TEST(FaqLoaderTest, LaterPackReplacesEntryAndWhatItGenerated) {
  PackDefs defs;
  Diagnostics diags;
  Read("shipped.yaml", kWithPatterns, &defs, &diags, 0);
  Read("site.yaml",
       "faq:\n"
       "  - id: opening-hours\n"
       "    category: Stores\n"
       "    question: {en: \"When are you open?\"}\n"
       "    answer: {en: \"9 am to 5 pm.\"}\n",
       &defs, &diags, 1);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  ASSERT_EQ(defs.faq.size(), 1u);
  EXPECT_EQ(defs.faq[0].answer.at("en"), "9 am to 5 pm.");
  EXPECT_TRUE(defs.intents.empty());
  EXPECT_FALSE(defs.templates.count("faq.opening-hours"));
  Read("site.yaml", "faq:\n  - id: opening-hours\n    category: S\n    question: {en: Q}\n    answer: {en: A}\n",
       &defs, &diags, 1);
  EXPECT_EQ(diags.ToString(),
            "site.yaml:2:9: error: duplicate FAQ entry 'opening-hours' (first defined at "
            "site.yaml:2:9)\n");
}

TEST(FaqLoaderTest, GeneratedIntentMustNotCollide) {
  PackDefs defs;
  Diagnostics diags;
  IntentDef existing;
  existing.id = "faq.opening-hours";
  existing.loc = {"intents.yaml", 3, 5};
  defs.intents.push_back(existing);
  Read("faq.yaml", kWithPatterns, &defs, &diags);
  EXPECT_EQ(diags.ToString(),
            "faq.yaml:2:9: error: FAQ entry 'opening-hours' with patterns becomes intent "
            "'faq.opening-hours', which is already defined at intents.yaml:3:5\n");
}

// One source: the entry's patterns route through the normal matcher and its
// answer is the reply; the FAQ texts are not copied anywhere else.
TEST(FaqLoaderTest, EntryWithPatternsAnswersThroughTheMatcher) {
  PackDefs defs;
  Diagnostics diags;
  Read("faq.yaml", kWithPatterns, &defs, &diags);
  TemplateDef fallback;
  fallback.id = "fallback";
  fallback.text = {{"en", "Sorry?"}, {"vi", "Xin lỗi?"}};
  fallback.text_loc = {{"en", {"t.yaml", 1, 1}}, {"vi", {"t.yaml", 1, 1}}};
  defs.templates["fallback"] = fallback;
  Config config;
  auto pack = CompiledPack::Compile(config, defs, MatcherOptions(), &diags);
  ASSERT_NE(pack, nullptr) << diags.ToString();
  FakeClock clock(1700000000);
  AssistantServices services;
  services.clock = &clock;
  services.faq_pick = MakeFaqPicker(pack->faq());
  Assistant assistant(pack, services);
  Message m;
  m.text = "Mấy giờ mở cửa vậy?";
  m.language = "vi";
  ConversationState in, out;
  Decision d;
  ASSERT_OK(assistant.Decide(m, in, &out, &d));
  EXPECT_EQ(d.route, Route::kAnswer);
  EXPECT_EQ(d.intent.value_or(""), "faq.opening-hours");
  EXPECT_EQ(d.reply, "8 giờ đến 18 giờ.");
  EXPECT_EQ(d.faq_entry, "opening-hours");  // counted as a hit of the entry
}

TEST(FaqLoaderTest, StarterContentIsCompleteAndClean) {
  Diagnostics diags;
  PackDefs defs = testing::ReadStarterFaqDefs(&diags);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  EXPECT_GE(defs.faq.size(), 25u);
  EXPECT_TRUE(defs.intents.empty()) << "starter FAQ entries carry no patterns: the intents name them (faq:)";
  for (const FaqEntry& e : defs.faq) {
    for (const char* lang : {"en", "vi", "es"}) {
      EXPECT_TRUE(e.question.count(lang) && e.answer.count(lang) && e.keywords.count(lang))
          << e.id << " lacks " << lang;
    }
    EXPECT_NE(Fold(e.question.at("vi")), e.question.at("vi")) << e.id << ": write Vietnamese with diacritics";
    for (const auto& [lang, words] : e.keywords)
      for (const auto& w : words) EXPECT_EQ(Fold(w), w) << e.id << ": keywords are written folded";
    EXPECT_FALSE(e.category.empty()) << e.id;
  }
}

}  // namespace
}  // namespace frontdesk
