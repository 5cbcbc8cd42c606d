#include "engine/rules.h"

#include <algorithm>

namespace frontdesk {
namespace {

bool InList(const std::vector<std::string>& list, const std::string& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

bool IntentMatches(const std::vector<std::string>& wanted, const std::optional<std::string>& intent) {
  if (wanted.empty()) return true;
  for (const auto& w : wanted) {
    if (w == "none" && !intent) return true;
    if (w == "*" && intent) return true;
    if (intent && w == *intent) return true;
  }
  return false;
}

}  // namespace

bool RuleApplies(const RuleCondition& when, const RuleContext& ctx) {
  if (!IntentMatches(when.intents, ctx.intent)) return false;
  if (!InList(when.channels, ctx.channel)) return false;
  if (!InList(when.languages, ctx.language)) return false;
  for (const auto& s : when.missing)
    if (ctx.slots.count(s)) return false;
  for (const auto& s : when.present)
    if (!ctx.slots.count(s)) return false;
  if (!when.pending.empty() && when.pending != ctx.pending) return false;
  if (when.failures > 0 && ctx.failures < when.failures) return false;
  if (when.business_hours && *when.business_hours != ctx.business_open) return false;
  for (const auto& [k, v] : when.customer) {
    auto it = ctx.customer.find(k);
    if (it == ctx.customer.end() || it->second != v) return false;
  }
  return true;
}

}  // namespace frontdesk
