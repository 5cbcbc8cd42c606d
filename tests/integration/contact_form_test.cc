// The feedback form on a real loopback server over the example shop, with
// its conversations in a real SQLite file: who may post (CSRF token and
// cookie, honeypot), what comes back (the answer page at once, the form
// again with what was typed), what is recorded (the message, one
// confirmation on the outbox, or nothing), the JSON door, suggestions that
// record nothing, and bodies over the limits. The server's clock for the
// form is a FakeClock, so a token can expire without waiting.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <httplib.h>
#include <re2/re2.h>

#include <map>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "adapters/cli/runtime.h"
#include "adapters/http/faq_page.h"
#include "adapters/http/server.h"
#include "engine/service/auto_reply_cap.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

const char kXss[] = "<script>alert(1)</script>";
const char kXssEscaped[] = "&lt;script&gt;alert(1)&lt;/script&gt;";
const char kTracking[] = "GHN5KT9X3QD";  // order AB123456's, an.nguyen@example.com's

// What GET /contact gave: the page, the cookie it set and the form's token.
struct FormPage {
  int status = 0;
  std::string body, cookie, token, set_cookie;
};

// Sends `request` on a raw socket (what httplib's client cannot send: a
// chunked body it gives up on) and returns what came back before the server
// closed or 20 s passed (a bound for a sick server, not a measurement).
std::string RawExchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    // The server may answer and stop reading before all is sent.
    for (size_t done = 0; done < request.size();) {
      ssize_t n = ::send(fd, request.data() + done, request.size() - done, MSG_NOSIGNAL);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    for (pollfd p{fd, POLLIN, 0}; ::poll(&p, 1, 20000) > 0;) {
      char buf[65536];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      if (out.find("\r\n\r\n") != std::string::npos && out.find("Connection: close") != std::string::npos &&
          out.find("}}") != std::string::npos)
        break;
    }
  }
  ::close(fd);
  return out;
}

std::string Chunked(const std::string& body, size_t chunk) {
  std::string out;
  char size[32];
  for (size_t at = 0; at < body.size(); at += chunk) {
    std::string part = body.substr(at, chunk);
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    out += size + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

class ContactFormTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_);
    runtime_ = cli::Runtime::Open(config_, /*durable=*/true);
    ASSERT_NE(runtime_, nullptr);
    ASSERT_NE(runtime_->store(), nullptr);
    HttpChannels channels;
    channels.clock = &clock_;
    channels.contact_form = true;
    // As serve wires it (mail.max_replies_per_sender's default, a day).
    channels.contact_options.may_confirm_to = AutoReplyAllowance(runtime_->store(), &clock_, 3, 86400);
    server_ = std::make_unique<HttpServer>(&runtime_->service(), HttpOptions(), channels);
    port_ = server_->Bind("127.0.0.1", 0);
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->Run(); });
    for (int i = 0; i < 500 && !server_->running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }

  FormPage GetForm(const std::string& query = "?lang=en", const std::string& cookie = "",
                   const httplib::Headers& extra = {}) {
    httplib::Headers h = extra;
    if (!cookie.empty()) h.emplace("Cookie", "fd_csrf=" + cookie);
    auto r = Client().Get("/contact" + query, h);
    FormPage page;
    EXPECT_TRUE(r);
    if (!r) return page;
    page.status = r->status;
    page.body = r->body;
    page.set_cookie = r->get_header_value("Set-Cookie");
    // RE2, as everywhere in the project: linear time whatever the page holds.
    RE2::PartialMatch(page.set_cookie, R"(^fd_csrf=([0-9a-f]+);)", &page.cookie);
    RE2::PartialMatch(page.body, R"re(name="csrf" value="([^"]*)")re", &page.token);
    return page;
  }

  // A form as a visitor fills it, with a fresh page's token and cookie.
  httplib::Params Fields(const FormPage& page, const std::string& text, const std::string& subject = "Question",
                         const std::string& email = "an@example.com") {
    return {{"csrf", page.token}, {"lang", "en"},     {"name", "An"},  {"email", email},
            {"order_id", ""},     {"subject", subject}, {"text", text}, {"website", ""}};
  }

  httplib::Result Post(const httplib::Params& fields, const std::string& cookie) {
    httplib::Headers h;
    if (!cookie.empty()) h.emplace("Cookie", "fd_csrf=" + cookie);
    return Client().Post("/contact", h, fields);
  }

  // Fills and sends the form from a fresh page; the answer (or form) page.
  httplib::Result Send(const std::string& text, const std::string& subject = "Question",
                       const std::string& email = "an@example.com", const std::string& order = "") {
    FormPage page = GetForm();
    httplib::Params fields = Fields(page, text, subject, email);
    fields.find("order_id")->second = order;
    return Post(fields, page.cookie);
  }

  httplib::Result PostJson(const std::string& body, const std::string& type = "application/json") {
    return Client().Post("/v1/forms/contact", body, type);
  }

  // Rows of a table of the store, read through a connection of our own.
  int64_t Count(const std::string& table) {
    SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT COUNT(*) FROM " + table).getInt64();
  }
  // Everything a message leaves in the store.
  std::map<std::string, int64_t> Recorded() {
    std::map<std::string, int64_t> out;
    for (const char* t : {"messages", "decisions", "conversations", "customers", "tickets", "outbox"})
      out[t] = Count(t);
    return out;
  }

  std::string FaqAnswer(const std::string& entry, const std::string& lang = "en") {
    return HtmlEscape(runtime_->pack()->faq()->Find(entry)->answer.at(lang));
  }

  testing::TempDir dir_;
  std::string config_;
  std::unique_ptr<cli::Runtime> runtime_;
  FakeClock clock_{SystemClock().NowUnix()};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ContactFormTest, TheFormCarriesATokenBoundToAStrictCookie) {
  FormPage page = GetForm();
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.token, ::testing::MatchesRegex("[0-9]+\\.[0-9a-f]{32}\\.[0-9a-f]{64}"));
  EXPECT_THAT(page.cookie, ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_THAT(page.set_cookie, HasSubstr("; HttpOnly"));
  EXPECT_THAT(page.set_cookie, HasSubstr("; SameSite=Strict"));
  EXPECT_THAT(page.set_cookie, HasSubstr("; Path=/contact"));
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"en\">"));
  // The browser keeps its cookie: a second page is bound to the same one.
  FormPage again = GetForm("?lang=en", page.cookie);
  EXPECT_EQ(again.cookie, page.cookie);
  EXPECT_NE(again.token, page.token);
  // The language: ?lang=, else Accept-Language, else the pack's first.
  EXPECT_THAT(GetForm("", "", {{"Accept-Language", "vi-VN,vi;q=0.9,en;q=0.5"}}).body, HasSubstr("<html lang=\"vi\">"));
  EXPECT_THAT(GetForm("?lang=es", "", {{"Accept-Language", "vi"}}).body, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(GetForm("?lang=xx", "", {{"Accept-Language", "de"}}).body, HasSubstr("<html lang=\"en\">"));
  auto r = Client().Get("/contact");
  ASSERT_TRUE(r);
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("script-src 'self'"));
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
}

// This server trusts no proxy: a client claiming https is not believed.
TEST_F(ContactFormTest, AForwardedProtoFromAnUntrustedPeerIsIgnored) {
  FormPage page = GetForm("?lang=en", "", {{"X-Forwarded-Proto", "https"}});
  ASSERT_FALSE(page.cookie.empty());
  EXPECT_THAT(page.set_cookie, Not(HasSubstr("Secure")));
}

TEST_F(ContactFormTest, APostWithoutAGoodTokenIs403AndRecordsNothing) {
  FormPage page = GetForm(), other = GetForm();
  ASSERT_NE(page.cookie, other.cookie);
  auto before = Recorded();
  const std::string text = "I want to talk to a person about my refund";
  std::string flipped = page.token;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  struct Case {
    const char* what;
    std::string token, cookie;
  } cases[] = {{"no token", "", page.cookie},
               {"no cookie", page.token, ""},
               {"a forged token", flipped, page.cookie},
               {"another browser's token", other.token, page.cookie},
               {"a made-up cookie", page.token, std::string(32, 'a')}};
  for (const Case& c : cases) {
    httplib::Params fields = Fields(page, text);
    fields.find("csrf")->second = c.token;
    auto r = Post(fields, c.cookie);
    ASSERT_TRUE(r) << c.what;
    EXPECT_EQ(r->status, 403) << c.what;
    // Nothing was sent, and nothing the visitor wrote is lost.
    EXPECT_THAT(r->body, HasSubstr("nothing was sent")) << c.what;
    EXPECT_THAT(r->body, HasSubstr(">" + text + "</textarea>")) << c.what;
    EXPECT_THAT(r->body, HasSubstr("value=\"an@example.com\"")) << c.what;
  }
  // Expired: a page shown more than 4 hours ago.
  clock_.Set(clock_.NowUnix() + 4 * 3600 + 1);
  auto expired = Post(Fields(page, text), page.cookie);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 403);
  EXPECT_EQ(Recorded(), before);
  // The same form from a fresh page goes through.
  auto ok = Send(text);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Count("messages"), before["messages"] + 2);  // the message and the reply
}

TEST_F(ContactFormTest, AFilledHoneypotLooksAcceptedAndRecordsNothing) {
  FormPage page = GetForm();
  auto before = Recorded();
  httplib::Params fields = Fields(page, "How long does delivery take?");
  fields.find("website")->second = "http://spam.example";
  auto r = Post(fields, page.cookie);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("We have received your message."));
  EXPECT_THAT(r->body, Not(HasSubstr(FaqAnswer("delivery-time"))));
  EXPECT_EQ(Recorded(), before);
}

TEST_F(ContactFormTest, BadFieldsComeBackWith400AndEverythingTyped) {
  FormPage page = GetForm();
  auto before = Recorded();
  const std::string kept = "Please keep this text: " + std::string(200, 'x');
  struct Case {
    const char* field;
    std::string value, error;
  } cases[] = {
      {"text", std::string(20001, 'a'), "This is too long."},
      {"subject", "caf\xe9", "This contains characters we cannot read."},
      {"subject", "Hi\r\nBcc: victim@example.com", "This contains characters we cannot read."},
      {"email", "an(at)example.com", "Please enter an e-mail address such as name@example.com."},
      {"email", "", "Please fill this in."},
      {"order_id", "AB123456'; DROP TABLE orders", "An order number has letters and digits"},
      {"name", std::string(201, 'n'), "This is too long."},
  };
  for (const Case& c : cases) {
    httplib::Params fields = Fields(page, kept, "My subject");
    fields.find(c.field)->second = c.value;
    auto r = Post(fields, page.cookie);
    ASSERT_TRUE(r) << c.field;
    EXPECT_EQ(r->status, 400) << c.field;
    EXPECT_THAT(r->body, HasSubstr("id=\"fd-" + std::string(c.field) + "-error\">" + c.error)) << c.field;
    EXPECT_THAT(r->body, HasSubstr("<a href=\"#fd-" + std::string(c.field) + "\">")) << c.field;
    if (std::string(c.field) != "text") {
      EXPECT_THAT(r->body, HasSubstr(">" + kept + "</textarea>")) << c.field;
    }
    if (std::string(c.field) != "name") {
      EXPECT_THAT(r->body, HasSubstr("value=\"An\"")) << c.field;
    }
    // A new token for the same cookie: the corrected form can be sent.
    EXPECT_THAT(r->body, HasSubstr("name=\"csrf\" value=\"")) << c.field;
  }
  EXPECT_EQ(Recorded(), before);
  // A long message is no problem: far over cpp-httplib's 8 KiB form limit.
  std::string vietnamese;
  while (vietnamese.size() < 15000) vietnamese += "Đơn hàng của tôi giao mất bao lâu vậy? ";
  auto r = Send(vietnamese);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body.substr(0, 500);
}

TEST_F(ContactFormTest, ScriptTagsInEveryFieldComeOutInert) {
  // Refused (the e-mail and order number are not plausible): the form again.
  FormPage page = GetForm();
  httplib::Params fields = {{"csrf", page.token}, {"lang", "en"}, {"name", kXss}, {"email", kXss},
                            {"order_id", kXss}, {"subject", kXss}, {"text", kXss}, {"website", ""}};
  auto refused = Post(fields, page.cookie);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_THAT(refused->body, Not(HasSubstr(kXss)));
  EXPECT_THAT(refused->body, HasSubstr(std::string("value=\"") + kXssEscaped + "\""));
  EXPECT_THAT(refused->body, HasSubstr(std::string(">") + kXssEscaped + "</textarea>"));
  // Accepted: the answer page, with the name and the form below it.
  FormPage fresh = GetForm();
  httplib::Params accepted = Fields(fresh, std::string("Where is my order? ") + kXss, kXss);
  accepted.find("name")->second = kXss;
  accepted.find("order_id")->second = "AB123456";
  auto answered = Post(accepted, fresh.cookie);
  ASSERT_TRUE(answered);
  ASSERT_EQ(answered->status, 200) << answered->body;
  EXPECT_THAT(answered->body, Not(HasSubstr(kXss)));
  EXPECT_THAT(answered->body, HasSubstr(std::string("<h1 id=\"fd-answer-title\">Thank you, ") + kXssEscaped));
  EXPECT_THAT(answered->body, HasSubstr(std::string("value=\"") + kXssEscaped + "\""));  // the subject, kept
  // The 403 page shows the text too.
  fields.find("csrf")->second = "";
  auto forbidden = Post(fields, page.cookie);
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_THAT(forbidden->body, Not(HasSubstr(kXss)));
}

TEST_F(ContactFormTest, AFaqQuestionIsAnsweredAtOnceAndConfirmedOnTheOutbox) {
  auto before = Recorded();
  auto r = Send("How long does delivery take?", "Delivery time", "visitor@example.com");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("<h1 id=\"fd-answer-title\">Thank you, An</h1>"));
  EXPECT_THAT(r->body, HasSubstr(FaqAnswer("delivery-time")));
  EXPECT_THAT(r->body, HasSubstr("A confirmation is on its way to <strong>visitor@example.com</strong>"));
  EXPECT_THAT(r->body, Not(HasSubstr("<form")));  // answered: nothing more to send
  EXPECT_EQ(Count("messages"), before["messages"] + 2);
  // One confirmation, to the visitor, in their words and language.
  SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT channel, recipient, subject, body FROM outbox ORDER BY id");
  std::vector<std::vector<std::string>> rows;
  while (q.executeStep())
    rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                    q.getColumn(3).getString()});
  ASSERT_EQ(rows.size(), static_cast<size_t>(before["outbox"] + 1));
  EXPECT_EQ(rows.back()[0], "form");
  EXPECT_EQ(rows.back()[1], "visitor@example.com");
  EXPECT_EQ(rows.back()[2], "Delivery time");
  EXPECT_THAT(rows.back()[3], HasSubstr(runtime_->pack()->faq()->Find("delivery-time")->answer.at("en")));
  // The stored message: the form's channel, the address as a claim.
  SQLite::Statement m(db, "SELECT channel, sender FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1");
  ASSERT_TRUE(m.executeStep());
  EXPECT_EQ(m.getColumn(0).getString(), "form");
  EXPECT_EQ(m.getColumn(1).getString(), "visitor@example.com");
}

TEST_F(ContactFormTest, AnOrderIsShownOnlyWithTheSecondFact) {
  // The owner's own address typed in the form proves nothing.
  auto asked = Send("Where is my order?", "My order", "an.nguyen@example.com", "AB123456");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200) << asked->body;
  EXPECT_THAT(asked->body, Not(HasSubstr(kTracking)));
  EXPECT_THAT(asked->body, HasSubstr("the postcode and the last 4 digits of the phone"));
  EXPECT_THAT(asked->body, HasSubstr("To go on, add what we asked for"));
  EXPECT_THAT(asked->body, HasSubstr(">Where is my order?</textarea>"));  // the form again, as typed
  EXPECT_THAT(asked->body, HasSubstr("value=\"AB123456\""));
  // A postcode with the wrong digits: still nothing.
  auto wrong = Send("Where is my order? Postcode 70000, phone ends in 1111", "My order",
                    "an.nguyen@example.com", "AB123456");
  ASSERT_TRUE(wrong);
  EXPECT_THAT(wrong->body, Not(HasSubstr(kTracking)));
  // The postcode with the last 4 digits of the phone on the order: shown.
  auto proved = Send("Where is my order? Postcode 70000, phone ends in 5678", "My order",
                     "someone.else@example.com", "AB123456");
  ASSERT_TRUE(proved);
  ASSERT_EQ(proved->status, 200);
  EXPECT_THAT(proved->body, HasSubstr(kTracking));
}

TEST_F(ContactFormTest, AnEscalationShowsItsTicketNumber) {
  auto r = Send("I want to talk to a person", "Help", "an@example.com");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
  int64_t ticket = db.execAndGet("SELECT MAX(id) FROM tickets").getInt64();
  ASSERT_GT(ticket, 0);
  EXPECT_THAT(r->body, HasSubstr("<strong>Ticket #" + std::to_string(ticket) +
                                 "</strong>: a person will answer you by e-mail at <strong>an@example.com</strong>."));
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE recipient = 'an@example.com'").getInt64(), 1);
}

TEST_F(ContactFormTest, OneAddressGetsAtMostThreeConfirmationsADay) {
  // Anyone may type a stranger's address: the form must not mail that inbox
  // without end. Each message is still recorded and answered on the page.
  auto before = Recorded();
  for (int i = 0; i < 5; ++i) {
    auto r = Send("How long does delivery take?", "Delivery time " + std::to_string(i), "target@example.com");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_THAT(r->body, HasSubstr(FaqAnswer("delivery-time")));
    EXPECT_EQ(r->body.find("A confirmation is on its way") != std::string::npos, i < 3) << i;
  }
  auto json_door = PostJson(json({{"email", "target@example.com"}, {"text", "How long does delivery take?"},
                                  {"lang", "en"}}).dump());
  ASSERT_TRUE(json_door);
  EXPECT_EQ(json_door->status, 200);
  EXPECT_EQ(Count("messages"), before["messages"] + 12);  // six questions, six answers
  SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE recipient = 'target@example.com'").getInt64(), 3);
  // Another address is not held back by it.
  auto other = Send("How long does delivery take?", "Delivery time", "someone.else@example.com");
  ASSERT_TRUE(other);
  EXPECT_THAT(other->body, HasSubstr("A confirmation is on its way"));
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE recipient = 'someone.else@example.com'").getInt64(), 1);
}

TEST_F(ContactFormTest, TheJsonDoorAnswersWithThePublicDecision) {
  auto before = Recorded();
  auto r = PostJson(json({{"email", "visitor@example.com"}, {"subject", "Shipping"},
                          {"text", "How long does delivery take?"}, {"lang", "en"}}).dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "");  // no CORS: same origin only
  json d = json::parse(r->body);
  EXPECT_EQ(d["route"], "answer");
  EXPECT_EQ(d["language"], "en");
  EXPECT_THAT(d["reply"].get<std::string>(), HasSubstr(runtime_->pack()->faq()->Find("delivery-time")->answer.at("en")));
  EXPECT_TRUE(d["ticket"].is_null());
  for (const char* hidden : {"trace", "slots", "conversation_id"}) EXPECT_FALSE(d.contains(hidden)) << hidden;
  EXPECT_EQ(Count("outbox"), before["outbox"] + 1);
  before = Recorded();
  struct Case {
    std::string body, type;
    int status;
  } cases[] = {{"{not json", "application/json", 400},
               {"{\"email\": \"a@b.co\", \"text\": \"caf\xe9\"}", "application/json", 400},
               {R"({"text": "hello"})", "application/json", 400},
               {R"({"email": "nope", "text": "hello"})", "application/json", 400},
               {R"({"email": "a@b.co", "text": 7})", "application/json", 400},
               {R"({"email": "a@b.co", "text": "hello"})", "text/plain", 415},
               {"email=a%40b.co&text=hello", "application/x-www-form-urlencoded", 415}};
  for (const Case& c : cases) {
    auto bad = PostJson(c.body, c.type);
    ASSERT_TRUE(bad) << c.body;
    EXPECT_EQ(bad->status, c.status) << c.body;
    EXPECT_TRUE(json::parse(bad->body)["error"]["code"].is_string()) << bad->body;
  }
  // A page of another site cannot get past the preflight.
  auto preflight = Client().Options("/v1/forms/contact", {{"Origin", "https://evil.example"},
                                                          {"Access-Control-Request-Method", "POST"},
                                                          {"Access-Control-Request-Headers", "content-type"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(Recorded(), before);
}

TEST_F(ContactFormTest, CompressedAndChunkedBodiesOverTheLimitAreRefused) {
  auto before = Recorded();
  FormPage page = GetForm();
  for (const char* path : {"/contact", "/v1/forms/contact"}) {
    auto r = Client().Post(path, {{"Content-Encoding", "gzip"}, {"Cookie", "fd_csrf=" + page.cookie}},
                           std::string(2000, 'x'), "application/x-www-form-urlencoded");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 415) << path;
  }
  // Chunked: the form's own cap (256 KiB), and the server's (1 MiB) for JSON.
  std::string form = "csrf=" + page.token + "&email=a%40b.co&subject=s&text=" + std::string(300 << 10, 'a');
  std::string r = RawExchange(port_, "POST /contact HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: fd_csrf=" + page.cookie +
                                         "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                         "Transfer-Encoding: chunked\r\n\r\n" + Chunked(form, 8192));
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413") << r.substr(0, 300);
  std::string big = json({{"email", "a@b.co"}, {"text", std::string(1100 << 10, 'a')}}).dump();
  r = RawExchange(port_, "POST /v1/forms/contact HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunked(big, 8192));
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413") << r.substr(0, 300);
  EXPECT_EQ(Recorded(), before);
  EXPECT_EQ(GetForm().status, 200);  // and the server still serves
}

// Another node (a second runtime on the same store) answers from the FAQ:
// this node's "most asked" counts take it in at its next refresh (serve's
// housekeeping), not before.
TEST_F(ContactFormTest, FaqAnswersOfAnotherNodeCountAfterARefresh) {
  auto other = cli::Runtime::Open(config_, /*durable=*/true);
  ASSERT_NE(other, nullptr);
  const int64_t before = runtime_->pack()->faq()->Hits().at("delivery-time");
  Message m;
  m.text = "How long does delivery take?";
  m.channel = "chat";
  m.language = "en";
  Decision d;
  std::string replay;
  ASSERT_OK(other->service().Handle(m, "", &d, &replay));
  ASSERT_EQ(d.faq_entry, "delivery-time");
  EXPECT_EQ(runtime_->pack()->faq()->Hits().at("delivery-time"), before);
  ASSERT_OK(runtime_->RefreshFaqHits());
  EXPECT_EQ(runtime_->pack()->faq()->Hits().at("delivery-time"), before + 1);
}

TEST_F(ContactFormTest, SuggestionsComeFromTheFaqAndRecordNothing) {
  auto before = Recorded();
  auto hits = runtime_->pack()->faq()->Hits();
  auto r = Client().Get("/v1/suggest?lang=en&q=" + httplib::detail::encode_query_param("How long does delivery take?"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_FALSE(j["suggestions"].empty()) << r->body;
  EXPECT_LE(j["suggestions"].size(), 3u);
  const json& first = j["suggestions"][0];
  EXPECT_EQ(first["id"], "delivery-time");
  EXPECT_EQ(first["question"], runtime_->pack()->faq()->Find("delivery-time")->question.at("en"));
  EXPECT_EQ(first["answer"], runtime_->pack()->faq()->Find("delivery-time")->answer.at("en"));
  EXPECT_EQ(first["url"], "/faq?lang=en&entry=delivery-time#faq-delivery-time");
  for (const char* nothing : {"hello", "where is my order AB123456? my email is an.nguyen@example.com"}) {
    auto n = Client().Get("/v1/suggest?lang=en&q=" + httplib::detail::encode_query_param(nothing));
    ASSERT_TRUE(n);
    EXPECT_EQ(n->status, 200);
    EXPECT_EQ(json::parse(n->body)["suggestions"], json::array()) << nothing;
  }
  EXPECT_EQ(Recorded(), before);
  EXPECT_EQ(runtime_->pack()->faq()->Hits(), hits);
  for (const std::string& bad : {std::string("/v1/suggest?lang=en"), std::string("/v1/suggest?q=caf%E9"),
                                 "/v1/suggest?q=" + std::string(2001, 'a')}) {
    auto b = Client().Get(bad);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->status, 400) << bad.substr(0, 40);
  }
}

// `frontdesk serve` itself has the form, with its store.
TEST(ContactFormServeTest, ServeHasTheForm) {
  testing::TempDir dir;
  std::string config = testing::WriteExampleShopConfig(dir);
  testing::ServeProcess serve;
  ASSERT_TRUE(serve.Start(config));
  httplib::Client c("127.0.0.1", serve.port());
  auto r = c.Get("/contact?lang=vi");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("Liên hệ với chúng tôi"));
  EXPECT_THAT(r->get_header_value("Set-Cookie"), HasSubstr("fd_csrf="));
  auto js = c.Get("/contact.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(serve.Stop(), 0);
}

// Two `serve` processes on one store, as two nodes behind a balancer (or
// one node before and after a restart): the form one of them showed is
// accepted by the other, because the CSRF key is the store's.
TEST(ContactFormNodes, AFormShownByOneServerIsAcceptedByAnother) {
  testing::TempDir dir;
  std::string config = testing::WriteExampleShopConfig(dir);
  testing::ServeProcess a, b;
  ASSERT_TRUE(a.Start(config));
  ASSERT_TRUE(b.Start(config));
  httplib::Client to_a("127.0.0.1", a.port()), to_b("127.0.0.1", b.port());
  auto page = to_a.Get("/contact?lang=en");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  std::string cookie, token;
  ASSERT_TRUE(RE2::PartialMatch(page->get_header_value("Set-Cookie"), R"(^fd_csrf=([0-9a-f]+);)", &cookie));
  ASSERT_TRUE(RE2::PartialMatch(page->body, R"re(name="csrf" value="([^"]*)")re", &token));
  httplib::Params fields = {{"csrf", token},   {"lang", "en"},          {"name", "An"},
                            {"email", "an@example.com"}, {"order_id", ""}, {"subject", "Hours"},
                            {"text", "When do you open on Sunday?"}, {"website", ""}};
  auto posted = to_b.Post("/contact", {{"Cookie", "fd_csrf=" + cookie}}, fields);
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 200) << posted->body;
  // A forged token is still refused by either.
  fields.find("csrf")->second[token.size() - 1] = token.back() == '0' ? '1' : '0';
  auto forged = to_a.Post("/contact", {{"Cookie", "fd_csrf=" + cookie}}, fields);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_EQ(a.Stop(), 0);
  EXPECT_EQ(b.Stop(), 0);
}

}  // namespace
}  // namespace frontdesk
