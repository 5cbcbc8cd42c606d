#include "adapters/http/public_decision.h"

namespace frontdesk {

using Json = nlohmann::json;

Json PublicDecisionJson(const Decision& d) {
  return {{"route", RouteName(d.route)},
          {"intent", d.intent ? Json(*d.intent) : Json(nullptr)},
          {"language", d.language},
          {"reply", d.reply},
          {"ticket", d.ticket ? Json(*d.ticket) : Json(nullptr)}};
}

Json PublicDecisionJson(const std::string& stored_json) {
  Json stored = Json::parse(stored_json, nullptr, false);
  Json out = Json::object();
  for (const char* k : {"route", "intent", "language", "reply", "ticket"})
    if (stored.is_object() && stored.contains(k)) out[k] = stored[k];
  return out;
}

}  // namespace frontdesk
