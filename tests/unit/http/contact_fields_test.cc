#include "adapters/http/contact_fields.h"

#include <string>
#include <vector>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

ContactSubmission Valid() {
  ContactSubmission s;
  s.name = "An Nguyễn";
  s.email = "an.nguyen@example.com";
  s.subject = "Giao hàng";
  s.text = "Bao lâu thì giao hàng?";
  return s;
}

// "field:code" for each problem, in order.
std::vector<std::string> Problems(ContactSubmission s, bool subject_required = true) {
  std::vector<std::string> out;
  for (const FieldError& e : CheckContact(&s, subject_required)) out.push_back(e.field + ":" + e.code);
  return out;
}

TEST(ContactFieldsTest, AValidFormHasNoProblem) {
  EXPECT_THAT(Problems(Valid()), IsEmpty());
  ContactSubmission s = Valid();
  s.name = "  An  ";
  s.text = "\n  line one\n\tline two  \n";
  ASSERT_THAT(CheckContact(&s, true), IsEmpty());
  EXPECT_EQ(s.name, "An");  // trimmed
  EXPECT_EQ(s.text, "line one\n\tline two");
}

TEST(ContactFieldsTest, RequiredFields) {
  EXPECT_THAT(Problems(ContactSubmission()),
              ElementsAre("email:required", "subject:required", "text:required"));
  EXPECT_THAT(Problems(ContactSubmission(), /*subject_required=*/false),
              ElementsAre("email:required", "text:required"));
  ContactSubmission blank = Valid();
  blank.text = " \n\t ";
  EXPECT_THAT(Problems(blank), ElementsAre("text:required"));
}

TEST(ContactFieldsTest, LengthLimits) {
  ContactSubmission s = Valid();
  s.name = std::string(kMaxContactName + 1, 'a');
  s.subject = std::string(kMaxContactSubject + 1, 'a');
  s.text = std::string(kMaxContactText + 1, 'a');
  s.order_id = std::string(kMaxContactOrderId + 1, '1');
  EXPECT_THAT(Problems(s), ElementsAre("name:too_long", "order_id:too_long", "subject:too_long",
                                       "text:too_long"));
  s = Valid();
  s.text = std::string(kMaxContactText, 'a');
  EXPECT_THAT(Problems(s), IsEmpty());
}

TEST(ContactFieldsTest, PlausibleEmailsOnly) {
  for (const char* good : {"a@b.co", "an.nguyen+shop@mail.example.com", "nguyễn@ví-dụ.vn",
                           "x@xn--vi-dk-9ra.com"}) {
    ContactSubmission s = Valid();
    s.email = good;
    EXPECT_THAT(Problems(s), IsEmpty()) << good;
  }
  for (const char* bad : {"a", "a@b", "@b.co", "a@@b.co", "a b@c.co", "a@b.c", "a.@b.co", ".a@b.co",
                          "a..b@c.co", "a@-b.co", "a@b..co", "<a@b.co>", "a@b.co\r\nBcc: x@y.co"}) {
    ContactSubmission s = Valid();
    s.email = bad;
    EXPECT_THAT(Problems(s), ElementsAre(::testing::StartsWith("email:invalid"))) << bad;
  }
}

TEST(ContactFieldsTest, NoLineBreaksOrControlsInOneLineFields) {
  ContactSubmission s = Valid();
  s.subject = "Hello\r\nBcc: victim@example.com";  // would forge the confirmation's headers
  s.name = std::string("An\x07");
  EXPECT_THAT(Problems(s), ElementsAre("name:invalid_utf8", "subject:invalid_utf8"));
  s = Valid();
  s.text = std::string("bell \x07 here");
  EXPECT_THAT(Problems(s), ElementsAre("text:invalid_utf8"));
}

TEST(ContactFieldsTest, InvalidUtf8IsReportedAndRepairedForShowing) {
  ContactSubmission s = Valid();
  s.text = "caf\xe9 \xff";
  std::vector<FieldError> errors = CheckContact(&s, true);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "text");
  EXPECT_EQ(errors[0].code, "invalid_utf8");
  EXPECT_EQ(s.text, "caf\xef\xbf\xbd \xef\xbf\xbd");  // U+FFFD each
}

TEST(ContactFieldsTest, OrderNumbers) {
  for (const char* good : {"AB123456", "ab-123456", "#AB123456", "AB 123 456"}) {
    ContactSubmission s = Valid();
    s.order_id = good;
    EXPECT_THAT(Problems(s), IsEmpty()) << good;
  }
  ContactSubmission s = Valid();
  s.order_id = "AB123456; DROP TABLE";
  EXPECT_THAT(Problems(s), ElementsAre("order_id:invalid_order"));
}

TEST(ContactFieldsTest, ReadsAUrlEncodedForm) {
  ContactSubmission s = ContactFromForm(
      "name=An+Nguy%E1%BB%85n&email=an%40example.com&subject=Hi&text=line+1%0D%0Aline+2"
      "&order_id=AB123456&lang=vi&website=&csrf=t.o.k&text=second&unknown=x");
  EXPECT_EQ(s.name, "An Nguyễn");
  EXPECT_EQ(s.email, "an@example.com");
  EXPECT_EQ(s.text, "line 1\r\nline 2");  // the first of two
  EXPECT_EQ(s.order_id, "AB123456");
  EXPECT_EQ(s.lang, "vi");
  EXPECT_EQ(s.website, "");
  EXPECT_EQ(s.csrf, "t.o.k");
}

TEST(ContactFieldsTest, ReadsJson) {
  ContactSubmission s;
  ASSERT_OK(ContactFromJson(R"({"email": "a@b.co", "text": "hi", "name": null, "lang": "es"})", &s));
  EXPECT_EQ(s.email, "a@b.co");
  EXPECT_EQ(s.text, "hi");
  EXPECT_EQ(s.lang, "es");
  for (const char* bad : {"", "[]", "{", R"({"text": 5})", R"({"email": ["a"]})", "\"text\""}) {
    ContactSubmission t;
    EXPECT_EQ(ContactFromJson(bad, &t).code(), Status::Code::kInvalidArgument) << bad;
  }
  ContactSubmission t;
  EXPECT_EQ(ContactFromJson("{\"text\": \"caf\xe9\"}", &t).code(), Status::Code::kInvalidArgument);
}

TEST(ContactFieldsTest, TheMessageProvesNothingAndAsksForAConfirmation) {
  ContactSubmission s = Valid();
  s.order_id = "AB123456";
  s.lang = "vi";
  Message m = ContactMessage(s, "Mã đơn hàng");
  EXPECT_EQ(m.channel, "form");
  EXPECT_EQ(m.from, "an.nguyen@example.com");
  EXPECT_FALSE(m.from_verified);
  EXPECT_TRUE(m.reply_by_email);
  EXPECT_EQ(m.subject, "Giao hàng");
  EXPECT_EQ(m.text, "Bao lâu thì giao hàng?\n\nMã đơn hàng: AB123456");
  EXPECT_EQ(m.default_language, "vi");
  EXPECT_EQ(m.language, "");  // the page's language is a fallback, not a hint
  EXPECT_EQ(m.conversation_id, "");  // always a new conversation
  EXPECT_TRUE(m.customer.empty());
}

}  // namespace
}  // namespace frontdesk
