#include "engine/store/state_json.h"

#include <nlohmann/json.hpp>

namespace frontdesk::store_internal {

std::string StateToJson(const ConversationState& state) {
  nlohmann::json j = {
      {"id", state.id},
      {"language", state.language},
      {"pending_intent", state.pending_intent},
      {"pending_slot", state.pending_slot},
      {"slots", state.slots},
      {"vars", state.vars},
      {"failures", state.failures},
      {"human", state.human},
      {"ticket", state.ticket ? nlohmann::json(*state.ticket) : nlohmann::json(nullptr)},
      {"turns", state.turns},
  };
  if (state.resolved_ticket) {
    j["resolved_ticket"] = *state.resolved_ticket;
    j["resolved_unix"] = state.resolved_unix;
  }
  return j.dump();
}

Status StateFromJson(const std::string& json, ConversationState* state) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::Internal("stored conversation state is not a JSON object");
  try {
    ConversationState s;
    s.id = j.value("id", "");
    s.language = j.value("language", "");
    s.pending_intent = j.value("pending_intent", "");
    s.pending_slot = j.value("pending_slot", "");
    if (j.contains("slots")) s.slots = j["slots"].get<std::map<std::string, std::string>>();
    if (j.contains("vars")) s.vars = j["vars"].get<std::map<std::string, std::string>>();
    s.failures = j.value("failures", 0);
    s.human = j.value("human", false);
    if (j.contains("ticket") && j["ticket"].is_number_integer())
      s.ticket = j["ticket"].get<int64_t>();
    s.turns = j.value("turns", 0);
    if (j.contains("resolved_ticket") && j["resolved_ticket"].is_number_integer()) {
      s.resolved_ticket = j["resolved_ticket"].get<int64_t>();
      s.resolved_unix = j.value("resolved_unix", int64_t{0});
    }
    *state = std::move(s);
    return Status::Ok();
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal(std::string("stored conversation state: ") + e.what());
  }
}

}  // namespace frontdesk::store_internal
