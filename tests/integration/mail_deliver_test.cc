// `frontdesk mail deliver [--json]` as an MTA runs it: the real binary, the
// example shop's packs and a real SQLite file. Exit codes (0, 65, 75), the
// decision of mails in three languages, every loop case suppressed with its
// reason and nothing queued, idempotent redelivery, threading by headers
// and ticket tags, a reply on an escalated ticket that reaches the agent,
// and a sender verified only through a trusted Authentication-Results.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::CommandResult;
using ::frontdesk::testing::ReadFile;
using ::frontdesk::testing::RunCommand;
using ::frontdesk::testing::SourceDir;
using ::frontdesk::testing::TempDir;
using ::testing::HasSubstr;

const char kMailConfig[] =
    "mail:\n"
    "  from: support@shop.example\n"
    "  trust_authentication_results: mx.shop.example\n"
    "  max_replies_per_sender: 2\n";

std::string Fixture(const std::string& name) {
  return ReadFile(SourceDir() / "tests/data/mail" / name);
}

class MailDeliverTest : public ::testing::Test {
 protected:
  void SetUp() override { config_ = testing::WriteExampleShopConfig(dir_, kMailConfig); }

  CommandResult Deliver(const std::string& raw) {
    return RunCommand({testing::FrontdeskBinary().string(), "mail", "deliver", "--json", "-c", config_},
                      raw);
  }
  // Delivers and parses the JSON answer; a test failure unless exit 0.
  nlohmann::json Accepted(const std::string& raw) {
    CommandResult r = Deliver(raw);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
    return j;
  }
  int64_t Count(const std::string& sql) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string());
    return db.execAndGet(sql).getInt64();
  }

  TempDir dir_;
  std::string config_;
};

TEST_F(MailDeliverTest, CustomersInThreeLanguagesGetAQueuedReply) {
  const struct {
    const char* file;
    const char* language;
    const char* intent;
  } kCases[] = {{"en_gmail_reply.eml", "en", "order.status"},
                {"vi_windows1258_qp.eml", "vi", "order.status"},
                {"es_latin1_base64.eml", "es", "order.status"}};
  for (const auto& c : kCases) {
    nlohmann::json j = Accepted(Fixture(c.file));
    EXPECT_EQ(j["auto_reply"], "queued") << c.file << ": " << j.dump();
    EXPECT_EQ(j["reason"], "") << c.file;
    EXPECT_EQ(j["decision"]["language"], c.language) << c.file;
    EXPECT_EQ(j["decision"]["intent"], c.intent) << c.file << ": " << j["decision"].dump();
    EXPECT_EQ(j["thread"], "new");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail WHERE result_json != ''"), 3);
  // The quoted history was cut before matching; the raw message is kept whole.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND body LIKE '%wrote:%'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail WHERE CAST(raw AS TEXT) LIKE '%wrote:%'"), 1);
}

TEST_F(MailDeliverTest, EveryLoopCaseIsSuppressedWithItsReasonAndNothingQueued) {
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
      {"loop_x_auto_response_suppress.eml", "x-auto-response-suppress"},
      {"loop_empty_return_path.eml", "empty return path"},
      {"loop_mailer_daemon.eml", "robot sender"},
      {"loop_postmaster.eml", "robot sender"},
      {"loop_noreply.eml", "robot sender"},
      {"loop_own_address.eml", "our own address"},
      {"loop_dsn.eml", "auto-submitted"},
      {"loop_dsn_plain_sender.eml", "delivery report (DSN)"},
      {"loop_mdn.eml", "read receipt (MDN)"},
      {"loop_arf.eml", "feedback report (ARF)"},
  };
  for (const auto& c : kCases) {
    nlohmann::json j = Accepted(Fixture(c.file));
    EXPECT_EQ(j["auto_reply"], "suppressed") << c.file;
    EXPECT_THAT(j["reason"].get<std::string>(), HasSubstr(c.reason)) << c.file;
    EXPECT_TRUE(j["decision"].is_object()) << c.file;  // decided and recorded all the same
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 18);
}

TEST_F(MailDeliverTest, ASenderAnsweredTwiceTodayIsNotAnsweredAgain) {
  std::string raw = Fixture("en_gmail_reply.eml");
  for (int i = 1; i <= 3; ++i) {
    std::string mail = raw;
    mail.replace(mail.find("en-gmail-1@"), 10, "en-gmail-" + std::to_string(i + 1));
    nlohmann::json j = Accepted(mail);
    EXPECT_EQ(j["auto_reply"], i <= 2 ? "queued" : "suppressed") << i;
    if (i == 3) {
      EXPECT_THAT(j["reason"].get<std::string>(), HasSubstr("already answered 2 time(s)"));
    }
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 2);
}

TEST_F(MailDeliverTest, RedeliveryIsAnsweredOnceAndTheSameWay) {
  std::string raw = Fixture("vi_windows1258_qp.eml");
  CommandResult first = Deliver(raw);
  CommandResult second = Deliver(raw);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail"), 1);
  // Without a Message-ID the bytes themselves are the key.
  std::string no_id = "From: x@example.com\r\nSubject: opening hours\r\n\r\nWhen do you open?\r\n";
  EXPECT_EQ(Deliver(no_id).out, Deliver(no_id).out);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail"), 2);
}

TEST_F(MailDeliverTest, NeverAcceptableIs65) {
  CommandResult r = Deliver(Fixture("not_a_message.eml"));
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_THAT(r.err, HasSubstr("not a message"));
  // What a refusal prints goes back to the sender in the bounce: no path.
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("frontdesk.db")));
  EXPECT_EQ(Deliver("").exit_code, 65);
  TempDir small;
  std::string config = testing::WriteExampleShopConfig(small, "mail:\n  max_message_bytes: 2048\n");
  r = RunCommand({testing::FrontdeskBinary().string(), "mail", "deliver", "-c", config},
                 Fixture("mixed_attachments.eml"));
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_THAT(r.err, HasSubstr("larger than 2048 bytes"));
}

TEST_F(MailDeliverTest, BusyStoreIs75AndTheRetryIsAccepted) {
  ASSERT_EQ(Deliver(Fixture("en_html_only.eml")).exit_code, 0);  // creates the store
  std::string raw = Fixture("es_latin1_base64.eml");
  {
    // Another writer holds the database past the busy timeout (5 s).
    SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READWRITE);
    SQLite::Transaction hold(db, SQLite::TransactionBehavior::IMMEDIATE);
    CommandResult r = Deliver(raw);
    EXPECT_EQ(r.exit_code, 75) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("try again later"));
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail"), 1);
  nlohmann::json j = Accepted(raw);  // the MTA's retry
  EXPECT_EQ(j["auto_reply"], "queued");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail"), 2);
}

TEST_F(MailDeliverTest, NoStoreIs75) {
  TempDir other;
  std::string config = other.Write("frontdesk.yaml", "packs: [" + (SourceDir() / "intents").string() +
                                                         "]\nstore:\n  path: missing-dir/x/frontdesk.db\n")
                           .string();
  CommandResult r =
      RunCommand({testing::FrontdeskBinary().string(), "mail", "deliver", "-c", config}, Fixture("en_html_only.eml"));
  EXPECT_EQ(r.exit_code, 75) << r.err;
}

std::string Reply(const std::string& from, const std::string& id, const std::string& subject,
                  const std::string& in_reply_to, const std::string& text) {
  std::string mail = "From: " + from + "\r\nTo: support@shop.example\r\nSubject: " + subject +
                     "\r\nMessage-ID: <" + id + ">\r\n";
  if (!in_reply_to.empty()) mail += "In-Reply-To: <" + in_reply_to + ">\r\n";
  return mail + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
}

TEST_F(MailDeliverTest, ThreadingByHeadersAndTicketTag) {
  nlohmann::json first = Accepted(Reply("an@example.vn", "a1@x", "Order", "", "Where is my order AB123456?"));
  std::string conversation = first["decision"]["conversation_id"];
  // The same sender answering her own earlier mail: the same conversation.
  nlohmann::json second = Accepted(Reply("an@example.vn", "a2@x", "Re: Order", "a1@x", "Any news?"));
  EXPECT_EQ(second["decision"]["conversation_id"], conversation);
  EXPECT_THAT(second["thread"].get<std::string>(), HasSubstr("message:"));
  // Someone else citing that Message-ID does not get into her conversation.
  nlohmann::json other = Accepted(Reply("mallory@example.com", "m1@x", "Re: Order", "a1@x", "Any news?"));
  EXPECT_NE(other["decision"]["conversation_id"], conversation);
  EXPECT_EQ(other["thread"], "new");

  // Escalated: a reply with the ticket tag reaches the agent, not the bot.
  nlohmann::json human = Accepted(Reply("bich@example.vn", "b1@x", "Help", "", "I want to talk to a human agent please"));
  ASSERT_EQ(human["decision"]["route"], "escalate") << human.dump();
  int64_t ticket = human["decision"]["ticket"];
  std::string tagged_subject = "Re: Help [#" + std::to_string(ticket) + "]";
  nlohmann::json answer = Accepted(Reply("bich@example.vn", "b2@x", tagged_subject, "", "Here is the photo you asked for"));
  EXPECT_EQ(answer["thread"], "ticket:" + std::to_string(ticket));
  EXPECT_EQ(answer["decision"]["route"], "escalate");
  EXPECT_EQ(answer["decision"]["ticket"], ticket);
  EXPECT_EQ(answer["decision"]["reply"], "");
  EXPECT_EQ(answer["auto_reply"], "suppressed");
  EXPECT_THAT(answer["reason"].get<std::string>(), HasSubstr("with an agent"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE external_id = 'b2@x' AND ticket_id = " +
                  std::to_string(ticket)),
            1);
  // The tag of someone else's ticket opens nothing of it.
  nlohmann::json stranger = Accepted(Reply("mallory@example.com", "m2@x", tagged_subject, "", "Hello"));
  EXPECT_EQ(stranger["thread"], "new");
  EXPECT_NE(stranger["decision"]["ticket"], ticket);
}

TEST_F(MailDeliverTest, SenderIsVerifiedOnlyByTheTrustedMta) {
  auto with_results = [](const std::string& results, const std::string& id) {
    return "Authentication-Results: " + results + "\r\n" +
           Reply("jane@example.com", id, "Order", "", "Where is my order AB123456?");
  };
  nlohmann::json trusted = Accepted(with_results("mx.shop.example; dkim=pass header.d=example.com; spf=pass", "v1@x"));
  EXPECT_EQ(trusted["decision"]["conversation_id"], "from:jane@example.com");
  nlohmann::json dmarc = Accepted(with_results("mx.shop.example 1; dmarc=pass header.from=example.com", "v2@x"));
  EXPECT_EQ(dmarc["decision"]["conversation_id"], "from:jane@example.com");
  // Another MTA's word, a failed check, or a signature of another domain: not verified.
  for (const char* results : {"mx.attacker.example; dkim=pass header.d=example.com",
                              "mx.shop.example; dkim=fail header.d=example.com",
                              "mx.shop.example; dkim=pass header.d=attacker.example"}) {
    nlohmann::json j = Accepted(with_results(results, std::string("n-") + std::to_string(std::hash<std::string>{}(results)) + "@x"));
    EXPECT_NE(j["decision"]["conversation_id"], "from:jane@example.com") << results;
  }
}

}  // namespace
}  // namespace frontdesk
