// Pure renderers for the FAQ over HTTP (no sockets): the HTML page behind
// GET /faq and the JSON behind GET /v1/faq/search. The server parses the
// request, calls these and writes the result.
#ifndef FRONTDESK_ADAPTERS_HTTP_FAQ_PAGE_H_
#define FRONTDESK_ADAPTERS_HTTP_FAQ_PAGE_H_

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/faq/faq_index.h"

namespace frontdesk {

// &, <, >, " and ' as HTML entities.
std::string HtmlEscape(std::string_view text);

// A complete HTML5 page: a search form (GET /faq?q=...&lang=...), the results
// for `query` when it is not blank (or a "no results" note; results far
// weaker than the best are left out), then every entry in nested lists by
// category (<details> per category and entry), most asked first, with "See
// also" links to related entries. Links name the entry
// (/faq?lang=L&entry=ID#faq-ID) and the page opens `open_entry` and the
// categories around it, so a link lands on an unfolded answer without any
// script. `language` picks the texts and labels (en, vi, es); one the index
// does not know falls back to its first language. Every string that comes
// from the request or the packs is HTML-escaped. The markup is the mustache
// templates adapters/http/pages/faq.html and faq_category.html, the labels
// adapters/http/pages/faq_labels.json (FaqPageLabels); all three are
// compiled in (cmake/embed.cmake), so nothing is read from disk. Thread-safe.
std::string RenderFaqPage(const FaqIndex& index, const std::string& language,
                          const std::string& query, const std::string& open_entry = "");

// The page's labels in `language` from `table`, which maps a language to
// {label: text} as adapters/http/pages/faq_labels.json does: every label
// that "en" has, in `language` where it has that label as a string and in
// English otherwise (so a language missing from the table gets English).
// Empty if `table` has no "en" object. RenderFaqPage uses the built-in table.
std::map<std::string, std::string> FaqPageLabels(const nlohmann::json& table, const std::string& language);

// {"query": q, "language": L, "confident": bool,
//  "results": [{"id", "question", "answer", "category", "score"}]}, best
// first, at most `limit` (clamped to 1..50) results; score is BM25 (higher is
// better). "confident" says whether the engine would answer q with the first
// result. Texts are in `language` (fallback as for the page). Thread-safe.
nlohmann::json FaqSearchJson(const FaqIndex& index, const std::string& q,
                             const std::string& language, int limit);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_FAQ_PAGE_H_
