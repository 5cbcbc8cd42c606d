#include "adapters/http/faq_page.h"

#include <algorithm>
#include <cmath>

#include <kainjow/mustache.hpp>

#include "adapters/http/pages/embedded.h"
#include "engine/faq/faq_answerer.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

namespace mustache = kainjow::mustache;

// The label table compiled in from adapters/http/pages/faq_labels.json. A
// broken file gives an empty table (no labels); faq_page_test catches that.
const nlohmann::json& BuiltInLabels() {
  static const nlohmann::json kTable =
      nlohmann::json::parse(http_pages::kFaqLabelsJson, nullptr, /*allow_exceptions=*/false);
  return kTable;
}

std::string PageLanguage(const FaqIndex& index, const std::string& language) {
  const auto& langs = index.languages();
  if (std::find(langs.begin(), langs.end(), language) != langs.end()) return language;
  return langs.empty() ? "en" : langs.front();
}

// The query as valid UTF-8 (invalid bytes become U+FFFD), so that neither
// the page nor the JSON serializer ever sees broken text.
std::string Repaired(const std::string& q) {
  FoldedText t;
  // Only the 1 GiB size limit can fail in repair mode: such a query is
  // shown blank (and the server refuses far smaller requests anyway).
  if (!FoldText(q, InvalidUtf8::kRepair, &t).ok()) return std::string();
  return t.original;
}

// Answer text: each non-empty line is a paragraph.
mustache::data Paragraphs(const std::string& text) {
  mustache::list out;
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = std::min(text.find('\n', b), text.size());
    if (e > b) out.emplace_back(text.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

// The values that adapters/http/pages/faq.html and faq_category.html expect.
// Every key a template section reads is set on every object that section
// pushes (false or an empty list rather than absent): mustache looks a
// missing key up in the enclosing objects, so an entry without "category"
// would find the category around it. Values are moved in with operator[]
// (set() and << copy, and a copy of a category copies all below it).
class PageData {
 public:
  PageData(const FaqIndex& index, std::string lang, std::string open_entry)
      : index_(index), lang_(std::move(lang)), open_entry_(std::move(open_entry)) {}

  mustache::data Build(const std::string& query) const {
    mustache::data page;
    mustache::data& labels = page["labels"];
    for (const auto& [key, text] : FaqPageLabels(BuiltInLabels(), lang_)) labels[key] = text;
    // Shared with the answers the bot sends (engine/faq/faq_answerer.cc), so
    // that the page and the replies never word it differently.
    labels["see_also"] = FaqSeeAlsoLabel(lang_);
    page["lang"] = lang_;
    page["query"] = query;
    bool searched = query.find_first_not_of(" \t\r\n") != std::string::npos;
    page["results"] = searched ? Results(query) : mustache::data(false);
    page["items"] = Items(index_.ListByCategory());
    page["faq_category"] = mustache::partial([] { return std::string(http_pages::kFaqCategoryHtml); });
    return page;
  }

 private:
  mustache::data Results(const std::string& query) const {
    FaqSearchResult r = index_.Search(query, 10);
    mustache::list hits;
    hits.reserve(r.hits.size());
    for (const FaqHit& h : r.hits) {
      // A page of results is read top down: stop where they turn into noise.
      if (h.entry != r.hits[0].entry && h.rank < kWeakResult * r.hits[0].rank) break;
      mustache::data& hit = hits.emplace_back();
      hit["id"] = h.entry->id;
      hit["question"] = index_.Text(h.entry->question, lang_);
      hit["paragraphs"] = Paragraphs(index_.Text(h.entry->answer, lang_));
    }
    mustache::data out;
    out["has_hits"] = !hits.empty();
    out["hits"] = std::move(hits);
    return out;
  }

  mustache::data Entry(const FaqEntry& e) const {
    mustache::list links;
    links.reserve(e.related.size());
    for (const auto& id : e.related) {
      const FaqEntry* r = index_.Find(id);
      if (r == nullptr) continue;
      mustache::data& link = links.emplace_back();
      link["first"] = links.size() == 1;
      link["id"] = r->id;
      link["question"] = index_.Text(r->question, lang_);
    }
    mustache::data out;
    out["id"] = e.id;
    out["open"] = e.id == open_entry_;
    out["question"] = index_.Text(e.question, lang_);
    out["paragraphs"] = Paragraphs(index_.Text(e.answer, lang_));
    out["has_links"] = !links.empty();
    out["links"] = std::move(links);
    return out;
  }

  // The entries and sub-categories of this level, most asked first (a
  // sub-category counts everything below it; on a tie, entries first). Each
  // sub-category is folded in a <details> that starts open for the top level.
  mustache::data Items(const FaqCategory& node) const {
    mustache::list items;
    items.reserve(node.entries.size() + node.children.size());
    auto entry = node.entries.begin();
    auto child = node.children.begin();
    while (entry != node.entries.end() || child != node.children.end()) {
      mustache::data& item = items.emplace_back();
      if (child == node.children.end() || (entry != node.entries.end() && entry->hits >= child->hits)) {
        item["entry"] = Entry(*(entry++)->entry);
        item["category"] = false;
      } else {
        mustache::data& category = item["category"];
        category["name"] = child->name;
        category["open"] = node.path.empty() || Holds(*child, open_entry_);
        category["items"] = Items(*(child++));
        item["entry"] = false;
      }
    }
    return items;
  }

  static bool Holds(const FaqCategory& node, const std::string& id) {
    if (id.empty()) return false;
    for (const auto& item : node.entries)
      if (item.entry->id == id) return true;
    for (const auto& child : node.children)
      if (Holds(child, id)) return true;
    return false;
  }

  // Results ranked below this share of the best one are not shown.
  static constexpr double kWeakResult = 0.25;

  const FaqIndex& index_;
  std::string lang_;
  std::string open_entry_;
};

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> FaqPageLabels(const nlohmann::json& table, const std::string& language) {
  std::map<std::string, std::string> out;
  auto en = table.find("en");
  if (en == table.end() || !en->is_object()) return out;
  const nlohmann::json* own = nullptr;
  if (auto it = table.find(language); it != table.end() && it->is_object()) own = &*it;
  for (const auto& [key, fallback] : en->items()) {
    const nlohmann::json* text = &fallback;
    if (own != nullptr) {
      if (auto it = own->find(key); it != own->end() && it->is_string()) text = &*it;
    }
    if (text->is_string()) out[key] = text->get<std::string>();
  }
  return out;
}

std::string RenderFaqPage(const FaqIndex& index, const std::string& language, const std::string& query,
                          const std::string& open_entry) {
  mustache::data page = PageData(index, PageLanguage(index, language), open_entry).Build(Repaired(query));
  // A mustache object is parsed per call: rendering records errors in it, so
  // one shared between threads would not be thread-safe.
  mustache::mustache tmpl{std::string(http_pages::kFaqHtml)};
  // Ours, not kainjow's html_escape: the same one HtmlEscape() callers get,
  // and ' as &#39; (kainjow writes &apos;, which HTML 4 lacks). Every {{x}}
  // in the templates is escaped; they use no {{{x}}} or {{&x}}.
  tmpl.set_custom_escape([](const std::string& s) { return HtmlEscape(s); });
  std::string html = tmpl.render(page);
  // The templates are compiled in, so an error is a build defect that
  // faq_page_test catches; say so rather than serve half a page.
  if (!tmpl.is_valid()) return HtmlEscape("FAQ page template error: " + tmpl.error_message());
  return html;
}

nlohmann::json FaqSearchJson(const FaqIndex& index, const std::string& q,
                             const std::string& language, int limit) {
  std::string lang = PageLanguage(index, language);
  nlohmann::json out = {{"query", Repaired(q)}, {"language", lang}, {"confident", false},
                        {"results", nlohmann::json::array()}};
  FaqSearchResult r = index.Search(q, std::clamp(limit, 1, 50));
  out["confident"] = r.confident;
  for (const FaqHit& h : r.hits) {
    out["results"].push_back({{"id", h.entry->id},
                              {"question", index.Text(h.entry->question, lang)},
                              {"answer", index.Text(h.entry->answer, lang)},
                              {"category", h.entry->category},
                              {"score", std::round(h.score * 1000) / 1000}});
  }
  return out;
}

}  // namespace frontdesk
