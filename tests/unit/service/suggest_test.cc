// Suggestions while typing, on the shipped starter pack: the FAQ entry the
// engine would answer with, never anything else, and nothing kept.
#include "engine/service/suggest.h"

#include <memory>
#include <string>

#include "tests/pack_fixture.h"

namespace frontdesk {
namespace {

using ::testing::IsEmpty;

class SuggestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto src = testing::SourceDir();
    dir_.Write("frontdesk.yaml", "packs: [" + (src / "intents").string() + ", " +
                                     (src / "rules").string() + ", " +
                                     (src / "examples/shop/lookups.yaml").string() +
                                     "]\nlanguages: [en, vi, es]\ndatabases:\n  - {path: shop.db, "
                                     "build_from: " + (src / "examples/shop/shop.sql").string() + "}\n");
    Diagnostics diags;
    pack_ = CompiledPack::Load((dir_.path() / "frontdesk.yaml").string(), &diags);
    ASSERT_NE(pack_, nullptr) << diags.ToString();
  }

  SuggestResult Suggest(const std::string& text, const std::string& page_language = "en", size_t limit = 3) {
    SuggestRequest request;
    request.text = text;
    request.page_language = page_language;
    request.limit = limit;
    SuggestResult r;
    EXPECT_OK(SuggestAnswers(pack_, clock_, request, &r));
    return r;
  }

  std::vector<std::string> Ids(const SuggestResult& r) {
    std::vector<std::string> ids;
    for (const Suggestion& s : r.suggestions) ids.push_back(s.id);
    return ids;
  }

  testing::TempDir dir_;
  std::shared_ptr<const CompiledPack> pack_;
  FakeClock clock_{1'717'000'000};  // a Wednesday, 2024-05-29
};

TEST_F(SuggestTest, TheEntryTheEngineWouldAnswerWithComesFirst) {
  SuggestResult r = Suggest("How long does delivery take?");
  EXPECT_EQ(r.language, "en");
  ASSERT_FALSE(r.suggestions.empty());
  EXPECT_EQ(r.suggestions[0].id, "delivery-time");
  EXPECT_EQ(r.suggestions[0].question, pack_->faq()->Find("delivery-time")->question.at("en"));
  EXPECT_EQ(r.suggestions[0].answer, pack_->faq()->Find("delivery-time")->answer.at("en"));
  EXPECT_LE(r.suggestions.size(), 3u);
  EXPECT_EQ(Ids(Suggest("How long does delivery take?", "en", 1)).size(), 1u);
}

TEST_F(SuggestTest, InTheVisitorsLanguage) {
  SuggestResult r = Suggest("Phí giao hàng là bao nhiêu?", "en");  // a Vietnamese visitor on an English page
  EXPECT_EQ(r.language, "vi");
  ASSERT_FALSE(r.suggestions.empty());
  EXPECT_EQ(r.suggestions[0].id, "shipping-cost");
  EXPECT_EQ(r.suggestions[0].answer, pack_->faq()->Find("shipping-cost")->answer.at("vi"));
}

TEST_F(SuggestTest, NothingButFaqAnswers) {
  EXPECT_THAT(Ids(Suggest("hello")), IsEmpty());
  EXPECT_THAT(Ids(Suggest("")), IsEmpty());
  EXPECT_THAT(Ids(Suggest("   \n ")), IsEmpty());
  // An order lookup, a question back, an escalation: nothing to suggest.
  EXPECT_THAT(Ids(Suggest("where is my order AB123456? my email is an.nguyen@example.com")), IsEmpty());
  EXPECT_THAT(Ids(Suggest("where is my order?")), IsEmpty());
  EXPECT_THAT(Ids(Suggest("I want to talk to a person")), IsEmpty());
  EXPECT_THAT(Ids(Suggest("what are your opening hours?")), IsEmpty());  // an intent's own template
}

TEST_F(SuggestTest, KeepsNothing) {
  int64_t hits = pack_->faq()->HitCount("delivery-time");
  for (int i = 0; i < 3; ++i) Suggest("How long does delivery take?");
  EXPECT_EQ(pack_->faq()->HitCount("delivery-time"), hits);
}

TEST_F(SuggestTest, RefusesInvalidUtf8) {
  SuggestRequest request;
  request.text = "delivery \xff";
  SuggestResult r;
  EXPECT_EQ(SuggestAnswers(pack_, clock_, request, &r).code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace frontdesk
