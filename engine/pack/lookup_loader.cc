// Reads `lookups:` into LookupDefs and checks what the YAML alone can tell:
// keys, sources, URL and pointer syntax. Each SQL query is checked against
// its database by CheckSqlLookups (engine/lookups/lookup_check.h), which
// this layer cannot reach.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "engine/pack/lookup_def.h"
#include "engine/pack/pack.h"
#include "engine/pack/url_template.h"
#include "engine/pack/yaml_read.h"

namespace frontdesk {
namespace {

constexpr int kMaxRows = 100;
constexpr int kMaxTimeoutMs = 60000;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool ValidPointer(const std::string& p) {
  try {
    nlohmann::json::json_pointer ptr(p);
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// Reads a map of scalar -> scalar, keeping each value's location.
std::vector<std::pair<std::string, const YamlNode*>> Entries(const MapReader& r, const char* key,
                                                             Diagnostics* diags) {
  std::vector<std::pair<std::string, const YamlNode*>> out;
  const YamlNode* n = r.Get(key);
  if (n == nullptr) return out;
  if (!n->IsMap()) {
    diags->Error(n->loc, std::string("'") + key + "' must be a map, not " + n->KindName());
    return out;
  }
  for (const auto& [k, v] : n->entries) {
    std::string s;
    if (ReadString(v, "'" + k.scalar + "'", diags, &s, true)) out.emplace_back(k.scalar, &v);
  }
  return out;
}

void ReadParams(const MapReader& r, LookupDef* def, Diagnostics* diags) {
  for (const auto& [name, node] : Entries(r, "params", diags)) {
    LookupSource source;
    source.loc = node->loc;
    if (!ParseLookupSource(node->scalar, &source)) {
      diags->Error(node->loc, "lookup '" + def->name + "': '" + node->scalar +
                                  "' is not slots.NAME, sender.email, sender.verified or language");
      continue;
    }
    def->params[name] = source;
  }
}

void ReadLimits(const MapReader& r, LookupDef* def, Diagnostics* diags) {
  const YamlNode* n = r.Get("limits");
  if (n == nullptr) return;
  MapReader lr(*n, "limits", diags,
               {"per_key", "per_conversation", "per_address", "per_proof", "window_seconds"});
  LookupLimits& l = def->limits;
  lr.Int("per_key", &l.per_key);
  lr.Int("per_conversation", &l.per_conversation);
  lr.Int("per_address", &l.per_address);
  lr.Int("per_proof", &l.per_proof);
  lr.Int("window_seconds", &l.window_seconds);
  if (l.per_key < 0 || l.per_conversation < 0 || l.per_address < 0 || l.per_proof < 0)
    diags->Error(n->loc, "limits must not be negative (0 turns one off)");
  if (l.window_seconds <= 0) diags->Error(n->loc, "'window_seconds' must be positive");
}

void ReadShape(const MapReader& r, LookupDef* def, Diagnostics* diags) {
  std::string rows = "single";
  r.String("rows", &rows, false, true);
  if (rows != "single" && rows != "list")
    diags->Error(r.Get("rows")->loc, "'rows' must be single or list");
  def->list = rows == "list";
  def->limit = def->list ? 10 : 1;
  if (r.Int("limit", &def->limit) && (def->limit < 1 || def->limit > kMaxRows))
    diags->Error(r.Get("limit")->loc, "'limit' must be between 1 and " + std::to_string(kMaxRows));
  if (r.Int("timeout_ms", &def->timeout_ms) && (def->timeout_ms < 1 || def->timeout_ms > kMaxTimeoutMs))
    diags->Error(r.Get("timeout_ms")->loc, "'timeout_ms' must be between 1 and " + std::to_string(kMaxTimeoutMs));
}

// `owner.with_postcode: {slot: S, field: F}`: the fact a postcode needs.
void ReadSecondFact(const YamlNode& n, LookupDef* def, Diagnostics* diags) {
  std::string who = "lookup '" + def->name + "': ";
  MapReader fact(n, "with_postcode", diags, {"slot", "field"});
  if (!fact.valid()) return;
  LookupOwnerFact& f = def->owner.with_postcode;
  f.loc = n.loc;
  bool has_slot = fact.String("slot", &f.slot, true, true);
  bool has_field = fact.String("field", &f.field, true, true);  // both reported when missing
  if (!has_slot || !has_field) return;
  if (f.slot.empty() || f.field.empty())
    diags->Error(n.loc, who + "'with_postcode' needs a non-empty 'slot' and 'field'");
  else if (f.slot == "email" || f.slot == "postcode")
    diags->Error(fact.Get("slot")->loc, who + "'with_postcode' must name a second fact, not the '" +
                                            f.slot + "' slot");
}

// Columns (sql) or pointers (http) naming the owner. A postcode proves
// ownership only together with a second fact (`with_postcode`).
void ReadOwner(const MapReader& r, LookupDef* def, Diagnostics* diags) {
  const YamlNode* n = r.Get("owner");
  if (n == nullptr) return;
  std::string who = "lookup '" + def->name + "': ";
  MapReader owner(*n, "owner", diags, {"email", "postcode", "with_postcode"});
  owner.String("email", &def->owner.email, false, true);
  owner.String("postcode", &def->owner.postcode, false, true);
  def->owner_loc = n->loc;
  if (!owner.valid()) return;
  if (const YamlNode* fact = owner.Get("with_postcode")) ReadSecondFact(*fact, def, diags);
  if (!def->owner.enabled()) {
    diags->Error(n->loc, "'owner' needs 'email' or 'postcode'");
  } else if (!def->owner.postcode.empty() && !owner.Has("with_postcode")) {
    diags->Error(owner.Get("postcode")->loc,
                 who + "a postcode alone proves nothing (a whole district shares one): add "
                       "'with_postcode: {slot: SLOT, field: FIELD}', the fact that must come with it, "
                       "or drop 'postcode'");
  } else if (def->owner.postcode.empty() && owner.Has("with_postcode")) {
    diags->Error(owner.Get("with_postcode")->loc, who + "'with_postcode' goes with 'postcode'");
  }
}

void ReadSql(const MapReader& r, const Config& config, LookupDef* def) {
  std::string database;
  bool ok = r.String("database", &database, true, true) && r.String("query", &def->query, true);
  if (!ok || database.empty()) return;
  std::filesystem::path path(database);
  if (path.is_relative()) path = std::filesystem::path(config.dir) / path;
  def->database = path.lexically_normal().string();
  def->database_loc = r.Get("database")->loc;
  def->query_loc = r.Get("query")->loc;
}

void ReadHttp(const MapReader& r, LookupDef* def, Diagnostics* diags) {
  std::string who = "lookup '" + def->name + "': ";
  if (!r.String("url", &def->url, true, true)) return;
  std::vector<lookups_internal::UrlPiece> pieces;
  for (Status s : {lookups_internal::CheckEnvSyntax(def->url), lookups_internal::CheckPlaceholdersInPath(def->url),
                   lookups_internal::ParseUrlTemplate(def->url, &pieces)}) {
    if (!s.ok()) diags->Error(r.Get("url")->loc, who + s.message());
  }
  r.String("method", &def->method, false, true);
  if (def->method != "GET" && def->method != "POST")
    diags->Error(r.Get("method")->loc, who + "'method' must be GET or POST");
  for (const auto& [name, node] : Entries(r, "headers", diags)) {
    Status s = lookups_internal::CheckEnvSyntax(node->scalar);
    if (!s.ok()) diags->Error(node->loc, who + s.message());
    def->headers[name] = node->scalar;
  }
  for (const auto& [name, node] : Entries(r, "fields", diags)) {
    if (!ValidPointer(node->scalar)) diags->Error(node->loc, who + "'" + node->scalar + "' is not a JSON pointer");
    def->fields[name] = node->scalar;
  }
  if (!r.Has("fields")) diags->Error(r.node().loc, who + "an http lookup needs 'fields'");
  for (const auto* pointer : {&def->owner.email, &def->owner.postcode, &def->owner.with_postcode.field}) {
    if (!pointer->empty() && !ValidPointer(*pointer))
      diags->Error(r.Get("owner")->loc, who + "'" + *pointer + "' is not a JSON pointer");
  }
  if (def->list) diags->Error(r.Get("rows")->loc, who + "'rows: list' is for sql lookups only");
}

// Keys that belong to one kind only.
void CheckKindKeys(const YamlNode& item, const LookupDef& def, Diagnostics* diags) {
  static const std::vector<std::string> kSql = {"database", "query"};
  static const std::vector<std::string> kHttp = {"url", "method", "headers", "fields"};
  for (const auto& [key, value] : item.entries) {
    bool wrong = def.kind == "sql" ? Contains(kHttp, key.scalar) : Contains(kSql, key.scalar);
    if (wrong)
      diags->Error(key.loc, "'" + key.scalar + "' is not a key of kind " + def.kind + " lookups");
  }
}

void ReadOptional(const MapReader& r, LookupDef* def, Diagnostics* diags) {
  r.StringList("optional", &def->optional);
  std::vector<std::string> slots = def->Slots();
  for (const auto& s : def->optional) {
    if (!Contains(slots, s))
      diags->Error(r.Get("optional")->loc, "lookup '" + def->name + "': 'optional' names slot '" + s +
                                               "', which the lookup does not read");
  }
}

void ReadLookup(const YamlNode& item, const Config& config, PackDefs* defs, Diagnostics* diags) {
  MapReader r(item, "lookup", diags,
              {"name", "kind", "description", "params", "optional", "owner", "rows", "limit", "limits",
               "timeout_ms", "database", "query", "url", "method", "headers", "fields"});
  if (!r.valid()) return;
  LookupDef def;
  def.loc = item.loc;
  if (!r.String("name", &def.name, true, true) || !r.String("kind", &def.kind, true, true)) return;
  if (def.name.empty()) {
    diags->Error(r.Get("name")->loc, "a lookup's 'name' must not be empty");
    return;
  }
  if (def.kind != "sql" && def.kind != "http") {
    diags->Error(r.Get("kind")->loc, "lookup '" + def.name + "': 'kind' must be sql or http");
    return;
  }
  CheckKindKeys(item, def, diags);
  r.String("description", &def.description);
  ReadParams(r, &def, diags);
  ReadOwner(r, &def, diags);
  ReadShape(r, &def, diags);
  ReadLimits(r, &def, diags);
  if (def.kind == "sql") ReadSql(r, config, &def);
  else ReadHttp(r, &def, diags);
  ReadOptional(r, &def, diags);
  auto same = std::find_if(defs->lookups.begin(), defs->lookups.end(),
                           [&](const LookupDef& d) { return d.name == def.name; });
  if (same != defs->lookups.end()) {
    diags->Error(r.Get("name")->loc, "duplicate lookup '" + def.name + "' (first defined at " +
                                         same->loc.ToString() + ")");
    return;
  }
  defs->lookups.push_back(std::move(def));
}

}  // namespace

void ReadLookups(const YamlNode& n, const Config& config, PackDefs* defs, Diagnostics* diags) {
  if (!n.IsSequence()) {
    diags->Error(n.loc, "'lookups' must be a list");
    return;
  }
  for (const YamlNode& item : n.items) ReadLookup(item, config, defs, diags);
}

}  // namespace frontdesk
