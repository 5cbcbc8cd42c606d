#include "engine/decide/rules.h"

#include <cstdlib>

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

// The number in a slot value such as "1.200.000 VND", "$1,200.50" or "500k":
// digits with thousands separators; a single separator followed by one or two
// digits at the end is a decimal point. False when there is no digit.
bool SlotNumber(const std::string& v, double* out) {
  std::string digits;
  std::string decimals;
  size_t i = 0;
  for (; i < v.size(); ++i) {
    char c = v[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if ((c == '.' || c == ',') && !digits.empty()) {
      size_t j = i + 1;
      while (j < v.size() && v[j] >= '0' && v[j] <= '9') ++j;
      size_t run = j - i - 1;
      bool last_group = v.find_first_of(".,", j) == std::string::npos;
      if (run > 0 && run <= 2 && last_group) {
        decimals = v.substr(i + 1, run);
        i = j;
        break;
      }
    } else if (!digits.empty() && c != ' ') {
      break;
    }
  }
  if (digits.empty()) return false;
  while (i < v.size() && v[i] == ' ') ++i;
  const bool thousands = i < v.size() && (v[i] == 'k' || v[i] == 'K');  // "500k", "1.5k"
  // strtod, not stod: a customer's 400-digit "amount" gives HUGE_VAL, not an exception.
  *out = std::strtod((digits + (decimals.empty() ? "" : "." + decimals)).c_str(), nullptr) *
         (thousands ? 1000 : 1);
  return true;
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
  for (const auto& [slot, threshold] : when.at_least) {
    auto it = ctx.slots.find(slot);
    double value = 0;
    if (it == ctx.slots.end() || !SlotNumber(it->second, &value) || value < threshold) return false;
  }
  for (const auto& [k, v] : when.customer) {
    auto it = ctx.customer.find(k);
    if (it == ctx.customer.end() || it->second != v) return false;
  }
  return true;
}

}  // namespace frontdesk
