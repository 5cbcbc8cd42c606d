#include "frontdesk/message_json.h"

#include <string>
#include <utility>

#include "engine/text/text.h"

namespace frontdesk {

Status MessageFromJson(const nlohmann::json& j, Message* m) {
  if (!j.is_object()) return Status::InvalidArgument("a message must be a JSON object");
  // Every field has a limit: a customer's message is long at 20,000 bytes.
  struct Field {
    const char* key;
    std::string* out;
    size_t max_bytes;
  };
  const Field fields[] = {{"id", &m->id, 200},
                          {"text", &m->text, kMaxMessageTextBytes},
                          {"lang", &m->language, 16},
                          {"channel", &m->channel, 16},
                          {"from", &m->from, 320},
                          {"subject", &m->subject, 1000},
                          {"conversation_id", &m->conversation_id, 200}};
  for (const auto& [key, out, max_bytes] : fields) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    if (it->is_string()) *out = it->get<std::string>();
    // A backlog's ids are often numbers; echo them as written.
    else if (it->is_number_integer() && out == &m->id) *out = it->dump();
    else return Status::InvalidArgument(std::string("'") + key + "' must be a string");
    if (out->size() > max_bytes)
      return Status::InvalidArgument(std::string("'") + key + "' is longer than " +
                                     std::to_string(max_bytes) + " bytes");
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
