#include "engine/pack/templates.h"

#include <memory>
#include <unordered_map>

#include <kainjow/mustache.hpp>

namespace frontdesk {
namespace {

using kainjow::mustache::data;

data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      data d(data::type::object);
      for (const auto& [k, v] : j.items()) d.set(k, ToData(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      data d(data::type::list);
      for (const auto& v : j) d.push_back(ToData(v));
      return d;
    }
    case nlohmann::json::value_t::string: return data(j.get<std::string>());
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? data(data::type::bool_true)
                                                                : data(data::type::bool_false);
    case nlohmann::json::value_t::null: return data(data::type::bool_false);
    default: return data(j.dump());  // numbers
  }
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Templates parsed once per thread: a pack's few hundred templates are
// rendered again and again, and parsing was most of the cost. Keyed by the
// text itself, so a reloaded pack can never get a stale parse; emptied when
// it grows past kMaxParsed (texts of packs long replaced).
class ParsedTemplates {
 public:
  kainjow::mustache::mustache& Get(const std::string& text) {
    auto it = parsed_.find(text);
    if (it != parsed_.end()) return *it->second;
    if (parsed_.size() >= kMaxParsed) parsed_.clear();
    auto tmpl = std::make_unique<kainjow::mustache::mustache>(text);
    tmpl->set_custom_escape([](const std::string& s) { return s; });
    return *parsed_.emplace(text, std::move(tmpl)).first->second;
  }
  // A failed render leaves its error in the object: parse afresh next time.
  void Forget(const std::string& text) { parsed_.erase(text); }

 private:
  static constexpr size_t kMaxParsed = 4096;
  std::unordered_map<std::string, std::unique_ptr<kainjow::mustache::mustache>> parsed_;
};

thread_local ParsedTemplates parsed_templates;

}  // namespace

bool RenderTemplate(const std::string& text, const nlohmann::json& context, std::string* out,
                    std::string* error) {
  kainjow::mustache::mustache& tmpl = parsed_templates.Get(text);
  if (!tmpl.is_valid()) {
    *error = tmpl.error_message();
    return false;
  }
  *out = tmpl.render(ToData(context));
  if (!tmpl.is_valid()) {
    *error = tmpl.error_message();
    parsed_templates.Forget(text);
    return false;
  }
  return true;
}

bool TemplateVariables(const std::string& text, std::vector<std::string>* names,
                       std::string* error) {
  std::vector<std::string> open_sections;
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string::npos) {
    bool triple = text.compare(pos, 3, "{{{") == 0;
    size_t end = text.find(triple ? "}}}" : "}}", pos);
    if (end == std::string::npos) {
      *error = "unclosed tag at offset " + std::to_string(pos);
      return false;
    }
    std::string tag = Trim(text.substr(pos + (triple ? 3 : 2), end - pos - (triple ? 3 : 2)));
    pos = end + (triple ? 3 : 2);
    if (tag.empty()) continue;
    char sigil = tag[0];
    std::string name = Trim(sigil == '#' || sigil == '^' || sigil == '/' || sigil == '&' ||
                                    sigil == '!' || sigil == '>' || sigil == '='
                                ? tag.substr(1)
                                : tag);
    if (sigil == '=') {
      // Names written with other delimiters would escape this check (and
      // pack validation with it): refused.
      *error = "changing the delimiters ({{=...=}}) is not supported";
      return false;
    }
    if (sigil == '!' || sigil == '>') continue;
    if (sigil == '/') {
      if (open_sections.empty() || open_sections.back() != name) {
        *error = "section '" + name + "' closed without being opened";
        return false;
      }
      open_sections.pop_back();
      continue;
    }
    if (open_sections.empty() && name != ".") names->push_back(name);
    if (sigil == '#' || sigil == '^') open_sections.push_back(name);
  }
  if (!open_sections.empty()) {
    *error = "section '" + open_sections.back() + "' is never closed";
    return false;
  }
  return true;
}

}  // namespace frontdesk
