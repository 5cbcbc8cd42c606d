// The decision JSON written directly. `frontdesk batch` writes one per
// message; building a nlohmann tree for it (a node per field and trace step,
// each key a std::map entry) and dumping it cost as much as a third of
// deciding. The bytes are exactly those of DecisionToJson(d).dump(-1, ' ',
// false, replace): keys in std::map order, nlohmann's escapes; a decision
// holding a string that is not valid UTF-8 goes through nlohmann itself, so
// that its replacement characters stay what they were.
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/text/text.h"
#include "frontdesk/decision.h"

namespace frontdesk {
namespace {

// nlohmann's dump_escaped with ensure_ascii off, for valid UTF-8.
void AppendString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char u[8];
          std::snprintf(u, sizeof u, "\\u%04x", static_cast<unsigned>(c));
          out->append(u);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void AppendKey(std::string_view key, std::string* out) {
  AppendString(key, out);
  out->push_back(':');
}

bool AllValidUtf8(const Decision& d) {
  auto ok = [](const std::string& s) { return IsValidUtf8(s); };
  if (!ok(d.id) || !ok(d.language) || !ok(d.reply) || !ok(d.conversation_id)) return false;
  if (d.intent && !ok(*d.intent)) return false;
  for (const auto& [k, v] : d.slots)
    if (!ok(k) || !ok(v)) return false;
  for (const auto& t : d.tags)
    if (!ok(t)) return false;
  if (d.escalation && (!ok(d.escalation->queue) || !ok(d.escalation->priority) || !ok(d.escalation->reason)))
    return false;
  for (const TraceStep& t : d.trace)
    if (!ok(t.step) || !ok(t.id) || !ok(t.source) || !ok(t.detail)) return false;
  return true;
}

void AppendTrace(const std::vector<TraceStep>& trace, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < trace.size(); ++i) {
    const TraceStep& t = trace[i];
    if (i > 0) out->push_back(',');
    out->push_back('{');
    if (!t.detail.empty()) {
      AppendKey("detail", out);
      AppendString(t.detail, out);
      out->push_back(',');
    }
    AppendKey("id", out);
    AppendString(t.id, out);
    out->append(",\"source\":");
    AppendString(t.source, out);
    out->append(",\"step\":");
    AppendString(t.step, out);
    out->push_back('}');
  }
  out->push_back(']');
}

}  // namespace

void AppendDecisionJson(const Decision& d, std::string* out) {
  if (!AllValidUtf8(d)) {
    out->append(DecisionToJson(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  // The members in the order nlohmann keeps them: sorted by name.
  out->append("{\"conversation_id\":");
  AppendString(d.conversation_id, out);
  if (d.escalation) {
    out->append(",\"escalation\":{\"priority\":");
    AppendString(d.escalation->priority, out);
    out->append(",\"queue\":");
    AppendString(d.escalation->queue, out);
    out->append(",\"reason\":");
    AppendString(d.escalation->reason, out);
    out->push_back('}');
  }
  if (!d.id.empty()) {
    out->append(",\"id\":");
    AppendString(d.id, out);
  }
  out->append(",\"intent\":");
  if (d.intent) AppendString(*d.intent, out);
  else out->append("null");
  out->append(",\"language\":");
  AppendString(d.language, out);
  out->append(",\"reply\":");
  AppendString(d.reply, out);
  out->append(",\"route\":");
  AppendString(RouteName(d.route), out);
  out->append(",\"slots\":{");
  bool first = true;
  for (const auto& [k, v] : d.slots) {
    if (!first) out->push_back(',');
    first = false;
    AppendKey(k, out);
    AppendString(v, out);
  }
  out->push_back('}');
  if (!d.tags.empty()) {
    out->append(",\"tags\":[");
    for (size_t i = 0; i < d.tags.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendString(d.tags[i], out);
    }
    out->push_back(']');
  }
  out->append(",\"ticket\":");
  out->append(d.ticket ? std::to_string(*d.ticket) : "null");
  out->append(",\"trace\":");
  AppendTrace(d.trace, out);
  out->push_back('}');
}

}  // namespace frontdesk
