#include "engine/decide/classifier.h"

#include <algorithm>
#include <map>
#include <set>

namespace frontdesk {

Status Classify(const CompiledPack& pack, std::string_view folded, Classification* out) {
  std::vector<PatternHit> hits;
  Status s = pack.matcher().Match(folded, &hits);
  if (!s.ok()) return s;
  std::set<int> vetoed;
  for (const auto& h : hits) {
    const auto& ref = pack.patterns()[static_cast<size_t>(h.pattern)];
    if (ref.def->negative) {
      vetoed.insert(ref.intent);
      out->negative_patterns.push_back(h.pattern);
    }
  }
  std::map<int, IntentMatch> best;  // intent -> its best positive hit
  for (auto& h : hits) {
    const auto& ref = pack.patterns()[static_cast<size_t>(h.pattern)];
    if (ref.def->negative || vetoed.count(ref.intent)) continue;
    int spec = pack.matcher().literal_chars(h.pattern);
    auto it = best.find(ref.intent);
    if (it != best.end() && it->second.specificity >= spec) continue;
    best[ref.intent] = {ref.intent, h.pattern, pack.intent(ref.intent).priority, spec,
                        std::move(h.captures)};
  }
  out->vetoed.assign(vetoed.begin(), vetoed.end());
  for (auto& [intent, m] : best) out->matches.push_back(std::move(m));
  std::sort(out->matches.begin(), out->matches.end(), [](const IntentMatch& a, const IntentMatch& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.specificity != b.specificity) return a.specificity > b.specificity;
    return a.intent < b.intent;
  });
  return Status::Ok();
}

}  // namespace frontdesk
