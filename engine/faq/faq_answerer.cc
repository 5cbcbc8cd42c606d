#include "engine/faq/faq_answerer.h"

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <vector>

namespace frontdesk {
namespace {

std::string Detail(const FaqHit& h) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2) << "bm25 " << h.score << ", coverage " << h.coverage;
  return out.str();
}

// The next entries worth offering: later hits that matched a term of the
// message, then the answered entry's own `related`.
std::vector<const FaqEntry*> SeeAlso(const FaqIndex& index, const FaqSearchResult& r) {
  std::vector<const FaqEntry*> out;
  const FaqEntry* best = r.hits[0].entry;
  auto add = [&](const FaqEntry* e) {
    if (e != nullptr && e != best && out.size() < 2 &&
        std::find(out.begin(), out.end(), e) == out.end())
      out.push_back(e);
  };
  for (size_t i = 1; i < r.hits.size(); ++i)
    if (r.hits[i].matched_terms > 0) add(r.hits[i].entry);
  for (const auto& id : best->related) add(index.Find(id));
  return out;
}

}  // namespace

std::string FaqSeeAlsoLabel(const std::string& language) {
  if (language == "vi") return "Xem thêm:";
  if (language == "es") return "Ver también:";
  return "See also:";
}

FaqAnswerFn MakeFaqAnswerer(std::shared_ptr<const FaqIndex> index, bool trace_misses) {
  if (index == nullptr) return nullptr;
  return [index = std::move(index), trace_misses](const std::string& folded,
                                                  const std::string& language, Decision* d) {
    FaqSearchResult r = index->Search(folded, 3);
    if (r.hits.empty()) return false;
    const FaqEntry& best = *r.hits[0].entry;
    if (!r.confident) {
      if (trace_misses)
        d->trace.push_back({"faq", best.id, best.loc.FileLine(), "not confident: " + Detail(r.hits[0])});
      return false;
    }
    std::string reply = index->Text(best.answer, language);
    std::string also;
    for (const FaqEntry* e : SeeAlso(*index, r))
      also += (also.empty() ? " " : " · ") + index->Text(e->question, language);
    if (!also.empty()) reply += "\n\n" + FaqSeeAlsoLabel(language) + also;
    d->route = Route::kAnswer;
    d->reply = std::move(reply);
    d->trace.push_back({"faq", best.id, best.loc.FileLine(), Detail(r.hits[0])});
    d->faq_entry = best.id;  // counted by the caller once the turn is stored
    return true;
  };
}

FaqPickFn MakeFaqPicker(std::shared_ptr<const FaqIndex> index) {
  if (index == nullptr) return nullptr;
  return [index = std::move(index)](const std::string& folded, const std::string& language,
                                    const std::vector<std::string>& entries, Decision* d) {
    const FaqEntry* pick = nullptr;
    std::string why = "intent's first entry";
    if (entries.size() > 1) {
      // The intent settled the topic; the top hits say which of its entries fits.
      FaqHit h = index->BestOf(folded, entries);
      if (h.entry != nullptr) {
        pick = h.entry;
        why = "intent's entry that fits best: " + Detail(h);
      }
    }
    for (size_t i = 0; pick == nullptr && i < entries.size(); ++i) pick = index->Find(entries[i]);
    if (pick == nullptr) return false;
    if (entries.size() == 1) why = "intent's entry";
    d->route = Route::kAnswer;
    d->reply = index->Text(pick->answer, language);
    d->faq_entry = pick->id;
    d->trace.push_back({"faq", pick->id, pick->loc.FileLine(), why});
    return true;
  };
}

}  // namespace frontdesk
