#include "engine/text/language.h"

#include <string>
#include <vector>

#include "engine/text/text.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

const std::vector<std::string> kShipped = {"en", "vi", "es"};

// Detects `text` the way the engine does: NFC original plus its fold.
LanguageGuess Detect(const std::string& text,
                     const std::vector<std::string>& supported = kShipped) {
  FoldedText t;
  EXPECT_OK(FoldText(text, InvalidUtf8::kRepair, &t));
  return DetectLanguage(t.original, t.folded, supported);
}

TEST(LanguageTest, VietnameseWithMarks) {
  const LanguageGuess g = Detect("Đơn hàng của tôi ở đâu?");
  EXPECT_EQ(g.language, "vi");
  EXPECT_TRUE(g.reliable);
  EXPECT_EQ(g.source, "marks");
  EXPECT_EQ(Detect("CẦN GIÚP").language, "vi");
}

TEST(LanguageTest, VietnameseWithoutMarks) {
  for (const char* text : {"don hang cua toi dang o dau vay", "toi muon doi tra san pham"}) {
    const LanguageGuess g = Detect(text);
    EXPECT_EQ(g.language, "vi") << text;
    EXPECT_TRUE(g.reliable) << text;
  }
}

TEST(LanguageTest, WordHintsAloneDecide) {
  // With no original text, CLD2 has nothing to say and the words decide.
  const struct {
    const char* folded;
    const char* language;
    bool reliable;
  } cases[] = {
      {"don hang cua toi dang o dau vay", "vi", true},
      {"toi muon doi tra san pham", "vi", true},
      {"donde esta mi pedido", "es", true},
      {"quiero devolver el producto por favor", "es", true},
      {"where is my order", "en", true},
      {"gracias", "es", false},
      {"i don't know", "", false},  // en "i" (1) against vi "don" (1)
  };
  for (const auto& c : cases) {
    const LanguageGuess g = DetectLanguage("", c.folded, kShipped);
    EXPECT_EQ(g.language, c.language) << c.folded;
    EXPECT_EQ(g.reliable, c.reliable) << c.folded;
    EXPECT_EQ(g.source, *c.language ? "words" : "") << c.folded;
  }
}

TEST(LanguageTest, CircumflexAloneOnlyTipsTheWords) {
  // "tôi" has no tone mark; ô alone is also French, so it is word evidence.
  const LanguageGuess g = Detect("tôi muon");
  EXPECT_EQ(g.language, "vi");
  EXPECT_EQ(g.source, "words");
}

TEST(LanguageTest, SpanishWithMarks) {
  const LanguageGuess g = Detect("¿Dónde está mi pedido?");
  EXPECT_EQ(g.language, "es");
  EXPECT_EQ(g.source, "marks");
  EXPECT_EQ(Detect("Año").language, "es");
}

TEST(LanguageTest, SpanishWithoutMarks) {
  for (const char* text : {"donde esta mi pedido", "quiero devolver el producto por favor"}) {
    const LanguageGuess g = Detect(text);
    EXPECT_EQ(g.language, "es") << text;
    EXPECT_TRUE(g.reliable) << text;
  }
}

TEST(LanguageTest, English) {
  for (const char* text : {"Where is my order? I ordered it two weeks ago.",
                           "hello, can you help me with my order please"}) {
    const LanguageGuess g = Detect(text);
    EXPECT_EQ(g.language, "en") << text;
    EXPECT_TRUE(g.reliable) << text << " via " << g.source;
  }
}

TEST(LanguageTest, LongTextUsesCld2) {
  const LanguageGuess g = Detect(
      "I bought a pair of running shoes from your shop last month and the sole "
      "already came off. I would like to send them back and get a refund.");
  EXPECT_EQ(g.language, "en");
  EXPECT_TRUE(g.reliable);
  EXPECT_EQ(g.source, "cld2");
}

TEST(LanguageTest, OneWordMessage) {
  const LanguageGuess g = Detect("hi");
  EXPECT_TRUE(g.language.empty() || g.language == "en" || g.language == "vi" || g.language == "es")
      << g.language;
  EXPECT_FALSE(g.reliable);
}

TEST(LanguageTest, SharedShortWordsAreNotEvidence) {
  // "no" is Spanish and English, "la" Spanish and Vietnamese.
  EXPECT_EQ(Detect("no").language, "");
  EXPECT_EQ(Detect("la").language, "");
}

// An e-mail address, a link or an order number is no evidence: a customer who
// answers our question with just their address keeps the conversation's
// language (the caller falls back to the session when nothing is reliable).
TEST(LanguageTest, AddressesLinksAndNumbersAreNotEvidence) {
  for (const char* text : {"an.nguyen@example.com", "email la an.nguyen@example.com nha",
                           "https://shop.example.com/orders/AB123456", "AB123456 70000"}) {
    const LanguageGuess g = Detect(text);
    EXPECT_FALSE(g.reliable && g.language == "en") << text << " -> " << g.language;
  }
  // Words around them still count.
  EXPECT_EQ(Detect("my email is ann@example.com, where is my order AB123456?").language, "en");
  EXPECT_EQ(Detect("toi muon doi tra don AB123456, email toi la an@example.com").language, "vi");
}

TEST(LanguageTest, UnsupportedLanguageIsRestricted) {
  const std::string german =
      "Sehr geehrte Damen und Herren, ich habe vor zwei Wochen eine Bestellung "
      "aufgegeben und bis heute keine Lieferung erhalten.";
  const LanguageGuess g = Detect(german);
  EXPECT_TRUE(g.language.empty() || g.language == "en" || g.language == "vi" || g.language == "es")
      << g.language;
  EXPECT_EQ(Detect(german, {"de", "en"}).language, "de");
  // Vietnamese marks do not count when vi is not served.
  EXPECT_NE(Detect("Đơn hàng của tôi", {"en", "es"}).language, "vi");
  EXPECT_EQ(Detect("donde esta mi pedido", {"en"}).language, "");
}

TEST(LanguageTest, EmptyAndJunk) {
  EXPECT_EQ(Detect("").language, "");
  EXPECT_EQ(Detect("").source, "");
  EXPECT_EQ(Detect("12345 !!! ???").language, "");
  // Unvalidated bytes go straight in: no crash.
  const LanguageGuess g = DetectLanguage("\xFF\xFE\xC3", "\xFF", kShipped);
  EXPECT_EQ(g.language, "");
  EXPECT_EQ(DetectLanguage("", "", {}).language, "");
}

TEST(LanguageTest, LargeTextIsCheap) {
  std::string big;
  while (big.size() < 5 * 1024 * 1024) big += "where is my order please ";
  EXPECT_EQ(DetectLanguage(big, big, kShipped).language, "en");
}

}  // namespace
}  // namespace frontdesk
