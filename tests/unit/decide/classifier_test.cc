#include "engine/decide/classifier.h"

#include "engine/text/text.h"
#include "tests/pack_fixture.h"

namespace frontdesk {
namespace {

class ClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override { pack_ = testing::LoadFixturePack(dir_); ASSERT_NE(pack_, nullptr); }
  std::string Best(const std::string& text) {
    Classification c;
    EXPECT_OK(Classify(*pack_, Fold(text), &c));
    return c.best() ? pack_->intent(c.best()->intent).id : "(none)";
  }
  testing::TempDir dir_;
  std::shared_ptr<const CompiledPack> pack_;
};

TEST_F(ClassifierTest, HigherPriorityWins) {
  // order.cancel (priority 5) beats order.status; the status pattern is also vetoed.
  EXPECT_EQ(Best("where can I cancel my order"), "order.cancel");
  // human.request (10) beats order.status (0).
  EXPECT_EQ(Best("where is my order? I want a human"), "human.request");
}

TEST_F(ClassifierTest, MoreSpecificPatternWinsOnEqualPriority) {
  // delivery.cost's gapped pattern has 20 literal characters, delivery.time's 20 too
  // but "shipping cost" only matches cost; "shipping time" matches time (18) and
  // cost's bare '\bshipping\b' (8): time is more specific.
  EXPECT_EQ(Best("what is the shipping time"), "delivery.time");
  EXPECT_EQ(Best("shipping cost to hanoi"), "delivery.cost");
}

TEST_F(ClassifierTest, DefinitionOrderBreaksRemainingTies) {
  // Same priority, same specificity: the intent defined first (sorted file
  // path, then position) wins, whatever its id.
  dir_.Write("p/zz.yaml", "language: en\nintents:\n  - id: zz.first\n    patterns: ['\\btie\\b']\n"
                          "  - id: aa.second\n    patterns: ['\\btie\\b']\n");
  Diagnostics d;
  auto pack = CompiledPack::Load((dir_.path() / "frontdesk.yaml").string(), &d);
  ASSERT_NE(pack, nullptr) << d.ToString();
  Classification c;
  ASSERT_OK(Classify(*pack, "a tie", &c));
  ASSERT_EQ(c.matches.size(), 2u);
  EXPECT_EQ(pack->intent(c.matches[0].intent).id, "zz.first");
  EXPECT_EQ(pack->intent(c.matches[1].intent).id, "aa.second");
}

TEST_F(ClassifierTest, NegativePatternVetoes) {
  Classification c;
  ASSERT_OK(Classify(*pack_, Fold("cancel: where is my order"), &c));
  ASSERT_EQ(c.vetoed.size(), 1u);
  EXPECT_EQ(pack_->intent(c.vetoed[0]).id, "order.status");
}

TEST_F(ClassifierTest, MatchesVietnameseAndSpanishWithAndWithoutMarks) {
  EXPECT_EQ(Best("Đơn hàng của tôi đâu rồi?"), "order.status");
  EXPECT_EQ(Best("don hang cua toi dau roi"), "order.status");
  EXPECT_EQ(Best("¿Dónde está mi pedido?"), "order.status");
  EXPECT_EQ(Best("donde esta mi pedido"), "order.status");
}

TEST_F(ClassifierTest, OutOfScopeMatchesNothing) {
  EXPECT_EQ(Best("what will the weather be tomorrow"), "(none)");
  EXPECT_EQ(Best("tell me a joke"), "(none)");
}

}  // namespace
}  // namespace frontdesk
