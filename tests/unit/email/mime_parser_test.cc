// Tests of adapters/email/mime_parser.cc (and the charset, HTML and quote
// helpers it uses) on the fixtures in tests/data/mail/: every charset,
// transfer encoding, structure, quote style and broken shape the parser
// must read.
#include "adapters/email/mime_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/text/text.h"
#include "tests/test_util.h"

namespace frontdesk::mail {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Fixture(const std::string& name) {
  return frontdesk::testing::ReadFile(frontdesk::testing::SourceDir() / "tests/data/mail" / name);
}

ParsedMail Parse(const std::string& name) {
  ParsedMail m;
  Status s = ParseMail(Fixture(name), &m);
  EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  EXPECT_TRUE(IsValidUtf8(m.text) && IsValidUtf8(m.full_text) && IsValidUtf8(m.subject) &&
              IsValidUtf8(m.from_name))
      << name;
  return m;
}

TEST(MimeParserTest, EnglishGmailReplyCutsQuoteAndSignature) {
  ParsedMail m = Parse("en_gmail_reply.eml");
  EXPECT_EQ(m.from_address, "jane@example.com");
  EXPECT_EQ(m.from_name, "Jane Doe");
  EXPECT_EQ(m.message_id, "en-gmail-1@mail.example.com");
  EXPECT_THAT(m.in_reply_to, ElementsAre("fd.1.abc@shop.example"));
  EXPECT_THAT(m.references, ElementsAre("first@mail.example.com", "fd.1.abc@shop.example"));
  EXPECT_EQ(m.subject, "Re: My order AB123456");
  EXPECT_EQ(m.text, "Where is my order AB123456? It has not arrived yet.");
  // The full text keeps everything.
  EXPECT_THAT(m.full_text, HasSubstr("Jane Doe\nAcme Corp"));
  EXPECT_THAT(m.full_text, HasSubstr("> Please tell us your order number."));
  EXPECT_TRUE(m.has_return_path);
  EXPECT_EQ(m.return_path, "jane@example.com");
}

TEST(MimeParserTest, VietnameseWindows1258QuotedPrintable) {
  ParsedMail m = Parse("vi_windows1258_qp.eml");
  EXPECT_EQ(m.from_name, "Nguyễn Văn An");
  EXPECT_EQ(m.subject, "Hỏi về đơn hàng");
  // windows-1258 writes tones as combining marks; folded, the text is the
  // same as typed in Unicode.
  EXPECT_EQ(Fold(m.text), Fold("Đơn hàng của tôi ở đâu? Mã đơn AB123456.\nCảm ơn shop."));
  EXPECT_THAT(Fold(m.full_text), HasSubstr(Fold("shop có thể giúp gì")));
  EXPECT_THAT(m.text, Not(HasSubstr("viết")));
}

TEST(MimeParserTest, SpanishLatin1Base64) {
  ParsedMail m = Parse("es_latin1_base64.eml");
  EXPECT_EQ(m.from_name, "María García");
  EXPECT_EQ(m.subject, "Consulta sobre mi pedido ¿dónde está?");
  EXPECT_EQ(m.text, "¿Dónde está mi pedido AB123456? Todavía no llegó.\nGracias.");
}

TEST(MimeParserTest, SpanishWindows1252OutlookBlock) {
  ParsedMail m = Parse("es_windows1252_outlook.eml");
  EXPECT_EQ(m.from_name, "José Pérez");
  // The en dash is a windows-1252 byte (0x96) that Latin-1 does not have.
  EXPECT_EQ(m.text, "Quiero cancelar el pedido AB123456 – ya no lo necesito.\n\nSaludos,\nJosé");
  EXPECT_THAT(m.full_text, HasSubstr("“especial”"));
}

TEST(MimeParserTest, HtmlOnlyBecomesTextWithoutGmailQuote) {
  ParsedMail m = Parse("en_html_only.eml");
  EXPECT_TRUE(m.text_from_html);
  EXPECT_EQ(m.text, "I want a refund for order AB123456 & the cable.\n\nIt's broken — sorry!");
  EXPECT_THAT(m.full_text, HasSubstr("> Thanks for your order."));
  EXPECT_THAT(m.full_text, Not(HasSubstr("alert")));
  EXPECT_THAT(m.full_text, Not(HasSubstr("color: red")));
}

TEST(MimeParserTest, AlternativePrefersPlainText) {
  ParsedMail m = Parse("alternative_plain_html.eml");
  EXPECT_FALSE(m.text_from_html);
  EXPECT_EQ(m.text, "Plain version: when do you open on Saturday?");
}

TEST(MimeParserTest, AttachmentsAreRecordedNotRead) {
  ParsedMail m = Parse("mixed_attachments.eml");
  EXPECT_TRUE(m.text_from_html);
  EXPECT_EQ(m.text, "Please check the attached invoice for order AB123456.");
  ASSERT_EQ(m.attachments.size(), 3u);  // the inline logo, the PDF, the photo
  EXPECT_EQ(m.attachments[0].type, "image/png");
  EXPECT_EQ(m.attachments[0].size, 108u);
  EXPECT_EQ(m.attachments[1].name, "hóa đơn.pdf");
  EXPECT_EQ(m.attachments[1].type, "application/pdf");
  EXPECT_EQ(m.attachments[1].size, 9u + 1024u);
  EXPECT_EQ(m.attachments[2].name, "photo.png");
}

TEST(MimeParserTest, BrokenEncodedWordsAreDecodedAsFarAsPossible) {
  ParsedMail m = Parse("broken_encoded_words.eml");
  EXPECT_EQ(m.from_address, "binh@example.vn");
  EXPECT_THAT(m.from_name, HasSubstr("Trần"));
  // A UTF-8 character split over two encoded words is joined again.
  EXPECT_THAT(m.subject, HasSubstr("chào shop"));
  EXPECT_EQ(m.text, "Kiểm tra đơn hàng AB123456 giúp mình.");
}

TEST(MimeParserTest, RawUtf8Headers) {
  ParsedMail m = Parse("raw_utf8_headers.eml");
  EXPECT_EQ(m.from_name, "Lê Thị Hoa");
  EXPECT_EQ(m.subject, "Tôi muốn đổi trả sản phẩm");
  EXPECT_EQ(m.text, "Tôi muốn đổi trả sản phẩm vì bị lỗi.");
}

TEST(MimeParserTest, UndeclaredEightBitIsReadAsWesternCodePage) {
  ParsedMail m = Parse("no_content_type_8bit.eml");
  EXPECT_EQ(m.text, "¿Cuál es el horario del sábado?");
}

TEST(MimeParserTest, UnknownCharsetWithUtf8BytesAndWindows1258Subject) {
  ParsedMail m = Parse("unknown_charset.eml");
  EXPECT_EQ(m.text, "Câu hỏi về bảo hành.");
  EXPECT_EQ(Fold(m.subject), Fold("Đổi hàng"));
}

TEST(MimeParserTest, BrokenMimeIsReadNotRefused) {
  EXPECT_EQ(Parse("broken_no_boundary.eml").text, "Hello, is my order AB123456 shipped?");
  EXPECT_THAT(Parse("broken_unclosed.eml").full_text, HasSubstr("No boundary parameter"));
  ParsedMail m = Parse("broken_missing_close.eml");
  EXPECT_THAT(m.text, HasSubstr("Where is my order?"));
}

TEST(MimeParserTest, OutlookOriginalMessageAndInterleavedAnswers) {
  ParsedMail m = Parse("en_outlook_original.eml");
  EXPECT_EQ(m.text, "The blender model X1.\nIn March.");
}

TEST(MimeParserTest, ReportsAndTheirTypes) {
  ParsedMail dsn = Parse("loop_dsn.eml");
  EXPECT_EQ(dsn.content_type, "multipart/report");
  EXPECT_EQ(dsn.report_type, "delivery-status");
  EXPECT_THAT(dsn.part_types, ::testing::Contains("message/delivery-status"));
  EXPECT_TRUE(dsn.has_return_path);
  EXPECT_EQ(dsn.return_path, "");
  EXPECT_EQ(Parse("loop_arf.eml").report_type, "feedback-report");
}

TEST(MimeParserTest, EncodedLineBreaksNeverSurviveInHeaders) {
  ParsedMail m = Parse("injection_subject.eml");
  EXPECT_THAT(m.subject, Not(HasSubstr("\n")));
  EXPECT_THAT(m.subject, Not(HasSubstr("\r")));
  EXPECT_THAT(m.from_name, Not(HasSubstr("\n")));
  for (const auto& [name, value] : m.headers) EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos);
}

TEST(MimeParserTest, NotAMessageIsRefused) {
  ParsedMail m;
  EXPECT_EQ(ParseMail("", &m).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ParseMail(Fixture("not_a_message.eml"), &m).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ParseMail("Subject: no sender\r\n\r\nhello\r\n", &m).code(), Status::Code::kInvalidArgument);
}

TEST(MimeParserTest, EveryPrefixOfEveryFixtureParsesOrIsRefusedCleanly) {
  // Cut mail (a dropped connection, a full disk upstream) never crashes.
  for (const char* name : {"mixed_attachments.eml", "vi_windows1258_qp.eml", "loop_dsn.eml",
                           "en_html_only.eml", "broken_encoded_words.eml"}) {
    std::string raw = Fixture(name);
    for (size_t n = 0; n <= raw.size(); n += 7) {
      ParsedMail m;
      Status s = ParseMail(std::string_view(raw).substr(0, n), &m);
      if (s.ok()) {
        EXPECT_TRUE(IsValidUtf8(m.text) && IsValidUtf8(m.subject)) << name << " cut at " << n;
      }
    }
  }
}

}  // namespace
}  // namespace frontdesk::mail
