#include "frontdesk/message_json.h"

#include <string>
#include <utility>

#include "engine/text/text.h"

namespace frontdesk {

Status MessageFromJson(const nlohmann::json& j, Message* m) {
  if (!j.is_object()) return Status::InvalidArgument("a message must be a JSON object");
  const std::pair<const char*, std::string*> fields[] = {
      {"id", &m->id},           {"text", &m->text}, {"lang", &m->language},
      {"channel", &m->channel}, {"from", &m->from}, {"subject", &m->subject},
      {"conversation_id", &m->conversation_id}};
  for (const auto& [key, out] : fields) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    if (it->is_string()) *out = it->get<std::string>();
    // A backlog's ids are often numbers; echo them as written.
    else if (it->is_number_integer() && out == &m->id) *out = it->dump();
    else return Status::InvalidArgument(std::string("'") + key + "' must be a string");
  }
  if (m->text.empty()) return Status::InvalidArgument("'text' is required");
  return Status::Ok();
}

Status ParseMessageJson(std::string_view body, Message* m) {
  // nlohmann would refuse it too, but the sender deserves to know which.
  if (!IsValidUtf8(body)) return Status::InvalidArgument("body is not valid UTF-8");
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("body is not valid JSON");
  return MessageFromJson(j, m);
}

}  // namespace frontdesk
