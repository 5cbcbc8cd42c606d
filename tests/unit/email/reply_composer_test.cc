// Tests of adapters/email/reply_composer.cc: what a reply carries (RFC 3834
// markers, threading, a stable Message-ID, UTF-8 MIME) checked by parsing
// it back with GMime, and that nothing a customer wrote can add a header.
#include "adapters/email/reply_composer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "adapters/email/mime_parser.h"
#include "tests/test_util.h"

namespace frontdesk::mail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

OutgoingMail Reply() {
  OutgoingMail m;
  m.from_address = "support@shop.example";
  m.from_name = "Cửa hàng Demo";
  m.to_address = "an@example.vn";
  m.subject = "Hỏi về đơn hàng";
  m.body = "Đơn hàng AB123456 đang được giao.\nCảm ơn bạn!";
  m.message_id = "fd.7.0123456789abcdef@shop.example";
  m.in_reply_to = "vi-1258@mail.example.vn";
  m.references = {"first@mail.example.vn"};
  m.ticket = 0;
  m.date_unix = 1'796'000'000;
  return m;
}

ParsedMail RoundTrip(const OutgoingMail& out, std::string* raw) {
  Status s = ComposeReply(out, raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  ParsedMail in;
  s = ParseMail(*raw, &in);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return in;
}

TEST(ReplyComposerTest, ThreadsAndMarksAnAutomaticReply) {
  std::string raw;
  ParsedMail m = RoundTrip(Reply(), &raw);
  EXPECT_EQ(m.message_id, "fd.7.0123456789abcdef@shop.example");
  EXPECT_THAT(m.in_reply_to, ::testing::ElementsAre("vi-1258@mail.example.vn"));
  EXPECT_THAT(m.references, ::testing::ElementsAre("first@mail.example.vn", "vi-1258@mail.example.vn"));
  EXPECT_EQ(*m.Header("auto-submitted"), "auto-replied");
  EXPECT_EQ(m.subject, "Re: Hỏi về đơn hàng");
  EXPECT_EQ(m.from_name, "Cửa hàng Demo");
  EXPECT_EQ(m.from_address, "support@shop.example");
  EXPECT_EQ(m.text, "Đơn hàng AB123456 đang được giao.\nCảm ơn bạn!");
  // The subject is an encoded word on the wire, the body 7-bit safe.
  EXPECT_THAT(raw, HasSubstr("Subject: Re: =?UTF-8?B?"));
  EXPECT_THAT(raw, HasSubstr("charset=utf-8"));
  for (unsigned char c : raw) ASSERT_LT(c, 0x80) << "8-bit byte on the wire";
}

TEST(ReplyComposerTest, AgentsAnswerIsNotMarkedAutomatic) {
  OutgoingMail out = Reply();
  out.auto_reply = false;
  std::string raw;
  ParsedMail m = RoundTrip(out, &raw);
  EXPECT_EQ(m.Header("auto-submitted"), nullptr);
}

TEST(ReplyComposerTest, ReOnceAndTheTicketTagOnce) {
  EXPECT_EQ(ReplySubject("Re: Order"), "Re: Order");
  EXPECT_EQ(ReplySubject("RE: Order"), "RE: Order");
  EXPECT_EQ(ReplySubject("Order"), "Re: Order");
  EXPECT_EQ(ReplySubject(""), "Re: (no subject)");
  OutgoingMail out = Reply();
  out.subject = "Re: Hỏi về đơn hàng [#42]";
  out.ticket = 42;
  std::string raw;
  EXPECT_EQ(RoundTrip(out, &raw).subject, "Re: Hỏi về đơn hàng [#42]");
  out.subject = "Order";
  EXPECT_EQ(RoundTrip(out, &raw).subject, "Re: Order [#42]");
}

TEST(ReplyComposerTest, NoLineLongerThan998Bytes) {
  OutgoingMail out = Reply();
  out.body = std::string(5000, 'a') + "\n" + std::string(3000, 'x') + " đ " + std::string(3000, 'y');
  out.subject = std::string(2000, 's');
  std::string raw;
  ParsedMail m = RoundTrip(out, &raw);
  std::istringstream lines(raw);
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 998u + 1u);  // + the CR
  // The body comes back whole (GMime ends it with a line break).
  std::string back = m.full_text;
  if (!back.empty() && back.back() == '\n') back.pop_back();
  EXPECT_TRUE(back == out.body) << m.full_text.size() << " bytes back of " << out.body.size()
                                        << "; starts " << m.full_text.substr(0, 20);
}

TEST(ReplyComposerTest, CustomerTextCannotInjectHeaders) {
  OutgoingMail out = Reply();
  out.subject = "Hello\r\nBcc: victim@example.org\r\n\r\nbody";
  out.from_name = "Shop\r\nBcc: victim@example.org";
  std::string raw;
  ParsedMail m = RoundTrip(out, &raw);
  EXPECT_EQ(m.Header("bcc"), nullptr);
  EXPECT_THAT(raw, Not(HasSubstr("\r\nBcc:")));
  // Addresses and ids are checked, never encoded into something else.
  OutgoingMail bad = Reply();
  bad.to_address = "an@example.vn\r\nBcc: victim@example.org";
  EXPECT_EQ(ComposeReply(bad, &raw).code(), Status::Code::kInvalidArgument);
  bad = Reply();
  bad.to_address = "\"a b\"@example.vn";
  EXPECT_EQ(ComposeReply(bad, &raw).code(), Status::Code::kInvalidArgument);
  bad = Reply();
  bad.message_id = "x@y>\r\nBcc: v@e";
  EXPECT_EQ(ComposeReply(bad, &raw).code(), Status::Code::kInvalidArgument);
  // A threading id that is not plain is dropped, the reply still goes.
  OutgoingMail odd = Reply();
  odd.in_reply_to = "a b>\r\nBcc: v@e";
  ParsedMail m2 = RoundTrip(odd, &raw);
  EXPECT_TRUE(m2.in_reply_to.empty());
  EXPECT_EQ(m2.Header("bcc"), nullptr);
}

}  // namespace
}  // namespace frontdesk::mail
