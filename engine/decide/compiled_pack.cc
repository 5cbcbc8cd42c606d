#include "engine/decide/compiled_pack.h"

#include <re2/re2.h>

#include <cctype>

#include "engine/match/concepts.h"
#include "engine/pack/config_loader.h"
#include "engine/pack/pack_loader.h"
#include "engine/pack/pack_validate.h"
#include "engine/text/text.h"

namespace frontdesk {

CompiledPack::~CompiledPack() = default;

std::shared_ptr<const CompiledPack> CompiledPack::Compile(Config config, PackDefs defs,
                                                          const MatcherOptions& options,
                                                          Diagnostics* diags) {
  std::shared_ptr<CompiledPack> pack(new CompiledPack());
  pack->config_ = std::move(config);
  pack->defs_ = std::move(defs);
  ValidatePackDefs(pack->config_, pack->defs_, diags);

  frontdesk::ConceptWords concepts = pack->FoldConcepts(diags);
  std::set<std::string> used;
  std::vector<PatternInput> inputs;
  for (size_t i = 0; i < pack->defs_.intents.size(); ++i) {
    const IntentDef& intent = pack->defs_.intents[i];
    pack->intent_index_[intent.id] = static_cast<int>(i);
    for (const PatternDef& p : intent.patterns) {
      ConceptExpansion e = ExpandConcepts(p.source, concepts);
      for (const auto& name : e.unknown) diags->Error(p.loc, "pattern uses unknown concept {" + name + "}");
      used.insert(e.used.begin(), e.used.end());
      std::string folded;
      Status s = FoldPattern(e.pattern, &folded);
      if (!s.ok()) {
        diags->Error(p.loc, "pattern: " + s.message());
        continue;
      }
      inputs.push_back({folded, p.loc});
      pack->patterns_.push_back({static_cast<int>(i), &p, e.used});
    }
  }
  for (const auto& [name, c] : pack->defs_.concepts)
    if (IsConceptName(name) && !used.count(name))
      diags->Error(c.loc, "concept '" + name + "' is used by no pattern");
  pack->matcher_ = Matcher::Build(inputs, options, diags);

  RE2::Options ro;
  ro.set_log_errors(false);
  ro.set_case_sensitive(false);
  for (const auto& [name, slot] : pack->defs_.slots) {
    if (slot.pattern.empty()) continue;
    std::string folded;
    if (!FoldPattern(slot.pattern, &folded).ok()) {
      diags->Error(slot.loc, "slot pattern is not valid UTF-8");
      continue;
    }
    auto re = std::make_unique<re2::RE2>(folded, ro);
    if (!re->ok()) {
      diags->Error(slot.loc, "slot '" + name + "' pattern rejected by RE2: " + re->error());
      continue;
    }
    pack->slot_patterns_[name] = std::move(re);
  }
  pack->faq_ = FaqIndex::Build(pack->defs_.faq, pack->config_.languages, FaqOptions());
  pack->similar_ = std::make_unique<SimilarExamples>(pack->defs_, pack->config_.similarity);
  if (pack->config_.typos.enabled) pack->BuildTypoCorrector(inputs, diags);
  if (!diags->ok() || pack->matcher_ == nullptr) return nullptr;
  return pack;
}

void CompiledPack::BuildTypoCorrector(const std::vector<PatternInput>& patterns, Diagnostics* diags) {
  std::vector<std::shared_ptr<const SpellingDictionary>> dictionaries;
  for (const auto& [lang, base] : config_.typos.dictionaries) {
    std::shared_ptr<const SpellingDictionary> d;
    Status s = SpellingDictionary::Shared(base, &d);
    if (!s.ok()) {
      diags->Error(config_.typos.loc, "typos: language '" + lang + "': " + s.message() +
                                          " (install Debian's hunspell-" + lang +
                                          " package, name another in typos.dictionaries, or set "
                                          "typos.enabled: false)");
      continue;
    }
    dictionaries.push_back(std::move(d));
  }
  std::vector<std::string> words;
  std::vector<std::vector<std::string>> synonyms;
  for (const PatternInput& p : patterns) AddPatternWords(p.pattern, &words);
  for (const auto& [name, list] : concept_words_) {
    for (const auto& w : list) AddTextWords(w, &words);
    synonyms.push_back(list);
  }
  for (const IntentDef& intent : defs_.intents) {
    for (const ExampleDef& e : intent.examples) AddTextWords(Fold(e.text), &words);
    for (const ExampleDef& e : intent.counter_examples) AddTextWords(Fold(e.text), &words);
  }
  for (const FaqEntry& f : defs_.faq) {
    for (const auto& [lang, q] : f.question) AddTextWords(Fold(q), &words);
    for (const auto& [lang, list] : f.keywords)
      for (const auto& k : list) AddTextWords(Fold(k), &words);
  }
  typos_ = std::make_unique<TypoCorrector>(words, std::move(dictionaries), synonyms);
}

std::shared_ptr<const CompiledPack> CompiledPack::Load(const std::string& config_path,
                                                       Diagnostics* diags) {
  Config config;
  if (!LoadConfig(config_path, &config, diags)) return nullptr;
  PackDefs defs;
  // Compile even when some files had errors, so that one run reports every
  // problem (patterns RE2 rejects, unknown references) at once.
  LoadPackDefs(config, &defs, diags);
  auto pack = Compile(std::move(config), std::move(defs), MatcherOptions(), diags);
  return diags->ok() ? pack : nullptr;
}

frontdesk::ConceptWords CompiledPack::FoldConcepts(Diagnostics* diags) {
  frontdesk::ConceptWords words;
  for (const auto& [name, c] : defs_.concepts) {
    if (!IsConceptName(name)) {
      diags->Error(c.loc, "concept name '" + name +
                              "' must be lower-case letters, digits and _, starting with a letter");
      continue;
    }
    for (const std::string& w : c.words) {
      std::string folded;
      if (FoldPattern(w, &folded).ok()) {
        // Patterns match case-insensitively; traces compare with folded text.
        for (char& ch : folded) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        words[name].push_back(folded);
      }
      else diags->Error(c.loc, "concept '" + name + "' has a word that is not valid UTF-8");
    }
  }
  concept_words_ = words;
  return words;
}

const std::vector<std::string>* CompiledPack::ConceptWords(const std::string& name) const {
  auto it = concept_words_.find(name);
  return it == concept_words_.end() ? nullptr : &it->second;
}

const re2::RE2* CompiledPack::SlotPattern(const std::string& slot) const {
  auto it = slot_patterns_.find(slot);
  return it == slot_patterns_.end() ? nullptr : it->second.get();
}

const TemplateDef* CompiledPack::FindTemplate(const std::string& id) const {
  auto it = defs_.templates.find(id);
  return it == defs_.templates.end() ? nullptr : &it->second;
}

int CompiledPack::IntentIndex(const std::string& id) const {
  auto it = intent_index_.find(id);
  return it == intent_index_.end() ? -1 : it->second;
}

}  // namespace frontdesk
