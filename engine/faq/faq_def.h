// FaqEntry: one entry of the FAQ knowledge base (`faq:` in a pack file).
#ifndef FRONTDESK_ENGINE_FAQ_FAQ_DEF_H_
#define FRONTDESK_ENGINE_FAQ_FAQ_DEF_H_

#include <map>
#include <string>
#include <vector>

#include "engine/diagnostics.h"
#include "engine/yaml_tree.h"

namespace frontdesk {

struct PackDefs;
struct Config;

struct FaqEntry {
  std::string id;
  std::string category;                        // "Shipping/International"
  std::map<std::string, std::string> question;  // language -> question
  std::map<std::string, std::string> answer;    // language -> answer (mustache allowed)
  std::map<std::string, std::vector<std::string>> keywords;  // language -> keywords
  std::vector<std::string> related;            // other entry ids
  SourceLoc loc;
};

// Reads a `faq:` section into defs->faq. An entry that carries `patterns`
// also becomes an intent (id faq.<id>) answering with the entry, so an answer
// lives in one place.
void ReadFaq(const YamlNode& n, const Config& config, const std::string& file_language,
             PackDefs* defs, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_FAQ_FAQ_DEF_H_
