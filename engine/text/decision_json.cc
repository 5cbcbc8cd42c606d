// The decision JSON written directly. `frontdesk batch` writes one per
// message; building a nlohmann tree for it (a node per field and trace step,
// each key a std::map entry) and dumping it cost as much as a third of
// deciding. The bytes are exactly those of DecisionToJson(d).dump(-1, ' ',
// false, replace): keys in std::map order, nlohmann's escapes; a decision
// holding a string that is not valid UTF-8 goes through nlohmann itself, so
// that its replacement characters stay what they were.
#include <array>
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/text/text.h"
#include "frontdesk/decision.h"

namespace frontdesk {
namespace {

// Bytes copied as they are: not a control character, quote or backslash
// (which nlohmann escapes), and ASCII (a byte >= 0x80 starts or continues a
// multi-byte character, whose run is checked as UTF-8).
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// The JSON text of a decision, written in one pass: each string is checked
// as UTF-8 while it is copied, and copied in runs rather than byte by byte.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  // False once a string was not valid UTF-8 (what was written is then of
  // no use).
  bool ok() const { return ok_; }
  void Raw(std::string_view s) { out_->append(s); }
  void Raw(char c) { out_->push_back(c); }
  // nlohmann's dump_escaped with ensure_ascii off, for valid UTF-8.
  void String(std::string_view s);

 private:
  std::string* out_;
  bool ok_ = true;
};

void Writer::String(std::string_view s) {
  if (!ok_) return;
  out_->push_back('"');
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    size_t run = i;
    while (run < n && kPlain[static_cast<unsigned char>(s[run])]) ++run;
    out_->append(s.data() + i, run - i);
    if ((i = run) == n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // A multi-byte character never holds an ASCII byte, so the string is
      // valid UTF-8 exactly when each run of non-ASCII bytes is.
      while (run < n && static_cast<unsigned char>(s[run]) >= 0x80) ++run;
      if (!IsValidUtf8(s.substr(i, run - i))) {
        ok_ = false;
        return;
      }
      out_->append(s.data() + i, run - i);
      i = run;
      continue;
    }
    switch (c) {
      case '"': out_->append("\\\""); break;
      case '\\': out_->append("\\\\"); break;
      case '\b': out_->append("\\b"); break;
      case '\f': out_->append("\\f"); break;
      case '\n': out_->append("\\n"); break;
      case '\r': out_->append("\\r"); break;
      case '\t': out_->append("\\t"); break;
      default: {
        char u[8];
        std::snprintf(u, sizeof u, "\\u%04x", static_cast<unsigned>(c));
        out_->append(u);
      }
    }
    ++i;
  }
  out_->push_back('"');
}

void WriteTrace(const std::vector<TraceStep>& trace, Writer* w) {
  w->Raw('[');
  for (size_t i = 0; i < trace.size(); ++i) {
    const TraceStep& t = trace[i];
    if (i > 0) w->Raw(',');
    w->Raw('{');
    if (!t.detail.empty()) {
      w->Raw("\"detail\":");
      w->String(t.detail);
      w->Raw(',');
    }
    w->Raw("\"id\":");
    w->String(t.id);
    w->Raw(",\"source\":");
    w->String(t.source);
    w->Raw(",\"step\":");
    w->String(t.step);
    w->Raw('}');
  }
  w->Raw(']');
}

}  // namespace

void AppendDecisionJson(const Decision& d, std::string* out) {
  const size_t start = out->size();
  Writer w(out);
  // The members in the order nlohmann keeps them: sorted by name.
  w.Raw("{\"conversation_id\":");
  w.String(d.conversation_id);
  if (d.escalation) {
    w.Raw(",\"escalation\":{\"priority\":");
    w.String(d.escalation->priority);
    w.Raw(",\"queue\":");
    w.String(d.escalation->queue);
    w.Raw(",\"reason\":");
    w.String(d.escalation->reason);
    w.Raw('}');
  }
  if (!d.id.empty()) {
    w.Raw(",\"id\":");
    w.String(d.id);
  }
  w.Raw(",\"intent\":");
  if (d.intent) w.String(*d.intent);
  else w.Raw("null");
  w.Raw(",\"language\":");
  w.String(d.language);
  w.Raw(",\"reply\":");
  w.String(d.reply);
  w.Raw(",\"route\":");
  w.String(RouteName(d.route));
  w.Raw(",\"slots\":{");
  bool first = true;
  for (const auto& [k, v] : d.slots) {
    if (!first) w.Raw(',');
    first = false;
    w.String(k);
    w.Raw(':');
    w.String(v);
  }
  w.Raw('}');
  if (!d.tags.empty()) {
    w.Raw(",\"tags\":[");
    for (size_t i = 0; i < d.tags.size(); ++i) {
      if (i > 0) w.Raw(',');
      w.String(d.tags[i]);
    }
    w.Raw(']');
  }
  w.Raw(",\"ticket\":");
  w.Raw(d.ticket ? std::to_string(*d.ticket) : "null");
  w.Raw(",\"trace\":");
  WriteTrace(d.trace, &w);
  w.Raw('}');
  if (w.ok()) return;
  // A string that is not valid UTF-8: nlohmann's replacement characters.
  out->resize(start);
  out->append(DecisionToJson(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace frontdesk
