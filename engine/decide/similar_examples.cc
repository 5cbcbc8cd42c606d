#include "engine/decide/similar_examples.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "engine/faq/faq_text.h"

namespace frontdesk {
namespace {

constexpr size_t kMaxQueryTerms = 48;
constexpr size_t kHitsLooked = 40;

}  // namespace

std::string SimilarExample::Detail() const {
  char buf[96];
  std::snprintf(buf, sizeof buf, "bm25 %.2f, coverage %.2f, margin %.2f", score, coverage, margin);
  return buf;
}

SimilarExamples::SimilarExamples(const PackDefs& defs, const SimilarityOptions& options)
    : options_(options) {
  all_.bm25 = std::make_unique<Bm25Index>(std::vector<double>{1.0});
  for (size_t i = 0; i < defs.intents.size(); ++i) {
    for (const ExampleDef& ex : defs.intents[i].examples) {
      Index& index = by_language_[ex.language];
      if (!index.bm25) index.bm25 = std::make_unique<Bm25Index>(std::vector<double>{1.0});
      Add(&index, static_cast<int>(i), ex);
      Add(&all_, static_cast<int>(i), ex);
    }
  }
}

void SimilarExamples::Add(Index* index, int intent, const ExampleDef& example) {
  std::vector<std::string> terms = FaqTerms(example.text);
  index->bm25->Add({terms});
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  index->docs.push_back({intent, &example, std::move(terms)});
}

const SimilarExamples::Index* SimilarExamples::For(const std::string& language) const {
  auto it = by_language_.find(language);
  return it == by_language_.end() || it->second.docs.empty() ? &all_ : &it->second;
}

SimilarExample SimilarExamples::Nearest(std::string_view text, const std::string& language,
                                        const std::vector<int>& excluded,
                                        const ExampleDef* skip) const {
  SimilarExample best;
  if (!options_.enabled) return best;
  std::vector<std::string> terms = FaqTerms(text, kMaxQueryTerms * 4);
  if (terms.size() > kMaxQueryTerms) terms.resize(kMaxQueryTerms);
  if (terms.empty()) return best;
  const Index* index = For(language);
  double rival = 0;
  const Doc* nearest = nullptr;
  for (const Bm25Index::Hit& hit : index->bm25->SearchTermsAndPairs(terms, kHitsLooked)) {
    const Doc& doc = index->docs[hit.doc];
    if (doc.example == skip) continue;
    if (std::find(excluded.begin(), excluded.end(), doc.intent) != excluded.end()) continue;
    if (best.intent < 0) {
      best.intent = doc.intent;
      best.example = doc.example;
      best.score = hit.score;
      nearest = &doc;
    } else if (doc.intent != best.intent) {
      rival = hit.score;  // hits come best first: the first other intent is the rival
      break;
    }
  }
  if (best.intent < 0) return best;
  std::set<std::string> unique(terms.begin(), terms.end());
  const std::vector<std::string>& doc_terms = nearest->terms;
  size_t shared = 0;
  for (const auto& t : unique) shared += std::binary_search(doc_terms.begin(), doc_terms.end(), t);
  best.coverage = static_cast<double>(shared) / static_cast<double>(unique.size());
  best.margin = rival > 0 ? best.score / rival : 0;
  best.confident = best.score >= options_.min_score && best.coverage >= options_.min_coverage &&
                   (rival <= 0 || best.margin >= options_.min_margin);
  return best;
}

}  // namespace frontdesk
