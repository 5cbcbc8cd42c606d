// Rule conditions: does a rule apply to this turn?
#ifndef FRONTDESK_ENGINE_DECIDE_RULES_H_
#define FRONTDESK_ENGINE_DECIDE_RULES_H_

#include <map>
#include <optional>
#include <string>

#include "engine/pack/pack.h"

namespace frontdesk {

// What rule conditions can see of the current turn.
struct RuleContext {
  std::optional<std::string> intent;
  std::string channel;
  std::string language;
  std::map<std::string, std::string> slots;
  std::string pending;  // slot the conversation was waiting for
  int failures = 0;     // failed turns in a row, this one included
  bool business_open = true;
  std::map<std::string, std::string> customer;
};

bool RuleApplies(const RuleCondition& when, const RuleContext& ctx);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_DECIDE_RULES_H_
