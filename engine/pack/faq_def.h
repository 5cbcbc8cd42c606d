// FaqEntry: one entry of the FAQ knowledge base (`faq:` in a pack file).
// See docs/pack-format.md, section "FAQ".
#ifndef FRONTDESK_ENGINE_PACK_FAQ_DEF_H_
#define FRONTDESK_ENGINE_PACK_FAQ_DEF_H_

#include <map>
#include <string>
#include <vector>

#include "engine/base/diagnostics.h"
#include "engine/pack/yaml_tree.h"

namespace frontdesk {

struct PackDefs;
struct Config;

struct FaqEntry {
  std::string id;                               // [A-Za-z0-9._-]+, unique in the packs
  std::string category;                         // "Shipping/International" (segments trimmed)
  std::map<std::string, std::string> question;  // language -> question
  std::map<std::string, std::string> answer;    // language -> answer (plain text, no mustache)
  std::map<std::string, std::vector<std::string>> keywords;  // language -> keywords
  std::vector<std::string> related;             // other entry ids
  std::vector<SourceLoc> related_loc;           // where each related id is written
  bool has_intent = false;                      // carries patterns: also intent "faq.<id>"
  SourceLoc loc;                                // the entry (its map)
  SourceLoc id_loc;                             // its `id` value
};

// The intent and template ids an entry with patterns becomes: "faq.<id>".
std::string FaqIntentId(const std::string& entry_id);

// Reads a `faq:` section into defs->faq. An entry that carries `patterns`
// also becomes an intent (id faq.<id>) whose answer template (id faq.<id>) is
// the entry's answer, so an answer lives in one place. Every problem is
// reported to *diags with FILE:LINE:COL. Languages must be among
// config.languages; `file_language` (the file's `language:`, may be "")
// lets a file write `question: "..."` instead of `question: {en: "..."}`.
//
// `pack_index` is the position of the file's pack in the config: an entry id
// repeated in a later pack replaces the earlier entry (site packs merge over
// the shipped ones); repeated inside one pack it is an error. -1: unknown,
// every repeat is an error.
void ReadFaq(const YamlNode& n, const Config& config, const std::string& file_language,
             int pack_index, PackDefs* defs, Diagnostics* diags);

// Cross-reference checks, run once every pack file is read: `related` names
// existing entries (not the entry itself). Call from the pack validator.
void ValidateFaq(const PackDefs& defs, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_FAQ_DEF_H_
