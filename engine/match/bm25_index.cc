#include "engine/match/bm25_index.h"

#include <algorithm>
#include <cmath>

namespace frontdesk {

Bm25Index::Bm25Index(std::vector<double> column_weights, Bm25Options options)
    : weights_(std::move(column_weights)), options_(options) {}

size_t Bm25Index::Add(const std::vector<Tokens>& columns) {
  Doc doc;
  doc.columns.resize(weights_.size());
  size_t n = docs_.size();
  for (size_t c = 0; c < weights_.size() && c < columns.size(); ++c) {
    for (const std::string& token : columns[c]) {
      auto [it, added] = ids_.emplace(token, static_cast<TokenId>(ids_.size()));
      if (added) postings_.emplace_back(), weighted_counts_.emplace_back();
      std::vector<size_t>& docs = postings_[static_cast<size_t>(it->second)];
      std::vector<double>& counts = weighted_counts_[static_cast<size_t>(it->second)];
      if (docs.empty() || docs.back() != n) docs.push_back(n), counts.push_back(0);
      counts.back() += weights_[c];  // in the order Search would add them
      doc.columns[c].push_back(it->second);
    }
    doc.length += doc.columns[c].size();
  }
  total_length_ += doc.length;
  docs_.push_back(std::move(doc));
  return n;
}

bool Bm25Index::Ids(const Tokens& phrase, std::vector<TokenId>* ids) const {
  for (const std::string& token : phrase) {
    auto it = ids_.find(token);
    if (it == ids_.end()) return false;
    ids->push_back(it->second);
  }
  return !ids->empty();
}

void Bm25Index::AddPhrase(const TokenId* ids, size_t n, std::vector<double>* score,
                          std::vector<bool>* hit) const {
  const double n_docs = static_cast<double>(docs_.size());
  const double avgdl = std::max(static_cast<double>(total_length_) / n_docs, 1e-9);
  // Documents holding the phrase: those of its first token that hold it
  // whole (a phrase hit with weight 0 still counts, as in FTS5).
  thread_local std::vector<std::pair<size_t, double>> holders;
  holders.clear();
  const std::vector<size_t>& docs = postings_[static_cast<size_t>(ids[0])];
  if (n == 1) {  // every document of the token holds it
    const std::vector<double>& counts = weighted_counts_[static_cast<size_t>(ids[0])];
    for (size_t k = 0; k < docs.size(); ++k) holders.emplace_back(docs[k], counts[k]);
  } else {
    for (size_t d : docs) {
      bool present = false;
      double f = 0;
      for (size_t c = 0; c < docs_[d].columns.size(); ++c) {
        const auto& col = docs_[d].columns[c];
        for (size_t i = 0; i + n <= col.size(); ++i) {
          if (!std::equal(ids, ids + n, col.begin() + static_cast<std::ptrdiff_t>(i))) continue;
          present = true;
          f += weights_[c];
        }
      }
      if (present) holders.emplace_back(d, f);
    }
  }
  if (holders.empty()) return;
  double nh = static_cast<double>(holders.size());
  double idf = std::log((n_docs - nh + 0.5) / (nh + 0.5));
  if (idf <= 0) idf = 1e-6;
  for (const auto& [d, f] : holders) {
    double norm = options_.k1 * (1 - options_.b + options_.b * static_cast<double>(docs_[d].length) / avgdl);
    (*score)[d] += idf * (f * (options_.k1 + 1)) / (f + norm);
    (*hit)[d] = true;
  }
}

std::vector<Bm25Index::Hit> Bm25Index::Best(const std::vector<double>& score,
                                            const std::vector<bool>& hit, size_t limit) {
  std::vector<Hit> hits;
  for (size_t d = 0; d < score.size(); ++d)
    if (hit[d]) hits.push_back({d, score[d]});
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

std::vector<Bm25Index::Hit> Bm25Index::Search(const std::vector<Tokens>& phrases,
                                              size_t limit) const {
  if (docs_.empty() || limit == 0) return {};
  std::vector<double> score(docs_.size(), 0);
  std::vector<bool> hit(docs_.size(), false);
  std::vector<TokenId> ids;
  for (const Tokens& phrase : phrases) {
    ids.clear();
    if (Ids(phrase, &ids)) AddPhrase(ids.data(), ids.size(), &score, &hit);
  }
  return Best(score, hit, limit);
}

std::vector<Bm25Index::Hit> Bm25Index::SearchTermsAndPairs(const std::vector<std::string>& terms,
                                                           size_t limit) const {
  if (docs_.empty() || limit == 0) return {};
  std::vector<double> score(docs_.size(), 0);
  std::vector<bool> hit(docs_.size(), false);
  // A term no document holds is -1: a phrase with it hits nothing, as in
  // Search. Ids name tokens one to one, so phrases repeat exactly when their
  // ids do: each term once, then each new pair, in order.
  std::vector<TokenId> ids(terms.size());
  for (size_t i = 0; i < terms.size(); ++i) {
    auto it = ids_.find(terms[i]);
    ids[i] = it == ids_.end() ? -1 : it->second;
  }
  std::vector<TokenId> seen;
  for (TokenId t : ids) {
    if (t < 0 || std::find(seen.begin(), seen.end(), t) != seen.end()) continue;
    seen.push_back(t);
    AddPhrase(&t, 1, &score, &hit);
  }
  std::vector<std::pair<TokenId, TokenId>> seen_pairs;
  for (size_t i = 0; i + 1 < ids.size(); ++i) {
    const std::pair<TokenId, TokenId> pair{ids[i], ids[i + 1]};
    if (pair.first < 0 || pair.second < 0 ||
        std::find(seen_pairs.begin(), seen_pairs.end(), pair) != seen_pairs.end())
      continue;
    seen_pairs.push_back(pair);
    const TokenId phrase[2] = {pair.first, pair.second};
    AddPhrase(phrase, 2, &score, &hit);
  }
  return Best(score, hit, limit);
}

}  // namespace frontdesk
