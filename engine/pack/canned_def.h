// CannedReply: a ready text an agent puts into a reply from the console
// (`canned_replies:` in a pack file), one per language. See
// docs/pack-format.md, section "Canned replies".
#ifndef FRONTDESK_ENGINE_PACK_CANNED_DEF_H_
#define FRONTDESK_ENGINE_PACK_CANNED_DEF_H_

#include <map>
#include <string>

#include "engine/base/diagnostics.h"
#include "engine/pack/yaml_tree.h"

namespace frontdesk {

struct PackDefs;
struct Config;

struct CannedReply {
  std::string id;                            // [A-Za-z0-9._-]+, unique in the packs
  std::map<std::string, std::string> title;  // language -> the name agents pick it by
  std::map<std::string, std::string> text;   // language -> the reply (plain text, no mustache)
  SourceLoc loc;                             // the entry (its map)
  SourceLoc id_loc;                          // its `id` value
};

// Reads a `canned_replies:` section into defs->canned_replies. Every problem
// goes to *diags with FILE:LINE:COL: an entry needs an id, a title and a
// text in the same languages (among config.languages; `file_language`, the
// file's `language:`, lets a file write `text: "..."` for that language), a
// text is plain (no `{{`) and at most as long as a reply may be.
//
// `pack_index` is the position of the file's pack in the config: an id
// repeated in a later pack replaces the earlier entry (a site pack may
// rewrite a shipped reply); repeated inside one pack it is an error.
void ReadCannedReplies(const YamlNode& n, const Config& config, const std::string& file_language,
                       int pack_index, PackDefs* defs, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_CANNED_DEF_H_
