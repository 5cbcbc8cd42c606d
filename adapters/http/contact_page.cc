#include "adapters/http/contact_page.h"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "adapters/http/faq_page.h"
#include "adapters/http/pages/embedded.h"

namespace frontdesk {
namespace {

namespace mustache = kainjow::mustache;

// The label table compiled in from adapters/http/pages/contact_labels.json.
// A broken file gives an empty table (no labels); contact_page_test catches
// that.
const nlohmann::json& BuiltInLabels() {
  static const nlohmann::json kTable =
      nlohmann::json::parse(http_pages::kContactLabelsJson, nullptr, /*allow_exceptions=*/false);
  return kTable;
}

std::string LanguageName(const std::string& code) {
  const nlohmann::json& names = BuiltInLabels().value("_languages", nlohmann::json::object());
  auto it = names.find(code);
  return it != names.end() && it->is_string() ? it->get<std::string>() : code;
}

// The page's common values: language, labels, language links. Every key a
// section reads is set on the objects that section pushes (false rather
// than absent): mustache looks a missing key up in the enclosing objects.
mustache::data Page(const std::string& lang, const std::vector<std::string>& languages) {
  mustache::data page;
  page["lang"] = lang;
  mustache::data& labels = page["labels"];
  for (const auto& [key, text] : FaqPageLabels(BuiltInLabels(), lang)) labels[key] = text;
  mustache::list links;
  for (const std::string& code : languages) {
    mustache::data& link = links.emplace_back();
    link["code"] = code;
    link["name"] = LanguageName(code);
    link["current"] = code == lang;
  }
  page["languages"] = std::move(links);
  page["has_errors"] = false;
  page["answer"] = false;
  page["form"] = false;
  return page;
}

// The paragraphs of a reply: each non-empty line.
mustache::data Paragraphs(const std::string& text) {
  mustache::list out;
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = std::min(text.find('\n', b), text.size());
    std::string line = text.substr(b, e - b);
    if (line.find_first_not_of(" \r\t") != std::string::npos) out.emplace_back(line);
    b = e + 1;
  }
  return out;
}

std::string ErrorText(const std::string& lang, const FieldError& e) {
  std::string text = ContactLabel(lang, "error_" + e.code);
  return text.empty() ? ContactLabel(lang, "error_invalid_utf8") : text;
}

mustache::data Form(const ContactFormView& v) {
  mustache::data form;
  form["token"] = v.token;
  form["nested"] = false;
  form["notice"] = v.notice.empty() ? mustache::data(false)
                                    : mustache::data(ContactLabel(v.lang, "notice_" + v.notice));
  const std::pair<const char*, const std::string*> fields[] = {
      {"name", &v.values.name}, {"email", &v.values.email}, {"order_id", &v.values.order_id},
      {"subject", &v.values.subject}, {"text", &v.values.text}};
  for (const auto& [field, value] : fields) {
    mustache::data& f = form[field];
    f["value"] = *value;
    f["error"] = false;
  }
  mustache::list errors;
  for (const FieldError& e : v.errors) {
    std::string text = ErrorText(v.lang, e);
    form[e.field]["error"] = text;
    mustache::data& item = errors.emplace_back();
    item["field"] = e.field;
    item["label"] = ContactLabel(v.lang, e.field);
    item["message"] = text;
  }
  form["has_errors"] = !errors.empty();
  form["error_list"] = std::move(errors);
  return form;
}

std::string Render(const mustache::data& page) {
  // Parsed per call: rendering records errors in the object, so one shared
  // between threads would not be thread-safe.
  mustache::mustache tmpl{std::string(http_pages::kContactHtml)};
  tmpl.set_custom_escape([](const std::string& s) { return HtmlEscape(s); });
  std::string html = tmpl.render(page);
  // Compiled in: an error is a build defect that contact_page_test catches.
  if (!tmpl.is_valid()) return HtmlEscape("contact page template error: " + tmpl.error_message());
  return html;
}

}  // namespace

std::string ContactLabel(const std::string& lang, const std::string& key) {
  const nlohmann::json& table = BuiltInLabels();
  for (const std::string& l : {lang, std::string("en")}) {
    auto own = table.find(l);
    if (own == table.end() || !own->is_object()) continue;
    if (auto it = own->find(key); it != own->end() && it->is_string()) return it->get<std::string>();
  }
  return std::string();
}

std::string RenderContactForm(const ContactFormView& view) {
  mustache::data page = Page(view.lang, view.languages);
  page["title"] = ContactLabel(view.lang, "title");
  page["has_errors"] = !view.errors.empty();
  page["form"] = Form(view);
  return Render(page);
}

std::string RenderContactAnswer(const ContactAnswerView& view) {
  mustache::data page = Page(view.lang, view.languages);
  std::string thanks = ContactLabel(view.lang, "thanks");
  std::string heading = view.name.empty() ? thanks : thanks + ", " + view.name;
  page["title"] = heading;
  mustache::data answer;
  answer["heading"] = heading;
  answer["language"] = view.lang;
  answer["email"] = view.email;
  answer["has_reply"] = !view.reply.empty();
  answer["paragraphs"] = Paragraphs(view.reply);
  if (view.ticket) {
    mustache::data ticket;
    ticket["number"] = std::to_string(*view.ticket);
    answer["ticket"] = std::move(ticket);
  } else {
    answer["ticket"] = false;
  }
  answer["confirmation"] = view.confirmation;
  answer["ask"] = view.ask;
  page["answer"] = std::move(answer);
  if (view.form) {
    mustache::data form = Form(*view.form);
    form["nested"] = true;
    page["form"] = std::move(form);
  }
  return Render(page);
}

}  // namespace frontdesk
