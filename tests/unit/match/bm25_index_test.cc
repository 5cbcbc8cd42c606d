// The BM25 index (engine/match/bm25_index.cc): scores as SQLite FTS5's
// bm25() computes them (checked by hand on a 3-document example), phrase
// hits, column weights, the idf floor, ranking with ties in document order,
// and the empty cases.
#include "engine/match/bm25_index.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <set>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using Tokens = Bm25Index::Tokens;
using ::testing::IsEmpty;

// "doc:score" for each hit, scores to 6 decimals.
std::string Dump(const std::vector<Bm25Index::Hit>& hits) {
  std::string out;
  for (const auto& h : hits) {
    char score[32];
    std::snprintf(score, sizeof score, "%.6f", h.score);
    out += (out.empty() ? "" : " ") + std::to_string(h.doc) + ":" + score;
  }
  return out;
}

// One column; N = 3 documents of 2, 3 and 4 tokens, so avgdl = 3.
class Bm25IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(index_.Add({{"return", "policy"}}), 0u);
    ASSERT_EQ(index_.Add({{"shipping", "policy", "abroad"}}), 1u);
    ASSERT_EQ(index_.Add({{"return", "window", "window", "label"}}), 2u);
  }
  Bm25Index index_{{1.0}};
};

// With k1 = 1.2, b = 0.75 and avgdl = 3, for a token held by one document
//   idf = ln((3 - 1 + 0.5) / (1 + 0.5)) = ln(5/3) = 0.510826
// and the length term k1 (1 - b + b |d| / avgdl) is 0.9, 1.2 and 1.5 for
// documents of 2, 3 and 4 tokens.
TEST_F(Bm25IndexTest, ScoresComputedByHand) {
  // "shipping" once in doc 1 (3 tokens): 0.510826 x 1 x 2.2 / (1 + 1.2).
  EXPECT_EQ(Dump(index_.Search({{"shipping"}}, 10)), "1:0.510826");
  // "window" twice in doc 2 (4 tokens): 0.510826 x 2 x 2.2 / (2 + 1.5).
  EXPECT_EQ(Dump(index_.Search({{"window"}}, 10)), "2:0.642181");
  // "label" once in doc 2: 0.510826 x 2.2 / (1 + 1.5).
  EXPECT_EQ(Dump(index_.Search({{"label"}}, 10)), "2:0.449527");
  // Phrases add up: window + label.
  EXPECT_EQ(Dump(index_.Search({{"window"}, {"label"}}, 10)), "2:1.091707");
  std::vector<Bm25Index::Hit> hits = index_.Search({{"window"}}, 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NEAR(hits[0].score, std::log(5.0 / 3.0) * 2 * 2.2 / (2 + 1.5), 1e-12);
}

TEST_F(Bm25IndexTest, RanksBestFirst) {
  EXPECT_EQ(Dump(index_.Search({{"shipping"}, {"window"}}, 10)), "2:0.642181 1:0.510826");
  EXPECT_EQ(Dump(index_.Search({{"label"}, {"shipping"}}, 10)), "1:0.510826 2:0.449527");
}

TEST_F(Bm25IndexTest, LimitKeepsTheBest) {
  EXPECT_EQ(Dump(index_.Search({{"shipping"}, {"window"}}, 1)), "2:0.642181");
  EXPECT_THAT(index_.Search({{"shipping"}, {"window"}}, 0), IsEmpty());
}

// A token in two of three documents has ln((3 - 2 + 0.5) / 2.5) < 0: the idf
// is floored at 1e-6, so the documents are still hits, ranked by the rest
// of the formula (the shorter one first).
TEST_F(Bm25IndexTest, IdfFloorKeepsCommonTokensAsHits) {
  std::vector<Bm25Index::Hit> hits = index_.Search({{"return"}}, 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].doc, 0u);
  EXPECT_NEAR(hits[0].score, 1e-6 * 2.2 / (1 + 0.9), 1e-15);
  EXPECT_EQ(hits[1].doc, 2u);
  EXPECT_NEAR(hits[1].score, 1e-6 * 2.2 / (1 + 1.5), 1e-15);
  EXPECT_GT(hits[1].score, 0);
  // One rare token outweighs any number of common ones.
  EXPECT_EQ(index_.Search({{"return"}, {"policy"}, {"shipping"}}, 10)[0].doc, 1u);
}

TEST_F(Bm25IndexTest, PhrasesMatchOnlySideBySideInOrder) {
  // "return policy" only in doc 0, so it is rare: idf ln(5/3), |d| = 2.
  EXPECT_EQ(Dump(index_.Search({{"return", "policy"}}, 10)), "0:0.591482");
  EXPECT_THAT(index_.Search({{"policy", "return"}}, 10), IsEmpty());
  EXPECT_THAT(index_.Search({{"return", "label"}}, 10), IsEmpty());  // not adjacent
  EXPECT_EQ(Dump(index_.Search({{"window", "window"}}, 10)), "2:0.449527");  // one occurrence
  // A phrase with an unknown token matches nothing.
  EXPECT_THAT(index_.Search({{"return", "nope"}}, 10), IsEmpty());
}

TEST_F(Bm25IndexTest, UnknownAndEmptyQueries) {
  EXPECT_THAT(index_.Search({{"nope"}}, 10), IsEmpty());
  EXPECT_THAT(index_.Search({}, 10), IsEmpty());
  EXPECT_THAT(index_.Search({{}}, 10), IsEmpty());
  // Empty phrases are ignored, not failures.
  EXPECT_EQ(Dump(index_.Search({{}, {"window"}, {}}, 10)), "2:0.642181");
  // Tokens match exactly: the caller folds case.
  EXPECT_THAT(index_.Search({{"Window"}}, 10), IsEmpty());
}

TEST(Bm25IndexEmptyTest, EmptyIndexFindsNothing) {
  Bm25Index index({1.0});
  EXPECT_EQ(index.size(), 0u);
  EXPECT_THAT(index.Search({{"anything"}}, 10), IsEmpty());
  EXPECT_THAT(index.Search({}, 10), IsEmpty());
}

TEST(Bm25IndexEmptyTest, DocumentsWithoutTokens) {
  Bm25Index index({1.0, 1.0});
  EXPECT_EQ(index.Add({}), 0u);
  EXPECT_EQ(index.Add({{}, {}}), 1u);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_THAT(index.Search({{"x"}}, 10), IsEmpty());
  // A real document beside them: avgdl = 1/3, the lone token scores.
  EXPECT_EQ(index.Add({{"x"}}), 2u);
  std::vector<Bm25Index::Hit> hits = index.Search({{"x"}}, 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].doc, 2u);
  EXPECT_NEAR(hits[0].score, std::log(2.5 / 1.5) * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3)), 1e-12);
}

TEST(Bm25IndexColumnsTest, ColumnWeightsMultiplyOccurrences) {
  // Columns: question (weight 10), answer (weight 1); five documents of three
  // tokens, "refund" in two of them: idf = ln(3.5 / 2.5), length term 1.2.
  Bm25Index index({10.0, 1.0});
  index.Add({{"refund"}, {"money", "back"}});           // f = 10
  index.Add({{"money"}, {"refund", "back"}});           // f = 1
  index.Add({{"shipping"}, {"three", "days"}});
  index.Add({{"warranty"}, {"two", "years"}});
  index.Add({{"stores"}, {"open", "daily"}});
  const double idf = std::log(3.5 / 2.5);
  std::vector<Bm25Index::Hit> hits = index.Search({{"refund"}}, 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].doc, 0u);
  EXPECT_NEAR(hits[0].score, idf * 10 * 2.2 / (10 + 1.2), 1e-12);  // 0.660928
  EXPECT_EQ(hits[1].doc, 1u);
  EXPECT_NEAR(hits[1].score, idf * 1 * 2.2 / (1 + 1.2), 1e-12);  // 0.336472
}

TEST(Bm25IndexColumnsTest, OccurrencesInEveryColumnAddUp) {
  Bm25Index index({10.0, 1.0});
  index.Add({{"refund"}, {"refund", "refund"}});  // f = 10 + 1 + 1
  index.Add({{"a"}, {"b", "c"}});
  index.Add({{"d"}, {"e", "f"}});
  const double idf = std::log(2.5 / 1.5);
  std::vector<Bm25Index::Hit> hits = index.Search({{"refund"}}, 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NEAR(hits[0].score, idf * 12 * 2.2 / (12 + 1.2), 1e-12);
}

TEST(Bm25IndexColumnsTest, PhraseDoesNotRunAcrossColumns) {
  Bm25Index index({1.0, 1.0});
  index.Add({{"return"}, {"policy"}});
  index.Add({{"x"}, {"y"}});
  EXPECT_THAT(index.Search({{"return", "policy"}}, 10), IsEmpty());
}

TEST(Bm25IndexColumnsTest, MissingColumnsAreEmptyAndExtraOnesIgnored) {
  Bm25Index index({1.0, 1.0});
  EXPECT_EQ(index.Add({{"alpha"}}), 0u);                        // answer column missing
  EXPECT_EQ(index.Add({{"beta"}, {"gamma"}, {"extra"}}), 1u);   // third column ignored
  EXPECT_EQ(index.Add({{"delta"}, {"epsilon"}}), 2u);
  EXPECT_THAT(index.Search({{"extra"}}, 10), IsEmpty());
  ASSERT_EQ(index.Search({{"gamma"}}, 10).size(), 1u);
  EXPECT_EQ(index.Search({{"gamma"}}, 10)[0].doc, 1u);
  // The ignored column does not count towards the length either: docs 1 and
  // 2 have two tokens each and score alike.
  EXPECT_DOUBLE_EQ(index.Search({{"beta"}}, 10)[0].score, index.Search({{"delta"}}, 10)[0].score);
}

// A hit in a column of weight 0 still makes the document a hit.
TEST(Bm25IndexColumnsTest, ZeroWeightColumnStillMatches) {
  Bm25Index index({1.0, 0.0});
  index.Add({{"refund"}, {"tracking"}});
  index.Add({{"a"}, {"b"}});
  index.Add({{"c"}, {"d"}});
  std::vector<Bm25Index::Hit> hits = index.Search({{"tracking"}}, 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].doc, 0u);
}

TEST(Bm25IndexOrderTest, TiesKeepDocumentOrder) {
  Bm25Index index({1.0});
  index.Add({{"other", "thing"}});      // 0
  index.Add({{"refund", "please"}});    // 1
  index.Add({{"unrelated", "text"}});   // 2
  index.Add({{"refund", "please"}});    // 3: same as 1
  index.Add({{"please", "refund"}});    // 4: same tokens, same length
  index.Add({{"more", "words"}});       // 5
  std::vector<Bm25Index::Hit> hits = index.Search({{"refund"}}, 10);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].doc, 1u);
  EXPECT_EQ(hits[1].doc, 3u);
  EXPECT_EQ(hits[2].doc, 4u);
  EXPECT_EQ(hits[0].score, hits[1].score);
  EXPECT_EQ(hits[1].score, hits[2].score);
  // With a limit, the earliest of the tied documents are kept.
  hits = index.Search({{"refund"}}, 2);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].doc, 1u);
  EXPECT_EQ(hits[1].doc, 3u);
}

TEST(Bm25IndexOrderTest, OptionsChangeSaturationAndLengthNormalisation) {
  // b = 0: length does not matter; k1 = 0: occurrences do not either.
  Bm25Index flat({1.0}, Bm25Options{0.0, 0.0});
  flat.Add({{"refund"}});
  flat.Add({{"refund", "refund", "refund", "and", "many", "more", "words"}});
  flat.Add({{"x"}});
  flat.Add({{"y"}});
  flat.Add({{"z"}});
  std::vector<Bm25Index::Hit> hits = flat.Search({{"refund"}}, 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_DOUBLE_EQ(hits[0].score, hits[1].score);
  EXPECT_EQ(hits[0].doc, 0u);
  EXPECT_NEAR(hits[0].score, std::log(3.5 / 2.5), 1e-12);
}

// The query SearchTermsAndPairs stands for, built as strings: every term
// once, then every pair of neighbours once, in order.
std::vector<Tokens> TermsAndPairs(const std::vector<std::string>& terms) {
  std::set<Tokens> seen;
  std::vector<Tokens> out;
  auto add = [&](Tokens p) {
    if (seen.insert(p).second) out.push_back(std::move(p));
  };
  for (const auto& t : terms) add({t});
  for (size_t i = 0; i + 1 < terms.size(); ++i) add({terms[i], terms[i + 1]});
  return out;
}

// SearchTermsAndPairs is Search(TermsAndPairs(terms)) without the strings:
// the same documents, the same scores to the last bit, on random queries
// with repeated terms, repeated pairs and terms no document holds.
TEST(Bm25IndexTermsTest, SearchTermsAndPairsIsSearchOfTermsAndPairs) {
  const std::vector<std::string> words = {"ship", "cost", "return", "policy", "window", "label",
                                          "abroad", "giao", "hang", "phi", "nowhere", "else"};
  std::mt19937 rng(3);
  Bm25Index index({3.0, 3.0, 0.5});
  for (int d = 0; d < 60; ++d) {
    std::vector<Tokens> columns(3);
    for (auto& c : columns)
      for (size_t n = rng() % 7; n > 0; --n) c.push_back(words[rng() % 10]);  // not the last two
    index.Add(columns);
  }
  for (int q = 0; q < 2000; ++q) {
    std::vector<std::string> terms;
    for (size_t n = rng() % 10; n > 0; --n) terms.push_back(words[rng() % words.size()]);
    const size_t limit = 1 + rng() % 70;
    std::vector<Bm25Index::Hit> want = index.Search(TermsAndPairs(terms), limit);
    std::vector<Bm25Index::Hit> got = index.SearchTermsAndPairs(terms, limit);
    ASSERT_EQ(got.size(), want.size()) << q;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].doc, want[i].doc) << q;
      EXPECT_EQ(got[i].score, want[i].score) << q;
    }
  }
  EXPECT_THAT(index.SearchTermsAndPairs({"nowhere", "else"}, 5), IsEmpty());
  EXPECT_THAT(index.SearchTermsAndPairs({"ship"}, 0), IsEmpty());
}

}  // namespace
}  // namespace frontdesk
