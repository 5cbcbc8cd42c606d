// CompiledPack: a validated, immutable pack ready to decide messages.
// Shared as std::shared_ptr<const CompiledPack> and swapped only after a new
// one validates (a bad pack never replaces a good one).
#ifndef FRONTDESK_ENGINE_DECIDE_COMPILED_PACK_H_
#define FRONTDESK_ENGINE_DECIDE_COMPILED_PACK_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/base/diagnostics.h"
#include "engine/decide/similar_examples.h"
#include "engine/faq/faq_index.h"
#include "engine/match/matcher.h"
#include "engine/match/typo_corrector.h"
#include "engine/pack/pack.h"

namespace re2 {
class RE2;
}

namespace frontdesk {

class CompiledPack {
 public:
  // Which intent a matcher pattern belongs to.
  struct PatternRef {
    int intent = 0;                 // index into defs().intents
    const PatternDef* def = nullptr;
    std::vector<std::string> concepts;  // concept names the pattern uses
  };

  ~CompiledPack();
  CompiledPack(const CompiledPack&) = delete;
  CompiledPack& operator=(const CompiledPack&) = delete;

  // Validates cross-references and compiles every pattern. Reports every
  // problem to *diags; returns nullptr if there was any.
  static std::shared_ptr<const CompiledPack> Compile(Config config, PackDefs defs,
                                                     const MatcherOptions& options,
                                                     Diagnostics* diags);

  // Loads config + packs from disk and compiles them. Only reads files; SQL
  // lookups are checked against their databases by CheckSqlLookups
  // (engine/lookups/lookup_check.h).
  static std::shared_ptr<const CompiledPack> Load(const std::string& config_path,
                                                  Diagnostics* diags);

  const Config& config() const { return config_; }
  const PackDefs& defs() const { return defs_; }
  const Matcher& matcher() const { return *matcher_; }
  const std::vector<PatternRef>& patterns() const { return patterns_; }
  // The compiled slot pattern, or nullptr if the slot has none.
  const re2::RE2* SlotPattern(const std::string& slot) const;
  const TemplateDef* FindTemplate(const std::string& id) const;
  int IntentIndex(const std::string& id) const;  // -1 if unknown
  const IntentDef& intent(int i) const { return defs_.intents[static_cast<size_t>(i)]; }
  const std::string& default_language() const { return config_.languages.front(); }
  // The FAQ knowledge base, searched when no intent matches. Never null after
  // a successful Compile (it may be empty).
  const std::shared_ptr<const FaqIndex>& faq() const { return faq_; }
  // The intents' examples, searched when no pattern matches.
  const SimilarExamples& similar() const { return *similar_; }
  // Puts misspelt words back to the pack's own; nullptr when `typos` is
  // disabled in the config.
  const TypoCorrector* typos() const { return typos_.get(); }
  // A concept's words, folded as patterns are; nullptr if unknown.
  const std::vector<std::string>* ConceptWords(const std::string& name) const;

 private:
  CompiledPack() = default;
  // Folds every concept's words (reporting bad names) and keeps them.
  std::map<std::string, std::vector<std::string>> FoldConcepts(Diagnostics* diags);
  // The typo corrector over the pack's vocabulary: the words of `patterns`
  // (folded), concepts, examples and FAQ questions.
  void BuildTypoCorrector(const std::vector<PatternInput>& patterns, Diagnostics* diags);
  Config config_;
  PackDefs defs_;
  std::unique_ptr<Matcher> matcher_;
  std::vector<PatternRef> patterns_;
  std::map<std::string, std::unique_ptr<re2::RE2>> slot_patterns_;
  std::map<std::string, int> intent_index_;
  std::shared_ptr<const FaqIndex> faq_;
  std::unique_ptr<SimilarExamples> similar_;
  std::unique_ptr<TypoCorrector> typos_;
  std::map<std::string, std::vector<std::string>> concept_words_;  // folded
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_DECIDE_COMPILED_PACK_H_
