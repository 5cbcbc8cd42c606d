// Reads `faq:` sections. An entry is the one place its answer lives: with
// `patterns` it also becomes an intent answered by a template generated from
// the same texts, never a second copy someone must keep in step.
#include <algorithm>
#include <set>
#include <utility>

#include "engine/pack/faq_def.h"
#include "engine/pack/pack.h"
#include "engine/pack/yaml_read.h"

namespace frontdesk {
namespace {

// Values of one per-language key: language -> its value node.
using PerLanguage = std::map<std::string, const YamlNode*>;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

class EntryReader {
 public:
  EntryReader(const Config& config, const std::string& file_language, int pack_index,
              PackDefs* defs, Diagnostics* diags)
      : config_(config), file_lang_(file_language), pack_index_(pack_index), defs_(defs),
        diags_(diags) {}

  void Read(const YamlNode& item) {
    MapReader r(item, "FAQ entry", diags_,
                {"id", "category", "question", "answer", "keywords", "related", "patterns",
                 "negative", "examples", "counter_examples"});
    if (!r.valid()) return;
    FaqEntry e;
    e.loc = item.loc;
    if (!r.String("id", &e.id, true, true)) return;
    e.id_loc = r.Get("id")->loc;
    if (!IsSimpleId(e.id)) {
      diags_->Error(e.id_loc, "FAQ id '" + e.id + "' may use only letters, digits, '.', '_' and '-'");
      return;
    }
    who_ = "FAQ entry '" + e.id + "'";
    ReadCategory(r, &e);
    std::map<std::string, SourceLoc> answer_loc;
    ReadTexts(r, "question", &e.question, nullptr);
    ReadTexts(r, "answer", &e.answer, &answer_loc);
    CheckPairs(r, e, answer_loc);
    for (const auto& [lang, items] : Lists(r, "keywords"))
      for (const YamlNode* k : items) e.keywords[lang].push_back(k->scalar);
    if (const YamlNode* n = r.Get("related")) ReadRelated(*n, &e);
    if (r.Has("patterns")) MakeIntent(r, e, answer_loc);
    else if (r.Has("negative") || r.Has("examples") || r.Has("counter_examples"))
      diags_->Error(item.loc, who_ + " has examples or negative patterns but no 'patterns'");
    Store(std::move(e));
  }

 private:
  struct ListItem {
    std::string lang;
    std::vector<const YamlNode*> items;  // the strings, in order
  };

  // `key` is a map language -> value, or (when the file sets `language`) a
  // bare value for that language.
  PerLanguage ByLanguage(const MapReader& r, const char* key, const char* shape) {
    const YamlNode* n = r.Get(key);
    if (n == nullptr) return {};
    return ReadPerLanguage(*n, key, shape, config_.languages, file_lang_, diags_);
  }

  void ReadTexts(const MapReader& r, const char* key, std::map<std::string, std::string>* out,
                 std::map<std::string, SourceLoc>* locs) {
    const YamlNode* n = r.Get(key);
    if (n == nullptr) {
      diags_->Error(r.node().loc, who_ + " needs '" + key + "'");
      return;
    }
    for (const auto& [lang, v] : ByLanguage(r, key, "text")) {
      std::string s;
      if (!ReadString(*v, "'" + std::string(key) + "' (" + lang + ")", diags_, &s)) continue;
      if (Trim(s).empty()) {
        diags_->Error(v->loc, who_ + ": " + key + " (" + lang + ") is empty");
        continue;
      }
      (*out)[lang] = s;
      if (locs != nullptr) (*locs)[lang] = v->loc;
    }
    if (n->IsMap() && n->entries.empty()) diags_->Error(n->loc, who_ + ": '" + key + "' is empty");
  }

  // Every language with a question has an answer, and the other way round;
  // answers are shown verbatim (FAQ page, search JSON), so no mustache.
  void CheckPairs(const MapReader& r, const FaqEntry& e,
                  const std::map<std::string, SourceLoc>& answer_loc) {
    bool both = !e.question.empty() && !e.answer.empty();  // else already reported
    for (const auto& [lang, q] : e.question)
      if (!e.answer.count(lang) && both)
        diags_->Error(r.Get("answer")->loc, who_ + " has a question in '" + lang + "' but no answer");
    for (const auto& [lang, a] : e.answer) {
      if (!e.question.count(lang) && both)
        diags_->Error(r.Get("question")->loc, who_ + " has an answer in '" + lang + "' but no question");
      if (a.find("{{") != std::string::npos)
        diags_->Error(answer_loc.at(lang), who_ + ": answer (" + lang +
                                               ") must be plain text ('{{' is not allowed)");
    }
  }

  std::vector<ListItem> Lists(const MapReader& r, const char* key) {
    std::vector<ListItem> out;
    for (const auto& [lang, node] : ByLanguage(r, key, "list")) {
      ListItem li{lang, {}};
      const YamlNode& v = *node;
      std::string what = "'" + std::string(key) + "' (" + lang + ")";
      std::string s;
      if (v.IsScalar()) {
        if (ReadString(v, what, diags_, &s, true)) li.items.push_back(&v);
      } else if (v.IsSequence()) {
        for (const YamlNode& item : v.items)
          if (ReadString(item, what + " item", diags_, &s, true)) li.items.push_back(&item);
      } else {
        diags_->Error(v.loc, what + " must be a string or a list of strings, not " + v.KindName());
      }
      out.push_back(std::move(li));
    }
    return out;
  }

  void ReadCategory(const MapReader& r, FaqEntry* e) {
    std::string raw;
    if (!r.String("category", &raw, true, true)) return;
    std::string path, seg;
    for (size_t b = 0;; ) {
      size_t slash = raw.find('/', b);
      seg = Trim(raw.substr(b, slash == std::string::npos ? std::string::npos : slash - b));
      if (seg.empty()) {
        diags_->Error(r.Get("category")->loc,
                      who_ + ": category '" + raw + "' has an empty part (write A/B/C)");
        return;
      }
      path += (path.empty() ? "" : "/") + seg;
      if (slash == std::string::npos) break;
      b = slash + 1;
    }
    e->category = path;
  }

  void ReadRelated(const YamlNode& n, FaqEntry* e) {
    std::vector<const YamlNode*> nodes;
    if (n.IsScalar()) nodes.push_back(&n);
    else if (n.IsSequence()) for (const auto& item : n.items) nodes.push_back(&item);
    else diags_->Error(n.loc, "'related' must be a list of FAQ ids, not " + std::string(n.KindName()));
    for (const YamlNode* item : nodes) {
      std::string id;
      if (!ReadString(*item, "'related' item", diags_, &id, true)) continue;
      e->related.push_back(id);
      e->related_loc.push_back(item->loc);
    }
  }

  void AddPatterns(const MapReader& r, const char* key, bool negative, IntentDef* intent) {
    for (const auto& li : Lists(r, key)) {
      for (const YamlNode* p : li.items) {
        if (p->scalar.empty()) diags_->Error(p->loc, "a pattern must not be empty");
        else intent->patterns.push_back({p->scalar, li.lang, negative, p->loc});
      }
      if (!negative && std::find(intent->languages.begin(), intent->languages.end(), li.lang) ==
                           intent->languages.end())
        intent->languages.push_back(li.lang);
    }
  }

  void AddExamples(const MapReader& r, const char* key, std::vector<ExampleDef>* out) {
    for (const auto& li : Lists(r, key))
      for (const YamlNode* ex : li.items) out->push_back({ex->scalar, li.lang, {}, ex->loc});
  }

  // The entry answers as intent faq.<id> too, through `faq: [id]` like any
  // intent that names entries; the template faq.<id> lets rules reply with it.
  void MakeIntent(const MapReader& r, FaqEntry& e, const std::map<std::string, SourceLoc>& answer_loc) {
    IntentDef intent;
    intent.id = FaqIntentId(e.id);
    intent.loc = e.loc;
    intent.faq = {e.id};
    intent.faq_loc = e.loc;
    if (!e.question.empty()) intent.description = "FAQ: " + e.question.begin()->second;
    AddPatterns(r, "patterns", false, &intent);
    AddPatterns(r, "negative", true, &intent);
    AddExamples(r, "examples", &intent.examples);
    AddExamples(r, "counter_examples", &intent.counter_examples);
    TemplateDef t;
    t.id = intent.id;
    t.text = e.answer;
    t.text_loc = answer_loc;
    t.loc = r.Has("answer") ? r.Get("answer")->loc : e.loc;
    e.has_intent = true;
    pending_intent_ = std::move(intent);
    pending_template_ = std::move(t);
  }

  // Drops what an earlier pack's entry `id` generated (its intent, template).
  void Forget(const FaqEntry& old) {
    if (!old.has_intent) return;
    std::string gen = FaqIntentId(old.id);
    auto& intents = defs_->intents;
    intents.erase(std::remove_if(intents.begin(), intents.end(),
                                 [&](const IntentDef& d) { return d.id == gen; }),
                  intents.end());
    defs_->templates.erase(gen);
  }

  void Store(FaqEntry e) {
    auto old = std::find_if(defs_->faq.begin(), defs_->faq.end(),
                            [&](const FaqEntry& f) { return f.id == e.id; });
    auto origin = defs_->pack_of.find("faq:" + e.id);
    if (old != defs_->faq.end()) {
      bool same_pack = pack_index_ < 0 || origin == defs_->pack_of.end() || origin->second == pack_index_;
      if (same_pack) {
        diags_->Error(e.id_loc, "duplicate FAQ entry '" + e.id + "' (first defined at " +
                                    old->id_loc.ToString() + ")");
        return;
      }
      Forget(*old);
    }
    if (e.has_intent && !AddGenerated(e)) return;
    if (pack_index_ >= 0) defs_->pack_of["faq:" + e.id] = pack_index_;
    if (old != defs_->faq.end()) *old = std::move(e);
    else defs_->faq.push_back(std::move(e));
  }

  bool AddGenerated(const FaqEntry& e) {
    const std::string id = pending_intent_.id;
    for (const auto& d : defs_->intents) {
      if (d.id != id) continue;
      diags_->Error(e.id_loc, who_ + " with patterns becomes intent '" + id +
                                  "', which is already defined at " + d.loc.ToString());
      return false;
    }
    if (auto t = defs_->templates.find(id); t != defs_->templates.end()) {
      diags_->Error(e.id_loc, who_ + " with patterns becomes template '" + id +
                                  "', which is already defined at " + t->second.loc.ToString());
      return false;
    }
    defs_->intents.push_back(std::move(pending_intent_));
    defs_->templates[id] = std::move(pending_template_);
    return true;
  }

  const Config& config_;
  const std::string& file_lang_;
  int pack_index_;
  PackDefs* defs_;
  Diagnostics* diags_;
  std::string who_;
  IntentDef pending_intent_;
  TemplateDef pending_template_;
};

}  // namespace

std::string FaqIntentId(const std::string& entry_id) { return "faq." + entry_id; }

void ReadFaq(const YamlNode& n, const Config& config, const std::string& file_language,
             int pack_index, PackDefs* defs, Diagnostics* diags) {
  if (!n.IsSequence()) {
    diags->Error(n.loc, "'faq' must be a list of entries, not " + std::string(n.KindName()));
    return;
  }
  for (const YamlNode& item : n.items)
    EntryReader(config, file_language, pack_index, defs, diags).Read(item);
}

void ValidateFaq(const PackDefs& defs, Diagnostics* diags) {
  std::set<std::string> ids;
  for (const FaqEntry& e : defs.faq) ids.insert(e.id);
  for (const FaqEntry& e : defs.faq) {
    for (size_t i = 0; i < e.related.size(); ++i) {
      const std::string& r = e.related[i];
      const SourceLoc& loc = i < e.related_loc.size() ? e.related_loc[i] : e.loc;
      if (r == e.id) diags->Error(loc, "FAQ entry '" + e.id + "' lists itself as related");
      else if (!ids.count(r))
        diags->Error(loc, "FAQ entry '" + e.id + "' names unknown related entry '" + r + "'");
    }
  }
  for (const IntentDef& intent : defs.intents) {
    if (!intent.faq.empty() && !intent.answer.empty())
      diags->Error(intent.faq_loc, "intent '" + intent.id + "' answers with 'answer' or 'faq', not both");
    for (const std::string& id : intent.faq)
      if (!ids.count(id))
        diags->Error(intent.faq_loc, "intent '" + intent.id + "' is answered by unknown FAQ entry '" + id + "'");
  }
}

}  // namespace frontdesk
