#include "engine/service/suggest.h"

#include <algorithm>

#include "engine/decide/assistant.h"
#include "engine/faq/faq_answerer.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

// Further entries are offered only when the search ranks them at least this
// share of the best hit: below that they answer some other question.
constexpr double kNeighbourRank = 0.5;

// What the assistant may use here: the clock (rules may test business hours)
// and the FAQ; no lookups and a ticket "number" that allocates nothing,
// because nothing of this turn is ever kept.
AssistantServices ReadOnlyServices(const CompiledPack& pack, const Clock& clock) {
  AssistantServices services;
  services.clock = &clock;
  services.lookups = nullptr;
  if (pack.faq()) {
    services.faq = MakeFaqAnswerer(pack.faq());
    services.faq_pick = MakeFaqPicker(pack.faq());
  }
  services.next_ticket_id = [](int64_t* id) {
    *id = 0;
    return Status::Ok();
  };
  return services;
}

bool Listed(const SuggestResult& r, const std::string& id) {
  return std::any_of(r.suggestions.begin(), r.suggestions.end(),
                     [&](const Suggestion& s) { return s.id == id; });
}

void Add(const FaqIndex& faq, const FaqEntry& e, const std::string& language, SuggestResult* out) {
  out->suggestions.push_back({e.id, faq.Text(e.question, language), faq.Text(e.answer, language)});
}

}  // namespace

Status SuggestAnswers(std::shared_ptr<const CompiledPack> pack, const Clock& clock,
                      const SuggestRequest& request, SuggestResult* out) {
  *out = SuggestResult();
  if (!IsValidUtf8(request.text)) return Status::InvalidArgument("text is not valid UTF-8");
  out->language = pack->default_language();
  const std::shared_ptr<const FaqIndex>& faq = pack->faq();
  if (request.limit == 0 || request.text.find_first_not_of(" \t\r\n") == std::string::npos ||
      faq == nullptr)
    return Status::Ok();
  Message m;
  m.text = request.text;
  m.channel = "form";
  m.default_language = request.page_language;
  ConversationState in, next;
  in.id = "suggest";  // never stored: a name for the trace only
  Decision d;
  Assistant assistant(pack, ReadOnlyServices(*pack, clock));
  Status s = assistant.Decide(m, in, &next, &d);
  if (!s.ok()) return s;
  out->language = d.language;
  const FaqEntry* decided = d.route == Route::kAnswer ? faq->Find(d.faq_entry) : nullptr;
  if (decided == nullptr) return Status::Ok();
  Add(*faq, *decided, d.language, out);
  FaqSearchResult r = faq->Search(request.text, static_cast<int>(request.limit) + 3);
  double best = r.hits.empty() ? 0 : r.hits.front().rank;
  for (const FaqHit& h : r.hits) {
    if (out->suggestions.size() >= request.limit) break;
    if (!h.anchored || h.matched_terms == 0 || h.rank < kNeighbourRank * best ||
        Listed(*out, h.entry->id))
      continue;
    Add(*faq, *h.entry, d.language, out);
  }
  return Status::Ok();
}

}  // namespace frontdesk
