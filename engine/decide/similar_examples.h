// SimilarExamples: the similarity tier. When no pattern matches a message,
// the intents' own examples are searched (BM25 over the same folded,
// stopword-free, stemmed terms the FAQ uses, one index per language) and
// the intent of the nearest example takes the message -- but only when the
// match is clear: a high enough score, most of the message's words in that
// example, and a margin over the nearest example of any other intent.
// Out-of-scope messages share few words with any example and fall back.
//
// Explainable: the result names the example (FILE:LINE) and the figures.
// Built once per compiled pack; immutable and thread-safe after.
#ifndef FRONTDESK_ENGINE_DECIDE_SIMILAR_EXAMPLES_H_
#define FRONTDESK_ENGINE_DECIDE_SIMILAR_EXAMPLES_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/match/bm25_index.h"
#include "engine/pack/pack.h"

namespace frontdesk {

struct SimilarExample {
  int intent = -1;                     // index into defs.intents; -1 = none
  const ExampleDef* example = nullptr;  // the nearest example of that intent
  double score = 0;                    // its BM25 score
  double coverage = 0;                 // share of the message's terms it holds
  double margin = 0;                   // score / best other intent's (0 = none other)
  bool confident = false;              // all thresholds met: the intent may take the message
  std::string Detail() const;          // "bm25 9.1, coverage 0.80, margin 1.6"
};

class SimilarExamples {
 public:
  // Indexes the examples of `defs.intents` (which must outlive this) per
  // language.
  SimilarExamples(const PackDefs& defs, const SimilarityOptions& options);

  // The nearest example to `text` (folded or not) among intents other than
  // `excluded` (e.g. intents a negative pattern vetoed), searching the
  // examples of `language`, or of every language when it has none.
  // `skip` (may be null) is left out: `frontdesk test` asks whether the
  // other examples route an example, not whether it matches itself.
  SimilarExample Nearest(std::string_view text, const std::string& language,
                         const std::vector<int>& excluded, const ExampleDef* skip = nullptr) const;

 private:
  struct Doc {
    int intent;
    const ExampleDef* example;
    std::vector<std::string> terms;  // sorted, unique
  };
  struct Index {
    std::unique_ptr<Bm25Index> bm25;
    std::vector<Doc> docs;
  };
  void Add(Index* index, int intent, const ExampleDef& example);
  const Index* For(const std::string& language) const;

  SimilarityOptions options_;
  std::map<std::string, Index> by_language_;
  Index all_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_DECIDE_SIMILAR_EXAMPLES_H_
