// Reply templates (engine/pack/templates.cc): rendering from a JSON context
// without HTML escaping, errors for broken templates, and the static list of
// variables a template uses (what pack validation checks against
// engine/pack/reply_context.h).
#include "engine/pack/templates.h"

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The rendered text, or "ERROR: ..." when rendering failed.
std::string Render(const std::string& text, const nlohmann::json& context) {
  std::string out, error;
  if (!RenderTemplate(text, context, &out, &error)) return "ERROR: " + error;
  return out;
}

// The top-level variables, or "ERROR: ...".
std::vector<std::string> Variables(const std::string& text) {
  std::vector<std::string> names;
  std::string error;
  if (!TemplateVariables(text, &names, &error)) return {"ERROR: " + error};
  return names;
}

TEST(TemplatesTest, RendersNestedVariables) {
  nlohmann::json ctx = {{"intent", "order.status"},
                        {"slots", {{"order_id", "A123"}}},
                        {"lookup", {{"status", "shipped"}}},
                        {"customer", {{"name", "Lan"}}}};
  EXPECT_EQ(Render("Hi {{customer.name}}, order {{slots.order_id}} is {{ lookup.status }}.", ctx),
            "Hi Lan, order A123 is shipped.");
  EXPECT_EQ(Render("{{intent}}", ctx), "order.status");
  EXPECT_EQ(Render("no tags at all", ctx), "no tags at all");
  EXPECT_EQ(Render("", ctx), "");
}

// The assistant uses a text without a tag as it is; mustache must agree,
// whatever the text holds and whatever the context.
TEST(TemplatesTest, PlainTextRendersToItself) {
  nlohmann::json ctx = {{"intent", "x"}, {"slots", {{"order_id", "A123"}}}};
  const std::string kTexts[] = {"", "no tags", "  lead and trail  \n", "line\r\n  \n\n  line",
                                "{ {intent} }", "}}", "{intent}}", "a { b } c", "tab\there\t",
                                "Chào bạn 🙂 ¿Qué? {", "\n\n", "   ", "{{"};
  for (const std::string& t : kTexts) {
    if (!IsPlainTemplate(t)) continue;
    EXPECT_EQ(Render(t, ctx), t) << t;
    EXPECT_EQ(Render(t, nlohmann::json::object()), t) << t;
  }
  EXPECT_FALSE(IsPlainTemplate("{{intent}}"));
  EXPECT_FALSE(IsPlainTemplate("a {{! note }} b"));
  EXPECT_TRUE(IsPlainTemplate("a { b }} c"));
}

TEST(TemplatesTest, MissingVariablesRenderEmpty) {
  nlohmann::json ctx = {{"slots", {{"order_id", "A123"}}}};
  EXPECT_EQ(Render("[{{customer.name}}][{{slots.email}}][{{nothing}}]", ctx), "[][][]");
  EXPECT_EQ(Render("[{{slots.order_id.deeper}}]", ctx), "[]");
  EXPECT_EQ(Render("[{{slots}}]", nlohmann::json::object()), "[]");
}

TEST(TemplatesTest, NothingIsHtmlEscaped) {
  // Replies are plain text; an adapter that writes HTML escapes the reply.
  nlohmann::json ctx = {{"slots", {{"note", "<b>Tom & \"Jerry\"</b> 'x' `y` ={{z}}"}}}};
  const std::string raw = "<b>Tom & \"Jerry\"</b> 'x' `y` ={{z}}";
  EXPECT_EQ(Render("{{slots.note}}", ctx), raw);
  EXPECT_EQ(Render("{{{slots.note}}}", ctx), raw);
  EXPECT_EQ(Render("{{& slots.note}}", ctx), raw);
  // A value is never rendered as a template in its turn.
  EXPECT_EQ(Render("{{slots.note}}", {{"slots", {{"note", "{{intent}}"}}}, {"intent", "x"}}),
            "{{intent}}");
}

TEST(TemplatesTest, RendersNumbersBooleansAndNull) {
  nlohmann::json ctx = {{"lookup", {{"count", 3}, {"price", 1.5}, {"big", -42}, {"paid", true},
                                    {"refunded", false}, {"note", nullptr}}}};
  EXPECT_EQ(Render("{{lookup.count}} x {{lookup.price}}, {{lookup.big}}", ctx), "3 x 1.5, -42");
  EXPECT_EQ(Render("{{#lookup.paid}}paid{{/lookup.paid}}{{^lookup.refunded}}, not refunded{{/lookup.refunded}}",
                   ctx),
            "paid, not refunded");
  EXPECT_EQ(Render("{{#lookup.note}}note{{/lookup.note}}{{^lookup.note}}no note{{/lookup.note}}", ctx),
            "no note");
}

TEST(TemplatesTest, RendersSectionsOverLists) {
  nlohmann::json ctx = {
      {"lookup", {{"rows", {{{"id", "A1"}, {"status", "shipped"}}, {{"id", "A2"}, {"status", "paid"}}}}}},
      {"tags", {"x", "y"}}};
  EXPECT_EQ(Render("{{#lookup.rows}}{{id}}: {{status}}; {{/lookup.rows}}", ctx),
            "A1: shipped; A2: paid; ");
  EXPECT_EQ(Render("{{#tags}}<{{.}}>{{/tags}}", ctx), "<x><y>");
  EXPECT_EQ(Render("{{^lookup.none}}none{{/lookup.none}}", ctx), "none");
  EXPECT_EQ(Render("{{#lookup.empty}}x{{/lookup.empty}}{{^lookup.empty}}empty{{/lookup.empty}}",
                   {{"lookup", {{"empty", nlohmann::json::array()}}}}),
            "empty");
}

TEST(TemplatesTest, CommentsRenderNothing) {
  EXPECT_EQ(Render("a{{! a note for translators }}b", nlohmann::json::object()), "ab");
}

TEST(TemplatesTest, InvalidTemplatesAreReported) {
  for (const std::string bad : {"Order {{slots.order_id", "{{#a}}never closed", "{{/a}} closed only",
                                "{{#a}}x{{/b}}", "{{{slots.x}}"}) {
    std::string out = "untouched", error;
    EXPECT_FALSE(RenderTemplate(bad, nlohmann::json::object(), &out, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(TemplatesTest, QuotedFaqAnswersRender) {
  // {{answers.ID}}: the engine puts the quoted FAQ answers under "answers".
  nlohmann::json ctx = {{"answers", {{"returns", "30 days."}, {"return-policy", "Keep the box."}}}};
  EXPECT_EQ(Render("Returns: {{answers.returns}} {{answers.return-policy}}", ctx),
            "Returns: 30 days. Keep the box.");
  EXPECT_EQ(Render("[{{answers.missing}}]", ctx), "[]");
  // A dotted id is read as answers -> ship -> abroad, so it cannot be quoted
  // (which is why pack validation refuses it).
  EXPECT_EQ(Render("[{{answers.ship.abroad}}]", {{"answers", {{"ship.abroad", "x"}}}}), "[]");
}

TEST(TemplatesTest, VariablesAreTheTopLevelNames) {
  EXPECT_THAT(Variables("Order {{slots.order_id}} is {{ lookup.status }}, {{{customer.name}}} {{&intent}}"),
              ElementsAre("slots.order_id", "lookup.status", "customer.name", "intent"));
  EXPECT_THAT(Variables("plain text"), IsEmpty());
  EXPECT_THAT(Variables(""), IsEmpty());
  // Repeats are listed as they occur.
  EXPECT_THAT(Variables("{{a}}{{a}}"), ElementsAre("a", "a"));
}

TEST(TemplatesTest, SectionNamesCountButNotTheirContents) {
  EXPECT_THAT(Variables("{{#lookup.rows}}{{id}} {{status}}{{/lookup.rows}} then {{ticket.id}}"),
              ElementsAre("lookup.rows", "ticket.id"));
  EXPECT_THAT(Variables("{{^ slots.email }}{{ask}}{{/ slots.email }}"), ElementsAre("slots.email"));
  EXPECT_THAT(Variables("{{#a}}{{#b}}{{c}}{{/b}}{{/a}}{{d}}"), ElementsAre("a", "d"));
  EXPECT_THAT(Variables("{{.}}"), IsEmpty());
}

TEST(TemplatesTest, CommentsAndPartialsAreNotVariables) {
  EXPECT_THAT(Variables("{{! slots.secret }}{{> footer}}{{}}{{ }}x"), IsEmpty());
}

TEST(TemplatesTest, QuotedFaqAnswersAreVariables) {
  EXPECT_THAT(Variables("{{answers.returns}} {{answers.return-policy}} {{answers.ship.abroad}}"),
              ElementsAre("answers.returns", "answers.return-policy", "answers.ship.abroad"));
}

TEST(TemplatesTest, VariablesReportsSyntaxErrors) {
  EXPECT_THAT(Variables("Order {{slots.order_id"), ElementsAre("ERROR: unclosed tag at offset 6"));
  EXPECT_THAT(Variables("{{{slots.x}}"), ElementsAre(HasSubstr("ERROR: unclosed tag")));
  EXPECT_THAT(Variables("{{#a}}x"), ElementsAre("ERROR: section 'a' is never closed"));
  EXPECT_THAT(Variables("{{#a}}{{#b}}{{/b}}"), ElementsAre("ERROR: section 'a' is never closed"));
  EXPECT_THAT(Variables("x{{/a}}"), ElementsAre("ERROR: section 'a' closed without being opened"));
  EXPECT_THAT(Variables("{{#a}}{{#b}}{{/a}}{{/b}}"),
              ElementsAre("ERROR: section 'a' closed without being opened"));
}

// Mustache lets a template change its delimiters; variables written with the
// new ones are still variables, so they must be listed (for validation to
// check them) or the template refused.
TEST(TemplatesTest, VariablesAfterChangedDelimitersAreNotMissed) {
  std::vector<std::string> names;
  std::string error;
  bool ok = TemplateVariables("{{=<% %>=}}Hi <% customer.nmae %>", &names, &error);
  EXPECT_TRUE(!ok || names == std::vector<std::string>{"customer.nmae"})
      << "listed: " << ::testing::PrintToString(names);
  // What the engine would send if validation let it through: the variable is
  // rendered with the new delimiters.
  EXPECT_EQ(Render("{{=<% %>=}}Hi <% customer.name %>", {{"customer", {{"name", "Lan"}}}}), "Hi Lan");
}

// A template is parsed once and rendered many times (a per-thread cache keyed
// by its text): each render sees only its own context, sections included.
TEST(TemplatesTest, RendersTheSameTemplateAgainWithEachContext) {
  const std::string t = "Order {{slots.order_id}}{{#ticket}}, ticket {{ticket.id}}{{/ticket}}.";
  EXPECT_EQ(Render(t, {{"slots", {{"order_id", "AB1"}}}, {"ticket", {{"id", "7"}}}}), "Order AB1, ticket 7.");
  EXPECT_EQ(Render(t, {{"slots", {{"order_id", "CD2"}}}}), "Order CD2.");
  EXPECT_EQ(Render(t, {{"slots", {{"order_id", "EF3"}}}, {"ticket", {{"id", "9"}}}}), "Order EF3, ticket 9.");
  EXPECT_THAT(Render("{{#open}}unclosed", {}), HasSubstr("ERROR"));
  EXPECT_THAT(Render("{{#open}}unclosed", {}), HasSubstr("ERROR"));
}

}  // namespace
}  // namespace frontdesk
