// The snippet the console offers for a message the bot routed wrongly: pasted
// where it says, the pack loads and the intent has the example.
#include "engine/pack/example_snippet.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "engine/pack/pack_loader.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

const char kOrders[] =
    "# Orders, English.\n"
    "language: en\n"
    "intents:\n"
    "  - id: order.status\n"
    "    patterns:\n"
    "      - '\\bwhere\\b.{0,30}\\border\\b'\n"
    "    examples:\n"
    "      - where is my order\n"
    "      - text: where is order AB123456\n"
    "        slots: {order_id: AB123456}\n"
    "    counter_examples:\n"
    "      - where is your shop\n"
    "  - id: order.cancel\n"
    "    patterns:\n"
    "      - '\\bcancel\\b'\n"
    "      - '\\bstop\\b.{0,10}\\border\\b'\n"
    "    description: Cancel an order\n";

const char kOrdersVi[] =
    "language: vi\n"
    "intents:\n"
    "  - id: order.status\n"
    "    patterns: ['\\bdon hang\\b']\n"
    "    examples:\n"
    "      - đơn hàng của tôi đâu\n";

class ExampleSnippetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("p/en/orders.yaml", kOrders);
    dir_.Write("p/vi/orders.yaml", kOrdersVi);
    config_.packs = {(dir_.path() / "p").string()};
  }

  PackDefs Load() {
    PackDefs defs;
    Diagnostics diags;
    EXPECT_TRUE(LoadPackDefs(config_, &defs, &diags)) << diags.ToString();
    return defs;
  }

  // Inserts the snippet at its line (at the end of `file` when it has none).
  void Paste(const ExampleSnippet& s, const std::string& file) {
    std::string path = s.file.empty() ? file : s.file;
    std::istringstream in(testing::ReadFile(path));
    std::string out, line;
    int n = 1;
    for (; std::getline(in, line); ++n) {
      if (n == s.line) out += s.yaml;
      out += line + "\n";
    }
    if (s.line == 0 || s.line == n) out += s.yaml;
    dir_.Write(std::filesystem::relative(path, dir_.path()).string(), out);
  }

  static std::vector<std::string> Examples(const PackDefs& defs, const std::string& intent,
                                           const std::string& language) {
    std::vector<std::string> out;
    for (const IntentDef& i : defs.intents)
      if (i.id == intent)
        for (const ExampleDef& e : i.examples)
          if (e.language == language) out.push_back(e.text);
    return out;
  }

  testing::TempDir dir_;
  Config config_;
};

TEST_F(ExampleSnippetTest, GoesBeforeTheFirstExampleOfTheLanguage) {
  ExampleSnippet s;
  const std::string text = "  parcel \"AB123456\" # still: not here\\ <b>why</b>?\n";
  ASSERT_OK(MakeExampleSnippet(config_, Load(), "order.status", "en", text, &s));
  EXPECT_EQ(s.file, (dir_.path() / "p/en/orders.yaml").string());
  EXPECT_EQ(s.line, 8);
  EXPECT_EQ(s.yaml, "      - \"parcel \\\"AB123456\\\" # still: not here\\\\ <b>why</b>?\"\n");
  EXPECT_THAT(s.note, ::testing::HasSubstr("at line 8 of"));
  Paste(s, "");
  EXPECT_EQ(Examples(Load(), "order.status", "en"),
            (std::vector<std::string>{"parcel \"AB123456\" # still: not here\\ <b>why</b>?",
                                      "where is my order", "where is order AB123456"}));
}

TEST_F(ExampleSnippetTest, NewLinesAndVietnameseStayOneValidLine) {
  ExampleSnippet s;
  ASSERT_OK(MakeExampleSnippet(config_, Load(), "order.status", "vi", "đơn hàng\nở đâu\trồi?", &s));
  EXPECT_EQ(s.file, (dir_.path() / "p/vi/orders.yaml").string());
  EXPECT_EQ(s.line, 6);
  EXPECT_EQ(s.yaml, "      - \"đơn hàng\\nở đâu\\trồi?\"\n");
  Paste(s, "");
  EXPECT_EQ(Examples(Load(), "order.status", "vi"),
            (std::vector<std::string>{"đơn hàng\nở đâu\trồi?", "đơn hàng của tôi đâu"}));
}

TEST_F(ExampleSnippetTest, AnIntentWithoutExamplesGetsTheKeyAfterItsId) {
  ExampleSnippet s;
  ASSERT_OK(MakeExampleSnippet(config_, Load(), "order.cancel", "en", "please stop my order", &s));
  EXPECT_EQ(s.line, 14);
  EXPECT_EQ(s.yaml, "    examples:\n      - \"please stop my order\"\n");
  Paste(s, "");
  EXPECT_EQ(Examples(Load(), "order.cancel", "en"), (std::vector<std::string>{"please stop my order"}));
}

TEST_F(ExampleSnippetTest, AnIntentNotDeclaredInTheLanguageGetsADeclaration) {
  ExampleSnippet s;
  ASSERT_OK(MakeExampleSnippet(config_, Load(), "order.cancel", "es", "cancela mi pedido", &s));
  EXPECT_EQ(s.file, "");
  EXPECT_EQ(s.line, 0);
  EXPECT_THAT(s.note, ::testing::HasSubstr("not declared in es"));
  Paste(s, (dir_.path() / "p/vi/orders.yaml").string());  // any file's `intents:` list
  PackDefs defs = Load();
  EXPECT_EQ(Examples(defs, "order.cancel", "es"), (std::vector<std::string>{"cancela mi pedido"}));
}

TEST_F(ExampleSnippetTest, RefusesWhatCannotBeAnExample) {
  ExampleSnippet s;
  PackDefs defs = Load();
  EXPECT_EQ(MakeExampleSnippet(config_, defs, "order.refund", "en", "hi", &s).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(MakeExampleSnippet(config_, defs, "order.status", "fr", "hi", &s).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(MakeExampleSnippet(config_, defs, "order.status", "en", " \n ", &s).code(),
            Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace frontdesk
