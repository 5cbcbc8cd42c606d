// LookupDef: a named lookup declared in YAML (`lookups:` in a pack file):
// a read-only, parameterized SQL query on the shop's SQLite database, or an
// HTTP call to the shop's own API. See docs/pack-format.md.
#ifndef FRONTDESK_ENGINE_LOOKUPS_LOOKUP_DEF_H_
#define FRONTDESK_ENGINE_LOOKUPS_LOOKUP_DEF_H_

#include <map>
#include <string>
#include <vector>

#include "engine/diagnostics.h"
#include "engine/yaml_tree.h"

namespace frontdesk {

struct PackDefs;
struct Config;

struct LookupDef {
  std::string name;
  std::string kind;  // "sql" | "http"
  SourceLoc loc;
  // Everything else is owned by engine/lookups/ (filled by ReadLookups).
  std::map<std::string, std::string> settings;
  YamlNode raw;  // the declaration, for the lookups module to read in full
};

// Reads a `lookups:` section into defs->lookups, reporting problems.
void ReadLookups(const YamlNode& n, const Config& config, PackDefs* defs, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_LOOKUPS_LOOKUP_DEF_H_
