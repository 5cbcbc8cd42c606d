#include "adapters/http/contact_page.h"

#include <string>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kXss = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
const std::string kXssEscaped =
    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;";

ContactFormView FormView(const std::string& lang = "en") {
  ContactFormView v;
  v.lang = lang;
  v.languages = {"en", "vi", "es"};
  v.token = "1.abc.def";
  return v;
}

TEST(ContactPageTest, EveryLanguageHasEveryLabel) {
  nlohmann::json table = nlohmann::json::parse(testing::ReadFile(testing::SourceDir() / "adapters/http/pages/contact_labels.json"));
  ASSERT_TRUE(table["en"].is_object());
  for (const char* lang : {"vi", "es"})
    for (const auto& [key, text] : table["en"].items())
      EXPECT_TRUE(table[lang].contains(key) && table[lang][key].is_string()) << lang << " lacks " << key;
  EXPECT_EQ(ContactLabel("vi", "send"), "Gửi");
  EXPECT_EQ(ContactLabel("fr", "send"), "Send");  // a language without labels: English
  EXPECT_EQ(ContactLabel("en", "no-such-label"), "");
}

TEST(ContactPageTest, TheFormIsAccessibleAndCarriesItsToken) {
  std::string page = RenderContactForm(FormView("vi"));
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"vi\">", 0), 0u) << page;
  EXPECT_THAT(page, HasSubstr("<title>Liên hệ với chúng tôi</title>"));
  EXPECT_THAT(page, HasSubstr("<form method=\"post\" action=\"/contact\""));
  EXPECT_THAT(page, HasSubstr("<input type=\"hidden\" name=\"csrf\" value=\"1.abc.def\">"));
  EXPECT_THAT(page, HasSubstr("<input type=\"hidden\" name=\"lang\" value=\"vi\">"));
  for (const char* field : {"name", "email", "order_id", "subject", "text"})
    EXPECT_THAT(page, HasSubstr(std::string("<label for=\"fd-") + field + "\">")) << field;
  // The honeypot: out of the tab order, no autofill, hidden from screen readers.
  EXPECT_THAT(page, HasSubstr("<div class=\"fd-hp\" aria-hidden=\"true\">"));
  EXPECT_THAT(page, HasSubstr("name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\""));
  EXPECT_THAT(page, HasSubstr("id=\"fd-suggestions\" class=\"fd-suggestions\" aria-live=\"polite\""));
  EXPECT_THAT(page, HasSubstr("<a href=\"/contact?lang=vi\" hreflang=\"vi\" lang=\"vi\" aria-current=\"page\">Tiếng Việt</a>"));
  EXPECT_THAT(page, HasSubstr("<script src=\"/contact.js\" defer></script>"));
  EXPECT_THAT(page, Not(HasSubstr("{{")));
  EXPECT_THAT(page, Not(HasSubstr("aria-invalid")));
  EXPECT_THAT(page, Not(HasSubstr("<script>")));  // no inline script: the CSP allows none
  EXPECT_THAT(page, Not(HasSubstr("style=")));
}

TEST(ContactPageTest, ErrorsStandNextToTheirFieldsAndValuesAreKept) {
  ContactFormView v = FormView();
  v.values.email = "not-an-address";
  v.values.subject = "Where is it";
  v.values.text = "line one\nline two";
  v.values.website = "bot-was-here";
  v.errors = {{"email", "invalid_email"}, {"order_id", "invalid_order"}};
  std::string page = RenderContactForm(v);
  EXPECT_THAT(page, HasSubstr("<title>Error: Contact us</title>"));
  EXPECT_THAT(page, HasSubstr("value=\"not-an-address\" aria-describedby=\"fd-email-hint fd-email-error\" aria-invalid=\"true\">"));
  EXPECT_THAT(page, HasSubstr("<p class=\"fd-error\" id=\"fd-email-error\">Please enter an e-mail address such as name@example.com.</p>"));
  EXPECT_THAT(page, HasSubstr("<li><a href=\"#fd-email\">Your e-mail: Please enter"));
  EXPECT_THAT(page, HasSubstr("<li><a href=\"#fd-order_id\">Order number: An order number"));
  EXPECT_THAT(page, HasSubstr("value=\"Where is it\""));
  EXPECT_THAT(page, HasSubstr(">line one\nline two</textarea>"));
  EXPECT_THAT(page, Not(HasSubstr("bot-was-here")));  // the honeypot is never echoed
  EXPECT_THAT(page, Not(HasSubstr("fd-subject-error")));
}

TEST(ContactPageTest, EveryValueIsEscaped) {
  ContactFormView v = FormView();
  v.values = {kXss, kXss, kXss, kXss, kXss, "en", "", ""};
  v.errors = {{"email", "invalid_email"}};
  v.token = kXss;
  std::string page = RenderContactForm(v);
  EXPECT_THAT(page, Not(HasSubstr("<script>alert"))) << page;
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, HasSubstr(">" + kXssEscaped + "</textarea>"));
  ContactAnswerView a;
  a.lang = "en";
  a.name = a.email = a.reply = kXss;
  a.ticket = 7;
  a.confirmation = a.ask = true;
  a.form = v;
  page = RenderContactAnswer(a);
  EXPECT_THAT(page, Not(HasSubstr("<script>alert"))) << page;
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, HasSubstr("<title>Thank you, " + kXssEscaped + "</title>"));
}

TEST(ContactPageTest, TheAnswerPageSaysWhatHappens) {
  ContactAnswerView a;
  a.lang = "es";
  a.languages = {"en", "vi", "es"};
  a.name = "Ana";
  a.email = "ana@example.com";
  a.reply = "Primera línea.\n\nSegunda línea.";
  a.ticket = 42;
  a.confirmation = true;
  std::string page = RenderContactAnswer(a);
  EXPECT_THAT(page, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(page, HasSubstr("<h1 id=\"fd-answer-title\">Gracias, Ana</h1>"));
  EXPECT_THAT(page, HasSubstr("<div class=\"fd-reply\" lang=\"es\"><p>Primera línea.</p><p>Segunda línea.</p></div>"));
  EXPECT_THAT(page, HasSubstr("<strong>Incidencia #42</strong>: una persona te responderá por correo electrónico en <strong>ana@example.com</strong>."));
  EXPECT_THAT(page, HasSubstr("Te enviamos una confirmación a <strong>ana@example.com</strong>."));
  EXPECT_THAT(page, Not(HasSubstr("<form")));  // answered: no form below
  // Asked for more: the same form follows, with what was typed.
  a.ticket.reset();
  a.ask = true;
  ContactFormView v = FormView("es");
  v.values.text = "¿Dónde está mi pedido?";
  a.form = v;
  page = RenderContactAnswer(a);
  EXPECT_THAT(page, HasSubstr("<h2 id=\"fd-title\">Completa tu mensaje y envíalo de nuevo</h2>"));
  EXPECT_THAT(page, HasSubstr(">¿Dónde está mi pedido?</textarea>"));
  EXPECT_THAT(page, Not(HasSubstr("Incidencia #")));
  // A bot's thanks: no reply, no confirmation.
  ContactAnswerView bot;
  bot.lang = "en";
  page = RenderContactAnswer(bot);
  EXPECT_THAT(page, HasSubstr("<h1 id=\"fd-answer-title\">Thank you</h1>"));
  EXPECT_THAT(page, HasSubstr("<p>We have received your message.</p>"));
  EXPECT_THAT(page, Not(HasSubstr("confirmation")));
}

}  // namespace
}  // namespace frontdesk
