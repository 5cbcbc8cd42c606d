// FaqIndex: the FAQ knowledge base, searchable. Built once per compiled pack
// from its `faq:` entries into an in-memory BM25 index (engine/match/
// bm25_index.h) over folded terms (question and keywords weighted high, the
// answer low), and asked one question that matters: is the best entry a
// confident answer, or should the message fall back? Pure: no SQL, no lock
// on the search path.
//
// A message answered with a random FAQ is worse than a fallback (FIELD.md:
// over-confident classifiers), so a hit is confident only when all hold:
//   - its BM25 score is at least `min_score`;
//   - its coverage -- the share of the message's content terms (after
//     stopwords; shop-wide words such as "order" or "đơn hàng" and numbers
//     count neither way) found in the entry's question or keywords, in any
//     language -- is at least `min_coverage`;
//   - at least `min_matched_terms` content terms matched, one of them at least
//     `min_term_length` bytes long;
//   - it is anchored: the message holds one of the entry's keywords whole
//     ("old appliance", not just "old"; the words of a keyword side by side,
//     in any order; a keyword of several words left with one after stopwords,
//     such as "how long", never anchors), or two words of its question (its
//     one word, if it has only one);
//   - it beats the next anchored entry by `min_margin`.
// Hits are ordered anchored first, then by rank = BM25 x coverage: the entry
// that explains most of the message wins, BM25 (term rarity, phrases,
// question over answer) breaks ties.
#ifndef FRONTDESK_ENGINE_FAQ_FAQ_INDEX_H_
#define FRONTDESK_ENGINE_FAQ_FAQ_INDEX_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/match/bm25_index.h"
#include "engine/pack/faq_def.h"

namespace frontdesk {

struct FaqOptions {
  // Lowest BM25 score (as SQLite FTS5 computes it, higher is better) of a
  // confident answer. BM25 grows with the size of the FAQ, so this is only a
  // floor; coverage and anchoring do the deciding. Default: 1.0
  double min_score = 1.0;
  // Lowest share (0..1) of the message's content terms found in the entry's
  // question + keywords. Default: 0.5
  double min_coverage = 0.5;
  // Fewest content terms of the message that must be in the entry's question
  // + keywords. Default: 1
  int min_matched_terms = 1;
  // At least one matched term must be this long (bytes), so that "te" or
  // "di" alone never answer. Default: 3
  int min_term_length = 3;
  // The best entry's rank (BM25 x coverage) must be at least this many times
  // the next anchored entry's. Default: 1.15
  double min_margin = 1.15;
  // Terms of a message looked at; the rest of a long message is ignored.
  // Default: 48
  int max_query_terms = 48;
  // BM25 column weights. Defaults: question 3, keywords 3, answer 0.5
  double question_weight = 3.0;
  double keywords_weight = 3.0;
  double answer_weight = 0.5;
};

struct FaqHit {
  const FaqEntry* entry = nullptr;  // owned by the index
  double score = 0;                 // BM25: higher is better
  double coverage = 0;              // 0..1, see the file comment
  int matched_terms = 0;            // content terms found in question + keywords
  int longest_match = 0;            // bytes of the longest of them
  bool anchored = false;            // a whole keyword, or two question words, matched
  double rank = 0;                  // score x coverage: the order of hits
};

struct FaqSearchResult {
  std::vector<FaqHit> hits;       // best first, one per entry
  bool confident = false;         // hits[0] may answer the message
  std::vector<std::string> terms;  // the message's content terms (for traces, tests)
};

// One node of the category tree: "Shipping" holds "Shipping/International".
struct FaqCategory {
  std::string name;  // last segment: "International"; "" for the root
  std::string path;  // "Shipping/International"; "" for the root
  int64_t hits = 0;  // this node and everything below it
  struct Item {
    const FaqEntry* entry;
    int64_t hits;
  };
  std::vector<Item> entries;         // most asked first, then by id
  std::vector<FaqCategory> children;  // most asked first, then by name
};

class FaqIndex {
 public:
  // Builds the index over `entries`. `languages` are the config's, first =
  // default; they order answer fallbacks.
  static std::unique_ptr<FaqIndex> Build(std::vector<FaqEntry> entries,
                                         std::vector<std::string> languages,
                                         const FaqOptions& options);

  ~FaqIndex();
  FaqIndex(const FaqIndex&) = delete;
  FaqIndex& operator=(const FaqIndex&) = delete;

  // Searches `text` (raw or folded: it is folded again) and returns up to
  // `limit` entries, best first. The text is only ever cut into terms, never
  // parsed as a query language. Empty text or text made only of stopwords
  // gives no hits. Thread-safe.
  FaqSearchResult Search(std::string_view text, int limit) const;

  // What MakeFaqPicker asks of Search(text, 10): of the entries named `ids`,
  // the one listed first among the hits with a matched term (the returned
  // hit's entry is nullptr when there is none). Only those entries' hits are
  // scored: a stable sort keeps any two hits in the order their own keys
  // give, so the other hits cannot change which of these comes first.
  // Thread-safe.
  FaqHit BestOf(std::string_view text, const std::vector<std::string>& ids) const;

  const std::vector<FaqEntry>& entries() const { return entries_; }
  const FaqEntry* Find(const std::string& id) const;  // nullptr if unknown
  const std::vector<std::string>& languages() const { return languages_; }

  // The entry's text in `language`, else the first config language it has,
  // else any. "" when the map is empty.
  std::string Text(const std::map<std::string, std::string>& texts,
                   const std::string& language) const;

  // Hit counters: the only mutable state, atomic, so these are const and
  // thread-safe. Unknown ids are ignored.
  void RecordHit(const std::string& id) const;
  int64_t HitCount(const std::string& id) const;
  // Seeds counters (e.g. persisted counts at start-up, or the old index's on
  // reload); ids not in the map keep their count.
  void SetHits(const std::map<std::string, int64_t>& hits) const;
  std::map<std::string, int64_t> Hits() const;

  // The category tree, most asked first at every level. Pointers stay valid
  // while the index lives. Thread-safe.
  FaqCategory ListByCategory() const;

 private:
  FaqIndex() = default;
  void Populate();
  // The terms of `text` a search uses (at most max_query_terms).
  std::vector<std::string> QueryTerms(std::string_view text) const;
  // The best `want` entries by BM25 for the message terms.
  void Fetch(const std::vector<std::string>& terms, size_t want, std::vector<FaqHit>* hits) const;
  // The message's terms as Score needs them, found once for all its hits:
  // as the ids of term_ids_, so that scoring compares integers.
  struct MessageTerms {
    std::vector<int> ids;  // the terms in order, as searched; -1 for a term no entry has
    struct Unique {
      int id;         // -1: no question or keyword has it
      bool specific;  // not a generic term
      int length;     // bytes
    };
    std::vector<Unique> unique;  // each term once
    std::vector<int> known;      // the ids of unique, without the -1s, sorted
    int specific_count = 0;
  };
  MessageTerms MessageTermsOf(const std::vector<std::string>& terms) const;
  // Fills coverage, anchoring and rank of *hit for the message terms.
  void Score(const MessageTerms& message, FaqHit* hit) const;
  bool Confident(const std::vector<FaqHit>& hits) const;

  std::vector<FaqEntry> entries_;
  std::vector<std::string> languages_;
  FaqOptions options_;
  std::map<std::string, size_t> by_id_;
  // Every term of the entries' questions and keywords -> a small integer.
  std::unordered_map<std::string, int> term_ids_;
  // Per entry, in every language: the terms of its questions and keywords,
  // as ids of term_ids_.
  struct Terms {
    std::vector<int> topic;                   // question + keywords, sorted
    std::vector<std::vector<int>> keywords;   // terms of keywords that may anchor, in order
    std::vector<bool> specific_keywords;      // keywords[i] has a non-generic term
    // Each question's non-generic terms, without duplicates (a question
    // with none is left out: it can anchor nothing).
    std::vector<std::vector<int>> question_words;
  };
  std::vector<Terms> terms_;
  std::unique_ptr<std::atomic<int64_t>[]> hits_;
  std::unique_ptr<Bm25Index> bm25_;  // one document per entry and language
  std::vector<size_t> doc_entry_;    // document -> index into entries_
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_FAQ_FAQ_INDEX_H_
