// Tests of adapters/email/loop_guard.cc: every header and shape that must
// stop an automatic reply, on the fixtures of tests/data/mail/, and the
// ordinary mails that must still get one.
#include "adapters/email/loop_guard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/test_util.h"

namespace frontdesk::mail {
namespace {

using ::testing::HasSubstr;

ParsedMail Parse(const std::string& name) {
  ParsedMail m;
  std::string raw = frontdesk::testing::ReadFile(frontdesk::testing::SourceDir() / "tests/data/mail" / name);
  Status s = ParseMail(raw, &m);
  EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  return m;
}

LoopGuardOptions Options() {
  LoopGuardOptions o;
  o.own_addresses = {"support@shop.example"};
  o.max_replies_per_window = 2;
  return o;
}

TEST(LoopGuardTest, EachLoopCaseIsRefusedWithItsReason) {
  const struct {
    const char* file;
    const char* reason;
  } kCases[] = {
      {"loop_auto_submitted_replied.eml", "auto-submitted: auto-replied"},
      {"loop_auto_submitted_notified.eml", "auto-submitted: auto-notified"},
      {"loop_auto_submitted_generated.eml", "auto-submitted: auto-generated"},
      {"loop_precedence_bulk.eml", "precedence: bulk"},
      {"loop_precedence_junk.eml", "precedence: junk"},
      {"loop_precedence_list.eml", "precedence: list"},
      {"loop_list_id.eml", "list-id"},
      {"loop_list_unsubscribe.eml", "list-unsubscribe"},
      {"loop_x_auto_response_suppress.eml", "x-auto-response-suppress: all"},
      {"loop_empty_return_path.eml", "empty return path"},
      {"loop_mailer_daemon.eml", "robot sender: mailer-daemon@mx.example.com"},
      {"loop_postmaster.eml", "robot sender: postmaster@example.com"},
      {"loop_noreply.eml", "robot sender: no-reply@example.com"},
      {"loop_own_address.eml", "our own address: support@shop.example"},
      {"loop_dsn.eml", "auto-submitted: auto-replied"},  // the first rule that applies
      {"loop_dsn_plain_sender.eml", "delivery report (DSN)"},
      {"loop_mdn.eml", "read receipt (MDN)"},
      {"loop_arf.eml", "feedback report (ARF)"},
  };
  for (const auto& c : kCases) {
    AutoReplyVerdict v = CheckAutoReply(Parse(c.file), Options(), 0);
    EXPECT_FALSE(v.allowed) << c.file;
    EXPECT_THAT(v.reason, HasSubstr(c.reason)) << c.file;
  }
}

TEST(LoopGuardTest, CustomersAreAnswered) {
  for (const char* file : {"en_gmail_reply.eml", "vi_windows1258_qp.eml", "es_latin1_base64.eml",
                           "es_windows1252_outlook.eml", "en_html_only.eml", "mixed_attachments.eml",
                           "raw_utf8_headers.eml"}) {
    AutoReplyVerdict v = CheckAutoReply(Parse(file), Options(), 0);
    EXPECT_TRUE(v.allowed) << file << ": " << v.reason;
    EXPECT_EQ(v.reason, "");
  }
}

TEST(LoopGuardTest, AutoSubmittedNoIsAPerson) {
  ParsedMail m = Parse("en_gmail_reply.eml");
  m.headers.emplace_back("auto-submitted", "No");
  EXPECT_TRUE(CheckAutoReply(m, Options(), 0).allowed);
  m.headers.back().second = "no (sent by a person)";
  EXPECT_TRUE(CheckAutoReply(m, Options(), 0).allowed);
}

TEST(LoopGuardTest, PerSenderCapCountsWhatTheStoreFound) {
  ParsedMail m = Parse("en_gmail_reply.eml");
  EXPECT_TRUE(CheckAutoReply(m, Options(), 1).allowed);
  AutoReplyVerdict v = CheckAutoReply(m, Options(), 2);
  EXPECT_FALSE(v.allowed);
  EXPECT_THAT(v.reason, HasSubstr("already answered 2 time(s)"));
}

TEST(LoopGuardTest, OwnAddressesIgnoreCase) {
  ParsedMail m = Parse("en_gmail_reply.eml");
  LoopGuardOptions o = Options();
  o.own_addresses = {"Jane@Example.com"};
  EXPECT_FALSE(CheckAutoReply(m, o, 0).allowed);
}

}  // namespace
}  // namespace frontdesk::mail
