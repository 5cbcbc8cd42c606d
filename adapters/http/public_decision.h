// What a public channel (the web chat, the feedback form) shows of a
// decision: the route, intent, language, reply and ticket, and never the
// trace, the slots or the conversation id (DESIGN.md: public channels never
// see decision traces). One serializer, so that the doors never differ.
#ifndef FRONTDESK_ADAPTERS_HTTP_PUBLIC_DECISION_H_
#define FRONTDESK_ADAPTERS_HTTP_PUBLIC_DECISION_H_

#include <string>

#include <nlohmann/json.hpp>

#include "frontdesk/decision.h"

namespace frontdesk {

// {"route", "intent", "language", "reply", "ticket"}; intent and ticket are
// null when absent.
nlohmann::json PublicDecisionJson(const Decision& d);

// The same keys picked from a stored decision JSON (an idempotent replay);
// keys the stored JSON lacks are left out, and a JSON that does not parse
// gives an empty object.
nlohmann::json PublicDecisionJson(const std::string& stored_json);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_PUBLIC_DECISION_H_
