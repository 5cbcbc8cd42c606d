#include "adapters/http/faq_page.h"

#include <algorithm>
#include <cmath>

#include "engine/faq/faq_answerer.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

struct Labels {
  const char* title;
  const char* search_label;
  const char* search_button;
  const char* results_for;
  const char* no_results;
  const char* all_questions;
};

const Labels& LabelsFor(const std::string& language) {
  static const Labels kEn = {"Frequently asked questions", "Search the FAQ", "Search",
                             "Results for", "No matching questions. Try other words, or contact us.",
                             "All questions"};
  static const Labels kVi = {"Câu hỏi thường gặp", "Tìm trong câu hỏi thường gặp", "Tìm",
                             "Kết quả cho",
                             "Không tìm thấy câu hỏi phù hợp. Hãy thử từ khác hoặc liên hệ với chúng tôi.",
                             "Tất cả câu hỏi"};
  static const Labels kEs = {"Preguntas frecuentes", "Buscar en las preguntas frecuentes", "Buscar",
                             "Resultados para",
                             "No hay preguntas que coincidan. Pruebe con otras palabras o contáctenos.",
                             "Todas las preguntas"};
  if (language == "vi") return kVi;
  if (language == "es") return kEs;
  return kEn;
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
  FoldText(q, InvalidUtf8::kRepair, &t);
  return t.original;
}

// Answer text: each line is a paragraph.
std::string Paragraphs(const std::string& text) {
  std::string out;
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = std::min(text.find('\n', b), text.size());
    if (e > b) out += "<p>" + HtmlEscape(std::string_view(text).substr(b, e - b)) + "</p>";
    b = e + 1;
  }
  return out;
}

class PageWriter {
 public:
  PageWriter(const FaqIndex& index, std::string lang, std::string open_entry)
      : index_(index), lang_(std::move(lang)), labels_(LabelsFor(lang_)),
        open_entry_(std::move(open_entry)) {}

  std::string Render(const std::string& query) {
    out_ += "<!DOCTYPE html>\n<html lang=\"" + HtmlEscape(lang_) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
            HtmlEscape(labels_.title) + "</title>\n<style>"
            "body{font-family:system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;line-height:1.5}"
            "summary{cursor:pointer}ul{list-style:none;padding-left:1rem}"
            ".faq-answer{margin:0 0 1rem 1rem}</style>\n</head>\n<body>\n<main>\n<h1>" +
            HtmlEscape(labels_.title) + "</h1>\n";
    Form(query);
    if (query.find_first_not_of(" \t\r\n") != std::string::npos) Results(query);
    out_ += "<section aria-labelledby=\"faq-all\">\n<h2 id=\"faq-all\">" +
            HtmlEscape(labels_.all_questions) + "</h2>\n";
    Category(index_.ListByCategory());
    out_ += "</section>\n</main>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  void Form(const std::string& query) {
    out_ += "<form method=\"get\" action=\"/faq\" role=\"search\">\n<label for=\"faq-q\">" +
            HtmlEscape(labels_.search_label) + "</label>\n"
            "<input type=\"search\" id=\"faq-q\" name=\"q\" value=\"" + HtmlEscape(query) + "\">\n"
            "<input type=\"hidden\" name=\"lang\" value=\"" + HtmlEscape(lang_) + "\">\n"
            "<button type=\"submit\">" + HtmlEscape(labels_.search_button) + "</button>\n</form>\n";
  }

  void Results(const std::string& query) {
    FaqSearchResult r = index_.Search(query, 10);
    out_ += "<section aria-labelledby=\"faq-results\" aria-live=\"polite\">\n<h2 id=\"faq-results\">" +
            HtmlEscape(labels_.results_for) + " “" + HtmlEscape(query) + "”</h2>\n";
    if (r.hits.empty()) {
      out_ += "<p>" + HtmlEscape(labels_.no_results) + "</p>\n</section>\n";
      return;
    }
    out_ += "<ol>\n";
    for (const FaqHit& h : r.hits) {
      // A page of results is read top down: stop where they turn into noise.
      if (h.entry != r.hits[0].entry && h.rank < kWeakResult * r.hits[0].rank) break;
      out_ += "<li><a href=\"" + Link(*h.entry) + "\">" +
              HtmlEscape(index_.Text(h.entry->question, lang_)) + "</a>\n<div class=\"faq-answer\">" +
              Paragraphs(index_.Text(h.entry->answer, lang_)) + "</div></li>\n";
    }
    out_ += "</ol>\n</section>\n";
  }

  void Entry(const FaqEntry& e) {
    out_ += "<li><details id=\"faq-" + HtmlEscape(e.id) + "\"" +
            (e.id == open_entry_ ? " open" : "") + "><summary>" +
            HtmlEscape(index_.Text(e.question, lang_)) + "</summary>\n<div class=\"faq-answer\">" +
            Paragraphs(index_.Text(e.answer, lang_));
    std::string links;
    for (const auto& id : e.related) {
      const FaqEntry* r = index_.Find(id);
      if (r == nullptr) continue;
      links += std::string(links.empty() ? " " : ", ") + "<a href=\"" + Link(*r) + "\">" +
               HtmlEscape(index_.Text(r->question, lang_)) + "</a>";
    }
    if (!links.empty()) out_ += "<p>" + HtmlEscape(FaqSeeAlsoLabel(lang_)) + links + "</p>";
    out_ += "</div></details></li>\n";
  }

  // The entries and sub-categories of this level, most asked first (a
  // sub-category counts everything below it; on a tie, entries first). Each
  // sub-category is folded in a <details> that starts open for the top level.
  void Category(const FaqCategory& node) {
    out_ += "<ul>\n";
    auto entry = node.entries.begin();
    auto child = node.children.begin();
    while (entry != node.entries.end() || child != node.children.end()) {
      if (child == node.children.end() || (entry != node.entries.end() && entry->hits >= child->hits)) {
        Entry(*(entry++)->entry);
        continue;
      }
      bool open = node.path.empty() || Holds(*child, open_entry_);
      out_ += std::string("<li><details") + (open ? " open" : "") + "><summary>" +
              HtmlEscape(child->name) + "</summary>\n";
      Category(*(child++));
      out_ += "</details></li>\n";
    }
    out_ += "</ul>\n";
  }

  // A link that opens entry `e` wherever it is in the tree.
  std::string Link(const FaqEntry& e) const {
    return HtmlEscape("/faq?lang=" + lang_ + "&entry=" + e.id + "#faq-" + e.id);
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
  const Labels& labels_;
  std::string open_entry_;
  std::string out_;
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

std::string RenderFaqPage(const FaqIndex& index, const std::string& language,
                          const std::string& query, const std::string& open_entry) {
  return PageWriter(index, PageLanguage(index, language), open_entry).Render(Repaired(query));
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
