// Bm25Index: a small in-memory full-text index ranked by Okapi BM25, for the
// FAQ knowledge base and any other "which of these short texts is nearest"
// question the engine asks. Pure C++: no SQL, no lock; built once, then
// searched from any number of threads.
//
// Documents have a fixed number of columns (question, keywords, answer ...),
// each a list of tokens the caller already folded and cut. A query is a list
// of phrases (one token, or several side by side); a document is a hit when
// any phrase occurs in any column. Scores follow SQLite FTS5's bm25() so
// that figures calibrated against it keep their meaning:
//   idf(p)   = ln((N - n(p) + 0.5) / (n(p) + 0.5)), at least 1e-6
//   f(p, d)  = sum over columns c of weight[c] x occurrences of p in d.c
//   score(d) = sum over p of idf(p) x f(p,d) (k1 + 1) / (f(p,d) + k1 (1 - b + b |d| / avgdl))
// where N is the number of documents, n(p) those holding p, |d| the tokens
// of d in all columns and avgdl their mean.
#ifndef FRONTDESK_ENGINE_MATCH_BM25_INDEX_H_
#define FRONTDESK_ENGINE_MATCH_BM25_INDEX_H_

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace frontdesk {

struct Bm25Options {
  double k1 = 1.2;   // term-frequency saturation. Default: 1.2
  double b = 0.75;   // document-length normalization, 0..1. Default: 0.75
};

class Bm25Index {
 public:
  using Tokens = std::vector<std::string>;

  struct Hit {
    size_t doc = 0;      // as numbered by Add
    double score = 0;    // higher is better; > 0 for every hit
  };

  // `column_weights` gives the number of columns and the weight of each.
  explicit Bm25Index(std::vector<double> column_weights, Bm25Options options = {});

  // Adds a document (one token list per column; missing columns are empty,
  // extra ones ignored) and returns its number: 0, 1, 2 ...
  // REQUIRES: not called concurrently with Search.
  size_t Add(const std::vector<Tokens>& columns);

  // The documents holding at least one of `phrases`, best first (ties in
  // document order), at most `limit`. Empty phrases are ignored. Thread-safe.
  std::vector<Hit> Search(const std::vector<Tokens>& phrases, size_t limit) const;

  size_t size() const { return docs_.size(); }

  // Search of a query made of every term once and every pair of neighbours
  // once as a phrase (terms first, then pairs, in order), so that "giao
  // hang" ranks a text about "giao hàng" above one that only says "hàng".
  // The FAQ and the similarity tier both search with it; each term is looked
  // up once and no phrase is built as strings. Thread-safe.
  std::vector<Hit> SearchTermsAndPairs(const std::vector<std::string>& terms, size_t limit) const;

 private:
  using TokenId = int;
  struct Doc {
    std::vector<std::vector<TokenId>> columns;
    size_t length = 0;  // tokens in all columns
  };
  // The token ids of `phrase`; false if a token is not in any document.
  bool Ids(const Tokens& phrase, std::vector<TokenId>* ids) const;
  // Adds the BM25 term of the phrase `ids` (n > 0 tokens) to the scores of
  // the documents holding it; hit[d] marks those.
  void AddPhrase(const TokenId* ids, size_t n, std::vector<double>* score, std::vector<bool>* hit) const;
  // The documents hit, best first (ties in document order), at most `limit`.
  static std::vector<Hit> Best(const std::vector<double>& score, const std::vector<bool>& hit, size_t limit);

  std::vector<double> weights_;
  Bm25Options options_;
  std::unordered_map<std::string, TokenId> ids_;
  std::vector<std::vector<size_t>> postings_;  // token id -> documents holding it, ascending
  // Parallel to postings_: the token's column weights summed over its
  // occurrences in that document (a one-token phrase's f, found at Add).
  std::vector<std::vector<double>> weighted_counts_;
  std::vector<Doc> docs_;
  size_t total_length_ = 0;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_BM25_INDEX_H_
