// Reads `canned_replies:` sections: short texts an agent inserts into a reply
// from the console. They are shown and sent as written, so they are checked
// like FAQ answers: plain text, in the config's languages, never empty.
#include <algorithm>
#include <utility>

#include "engine/pack/canned_def.h"
#include "engine/pack/pack.h"
#include "engine/pack/yaml_read.h"
#include "frontdesk/message_json.h"

namespace frontdesk {
namespace {

using Texts = std::map<std::string, std::string>;
using Locs = std::map<std::string, SourceLoc>;

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

class CannedReader {
 public:
  CannedReader(const Config& config, const std::string& file_language, int pack_index, PackDefs* defs,
               Diagnostics* diags)
      : config_(config), file_lang_(file_language), pack_index_(pack_index), defs_(defs), diags_(diags) {}

  void Read(const YamlNode& item) {
    MapReader r(item, "canned reply", diags_, {"id", "title", "text"});
    if (!r.valid()) return;
    CannedReply c;
    c.loc = item.loc;
    if (!r.String("id", &c.id, true, true)) return;
    c.id_loc = r.Get("id")->loc;
    if (!IsSimpleId(c.id)) {
      diags_->Error(c.id_loc,
                    "canned reply id '" + c.id + "' may use only letters, digits, '.', '_' and '-'");
      return;
    }
    who_ = "canned reply '" + c.id + "'";
    Locs title_loc, text_loc;
    ReadTexts(r, "title", &c.title, &title_loc);
    ReadTexts(r, "text", &c.text, &text_loc);
    Pair(c.title, title_loc, c.text, text_loc, "a title", "a text");
    Pair(c.text, text_loc, c.title, title_loc, "a text", "a title");
    for (const auto& [lang, text] : c.text) CheckText(lang, text, text_loc.at(lang));
    Store(std::move(c));
  }

 private:
  // `key`: per language, each value a non-empty string.
  void ReadTexts(const MapReader& r, const char* key, Texts* out, Locs* locs) {
    const YamlNode* n = r.Get(key);
    if (n == nullptr) {
      diags_->Error(r.node().loc, who_ + " needs '" + key + "'");
      return;
    }
    if (n->IsMap() && n->entries.empty()) diags_->Error(n->loc, who_ + ": '" + key + "' is empty");
    for (const auto& [lang, v] : ReadPerLanguage(*n, key, "text", config_.languages, file_lang_, diags_)) {
      std::string s;
      if (!ReadString(*v, "'" + std::string(key) + "' (" + lang + ")", diags_, &s)) continue;
      if (Blank(s)) {
        diags_->Error(v->loc, who_ + ": " + key + " (" + lang + ") is empty");
        continue;
      }
      (*out)[lang] = std::move(s);
      (*locs)[lang] = v->loc;
    }
  }

  // Every language of `have` is in `need` too; one that is not is reported
  // where it is written. Nothing when `need` is missing or empty
  // altogether: that is reported already.
  void Pair(const Texts& have, const Locs& have_loc, const Texts& need, const Locs& need_loc,
            const char* what_have, const char* what_need) {
    if (need_loc.empty()) return;
    for (const auto& [lang, unused] : have)
      if (!need.count(lang))
        diags_->Error(have_loc.at(lang),
                      who_ + " has " + what_have + " in '" + lang + "' but not " + what_need);
  }

  // Inserted into the reply box and sent as written.
  void CheckText(const std::string& lang, const std::string& text, const SourceLoc& loc) {
    if (text.find("{{") != std::string::npos)
      diags_->Error(loc, who_ + ": text (" + lang + ") must be plain text ('{{' is not allowed)");
    if (text.size() > kMaxMessageTextBytes)
      diags_->Error(loc, who_ + ": text (" + lang + ") is longer than a reply may be (" +
                             std::to_string(kMaxMessageTextBytes) + " bytes)");
  }

  void Store(CannedReply c) {
    auto& list = defs_->canned_replies;
    auto old = std::find_if(list.begin(), list.end(), [&](const CannedReply& o) { return o.id == c.id; });
    int& origin = defs_->pack_of["canned:" + c.id];
    if (old != list.end() && origin == pack_index_) {
      diags_->Error(c.id_loc, "duplicate canned reply '" + c.id + "' (first defined at " +
                                  old->id_loc.ToString() + ")");
      return;
    }
    origin = pack_index_;
    if (old != list.end())
      *old = std::move(c);
    else
      list.push_back(std::move(c));
  }

  const Config& config_;
  const std::string& file_lang_;
  int pack_index_;
  PackDefs* defs_;
  Diagnostics* diags_;
  std::string who_;
};

}  // namespace

void ReadCannedReplies(const YamlNode& n, const Config& config, const std::string& file_language,
                       int pack_index, PackDefs* defs, Diagnostics* diags) {
  if (!n.IsSequence()) {
    diags->Error(n.loc, "'canned_replies' must be a list of replies, not " + std::string(n.KindName()));
    return;
  }
  for (const YamlNode& item : n.items)
    CannedReader(config, file_language, pack_index, defs, diags).Read(item);
}

}  // namespace frontdesk
