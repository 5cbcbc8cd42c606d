#include "adapters/http/faq_page.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

FaqEntry Entry(const std::string& id, const std::string& category,
               std::map<std::string, std::string> question, std::vector<std::string> related = {}) {
  FaqEntry e;
  e.id = id;
  e.category = category;
  e.question = question;
  for (const auto& [lang, q] : question) e.answer[lang] = "Answer (" + lang + ") to " + q + "\nSecond line.";
  e.keywords = {{"en", {"refund money"}}};
  e.related = std::move(related);
  return e;
}

std::unique_ptr<FaqIndex> Index() {
  return FaqIndex::Build(
      {Entry("refund", "Returns/Refunds", {{"en", "How long does a refund take?"}, {"vi", "Hoàn tiền mất bao lâu?"}},
             {"returns"}),
       Entry("returns", "Returns", {{"en", "Can I return an item?"}}),
       Entry("tricky", "Odd <Stuff>", {{"en", "Is <b>bold</b> & \"quoted\" ok?"}})},
      {"en", "vi", "es"}, FaqOptions());
}

bool Has(const std::string& page, const std::string& part) { return page.find(part) != std::string::npos; }

TEST(FaqRenderTest, EscapesTheQueryEverywhere) {
  auto index = Index();
  std::string page = RenderFaqPage(*index, "en", "<script>alert(1)</script>\"><img src=x onerror=alert(2)>");
  EXPECT_FALSE(Has(page, "<script>")) << page;
  EXPECT_FALSE(Has(page, "<img")) << page;
  EXPECT_TRUE(Has(page, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x "
                        "onerror=alert(2)&gt;\""))
      << page;
  EXPECT_TRUE(Has(page, "Results for “&lt;script&gt;")) << page;
  EXPECT_EQ(HtmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
}

TEST(FaqRenderTest, EscapesPackTextsToo) {
  std::string page = RenderFaqPage(*Index(), "en", "");
  EXPECT_TRUE(Has(page, "Is &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; ok?")) << page;
  EXPECT_TRUE(Has(page, "<summary>Odd &lt;Stuff&gt;</summary>")) << page;
  EXPECT_FALSE(Has(page, "<b>bold")) << page;
}

TEST(FaqRenderTest, RendersAnAccessibleHierarchicalPage) {
  std::string page = RenderFaqPage(*Index(), "vi", "");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"vi\">", 0), 0u) << page;
  EXPECT_TRUE(Has(page, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(Has(page, "<title>Câu hỏi thường gặp</title>"));
  EXPECT_TRUE(Has(page, "<form method=\"get\" action=\"/faq\" role=\"search\">"));
  EXPECT_TRUE(Has(page, "<label for=\"faq-q\">"));
  EXPECT_TRUE(Has(page, "<input type=\"search\" id=\"faq-q\" name=\"q\" value=\"\">"));
  EXPECT_TRUE(Has(page, "<input type=\"hidden\" name=\"lang\" value=\"vi\">"));
  EXPECT_FALSE(Has(page, "faq-results")) << "no results section without a query";
  // Returns > Refunds > the entry, as nested lists of <details>.
  size_t returns = page.find("<summary>Returns</summary>");
  size_t refunds = page.find("<summary>Refunds</summary>");
  size_t entry = page.find("<details id=\"faq-refund\"><summary>Hoàn tiền mất bao lâu?</summary>");
  ASSERT_NE(returns, std::string::npos);
  EXPECT_LT(returns, refunds);
  EXPECT_LT(refunds, entry);
  EXPECT_TRUE(Has(page, "<p>Answer (vi) to Hoàn tiền mất bao lâu?</p><p>Second line.</p>"));
  // No Vietnamese text for "returns": the first config language's is shown.
  EXPECT_TRUE(Has(page, "Xem thêm: <a href=\"/faq?lang=vi&amp;entry=returns#faq-returns\">Can I return an item?</a>")) << page;
  EXPECT_EQ(page.substr(page.size() - 8), "</html>\n");
}

TEST(FaqRenderTest, UnknownLanguageFallsBackToTheFirst) {
  std::string page = RenderFaqPage(*Index(), "\"><x>", "");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
}

TEST(FaqRenderTest, MostAskedCategoriesComeFirst) {
  auto index = Index();
  std::string page = RenderFaqPage(*index, "en", "");
  // No hits yet: categories by name.
  EXPECT_LT(page.find("<summary>Odd &lt;Stuff&gt;</summary>"), page.find("<summary>Returns</summary>"));
  index->RecordHit("refund");
  page = RenderFaqPage(*index, "en", "");
  EXPECT_LT(page.find("<summary>Returns</summary>"), page.find("<summary>Odd &lt;Stuff&gt;</summary>"));
}

// Within a category, a sub-category asked more than the entries beside it
// comes before them.
TEST(FaqRenderTest, MostAskedFirstAcrossEntriesAndSubCategories) {
  auto index = Index();
  std::string page = RenderFaqPage(*index, "en", "");
  // Returns holds the entry "returns" and the sub-category Refunds: entries first on a tie.
  EXPECT_LT(page.find("id=\"faq-returns\""), page.find("<summary>Refunds</summary>")) << page;
  index->RecordHit("refund");
  page = RenderFaqPage(*index, "en", "");
  EXPECT_LT(page.find("<summary>Refunds</summary>"), page.find("id=\"faq-returns\"")) << page;
}

TEST(FaqRenderTest, ShowsResultsOrNoResults) {
  auto index = Index();
  std::string page = RenderFaqPage(*index, "en", "refund");
  EXPECT_TRUE(Has(page, "<h2 id=\"faq-results\">Results for “refund”</h2>")) << page;
  EXPECT_TRUE(Has(page, "<li><a href=\"/faq?lang=en&amp;entry=refund#faq-refund\">How long does a refund take?</a>")) << page;
  page = RenderFaqPage(*index, "es", "zzzz qqqq");
  EXPECT_TRUE(Has(page, "No hay preguntas que coincidan.")) << page;
  // A blank query is no search.
  page = RenderFaqPage(*index, "en", "  \t ");
  EXPECT_FALSE(Has(page, "faq-results")) << page;
}

// A link names its entry; the page it opens unfolds that entry and the
// categories around it, and nothing else below the top level.
TEST(FaqRenderTest, LinkedEntryIsOpen) {
  auto index = Index();
  std::string page = RenderFaqPage(*index, "en", "", "refund");
  EXPECT_TRUE(Has(page, "<details id=\"faq-refund\" open><summary>")) << page;
  EXPECT_TRUE(Has(page, "<li><details open><summary>Refunds</summary>")) << page;
  EXPECT_TRUE(Has(page, "<details id=\"faq-returns\"><summary>")) << page;
  page = RenderFaqPage(*index, "en", "");
  EXPECT_FALSE(Has(page, "\" open>")) << page;
  EXPECT_FALSE(Has(page, "<li><details open><summary>Refunds</summary>")) << page;
  // See-also links use the same form.
  EXPECT_TRUE(Has(page, "See also: <a href=\"/faq?lang=en&amp;entry=returns#faq-returns\">")) << page;
  // An unknown or hostile entry opens nothing and is never echoed.
  page = RenderFaqPage(*index, "en", "", "\"><script>");
  EXPECT_FALSE(Has(page, "<script>")) << page;
}

// The labels come from adapters/http/pages/faq_labels.json, compiled in.
TEST(FaqRenderTest, LabelsInEveryLanguage) {
  auto index = Index();
  std::string vi = RenderFaqPage(*index, "vi", "zzzz qqqq");
  for (const char* label :
       {"<title>Câu hỏi thường gặp</title>", "<h1>Câu hỏi thường gặp</h1>",
        "<label for=\"faq-q\">Tìm trong câu hỏi thường gặp</label>", "<button type=\"submit\">Tìm</button>",
        "Kết quả cho “zzzz qqqq”",
        "<p>Không tìm thấy câu hỏi phù hợp. Hãy thử từ khác hoặc liên hệ với chúng tôi.</p>",
        "<h2 id=\"faq-all\">Tất cả câu hỏi</h2>", "<p>Xem thêm: <a "})
    EXPECT_TRUE(Has(vi, label)) << label << "\n" << vi;
  std::string es = RenderFaqPage(*index, "es", "zzzz qqqq");
  for (const char* label : {"<title>Preguntas frecuentes</title>", "<h1>Preguntas frecuentes</h1>",
                            "<label for=\"faq-q\">Buscar en las preguntas frecuentes</label>",
                            "<button type=\"submit\">Buscar</button>", "Resultados para “zzzz qqqq”",
                            "<p>No hay preguntas que coincidan. Pruebe con otras palabras o contáctenos.</p>",
                            "<h2 id=\"faq-all\">Todas las preguntas</h2>", "<p>Ver también: <a "})
    EXPECT_TRUE(Has(es, label)) << label << "\n" << es;
  std::string en = RenderFaqPage(*index, "en", "zzzz qqqq");
  for (const char* label :
       {"<title>Frequently asked questions</title>", "<h1>Frequently asked questions</h1>",
        "<label for=\"faq-q\">Search the FAQ</label>", "<button type=\"submit\">Search</button>",
        "Results for “zzzz qqqq”", "<p>No matching questions. Try other words, or contact us.</p>",
        "<h2 id=\"faq-all\">All questions</h2>", "<p>See also: <a "})
    EXPECT_TRUE(Has(en, label)) << label << "\n" << en;
}

TEST(FaqRenderTest, MissingLabelFallsBackToEnglish) {
  nlohmann::json table = {{"en", {{"title", "FAQ"}, {"search_button", "Search"}, {"all_questions", "All"}}},
                          {"vi", {{"title", "Hỏi đáp"}, {"search_button", 7}, {"extra", "x"}}},
                          {"es", "not an object"}};
  using Labels = std::map<std::string, std::string>;
  EXPECT_EQ(FaqPageLabels(table, "vi"),
            (Labels{{"title", "Hỏi đáp"}, {"search_button", "Search"}, {"all_questions", "All"}}));
  Labels english = {{"title", "FAQ"}, {"search_button", "Search"}, {"all_questions", "All"}};
  EXPECT_EQ(FaqPageLabels(table, "es"), english);
  EXPECT_EQ(FaqPageLabels(table, "fr"), english);
  EXPECT_EQ(FaqPageLabels(table, "en"), english);
  EXPECT_TRUE(FaqPageLabels({{"vi", {{"title", "Hỏi đáp"}}}}, "vi").empty());
  EXPECT_TRUE(FaqPageLabels(nlohmann::json::array(), "en").empty());
}

// Pack texts are data for the templates, never template text: mustache tags
// in them are printed (escaped), not expanded. ' is escaped as &#39; (our
// HtmlEscape, not kainjow's &apos;).
TEST(FaqRenderTest, PackTextsAreNotTemplates) {
  auto index = FaqIndex::Build({Entry("it's", "{{#items}}Cat{{^items}}",
                                      {{"en", "{{labels.title}} {{> faq_category}} {{{query}}} it's"}})},
                               {"en"}, FaqOptions());
  std::string page = RenderFaqPage(*index, "en", "{{lang}}", "it's");
  EXPECT_TRUE(Has(page, "<summary>{{#items}}Cat{{^items}}</summary>")) << page;
  EXPECT_TRUE(Has(page,
                  "<details id=\"faq-it&#39;s\" open><summary>{{labels.title}} {{&gt; faq_category}} "
                  "{{{query}}} it&#39;s</summary>"))
      << page;
  EXPECT_TRUE(Has(page, "value=\"{{lang}}\"")) << page;
  EXPECT_FALSE(Has(page, "&apos;")) << page;
  EXPECT_EQ(page.substr(page.size() - 8), "</html>\n");
}

TEST(FaqRenderTest, SearchJson) {
  auto index = Index();
  nlohmann::json j = FaqSearchJson(*index, "how long for my refund", "vi", 5);
  EXPECT_EQ(j["query"], "how long for my refund");
  EXPECT_EQ(j["language"], "vi");
  ASSERT_GE(j["results"].size(), 1u);
  const auto& first = j["results"][0];
  EXPECT_EQ(first["id"], "refund");
  EXPECT_EQ(first["question"], "Hoàn tiền mất bao lâu?");
  EXPECT_EQ(first["category"], "Returns/Refunds");
  EXPECT_GT(first["score"].get<double>(), 0);
  EXPECT_TRUE(first.contains("answer"));
  EXPECT_TRUE(j["confident"].is_boolean());
  EXPECT_EQ(FaqSearchJson(*index, "refund", "en", 0)["results"].size(), 1u);  // limit >= 1
  // Broken UTF-8 never reaches the serializer.
  nlohmann::json broken = FaqSearchJson(*index, "refund \xff\xfe", "en", 5);
  EXPECT_NO_THROW(broken.dump());
  EXPECT_EQ(FaqSearchJson(*index, "", "en", 5)["results"].size(), 0u);
}

}  // namespace
}  // namespace frontdesk
