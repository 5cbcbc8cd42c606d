// Reads every *.yaml file below the config's pack directories into PackDefs.
#ifndef FRONTDESK_ENGINE_PACK_PACK_LOADER_H_
#define FRONTDESK_ENGINE_PACK_PACK_LOADER_H_

#include <string>

#include "engine/base/diagnostics.h"
#include "engine/pack/pack.h"
#include "engine/pack/yaml_tree.h"

namespace frontdesk {

// Loads all pack files named by `config` (sorted path order, packs in config
// order). Reports every problem; returns diags->ok(). Cross-references
// (rules naming intents, templates naming variables, patterns) are checked
// later, by CompilePack.
bool LoadPackDefs(const Config& config, PackDefs* defs, Diagnostics* diags);

// Reads one parsed pack file into *defs. `pack_index` is the position of its
// pack directory in the config (a later pack may override templates and
// rules of an earlier one). Exposed for tests.
void ReadPackFile(const YamlNode& root, const Config& config, int pack_index, PackDefs* defs,
                  Diagnostics* diags);

// Internal to the loader (rules_loader.cc).
void ReadRules(const YamlNode& n, int pack_index, PackDefs* defs, Diagnostics* diags);
void ReadConversations(const YamlNode& n, const std::string& language, PackDefs* defs,
                       Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_PACK_LOADER_H_
