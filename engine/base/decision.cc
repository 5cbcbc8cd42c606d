#include "frontdesk/decision.h"

namespace frontdesk {

const char* RouteName(Route r) {
  switch (r) {
    case Route::kAnswer: return "answer";
    case Route::kLookup: return "lookup";
    case Route::kAsk: return "ask";
    case Route::kEscalate: return "escalate";
    case Route::kFallback: return "fallback";
  }
  return "fallback";
}

bool ParseRoute(const std::string& s, Route* out) {
  for (Route r : {Route::kAnswer, Route::kLookup, Route::kAsk, Route::kEscalate, Route::kFallback}) {
    if (s == RouteName(r)) {
      *out = r;
      return true;
    }
  }
  return false;
}

nlohmann::json DecisionToJson(const Decision& d) {
  nlohmann::json j;
  if (!d.id.empty()) j["id"] = d.id;
  j["route"] = RouteName(d.route);
  j["intent"] = d.intent ? nlohmann::json(*d.intent) : nlohmann::json(nullptr);
  j["language"] = d.language;
  j["slots"] = nlohmann::json::object();
  for (const auto& [k, v] : d.slots) j["slots"][k] = v;
  j["reply"] = d.reply;
  j["ticket"] = d.ticket ? nlohmann::json(*d.ticket) : nlohmann::json(nullptr);
  j["conversation_id"] = d.conversation_id;
  if (!d.tags.empty()) j["tags"] = d.tags;
  if (d.escalation) {
    j["escalation"] = {{"queue", d.escalation->queue},
                       {"priority", d.escalation->priority},
                       {"reason", d.escalation->reason}};
  }
  j["trace"] = TraceToJson(d.trace);
  return j;
}

nlohmann::json TraceToJson(const std::vector<TraceStep>& trace) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : trace) {
    nlohmann::json s = {{"step", t.step}, {"id", t.id}, {"source", t.source}};
    if (!t.detail.empty()) s["detail"] = t.detail;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace frontdesk
