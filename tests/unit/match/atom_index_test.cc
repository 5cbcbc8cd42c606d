#include "engine/match/atom_index.h"

#include <random>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

// What AtomIndex must find: every atom that is a substring of text.
std::vector<int> Naive(const std::vector<std::string>& atoms, std::string_view text) {
  std::vector<int> ids;
  for (size_t i = 0; i < atoms.size(); ++i)
    if (!atoms[i].empty() && text.find(atoms[i]) != std::string_view::npos) ids.push_back(static_cast<int>(i));
  return ids;
}

std::vector<int> Found(const AtomIndex& index, std::string_view text) {
  std::vector<int> ids;
  index.Find(text, &ids);
  return ids;
}

TEST(AtomIndexTest, FindsEveryAtomThatOccursAnywhereOnce) {
  AtomIndex index({"order", "ord", "where is my", "der", "cancel", "xyz"});
  // "ord" and "der" inside "order", "cancel" inside "precancelled", twice
  // "order": each found once, ascending.
  EXPECT_EQ(Found(index, "where is my order? precancelled order"), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(Found(index, "where is m"), std::vector<int>{});
  EXPECT_EQ(Found(index, ""), std::vector<int>{});
  EXPECT_EQ(Found(index, "or"), std::vector<int>{});
}

TEST(AtomIndexTest, AppendsAfterWhatTheVectorHolds) {
  AtomIndex index({"abc"});
  std::vector<int> ids{7};
  index.Find("xxabcxx", &ids);
  EXPECT_EQ(ids, (std::vector<int>{7, 0}));
}

TEST(AtomIndexTest, ShortLongAndNonAsciiAtoms) {
  std::string long_atom(100, 'a');
  AtomIndex index({"ab", "x", "", "\xC3\xA9t\xC3\xA9", long_atom, long_atom + "b", "\xF0\x9F\x98\x80!"});
  EXPECT_EQ(Found(index, "cab \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80!"), (std::vector<int>{0, 3, 6}));
  EXPECT_EQ(Found(index, std::string(150, 'a')), (std::vector<int>{4}));
  EXPECT_EQ(Found(index, std::string(150, 'a') + "b"), (std::vector<int>{0, 4, 5}));  // "ab" at the end
  EXPECT_EQ(Found(index, "x"), (std::vector<int>{1}));
}

TEST(AtomIndexTest, DuplicateAtomsAreEachReported) {
  AtomIndex index({"same", "other", "same"});
  EXPECT_EQ(Found(index, "the same"), (std::vector<int>{0, 2}));
}

TEST(AtomIndexTest, AgreesWithASubstringSearchOnRandomAtomsAndTexts) {
  // A small alphabet so that atoms share prefixes and overlap in the texts;
  // a space and a two-byte letter so that they span words and code points.
  const std::vector<std::string> letters{"a", "b", "c", "d", " ", "\xC3\xA9"};
  std::mt19937 rng(12345);
  auto word = [&](size_t min_len, size_t max_len) {
    std::string s;
    size_t len = std::uniform_int_distribution<size_t>(min_len, max_len)(rng);
    for (size_t i = 0; i < len; ++i) s += letters[rng() % letters.size()];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> atoms;
    size_t count = std::uniform_int_distribution<size_t>(1, 300)(rng);
    for (size_t i = 0; i < count; ++i) atoms.push_back(word(1, 12));
    AtomIndex index(atoms);
    for (int t = 0; t < 50; ++t) {
      std::string text = word(0, 80);
      ASSERT_EQ(Found(index, text), Naive(atoms, text)) << "round " << round << " text '" << text << "'";
    }
  }
}

}  // namespace
}  // namespace frontdesk
