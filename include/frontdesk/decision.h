// Decision: what the engine decided for one message, and why. Plain data that
// a test can compare; serialized as the decision JSON of DESIGN.md.
#ifndef FRONTDESK_INCLUDE_FRONTDESK_DECISION_H_
#define FRONTDESK_INCLUDE_FRONTDESK_DECISION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace frontdesk {

enum class Route { kAnswer, kLookup, kAsk, kEscalate, kFallback };
const char* RouteName(Route r);
bool ParseRoute(const std::string& s, Route* out);

// One step of the reasoning: a pattern that matched, a rule that fired, a
// lookup that ran. `source` is FILE:LINE of the YAML that caused it.
struct TraceStep {
  std::string step;    // match | candidate | rule | answer | ask | lookup | escalate | faq | language | state
  std::string id;      // intent id, rule id, lookup name ...
  std::string source;  // FILE:LINE, or "" for built-in behaviour
  std::string detail;  // short human-readable note; never a message body
};

struct Escalation {
  std::string queue = "general";
  std::string priority = "normal";
  std::string reason;    // id of the rule that escalated
  int64_t due_unix = 0;  // when a person should have answered (business hours aware)
};

struct Decision {
  Route route = Route::kFallback;
  std::optional<std::string> intent;
  std::string language;
  std::map<std::string, std::string> slots;
  std::string reply;
  std::optional<int64_t> ticket;
  std::string conversation_id;
  std::string lookup;                  // lookup name when route == kLookup
  std::optional<Escalation> escalation;
  std::vector<std::string> tags;
  std::vector<TraceStep> trace;
  std::string id;                      // echoed message id (batch)
  // The FAQ entry that answered (by search, or as intent "faq.<id>"); "" =
  // none. Not part of the JSON: the store counts it so that the FAQ lists the
  // most asked entries first, across restarts.
  std::string faq_entry;
};

nlohmann::json DecisionToJson(const Decision& d);
// Appends to *out the bytes of DecisionToJson(d).dump(-1, ' ', false,
// error_handler_t::replace), written without building the JSON tree (a
// third of `frontdesk batch`'s cost per message was that tree). Implemented
// in engine/text, whose UTF-8 check it uses.
void AppendDecisionJson(const Decision& d, std::string* out);
// The "trace" member of DecisionToJson, alone.
nlohmann::json TraceToJson(const std::vector<TraceStep>& trace);

}  // namespace frontdesk

#endif  // FRONTDESK_INCLUDE_FRONTDESK_DECISION_H_
