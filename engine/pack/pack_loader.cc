#include "engine/pack/pack_loader.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "engine/pack/yaml_read.h"

namespace frontdesk {
namespace {

bool KnownLanguage(const Config& config, const std::string& lang) {
  return std::find(config.languages.begin(), config.languages.end(), lang) != config.languages.end();
}

void CheckLanguage(const Config& config, const std::string& lang, const SourceLoc& loc,
                   Diagnostics* diags) {
  if (!lang.empty() && !KnownLanguage(config, lang))
    diags->Error(loc, "language '" + lang + "' is not one of the config's languages");
}

void ReadSlots(const YamlNode& n, PackDefs* defs, Diagnostics* diags) {
  if (!n.IsMap()) {
    diags->Error(n.loc, "'slots' must be a map of slot name -> definition");
    return;
  }
  for (const auto& [key, value] : n.entries) {
    SlotDef slot;
    slot.name = key.scalar;
    slot.loc = key.loc;
    MapReader r(value, "slot '" + slot.name + "'", diags, {"description", "pattern", "transform"});
    r.String("description", &slot.description);
    r.String("pattern", &slot.pattern, true, true);
    r.String("transform", &slot.transform);
    static const std::set<std::string> kTransforms = {"none", "upper", "lower", "digits", "compact"};
    if (!kTransforms.count(slot.transform))
      diags->Error(r.Get("transform")->loc, "transform must be one of none, upper, lower, digits, compact");
    auto [it, inserted] = defs->slots.emplace(slot.name, slot);
    if (!inserted)
      diags->Error(key.loc, "duplicate slot '" + slot.name + "' (first defined at " +
                                it->second.loc.ToString() + ")");
  }
}

void ReadExamples(const YamlNode* n, const std::string& lang, const std::string& what,
                  std::vector<ExampleDef>* out, Diagnostics* diags) {
  if (n == nullptr) return;
  if (!n->IsSequence()) {
    diags->Error(n->loc, what + " must be a list");
    return;
  }
  for (const auto& item : n->items) {
    ExampleDef ex;
    ex.language = lang;
    ex.loc = item.loc;
    if (item.IsScalar()) {
      ex.text = item.scalar;
    } else {
      MapReader r(item, what.substr(1, what.size() - 2) + " item", diags, {"text", "slots", "language"});
      if (!r.valid()) continue;
      r.String("text", &ex.text, true);
      r.String("language", &ex.language);
      r.StringMap("slots", &ex.slots);
    }
    out->push_back(std::move(ex));
  }
}

void ReadPatterns(const YamlNode* n, const std::string& lang, bool negative,
                  std::vector<PatternDef>* out, Diagnostics* diags) {
  if (n == nullptr) return;
  if (!n->IsSequence()) {
    diags->Error(n->loc, std::string(negative ? "'negative'" : "'patterns'") + " must be a list");
    return;
  }
  for (const auto& item : n->items) {
    PatternDef p;
    p.language = lang;
    p.negative = negative;
    p.loc = item.loc;
    if (ReadString(item, "a pattern", diags, &p.source, true)) {
      if (p.source.empty()) diags->Error(item.loc, "a pattern must not be empty");
      else out->push_back(std::move(p));
    }
  }
}

// Merges a second language's declaration of an intent into the first one.
void MergeIntent(IntentDef&& add, const MapReader& r, IntentDef* into, Diagnostics* diags) {
  auto conflict = [&](const char* key) {
    diags->Error(r.Get(key)->loc, "intent '" + add.id + "' sets '" + key +
                                      "' differently than at " + into->loc.ToString());
  };
  if (r.Has("priority") && into->priority != add.priority) conflict("priority");
  if (r.Has("answer") && !into->answer.empty() && into->answer != add.answer) conflict("answer");
  if (r.Has("slots") && !into->slots.empty() && into->slots != add.slots) conflict("slots");
  if (into->answer.empty()) into->answer = add.answer;
  for (auto& id : add.faq)
    if (std::find(into->faq.begin(), into->faq.end(), id) == into->faq.end()) into->faq.push_back(id);
  if (into->faq_loc.line == 0) into->faq_loc = add.faq_loc;
  if (into->slots.empty()) into->slots = add.slots;
  if (into->description.empty()) into->description = add.description;
  for (auto& p : add.patterns) into->patterns.push_back(std::move(p));
  for (auto& e : add.examples) into->examples.push_back(std::move(e));
  for (auto& e : add.counter_examples) into->counter_examples.push_back(std::move(e));
  into->languages.push_back(add.languages.front());
  into->declarations.insert(add.declarations.begin(), add.declarations.end());
}

void ReadIntents(const YamlNode& n, const Config& config, const std::string& file_lang,
                 PackDefs* defs, Diagnostics* diags) {
  if (!n.IsSequence()) {
    diags->Error(n.loc, "'intents' must be a list");
    return;
  }
  // Intent id -> index in defs->intents: a pack of 10,000 intents searched
  // its list once per intent, 50 million string comparisons.
  std::unordered_map<std::string, size_t> known;
  for (size_t i = 0; i < defs->intents.size(); ++i) known.emplace(defs->intents[i].id, i);
  for (const auto& item : n.items) {
    MapReader r(item, "intent", diags,
                {"id", "description", "priority", "slots", "answer", "faq", "patterns", "negative",
                 "examples", "counter_examples", "language"});
    if (!r.valid()) continue;
    IntentDef intent;
    intent.loc = item.loc;
    if (!r.String("id", &intent.id, true, true)) continue;
    std::string lang = file_lang;
    r.String("language", &lang);
    if (lang.empty()) {
      diags->Error(item.loc, "intent '" + intent.id + "' has no language (set 'language' in the file or the intent)");
      continue;
    }
    CheckLanguage(config, lang, item.loc, diags);
    intent.languages.push_back(lang);
    intent.declarations[lang] = {item.loc, r.Get("id")->loc.line};
    r.String("description", &intent.description);
    r.Int("priority", &intent.priority);
    r.StringList("slots", &intent.slots);
    r.String("answer", &intent.answer, false, true);
    if (const YamlNode* faq = r.Get("faq")) {
      intent.faq_loc = faq->loc;
      r.StringList("faq", &intent.faq);
    }
    ReadPatterns(r.Get("patterns"), lang, false, &intent.patterns, diags);
    ReadPatterns(r.Get("negative"), lang, true, &intent.patterns, diags);
    if (!r.Has("patterns")) diags->Error(item.loc, "intent '" + intent.id + "' needs 'patterns'");
    ReadExamples(r.Get("examples"), lang, "'examples'", &intent.examples, diags);
    ReadExamples(r.Get("counter_examples"), lang, "'counter_examples'", &intent.counter_examples, diags);
    auto [at, added] = known.emplace(intent.id, defs->intents.size());
    auto existing = defs->intents.begin() + static_cast<std::ptrdiff_t>(at->second);
    if (added) {
      defs->intents.push_back(std::move(intent));
    } else if (std::find(existing->languages.begin(), existing->languages.end(), lang) !=
               existing->languages.end()) {
      diags->Error(r.Get("id")->loc, "duplicate intent '" + intent.id + "' for language '" + lang +
                                         "' (first defined at " + existing->loc.ToString() + ")");
    } else {
      MergeIntent(std::move(intent), r, &*existing, diags);
    }
  }
}

// A template id repeated inside one pack is a mistake; across packs, the later
// pack overrides (site packs merge over the shipped ones).
void ReadTemplates(const YamlNode& n, const Config& config, int pack_index, PackDefs* defs,
                   Diagnostics* diags) {
  if (!n.IsMap()) {
    diags->Error(n.loc, "'templates' must be a map of template id -> texts per language");
    return;
  }
  for (const auto& [key, value] : n.entries) {
    TemplateDef t;
    t.id = key.scalar;
    t.loc = key.loc;
    if (!value.IsMap()) {
      diags->Error(value.loc, "template '" + t.id + "' must be a map of language -> text");
      continue;
    }
    for (const auto& [lang, text] : value.entries) {
      CheckLanguage(config, lang.scalar, lang.loc, diags);
      std::string s;
      if (ReadString(text, "template text", diags, &s)) {
        t.text[lang.scalar] = s;
        t.text_loc[lang.scalar] = text.loc;
      }
    }
    auto it = defs->templates.find(t.id);
    int& origin = defs->pack_of["template:" + t.id];
    if (it != defs->templates.end() && origin == pack_index) {
      diags->Error(key.loc, "duplicate template '" + t.id + "' (first defined at " +
                                it->second.loc.ToString() + ")");
      continue;
    }
    origin = pack_index;
    defs->templates[t.id] = std::move(t);
  }
}

// A pack is a directory (every *.yaml below it, in sorted path order) or a
// single .yaml file.
bool PackFiles(const std::string& pack, std::vector<std::string>* files, Diagnostics* diags) {
  if (std::filesystem::is_regular_file(pack)) {
    files->push_back(pack);
    return true;
  }
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(pack, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".yaml") files->push_back(it->path().string());
  }
  if (ec) {
    diags->Error({pack, 1, 1}, "cannot list pack directory: " + ec.message());
    return false;
  }
  std::sort(files->begin(), files->end());
  return true;
}

}  // namespace

// `concepts:` -- name: [words] or name: {LANG: [words], ...} (the lists of
// all languages are one list: patterns apply in every language).
static void ReadConcepts(const YamlNode& n, PackDefs* defs, Diagnostics* diags) {
  if (!n.IsMap()) {
    diags->Error(n.loc, std::string("'concepts' must be a map, not ") + n.KindName());
    return;
  }
  for (const auto& [key, value] : n.entries) {
    ConceptDef c;
    c.name = key.scalar;
    c.loc = key.loc;
    // The name's form is checked where concepts are expanded (CompiledPack).
    std::vector<const YamlNode*> lists;
    if (value.IsMap()) {
      for (const auto& [lang, list] : value.entries) lists.push_back(&list);
    } else {
      lists.push_back(&value);
    }
    for (const YamlNode* list : lists) {
      if (!list->IsSequence()) {
        diags->Error(list->loc, "concept '" + c.name + "' must be a list of words (or a map of such lists by language)");
        continue;
      }
      for (const YamlNode& w : list->items) {
        std::string word;
        if (!ReadString(w, "a word of concept '" + c.name + "'", diags, &word, true)) continue;
        if (word.find_first_not_of(" \t") == std::string::npos)
          diags->Error(w.loc, "concept '" + c.name + "' has an empty word");
        else c.words.push_back(word);
      }
    }
    if (c.words.empty()) diags->Error(key.loc, "concept '" + c.name + "' has no words");
    auto [it, added] = defs->concepts.emplace(c.name, c);
    if (!added)
      diags->Error(key.loc, "concept '" + c.name + "' is already defined at " + it->second.loc.ToString());
  }
}

void ReadPackFile(const YamlNode& root, const Config& config, int pack_index, PackDefs* defs,
                  Diagnostics* diags) {
  if (root.IsNull()) return;  // an empty file is fine
  MapReader r(root, "a pack file", diags,
              {"language", "slots", "concepts", "intents", "templates", "rules", "conversations", "lookups",
               "faq", "canned_replies"});
  if (!r.valid()) return;
  std::string lang;
  r.String("language", &lang, false, true);
  CheckLanguage(config, lang, root.loc, diags);
  if (const YamlNode* n = r.Get("slots")) ReadSlots(*n, defs, diags);
  if (const YamlNode* n = r.Get("concepts")) ReadConcepts(*n, defs, diags);
  if (const YamlNode* n = r.Get("intents")) ReadIntents(*n, config, lang, defs, diags);
  if (const YamlNode* n = r.Get("templates")) ReadTemplates(*n, config, pack_index, defs, diags);
  if (const YamlNode* n = r.Get("rules")) ReadRules(*n, pack_index, defs, diags);
  if (const YamlNode* n = r.Get("conversations")) ReadConversations(*n, lang, defs, diags);
  if (const YamlNode* n = r.Get("lookups")) ReadLookups(*n, config, defs, diags);
  if (const YamlNode* n = r.Get("faq")) ReadFaq(*n, config, lang, pack_index, defs, diags);
  if (const YamlNode* n = r.Get("canned_replies"))
    ReadCannedReplies(*n, config, lang, pack_index, defs, diags);
}

bool LoadPackDefs(const Config& config, PackDefs* defs, Diagnostics* diags) {
  for (size_t i = 0; i < config.packs.size(); ++i) {
    std::vector<std::string> files;
    if (!PackFiles(config.packs[i], &files, diags)) continue;
    for (const auto& f : files) {
      YamlNode root;
      if (!ParseYamlFile(f, f, YamlLimits(), &root, diags)) continue;
      defs->files.push_back(f);
      ReadPackFile(root, config, static_cast<int>(i), defs, diags);
    }
  }
  return diags->ok();
}

}  // namespace frontdesk
