#include <string>

#include "engine/decide/compiled_pack.h"
#include "engine/pack/canned_def.h"
#include "engine/pack/pack.h"
#include "engine/pack/pack_loader.h"
#include "engine/pack/yaml_tree.h"
#include "frontdesk/message_json.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

// Reads `yaml` as the pack file `file` of pack `pack_index` into *defs.
void Read(const std::string& file, const std::string& yaml, PackDefs* defs, Diagnostics* diags,
          int pack_index = 0) {
  Config config;
  YamlNode root;
  ASSERT_TRUE(ParseYaml(file, yaml, YamlLimits(), &root, diags)) << diags->ToString();
  ReadPackFile(root, config, pack_index, defs, diags);
}

std::string Errors(const std::string& yaml) {
  PackDefs defs;
  Diagnostics diags;
  Read("canned.yaml", yaml, &defs, &diags);
  return diags.ToString();
}

const char kGood[] =
    "canned_replies:\n"
    "  - id: greeting\n"
    "    title: {en: Greeting, vi: Chào hỏi}\n"
    "    text:\n"
    "      en: \"Hello, I am here to help.\"\n"
    "      vi: \"Xin chào, mình sẽ hỗ trợ bạn.\"\n"
    "  - id: refund.started\n"
    "    title: {en: Refund started}\n"
    "    text: {en: \"Your refund is on its way.\\nIt takes 5 days.\"}\n";

TEST(CannedLoaderTest, ReadsEveryField) {
  PackDefs defs;
  Diagnostics diags;
  Read("canned.yaml", kGood, &defs, &diags);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  ASSERT_EQ(defs.canned_replies.size(), 2u);
  const CannedReply& c = defs.canned_replies[0];
  EXPECT_EQ(c.id, "greeting");
  EXPECT_EQ(c.title.at("vi"), "Chào hỏi");
  EXPECT_EQ(c.text.at("en"), "Hello, I am here to help.");
  EXPECT_EQ(c.text.at("vi"), "Xin chào, mình sẽ hỗ trợ bạn.");
  EXPECT_EQ(c.loc.ToString(), "canned.yaml:2:5");
  EXPECT_EQ(c.id_loc.ToString(), "canned.yaml:2:9");
  EXPECT_EQ(defs.canned_replies[1].id, "refund.started");
  EXPECT_EQ(defs.canned_replies[1].text.at("en"), "Your refund is on its way.\nIt takes 5 days.");
  EXPECT_EQ(defs.canned_replies[1].text.count("vi"), 0u);
}

TEST(CannedLoaderTest, AFileWithALanguageTakesBareTexts) {
  PackDefs defs;
  Diagnostics diags;
  Read("es/canned.yaml",
       "language: es\n"
       "canned_replies:\n"
       "  - id: greeting\n"
       "    title: Saludo\n"
       "    text: Hola, te ayudo desde aquí.\n",
       &defs, &diags);
  ASSERT_TRUE(diags.ok()) << diags.ToString();
  ASSERT_EQ(defs.canned_replies.size(), 1u);
  EXPECT_EQ(defs.canned_replies[0].title.at("es"), "Saludo");
  EXPECT_EQ(defs.canned_replies[0].text.at("es"), "Hola, te ayudo desde aquí.");
}

TEST(CannedLoaderTest, ReportsEveryProblemWithItsPlace) {
  EXPECT_EQ(Errors("canned_replies: {greeting: Hello}\n"),
            "canned.yaml:1:17: error: 'canned_replies' must be a list of replies, not a map\n");
  EXPECT_EQ(Errors("canned_replies:\n"
                   "  - title: {en: Hi}\n"
                   "    text: {en: Hello}\n"
                   "  - id: 'two words'\n"
                   "    title: {en: Hi}\n"
                   "    text: {en: Hello}\n"
                   "  - Hello there\n"),
            "canned.yaml:2:5: error: canned reply needs 'id'\n"
            "canned.yaml:4:9: error: canned reply id 'two words' may use only letters, digits, '.', '_' "
            "and '-'\n"
            "canned.yaml:7:5: error: canned reply must be a map, not a string\n");
  EXPECT_EQ(Errors("canned_replies:\n"
                   "  - id: greeting\n"
                   "    title: {en: Hi, vi: Chào}\n"
                   "    text: {en: Hello, fr: Bonjour}\n"
                   "    body: Hello\n"),
            "canned.yaml:3:25: error: canned reply 'greeting' has a title in 'vi' but not a text\n"
            "canned.yaml:4:23: error: language 'fr' is not one of the config's languages\n"
            "canned.yaml:4:27: error: canned reply 'greeting' has a text in 'fr' but not a title\n"
            "canned.yaml:5:5: error: unknown key 'body' in canned reply (expected one of: id, title, "
            "text)\n");
  EXPECT_EQ(Errors("canned_replies:\n"
                   "  - id: greeting\n"
                   "    text: {en: '  '}\n"
                   "  - id: order\n"
                   "    title: Order\n"
                   "    text: {en: 'Your order {{order_id}}'}\n"
                   "  - id: list\n"
                   "    title: {en: List}\n"
                   "    text: {en: [a, b]}\n"),
            "canned.yaml:2:5: error: canned reply 'greeting' needs 'title'\n"
            "canned.yaml:3:16: error: canned reply 'greeting': text (en) is empty\n"
            "canned.yaml:5:12: error: 'title' must be a map of language -> text (or set the file's "
            "'language'), not a string\n"
            "canned.yaml:6:16: error: canned reply 'order': text (en) must be plain text ('{{' is not "
            "allowed)\n"
            "canned.yaml:9:16: error: 'text' (en) must be a string, not a list\n");
  std::string huge(kMaxMessageTextBytes + 1, 'x');
  EXPECT_EQ(Errors("canned_replies:\n  - id: long\n    title: {en: Long}\n    text: {en: " + huge + "}\n"),
            "canned.yaml:4:16: error: canned reply 'long': text (en) is longer than a reply may be (20000 "
            "bytes)\n");
}

TEST(CannedLoaderTest, AnIdRepeatedInOnePackIsAnErrorInALaterPackAnOverride) {
  const std::string one = "canned_replies:\n  - id: greeting\n    title: {en: Hi}\n    text: {en: Hello}\n";
  const std::string two =
      "canned_replies:\n  - id: greeting\n    title: {en: Hey}\n    text: {en: Hey there}\n";
  PackDefs defs;
  Diagnostics diags;
  Read("a.yaml", one, &defs, &diags, 0);
  Read("b.yaml", two, &defs, &diags, 0);
  EXPECT_EQ(diags.ToString(),
            "b.yaml:2:9: error: duplicate canned reply 'greeting' (first defined at "
            "a.yaml:2:9)\n");
  PackDefs site;
  Diagnostics clean;
  Read("shipped.yaml", one, &site, &clean, 0);
  Read("site.yaml", two, &site, &clean, 1);
  ASSERT_TRUE(clean.ok()) << clean.ToString();
  ASSERT_EQ(site.canned_replies.size(), 1u);
  EXPECT_EQ(site.canned_replies[0].text.at("en"), "Hey there");
  EXPECT_EQ(site.canned_replies[0].loc.file, "site.yaml");
}

// The example shop ships canned replies in each of its languages, and
// `check` accepts them.
TEST(CannedLoaderTest, TheExampleShopHasThemInEveryLanguage) {
  Diagnostics diags;
  auto pack = CompiledPack::Load((testing::SourceDir() / "examples/shop/frontdesk.yaml").string(), &diags);
  ASSERT_NE(pack, nullptr) << diags.ToString();
  const auto& canned = pack->defs().canned_replies;
  ASSERT_GE(canned.size(), 3u);
  for (const CannedReply& c : canned)
    for (const char* lang : {"en", "vi", "es"}) {
      EXPECT_EQ(c.text.count(lang), 1u) << c.id << " " << lang;
      EXPECT_EQ(c.title.count(lang), 1u) << c.id << " " << lang;
    }
}

}  // namespace
}  // namespace frontdesk
