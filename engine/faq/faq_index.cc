#include "engine/faq/faq_index.h"

#include <algorithm>
#include <cstddef>
#include <set>

#include "engine/faq/faq_text.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

void Sort(FaqCategory* node) {
  for (auto& c : node->children) Sort(&c);
  std::sort(node->entries.begin(), node->entries.end(), [](const auto& a, const auto& b) {
    return a.hits != b.hits ? a.hits > b.hits : a.entry->id < b.entry->id;
  });
  node->hits = 0;
  for (const auto& e : node->entries) node->hits += e.hits;
  for (const auto& c : node->children) node->hits += c.hits;
  std::sort(node->children.begin(), node->children.end(), [](const auto& a, const auto& b) {
    return a.hits != b.hits ? a.hits > b.hits : a.name < b.name;
  });
}

}  // namespace

FaqIndex::~FaqIndex() = default;

std::unique_ptr<FaqIndex> FaqIndex::Build(std::vector<FaqEntry> entries,
                                          std::vector<std::string> languages,
                                          const FaqOptions& options) {
  std::unique_ptr<FaqIndex> index(new FaqIndex());
  index->entries_ = std::move(entries);
  index->languages_ = std::move(languages);
  index->options_ = options;
  index->hits_ = std::make_unique<std::atomic<int64_t>[]>(index->entries_.size());
  auto id_of = [&index](const std::string& term) {
    return index->term_ids_.emplace(term, static_cast<int>(index->term_ids_.size())).first->second;
  };
  auto ids_of = [&id_of](const auto& terms) {
    std::vector<int> ids;
    for (const std::string& t : terms) ids.push_back(id_of(t));
    return ids;
  };
  for (size_t i = 0; i < index->entries_.size(); ++i) {
    const FaqEntry& e = index->entries_[i];
    index->by_id_[e.id] = i;
    Terms terms;
    std::set<std::string> topic;
    for (const auto& [lang, q] : e.question) {
      std::vector<std::string> question = FaqTerms(q);
      topic.insert(question.begin(), question.end());
      std::set<std::string> words;
      for (auto& t : question)
        if (!IsFaqGenericTerm(t)) words.insert(std::move(t));
      if (!words.empty()) terms.question_words.push_back(ids_of(words));
    }
    for (const auto& [lang, words] : e.keywords) {
      for (const auto& w : words) {
        std::vector<std::string> k = FaqTerms(w);
        topic.insert(k.begin(), k.end());
        // "gia si" (giá sỉ) keeps only "gia", "how long" only "long": such a
        // word alone says too little to anchor an answer.
        if (k.size() >= 2 || (k.size() == 1 && FaqTokens(Fold(w), 2).size() == 1)) {
          terms.specific_keywords.push_back(
              std::any_of(k.begin(), k.end(), [](const auto& t) { return !IsFaqGenericTerm(t); }));
          terms.keywords.push_back(ids_of(k));
        }
      }
    }
    terms.topic = ids_of(topic);
    std::sort(terms.topic.begin(), terms.topic.end());
    index->terms_.push_back(std::move(terms));
  }
  index->Populate();
  return index;
}

// One document per entry and language: its question, keywords and answer as
// terms, weighted as the options say.
void FaqIndex::Populate() {
  bm25_ = std::make_unique<Bm25Index>(
      std::vector<double>{options_.question_weight, options_.keywords_weight, options_.answer_weight});
  for (size_t i = 0; i < entries_.size(); ++i) {
    const FaqEntry& e = entries_[i];
    std::set<std::string> langs;
    for (const auto& [l, t] : e.question) langs.insert(l);
    for (const auto& [l, t] : e.keywords) langs.insert(l);
    for (const std::string& lang : langs) {
      std::vector<std::string> kw;
      if (auto it = e.keywords.find(lang); it != e.keywords.end())
        for (const auto& w : it->second)
          for (auto& t : FaqTerms(w)) kw.push_back(std::move(t));
      auto terms = [&](const std::map<std::string, std::string>& m) {
        auto it = m.find(lang);
        return it == m.end() ? std::vector<std::string>() : FaqTerms(it->second);
      };
      bm25_->Add({terms(e.question), kw, terms(e.answer)});
      doc_entry_.push_back(i);
    }
  }
}

namespace {

// True when every term of `phrase` occurs in some window of phrase.size()
// consecutive message terms, in any order: "cost of shipping" holds
// "shipping cost", but "giá vàng hôm nay bao nhiêu" does not hold "báo giá".
// Terms are ids; `present` holds the message's, sorted.
bool ContainsPhrase(const std::vector<int>& message, const std::vector<int>& present,
                    const std::vector<int>& phrase) {
  if (phrase.empty() || phrase.size() > message.size()) return false;
  // A term the message lacks is in no window.
  for (int t : phrase)
    if (!std::binary_search(present.begin(), present.end(), t)) return false;
  for (size_t b = 0; b + phrase.size() <= message.size(); ++b) {
    auto first = message.begin() + static_cast<std::ptrdiff_t>(b);
    auto last = first + static_cast<std::ptrdiff_t>(phrase.size());
    if (std::all_of(phrase.begin(), phrase.end(), [&](int t) { return std::find(first, last, t) != last; }))
      return true;
  }
  return false;
}

bool Before(const FaqHit& a, const FaqHit& b) {
  return a.anchored != b.anchored ? a.anchored : a.rank > b.rank;
}

}  // namespace

FaqIndex::MessageTerms FaqIndex::MessageTermsOf(const std::vector<std::string>& terms) const {
  MessageTerms message;
  auto id_of = [this](const std::string& t) {
    auto it = term_ids_.find(t);
    return it == term_ids_.end() ? -1 : it->second;
  };
  message.ids.reserve(terms.size());
  for (const std::string& t : terms) message.ids.push_back(id_of(t));
  std::vector<const std::string*> unique;
  unique.reserve(terms.size());
  for (const std::string& t : terms) unique.push_back(&t);
  std::sort(unique.begin(), unique.end(), [](const auto* a, const auto* b) { return *a < *b; });
  unique.erase(std::unique(unique.begin(), unique.end(), [](const auto* a, const auto* b) { return *a == *b; }),
               unique.end());
  for (const std::string* t : unique) {
    MessageTerms::Unique u{id_of(*t), !IsFaqGenericTerm(*t), static_cast<int>(t->size())};
    message.unique.push_back(u);
    message.specific_count += u.specific ? 1 : 0;
    if (u.id >= 0) message.known.push_back(u.id);
  }
  std::sort(message.known.begin(), message.known.end());
  return message;
}

void FaqIndex::Score(const MessageTerms& message, FaqHit* hit) const {
  const Terms& entry = terms_[static_cast<size_t>(hit->entry - entries_.data())];
  for (const MessageTerms::Unique& t : message.unique) {
    if (!t.specific || t.id < 0 || !std::binary_search(entry.topic.begin(), entry.topic.end(), t.id))
      continue;
    ++hit->matched_terms;
    hit->longest_match = std::max(hit->longest_match, t.length);
  }
  const int specific = message.specific_count;
  hit->coverage = specific == 0 ? 0 : static_cast<double>(hit->matched_terms) / specific;
  hit->rank = hit->score * hit->coverage;
  for (size_t k = 0; k < entry.keywords.size() && !hit->anchored; ++k)
    hit->anchored = entry.specific_keywords[k] && ContainsPhrase(message.ids, message.known, entry.keywords[k]);
  // A question anchors when the message shares two of its words, or all of
  // them when it has fewer.
  for (size_t q = 0; q < entry.question_words.size() && !hit->anchored; ++q) {
    const std::vector<int>& words = entry.question_words[q];
    size_t shared = 0;
    for (int w : words) shared += std::binary_search(message.known.begin(), message.known.end(), w) ? 1 : 0;
    hit->anchored = shared > 0 && shared >= std::min<size_t>(words.size(), 2);
  }
}

void FaqIndex::Fetch(const std::vector<std::string>& terms, size_t want,
                     std::vector<FaqHit>* hits) const {
  // Documents are per language: look at enough of them to find `want` entries.
  std::vector<Bm25Index::Hit> docs = bm25_->SearchTermsAndPairs(terms, want * (languages_.size() + 1));
  for (const Bm25Index::Hit& d : docs) {
    if (hits->size() >= want) break;
    const FaqEntry* entry = &entries_[doc_entry_[d.doc]];
    // The same entry in another language: its best document came first.
    if (std::any_of(hits->begin(), hits->end(), [&](const FaqHit& h) { return h.entry == entry; })) continue;
    FaqHit hit;
    hit.entry = entry;
    hit.score = d.score;
    hits->push_back(hit);
  }
}

bool FaqIndex::Confident(const std::vector<FaqHit>& hits) const {
  if (hits.empty()) return false;
  const FaqHit& best = hits[0];
  double rival = hits.size() > 1 && hits[1].anchored ? hits[1].rank : 0;
  return best.anchored && best.score >= options_.min_score &&
         best.coverage >= options_.min_coverage &&
         best.matched_terms >= std::max(options_.min_matched_terms, 1) &&
         best.longest_match >= options_.min_term_length && best.rank >= options_.min_margin * rival;
}

std::vector<std::string> FaqIndex::QueryTerms(std::string_view text) const {
  size_t max_terms = static_cast<size_t>(std::max(options_.max_query_terms, 1));
  std::vector<std::string> terms = FaqTerms(text, max_terms * 4);
  if (terms.size() > max_terms) terms.resize(max_terms);
  return terms;
}

FaqSearchResult FaqIndex::Search(std::string_view text, int limit) const {
  FaqSearchResult out;
  FaqSearchResult* result = &out;
  std::vector<std::string> terms = QueryTerms(text);
  for (const auto& t : terms)
    if (std::find(result->terms.begin(), result->terms.end(), t) == result->terms.end())
      result->terms.push_back(t);
  if (terms.empty()) return out;
  // Hits are re-ranked with coverage, so look past the first few by BM25.
  Fetch(terms, static_cast<size_t>(std::clamp(limit, 10, 100)), &result->hits);
  MessageTerms message = MessageTermsOf(terms);
  for (auto& h : result->hits) Score(message, &h);
  // Anchored entries first (only they may answer), then by rank.
  std::stable_sort(result->hits.begin(), result->hits.end(), Before);
  result->confident = Confident(result->hits);
  result->hits.resize(std::min(result->hits.size(), static_cast<size_t>(std::max(limit, 0))));
  return out;
}

FaqHit FaqIndex::BestOf(std::string_view text, const std::vector<std::string>& ids) const {
  constexpr int kLimit = 10;  // Search(text, 10): every hit Fetch finds, none cut
  FaqHit best;
  std::vector<std::string> terms = QueryTerms(text);
  if (terms.empty()) return best;
  std::vector<FaqHit> hits;
  Fetch(terms, kLimit, &hits);
  MessageTerms message;
  bool scored = false;
  // In BM25 order, as the stable sort found them: a later hit comes first
  // only when its keys say so.
  for (FaqHit& h : hits) {
    if (std::find(ids.begin(), ids.end(), h.entry->id) == ids.end()) continue;
    if (!scored) message = MessageTermsOf(terms), scored = true;
    Score(message, &h);
    if (h.matched_terms > 0 && (best.entry == nullptr || Before(h, best))) best = h;
  }
  return best;
}

const FaqEntry* FaqIndex::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

std::string FaqIndex::Text(const std::map<std::string, std::string>& texts,
                           const std::string& language) const {
  if (auto it = texts.find(language); it != texts.end()) return it->second;
  for (const auto& l : languages_)
    if (auto it = texts.find(l); it != texts.end()) return it->second;
  return texts.empty() ? std::string() : texts.begin()->second;
}

void FaqIndex::RecordHit(const std::string& id) const {
  auto it = by_id_.find(id);
  if (it != by_id_.end()) hits_[it->second].fetch_add(1, std::memory_order_relaxed);
}

int64_t FaqIndex::HitCount(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? 0 : hits_[it->second].load(std::memory_order_relaxed);
}

void FaqIndex::SetHits(const std::map<std::string, int64_t>& hits) const {
  for (const auto& [id, n] : hits) {
    auto it = by_id_.find(id);
    if (it != by_id_.end()) hits_[it->second].store(n, std::memory_order_relaxed);
  }
}

std::map<std::string, int64_t> FaqIndex::Hits() const {
  std::map<std::string, int64_t> out;
  for (const auto& [id, i] : by_id_) out[id] = hits_[i].load(std::memory_order_relaxed);
  return out;
}

FaqCategory FaqIndex::ListByCategory() const {
  FaqCategory root;
  for (size_t i = 0; i < entries_.size(); ++i) {
    FaqCategory* node = &root;
    const std::string& cat = entries_[i].category;
    for (size_t b = 0; b < cat.size();) {
      size_t slash = std::min(cat.find('/', b), cat.size());
      std::string name = cat.substr(b, slash - b);
      std::string path = cat.substr(0, slash);
      auto it = std::find_if(node->children.begin(), node->children.end(),
                             [&](const FaqCategory& c) { return c.name == name; });
      if (it == node->children.end()) {
        node->children.push_back(FaqCategory{name, path, 0, {}, {}});
        it = node->children.end() - 1;
      }
      node = &*it;
      b = slash + 1;
    }
    node->entries.push_back({&entries_[i], hits_[i].load(std::memory_order_relaxed)});
  }
  Sort(&root);
  return root;
}

}  // namespace frontdesk
