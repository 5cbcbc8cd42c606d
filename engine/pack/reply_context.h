// ReplyContext: everything a reply template may name, defined once. The
// assistant fills one per reply and renders ToJson(); the pack validator asks
// IsKnownTemplateVariable, which reads the names off the same ToJson(), so
// the two can never disagree about what {{...}} exists.
//
//   {{intent}} {{language}} {{channel}} {{conversation_id}}
//   {{slots.NAME}}                a declared slot's value
//   {{customer.email}} {{customer.name}}
//   {{lookup.FIELD}} {{#lookup.rows}}  the lookup's own fields (free-form)
//   {{ticket.id}} {{ticket.eta}}  after an escalation
//   {{answers.ID}}                FAQ entry ID's answer (checked against the FAQ)
#ifndef FRONTDESK_ENGINE_PACK_REPLY_CONTEXT_H_
#define FRONTDESK_ENGINE_PACK_REPLY_CONTEXT_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace frontdesk {

struct ReplyContext {
  std::string intent;  // "" when none
  std::string language;
  std::string channel;
  std::string conversation_id;
  std::map<std::string, std::string> slots;
  std::string customer_email;                // the sender's address, as given
  std::optional<std::string> customer_name;  // from the customer profile, if any
  nlohmann::json lookup;                     // the lookup's fields; null = none ran
  struct Ticket {
    std::string id;
    std::string eta;  // local time, "2026-11-23 14:00"
  };
  std::optional<Ticket> ticket;                // set by an escalation
  std::map<std::string, std::string> answers;  // FAQ entry id -> answer quoted
};

// The JSON a template is rendered with. Objects nest: {"slots": {"order_id":
// ..}} serves {{slots.order_id}}.
nlohmann::json ToJson(const ReplyContext& context);

// True when a template may use `name` (a top-level name or dotted path such
// as "ticket.id"). `slots` are the pack's declared slot names; `lookup.*` is
// free-form (a lookup returns fields of its own); `answers.*` is checked
// against the FAQ by the caller and is not known here.
bool IsKnownTemplateVariable(const std::string& name, const std::set<std::string>& slots);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_REPLY_CONTEXT_H_
