#include "engine/text/text.h"

#include <re2/re2.h>

#include <string>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

// The original text of folded bytes [b, e), per the FoldedText contract.
std::string OriginalOf(const FoldedText& t, size_t b, size_t e) {
  return t.original.substr(t.origin[b], t.origin[e] - t.origin[b]);
}

// Every FoldText result must keep these invariants, whatever the input.
void ExpectWellFormed(const FoldedText& t) {
  ASSERT_EQ(t.origin.size(), t.folded.size() + 1);
  EXPECT_EQ(t.origin.back(), t.original.size());
  for (size_t i = 0; i + 1 < t.origin.size(); ++i) {
    ASSERT_LE(t.origin[i], t.origin[i + 1]) << "at folded byte " << i;
  }
  EXPECT_TRUE(IsValidUtf8(t.original));
  EXPECT_TRUE(IsValidUtf8(t.folded));
}

TEST(TextTest, FoldsVietnameseDiacritics) {
  EXPECT_EQ(Fold("Đơn hàng của tôi ở đâu?"), "don hang cua toi o dau?");
  EXPECT_EQ(Fold("đổi trả sản phẩm"), "doi tra san pham");
}

TEST(TextTest, FoldsUppercaseVietnameseWithStackedMarks) {
  EXPECT_EQ(Fold("ẦẶỮ"), "aau");
  EXPECT_EQ(Fold("CẦN GIÚP ĐỠ NGAY"), "can giup do ngay");
  EXPECT_EQ(Fold("Ầ"), Fold("ầ"));
}

TEST(TextTest, DecomposedInputFoldsLikeComposed) {
  const std::string nfc = "Đơn hàng của tôi";
  // The same text in NFD: base letters followed by combining marks.
  const std::string nfd = "\u0110o\u031Bn ha\u0300ng cu\u0309a to\u0302i";
  FoldedText a, b;
  EXPECT_OK(FoldText(nfc, InvalidUtf8::kRefuse, &a));
  EXPECT_OK(FoldText(nfd, InvalidUtf8::kRefuse, &b));
  EXPECT_EQ(a.folded, b.folded);
  EXPECT_EQ(b.original, nfc);  // original is NFC
  EXPECT_EQ(Fold("e\u0301"), "e");
}

TEST(TextTest, FoldsSpanishAndKeepsInvertedPunctuation) {
  // ¿ and ¡ are punctuation, not letters with marks: they stay.
  EXPECT_EQ(Fold("¿Dónde está mi envío? Año"), "¿donde esta mi envio? ano");
  EXPECT_EQ(Fold("¡Gracias!"), "¡gracias!");
  EXPECT_EQ(Fold("PEDIDO Nº 5"), "pedido no 5");
}

TEST(TextTest, FoldsCompatibilityForms) {
  EXPECT_EQ(Fold("ＡＢＣ１２３"), "abc123");  // fullwidth
  EXPECT_EQ(Fold("Straße"), "strasse");
  EXPECT_EQ(Fold("ﬁle"), "file");  // ligature
  EXPECT_EQ(Fold("soft\u00ADhyphen"), "softhyphen");
}

TEST(TextTest, OriginCutsSlotBackOutOfOriginal) {
  FoldedText t;
  EXPECT_OK(FoldText("Mã  đơn AB123456 nhé", InvalidUtf8::kRefuse, &t));
  ExpectWellFormed(t);
  EXPECT_EQ(t.folded, "ma don ab123456 nhe");
  const size_t b = t.folded.find("ab123456");
  ASSERT_NE(b, std::string::npos);
  EXPECT_EQ(OriginalOf(t, b, b + 8), "AB123456");
  EXPECT_EQ(OriginalOf(t, 0, 2), "Mã");
  EXPECT_EQ(OriginalOf(t, 3, 6), "đơn");
  // The collapsed space maps to the first space of the run.
  EXPECT_EQ(t.origin[2], 3u);  // "Mã" is 3 bytes
  EXPECT_EQ(OriginalOf(t, 0, t.folded.size()), t.original);
}

TEST(TextTest, CollapsesAndTrimsWhitespace) {
  EXPECT_EQ(Fold("  hello \t\r\n  world  "), "hello world");
  // NBSP, ideographic space, line separator, NEL.
  EXPECT_EQ(Fold("a\u00A0\u3000b\u2028c\u0085"), "a b c");
  EXPECT_EQ(Fold(" \t\n "), "");
  // A stray combining mark inside a run of spaces does not split it.
  EXPECT_EQ(Fold("a \u0301 b"), "a b");
}

TEST(TextTest, RepairsInvalidUtf8) {
  FoldedText t;
  EXPECT_OK(FoldText("ab\xFFxy\xC3", InvalidUtf8::kRepair, &t));
  EXPECT_EQ(t.repaired, 2);
  EXPECT_EQ(t.original, "ab\uFFFDxy\uFFFD");
  ExpectWellFormed(t);
  // Overlong "/" and a UTF-16 surrogate: one U+FFFD per maximal subpart.
  EXPECT_OK(FoldText("\xC0\xAFx\xED\xA0\x80", InvalidUtf8::kRepair, &t));
  EXPECT_EQ(t.repaired, 5);
  ExpectWellFormed(t);
  // A truncated three-byte sequence is one subpart.
  EXPECT_OK(FoldText("\xE1\xBA!", InvalidUtf8::kRepair, &t));
  EXPECT_EQ(t.repaired, 1);
}

TEST(TextTest, RefusesInvalidUtf8) {
  FoldedText t;
  const Status s = FoldText("đơn\xFFhàng", InvalidUtf8::kRefuse, &t);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid UTF-8 at byte 5");
  EXPECT_EQ(t.origin.size(), t.folded.size() + 1);
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(TextTest, EmptyInput) {
  FoldedText t;
  EXPECT_OK(FoldText("", InvalidUtf8::kRefuse, &t));
  EXPECT_EQ(t.folded, "");
  EXPECT_EQ(t.original, "");
  ASSERT_EQ(t.origin.size(), 1u);
  EXPECT_EQ(t.origin[0], 0u);
  EXPECT_EQ(Fold(""), "");
}

TEST(TextTest, SurvivesNulBytesAndControlCharacters) {
  FoldedText t;
  EXPECT_OK(FoldText(std::string("A\0đ\x01", 5), InvalidUtf8::kRefuse, &t));
  EXPECT_EQ(t.folded, std::string("a\0d\x01", 4));
  ExpectWellFormed(t);
}

TEST(TextTest, LargeInputDoesNotCrash) {
  std::string big;
  while (big.size() < 5 * 1024 * 1024) big += "Đơn hàng ĐH-123 của tôi ở đâu?\n";
  FoldedText t;
  EXPECT_OK(FoldText(big, InvalidUtf8::kRefuse, &t));
  ExpectWellFormed(t);
  EXPECT_EQ(t.original, big);
  EXPECT_EQ(t.folded.substr(0, 24), "don hang dh-123 cua toi ");
  // A long run without ASCII is normalized in pieces; the result must equal
  // normalizing it whole (a + combining grave composes across nothing).
  std::string cjk;
  while (cjk.size() < 1024 * 1024) cjk += "订单在哪里a\u0300";
  EXPECT_OK(FoldText(cjk, InvalidUtf8::kRefuse, &t));
  ExpectWellFormed(t);
  EXPECT_EQ(t.original.find("a\u0300"), std::string::npos);
  // Invalid bytes everywhere.
  std::string junk(1024 * 1024, '\xFF');
  EXPECT_OK(FoldText(junk, InvalidUtf8::kRepair, &t));
  EXPECT_EQ(t.repaired, 1024 * 1024);
  ExpectWellFormed(t);
}

TEST(TextTest, FoldPatternKeepsAsciiEscapes) {
  std::string out;
  EXPECT_OK(FoldPattern("\\D\\S\\bđơn", &out));
  EXPECT_EQ(out, "\\D\\S\\bdon");
  EXPECT_OK(FoldPattern("(?P<id>[A-Z]{2}\\d+)  Hàng", &out));
  // ASCII is untouched (even "H": patterns compile case-insensitively), and
  // whitespace is not collapsed.
  EXPECT_EQ(out, "(?P<id>[A-Z]{2}\\d+)  Hang");
  EXPECT_OK(FoldPattern("ĐƠN", &out));
  EXPECT_EQ(out, "doN");
}

TEST(TextTest, FoldPatternRefusesInvalidUtf8) {
  std::string out;
  const Status s = FoldPattern("đơn\xC3(", &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid UTF-8 at byte 5");
}

TEST(TextTest, FoldPatternEscapesFoldedMetacharacters) {
  // Fullwidth "（" folds to "(" in text; in a pattern it must stay a literal.
  std::string out;
  EXPECT_OK(FoldPattern("（ｍã）", &out));
  EXPECT_EQ(out, "\\(ma\\)");
  RE2 re(out, RE2::Quiet);
  ASSERT_TRUE(re.ok()) << re.error();
  EXPECT_TRUE(RE2::FullMatch(Fold("（Mã）"), re));
  // "\Đ" must not turn into the digit class "\d".
  EXPECT_OK(FoldPattern("\\Đ", &out));
  EXPECT_EQ(out, "d");
}

TEST(TextTest, FoldedPatternMatchesFoldedText) {
  std::string pattern;
  EXPECT_OK(FoldPattern("(?i)đơn\\s+hàng\\s+(?P<id>[a-z]{2}\\d+)", &pattern));
  RE2 re(pattern, RE2::Quiet);
  ASSERT_TRUE(re.ok()) << re.error();
  std::string id;
  EXPECT_TRUE(RE2::PartialMatch(Fold("ĐƠN  HÀNG AB123 đâu"), re, &id));
  EXPECT_EQ(id, "ab123");
}

}  // namespace
}  // namespace frontdesk
