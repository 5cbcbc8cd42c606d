#include "engine/pack/reply_context.h"

#include <vector>

namespace frontdesk {

nlohmann::json ToJson(const ReplyContext& c) {
  nlohmann::json j = {{"intent", c.intent},
                      {"language", c.language},
                      {"channel", c.channel},
                      {"conversation_id", c.conversation_id},
                      {"slots", c.slots},
                      {"customer", {{"email", c.customer_email}}}};
  if (c.customer_name) j["customer"]["name"] = *c.customer_name;
  if (!c.lookup.is_null()) j["lookup"] = c.lookup;
  if (c.ticket) j["ticket"] = {{"id", c.ticket->id}, {"eta", c.ticket->eta}};
  if (!c.answers.empty()) j["answers"] = c.answers;
  return j;
}

namespace {

// Every name ToJson can write, with each optional part present: top-level
// keys and the dotted paths of their fixed children.
std::set<std::string> FixedNames() {
  ReplyContext full;
  full.customer_name = "";
  full.lookup = nlohmann::json::object();
  full.ticket = ReplyContext::Ticket();
  const nlohmann::json json = ToJson(full);  // items() refers into it: keep it alive
  std::set<std::string> names;
  for (const auto& [key, value] : json.items()) {
    names.insert(key);
    if (key == "slots" || key == "lookup" || key == "answers") continue;  // open-ended
    if (value.is_object())
      for (const auto& [child, unused] : value.items()) names.insert(key + "." + child);
  }
  return names;
}

}  // namespace

bool IsKnownTemplateVariable(const std::string& name, const std::set<std::string>& slots) {
  static const std::set<std::string> kFixed = FixedNames();
  if (name.rfind("answers", 0) == 0) return false;  // the FAQ decides (see header)
  if (kFixed.count(name)) return true;
  if (name.rfind("lookup.", 0) == 0) return true;
  if (name.rfind("slots.", 0) == 0) return slots.count(name.substr(6)) > 0;
  return false;
}

}  // namespace frontdesk
