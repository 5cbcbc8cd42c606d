#include "engine/decide/classifier.h"

#include <algorithm>

namespace frontdesk {

Status Classify(const CompiledPack& pack, std::string_view folded, Classification* out) {
  // A message has a few hits: vectors searched linearly beat a set and a map,
  // and this thread's buffer of hits is reused from message to message.
  thread_local std::vector<PatternHit> hits;
  hits.clear();
  Status s = pack.matcher().Match(folded, &hits);
  if (!s.ok()) return s;
  std::vector<int>& vetoed = out->vetoed;
  for (const auto& h : hits) {
    const auto& ref = pack.patterns()[static_cast<size_t>(h.pattern)];
    if (!ref.def->negative) continue;
    vetoed.push_back(ref.intent);
    out->negative_patterns.push_back(h.pattern);
  }
  std::sort(vetoed.begin(), vetoed.end());
  vetoed.erase(std::unique(vetoed.begin(), vetoed.end()), vetoed.end());
  std::vector<IntentMatch>& best = out->matches;  // one per intent: its best positive hit
  for (auto& h : hits) {
    const auto& ref = pack.patterns()[static_cast<size_t>(h.pattern)];
    if (ref.def->negative || std::binary_search(vetoed.begin(), vetoed.end(), ref.intent)) continue;
    int spec = pack.matcher().literal_chars(h.pattern);
    auto it = std::find_if(best.begin(), best.end(), [&](const IntentMatch& m) { return m.intent == ref.intent; });
    if (it != best.end() && it->specificity >= spec) continue;
    IntentMatch m{ref.intent, h.pattern, pack.intent(ref.intent).priority, spec, std::move(h.captures)};
    if (it == best.end()) best.push_back(std::move(m));
    else *it = std::move(m);
  }
  std::sort(best.begin(), best.end(), [](const IntentMatch& a, const IntentMatch& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.specificity != b.specificity) return a.specificity > b.specificity;
    return a.intent < b.intent;
  });
  return Status::Ok();
}

}  // namespace frontdesk
