#include "engine/faq/faq_index.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/faq/faq_answerer.h"
#include "engine/faq/faq_text.h"
#include "engine/pack/pack.h"
#include "engine/pack/pack_loader.h"
#include "engine/text/text.h"
#include "engine/pack/yaml_tree.h"
#include "tests/starter_faq.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

std::shared_ptr<const FaqIndex> StarterFaq() {
  static const std::shared_ptr<const FaqIndex> index = testing::BuildStarterFaq();
  return index;
}

FaqEntry Entry(const std::string& id, const std::string& category, const std::string& question,
               std::vector<std::string> related = {}) {
  FaqEntry e;
  e.id = id;
  e.category = category;
  e.question = {{"en", question}};
  e.answer = {{"en", "Answer to " + question}};
  e.related = std::move(related);
  e.loc = {"faq.yaml", 7, 5};
  return e;
}

std::unique_ptr<FaqIndex> Small() {
  return FaqIndex::Build({Entry("b-ship", "Shipping/Domestic", "How much is shipping?"),
                          Entry("a-abroad", "Shipping/International", "Do you ship abroad?"),
                          Entry("c-pay", "Payment", "How do I pay?", {"b-ship"}),
                          Entry("d-root", "", "Who are you?")},
                         {"en"}, FaqOptions());
}

// The id of the confident answer to `text`, or "(none)".
std::string Answer(const FaqIndex& index, const std::string& text) {
  FaqSearchResult r = index.Search(text, 3);
  return r.confident ? r.hits[0].entry->id : "(none)";
}

TEST(FaqTextTest, FoldsStemsAndDropsStopwords) {
  EXPECT_EQ(FaqTerms("Do you SHIP my orders?"), (std::vector<std::string>{"ship", "ord"}));
  EXPECT_EQ(FaqTerms("Shipping costs"), FaqTerms("shipping cost"));
  EXPECT_EQ(FaqTerms("Phí giao hàng là bao nhiêu?"), FaqTerms("phi giao hang la bao nhieu"));
  EXPECT_EQ(FaqTerms("¿Envíos a México?"), (std::vector<std::string>{"envi", "mexic"}));
  EXPECT_EQ(FaqTerms("it hasn't arrived"), (std::vector<std::string>{"not", "arriv"}));
  EXPECT_EQ(FaqTerms("vui lòng cho hỏi"), std::vector<std::string>{});
  EXPECT_EQ(FaqTokens("a\xC2\xBF" "b c", 10), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(FaqIndexTest, FindsEntriesInEnViEsWithAndWithoutDiacritics) {
  auto index = StarterFaq();
  const std::pair<const char*, const char*> kCases[] = {
      {"How much does shipping cost?", "shipping-cost"},
      {"do you ship internationally", "shipping-international"},
      {"Phí giao hàng là bao nhiêu?", "shipping-cost"},
      {"phi giao hang la bao nhieu", "shipping-cost"},
      {"PHÍ GIAO HÀNG LÀ BAO NHIÊU", "shipping-cost"},
      {"Sản phẩm được bảo hành bao lâu?", "warranty-length"},
      {"san pham duoc bao hanh bao lau", "warranty-length"},
      {"Chính sách đổi trả hàng thế nào?", "return-policy"},
      {"chinh sach doi tra hang the nao", "return-policy"},
      {"¿Cuánto cuesta el envío?", "shipping-cost"},
      {"cuanto cuesta el envio", "shipping-cost"},
      {"¿Cuál es la política de devoluciones?", "return-policy"},
      {"cual es la politica de devoluciones", "return-policy"},
      {"¿Aceptan pago contra reembolso?", "cash-on-delivery"},
      {"aceptan pago contra reembolso", "cash-on-delivery"},
  };
  for (const auto& [text, id] : kCases) EXPECT_EQ(Answer(*index, text), id) << text;
  // With or without marks, the same terms and so the same scores.
  FaqSearchResult a = index->Search("Hủy đơn hàng thế nào?", 3);
  FaqSearchResult b = index->Search("huy don hang the nao?", 3);
  ASSERT_FALSE(a.hits.empty());
  EXPECT_EQ(a.terms, b.terms);
  EXPECT_EQ(a.hits[0].entry, b.hits[0].entry);
  EXPECT_DOUBLE_EQ(a.hits[0].score, b.hits[0].score);
}

TEST(FaqIndexTest, OutOfScopeFallsBack) {
  auto index = StarterFaq();
  for (const char* text : {"what's the weather like tomorrow", "tell me a joke", "kể chuyện cười",
                           "thoi tiet ha noi the nao", "¿quién ganó el partido?",
                           "how do I cook pho", "how old are you", "hello", "", "   ", "???"})
    EXPECT_EQ(Answer(*index, text), "(none)") << text;
}

TEST(FaqIndexTest, QueryLanguageSyntaxIsOnlyText) {
  auto index = StarterFaq();
  const std::string kNasty[] = {
      "NEAR(", "NEAR(refund warranty, 2)", "\"", "\"\"", "\"refund", "*", "refund*", "AND OR",
      "AND", "OR", "NOT", ")", "(", "((((", "^refund", "question:refund", "{question answer}: x",
      "refund + warranty - x", "' OR 1=1 --", "'; DROP TABLE faq; --", "\\", "\x01\x02\x7f",
      std::string("refund\0warranty", 15), "\xff\xfe\xfd", "\xc3", "😀 🚚", "退款", "NEAR",
      std::string(200000, 'a'), [] {
        std::string s;
        for (int i = 0; i < 5000; ++i) s += "refund OR \"x\" NEAR( ";
        return s;
      }()};
  for (const auto& q : kNasty) {
    FaqSearchResult r = index->Search(q, 5);
    EXPECT_LE(r.hits.size(), 5u);
  }
  // Query-language operators in a real question are plain words: the question still works.
  EXPECT_EQ(Answer(*index, "refund NEAR( time \" * ) AND OR"), "refund-time");
  EXPECT_EQ(Answer(*index, "\"how long does a refund take\""), "refund-time");
}

TEST(FaqIndexTest, HitsAreBestFirstAndLimited) {
  auto index = StarterFaq();
  FaqSearchResult r = index->Search("shipping", 2);
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_GE(r.hits[0].rank, r.hits[1].rank);
  r = index->Search("shipping", 0);
  EXPECT_TRUE(r.hits.empty());
}

TEST(FaqIndexTest, ListsCategoriesMostAskedFirst) {
  auto index = Small();
  FaqCategory root = index->ListByCategory();
  ASSERT_EQ(root.entries.size(), 1u);
  EXPECT_EQ(root.entries[0].entry->id, "d-root");
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].name, "Payment");  // no hits yet: by name
  EXPECT_EQ(root.children[1].name, "Shipping");
  index->RecordHit("a-abroad");
  index->RecordHit("a-abroad");
  index->RecordHit("b-ship");
  index->RecordHit("no-such-entry");
  root = index->ListByCategory();
  ASSERT_EQ(root.children[0].name, "Shipping");
  EXPECT_EQ(root.children[0].hits, 3);
  EXPECT_EQ(root.children[0].children[0].path, "Shipping/International");
  EXPECT_EQ(root.children[0].children[0].entries[0].hits, 2);
  EXPECT_EQ(root.children[0].children[1].path, "Shipping/Domestic");
  EXPECT_EQ(root.hits, 3);
  index->SetHits({{"c-pay", 10}, {"unknown", 4}});
  root = index->ListByCategory();
  EXPECT_EQ(root.children[0].name, "Payment");
  EXPECT_EQ(index->HitCount("c-pay"), 10);
  EXPECT_EQ(index->Hits(), (std::map<std::string, int64_t>{
                               {"a-abroad", 2}, {"b-ship", 1}, {"c-pay", 10}, {"d-root", 0}}));
}

TEST(FaqIndexTest, SearchesAndCountsFromManyThreads) {
  auto index = StarterFaq();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        FaqSearchResult r = index->Search("how long does a refund take", 3);
        if (!r.confident ||
            r.hits[0].entry->id != "refund-time")
          ++wrong;
        index->RecordHit("gift-cards");
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(index->HitCount("gift-cards"), 800);
}

TEST(FaqAnswererTest, AnswersConfidentlyInTheMessageLanguage) {
  auto index = StarterFaq();
  FaqAnswerFn faq = MakeFaqAnswerer(index);
  ASSERT_TRUE(faq);
  int64_t before = index->HitCount("refund-time");
  Decision d;
  ASSERT_TRUE(faq(Fold("Bao lâu thì tôi nhận được tiền hoàn?"), "vi", &d));
  EXPECT_EQ(d.route, Route::kAnswer);
  EXPECT_EQ(d.reply.rfind(index->Find("refund-time")->answer.at("vi"), 0), 0u) << d.reply;
  EXPECT_NE(d.reply.find("\n\nXem thêm: "), std::string::npos) << d.reply;
  ASSERT_EQ(d.trace.size(), 1u);
  EXPECT_EQ(d.trace[0].step, "faq");
  EXPECT_EQ(d.trace[0].id, "refund-time");
  EXPECT_EQ(d.trace[0].source, index->Find("refund-time")->loc.FileLine());
  EXPECT_EQ(d.trace[0].detail.rfind("bm25 ", 0), 0u);
  EXPECT_NE(d.trace[0].detail.find(", coverage 1.00"), std::string::npos) << d.trace[0].detail;
  // The answer names its entry; the service counts it once the turn is stored.
  EXPECT_EQ(d.faq_entry, "refund-time");
  EXPECT_EQ(index->HitCount("refund-time"), before);
}

TEST(FaqAnswererTest, OffersNextEntriesThenRelatedAsLinks) {
  auto index = Small();
  std::shared_ptr<const FaqIndex> shared(std::move(index));
  Decision d;
  ASSERT_TRUE(MakeFaqAnswerer(shared)("how do i pay", "en", &d));
  EXPECT_EQ(d.reply, "Answer to How do I pay?\n\nSee also: How much is shipping?");
  EXPECT_EQ(d.trace[0].source, "faq.yaml:7");
}

TEST(FaqAnswererTest, FallsBackWithoutTouchingTheDecision) {
  auto index = StarterFaq();
  Decision d;
  d.reply = "untouched";
  EXPECT_FALSE(MakeFaqAnswerer(index)("tell me a joke", "en", &d));
  EXPECT_EQ(d.reply, "untouched");
  EXPECT_TRUE(d.trace.empty());
  EXPECT_FALSE(MakeFaqAnswerer(index, /*trace_misses=*/true)("is shipping ok today", "en", &d));
  ASSERT_EQ(d.trace.size(), 1u);
  EXPECT_EQ(d.trace[0].detail.rfind("not confident: bm25 ", 0), 0u) << d.trace[0].detail;
  EXPECT_FALSE(MakeFaqAnswerer(nullptr));
}

// The picker's question without scoring every hit: the same entry, with the
// same figures, as the first hit of Search(text, 10) among the intent's
// entries that matched a term. Texts are the entries' own questions and
// keywords, and random mixes of their words with others; entry sets random.
TEST(FaqIndexTest, BestOfIsTheFirstMatchingHitOfSearch) {
  auto index = StarterFaq();
  std::vector<std::string> texts, words;
  for (const FaqEntry& e : index->entries()) {
    for (const auto& [lang, q] : e.question) texts.push_back(q);
    for (const auto& [lang, kws] : e.keywords)
      for (const auto& k : kws) texts.push_back(k);
  }
  for (const auto& t : texts)
    for (const auto& w : FaqTokens(Fold(t), 64)) words.push_back(w);
  std::mt19937 rng(12);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (size_t n = 1 + rng() % 12; n > 0; --n) text += words[rng() % words.size()] + " ";
    texts.push_back(text + (i % 3 == 0 ? "please, my order AB123456 thanks" : ""));
  }
  const auto& entries = index->entries();
  int picked = 0;
  for (const std::string& text : texts) {
    std::vector<std::string> ids;
    for (size_t n = 2 + rng() % 4; n > 0; --n) ids.push_back(entries[rng() % entries.size()].id);
    const FaqHit* want = nullptr;
    FaqSearchResult r = index->Search(text, 10);
    for (const FaqHit& h : r.hits) {
      if (h.matched_terms > 0 && std::find(ids.begin(), ids.end(), h.entry->id) != ids.end()) {
        want = &h;
        break;
      }
    }
    FaqHit got = index->BestOf(text, ids);
    if (want == nullptr) {
      EXPECT_EQ(got.entry, nullptr) << text;
      continue;
    }
    ++picked;
    EXPECT_EQ(got.entry, want->entry) << text;
    EXPECT_EQ(got.score, want->score) << text;
    EXPECT_EQ(got.coverage, want->coverage) << text;
    EXPECT_EQ(got.rank, want->rank) << text;
    EXPECT_EQ(got.anchored, want->anchored) << text;
  }
  EXPECT_GT(picked, 500);  // the comparison is about real picks, not only empty ones
  EXPECT_EQ(index->BestOf("", {"refund-time"}).entry, nullptr);
}

TEST(FaqIndexTest, EmptyIndexFindsNothing) {
  std::unique_ptr<FaqIndex> index = FaqIndex::Build({}, {"en"}, FaqOptions());
  FaqSearchResult r = index->Search("refund", 3);
  EXPECT_TRUE(r.hits.empty());
  EXPECT_FALSE(r.confident);
  EXPECT_TRUE(index->ListByCategory().children.empty());
}

}  // namespace
}  // namespace frontdesk
