#include "engine/pack/yaml_read.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace frontdesk {

MapReader::MapReader(const YamlNode& node, std::string what, Diagnostics* diags,
                     std::initializer_list<const char*> allowed)
    : node_(node), what_(std::move(what)), diags_(diags) {
  if (!node.IsMap()) {
    diags_->Error(node.loc, what_ + " must be a map, not " + node.KindName());
    valid_ = false;
    return;
  }
  for (const auto& [key, value] : node.entries) {
    bool known = false;
    for (const char* a : allowed) known = known || key.scalar == a;
    if (known) continue;
    std::string list;
    for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
    diags_->Error(key.loc, "unknown key '" + key.scalar + "' in " + what_ + " (expected one of: " +
                               list + ")");
  }
}

const YamlNode* MapReader::Get(const std::string& key) const {
  return valid_ ? node_.Find(key) : nullptr;
}

bool ReadString(const YamlNode& n, const std::string& what, Diagnostics* diags, std::string* out,
                bool one_line) {
  if (!n.IsScalar()) {
    diags->Error(n.loc, what + " must be a string, not " + n.KindName());
    return false;
  }
  if (one_line && n.spans_lines) {
    diags->Error(n.loc, what + " runs over more than one line (is a closing quote missing?)");
    return false;
  }
  *out = n.scalar;
  return true;
}

bool ReadStringList(const YamlNode& n, const std::string& what, Diagnostics* diags,
                    std::vector<std::string>* out) {
  out->clear();
  if (n.IsScalar()) {
    std::string s;
    if (!ReadString(n, what, diags, &s, true)) return false;
    out->push_back(std::move(s));
    return true;
  }
  if (!n.IsSequence()) {
    diags->Error(n.loc, what + " must be a string or a list of strings, not " + n.KindName());
    return false;
  }
  bool ok = true;
  for (const auto& item : n.items) {
    std::string s;
    if (ReadString(item, what + " item", diags, &s, true)) out->push_back(std::move(s));
    else ok = false;
  }
  return ok;
}

bool MapReader::String(const std::string& key, std::string* out, bool required,
                       bool one_line) const {
  const YamlNode* n = Get(key);
  if (n == nullptr) {
    if (required && valid_) diags_->Error(node_.loc, what_ + " needs '" + key + "'");
    return !required;
  }
  return ReadString(*n, "'" + key + "'", diags_, out, one_line);
}

bool MapReader::Int(const std::string& key, int* out) const {
  const YamlNode* n = Get(key);
  if (n == nullptr) return true;
  if (n->IsScalar()) {
    const std::string& s = n->scalar;
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) {
      *out = v;
      return true;
    }
  }
  diags_->Error(n->loc, "'" + key + "' must be an integer");
  return false;
}

bool MapReader::Double(const std::string& key, double* out) const {
  const YamlNode* n = Get(key);
  if (n == nullptr) return true;
  if (n->IsScalar()) {
    const std::string& s = n->scalar;
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty() && std::isfinite(v)) {
      *out = v;
      return true;
    }
  }
  diags_->Error(n->loc, "'" + key + "' must be a number");
  return false;
}

bool MapReader::Bool(const std::string& key, bool* out) const {
  const YamlNode* n = Get(key);
  if (n == nullptr) return true;
  if (n->IsScalar() && (n->scalar == "true" || n->scalar == "false")) {
    *out = n->scalar == "true";
    return true;
  }
  diags_->Error(n->loc, "'" + key + "' must be true or false");
  return false;
}

bool MapReader::StringList(const std::string& key, std::vector<std::string>* out) const {
  const YamlNode* n = Get(key);
  if (n == nullptr) return true;
  return ReadStringList(*n, "'" + key + "'", diags_, out);
}

bool MapReader::StringMap(const std::string& key, std::map<std::string, std::string>* out) const {
  const YamlNode* n = Get(key);
  if (n == nullptr) return true;
  if (!n->IsMap()) {
    diags_->Error(n->loc, "'" + key + "' must be a map, not " + n->KindName());
    return false;
  }
  bool ok = true;
  for (const auto& [k, v] : n->entries) {
    std::string s;
    if (ReadString(v, "'" + k.scalar + "'", diags_, &s, true)) (*out)[k.scalar] = s;
    else ok = false;
  }
  return ok;
}

std::map<std::string, const YamlNode*> ReadPerLanguage(const YamlNode& n, const std::string& key,
                                                       const std::string& shape,
                                                       const std::vector<std::string>& languages,
                                                       const std::string& file_language,
                                                       Diagnostics* diags) {
  std::map<std::string, const YamlNode*> out;
  if (n.IsMap()) {
    for (const auto& [k, v] : n.entries) {
      if (std::find(languages.begin(), languages.end(), k.scalar) == languages.end())
        diags->Error(k.loc, "language '" + k.scalar + "' is not one of the config's languages");
      out[k.scalar] = &v;
    }
  } else if (!file_language.empty()) {
    out[file_language] = &n;
  } else {
    diags->Error(n.loc, "'" + key + "' must be a map of language -> " + shape +
                            " (or set the file's 'language'), not " + n.KindName());
  }
  return out;
}

bool IsSimpleId(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  });
}

}  // namespace frontdesk
