#include "adapters/email/mail_intake.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "engine/base/secrets.h"

namespace frontdesk::mail {
namespace {

constexpr size_t kMaxIdInKey = 400;  // the key's limit is 512 bytes

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// The mail's idempotency key: its Message-ID, or the hash of its bytes
// when it has none (a retry of the same bytes is still the same mail).
std::string IdempotencyKey(const ParsedMail& mail, std::string_view raw) {
  if (mail.message_id.empty()) return "email:sha256:" + Sha256Hex(raw);
  if (mail.message_id.size() > kMaxIdInKey) return "email:id-sha256:" + Sha256Hex(mail.message_id);
  return "email:" + mail.message_id;
}

// At most `max` bytes, cut at a UTF-8 character boundary.
std::string Truncated(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// The domain a From address is in, lower case.
std::string DomainOf(const std::string& address) {
  size_t at = address.rfind('@');
  return at == std::string::npos ? "" : Lower(address.substr(at + 1));
}

// `d` is the From domain or a parent of it (relaxed alignment, RFC 7489).
bool Aligned(const std::string& d, const std::string& from_domain) {
  if (d.empty() || from_domain.empty()) return false;
  return from_domain == d ||
         (from_domain.size() > d.size() &&
          from_domain.compare(from_domain.size() - d.size() - 1, std::string::npos, "." + d) == 0);
}

// The value of `prop` ("header.d") in one result ("dkim=pass header.d=x.com").
std::string Property(const std::string& result, const std::string& prop) {
  std::string lower = Lower(result);
  size_t p = lower.find(prop + "=");
  if (p == std::string::npos) return "";
  size_t start = p + prop.size() + 1;
  size_t end = lower.find_first_of(" \t;", start);
  std::string v = lower.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!v.empty() && v[0] == '@') v.erase(0, 1);  // header.i=@example.com
  size_t at = v.rfind('@');
  return at == std::string::npos ? v : v.substr(at + 1);
}

std::string ResultJson(const std::string& decision_json, bool queued, const std::string& reason,
                       const std::string& thread) {
  nlohmann::json j;
  j["decision"] = nlohmann::json::parse(decision_json, nullptr, false);
  j["auto_reply"] = queued ? "queued" : "suppressed";
  j["reason"] = reason;
  j["thread"] = thread;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

MailIntakeResult Failed(MailOutcome outcome, std::string error) {
  MailIntakeResult r;
  r.outcome = outcome;
  r.error = std::move(error);
  return r;
}

}  // namespace

MailIntakeOptions IntakeOptionsFrom(const MailConfig& c) {
  MailIntakeOptions o;
  o.loop.own_addresses = c.own_addresses;
  if (!c.from.empty()) o.loop.own_addresses.push_back(c.from);
  o.loop.max_replies_per_window = c.max_replies_per_sender;
  o.loop.window_seconds = c.reply_window_seconds;
  o.trusted_authserv_id = c.trust_authentication_results;
  o.max_message_bytes = c.max_message_bytes;
  return o;
}

bool SenderAuthenticated(const ParsedMail& mail, const std::string& authserv_id) {
  if (authserv_id.empty() || mail.from_address.empty()) return false;
  const std::string from_domain = DomainOf(mail.from_address);
  for (const std::string* header : mail.Headers("authentication-results")) {
    size_t semi = header->find(';');
    // "mx.example.com 1; dkim=pass ..." : the id, then an optional version.
    std::string id = Lower(Trim(header->substr(0, semi)));
    id = id.substr(0, id.find_first_of(" \t"));
    if (id != Lower(authserv_id)) continue;
    if (semi == std::string::npos) return false;
    std::string rest = header->substr(semi + 1);
    size_t start = 0;
    while (start <= rest.size()) {
      size_t end = rest.find(';', start);
      std::string result = Lower(Trim(rest.substr(start, end == std::string::npos ? std::string::npos : end - start)));
      if (result.rfind("dmarc=pass", 0) == 0) {
        std::string d = Property(result, "header.from");
        if (d.empty() || d == from_domain) return true;
      }
      if (result.rfind("dkim=pass", 0) == 0) {
        std::string d = Property(result, "header.d");
        if (d.empty()) d = Property(result, "header.i");
        if (Aligned(d, from_domain)) return true;
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return false;  // only the topmost header of the trusted MTA counts
  }
  return false;
}

int64_t TicketTag(const std::string& subject) {
  static const RE2* tag = new RE2(R"(\[#(\d{1,15})\])");
  int64_t id = 0;
  return RE2::PartialMatch(subject, *tag, &id) ? id : 0;
}

MailIntake::MailIntake(SupportService* service, Store* store, const Clock* clock,
                       MailIntakeOptions options)
    : service_(service), store_(store), clock_(clock), options_(std::move(options)) {}

MailIntakeResult MailIntake::Accept(std::string_view raw) const {
  if (raw.size() > options_.max_message_bytes) {
    MailIntakeResult r = Failed(MailOutcome::kRejected, "message larger than " +
                                                            std::to_string(options_.max_message_bytes) + " bytes");
    r.too_big = true;
    return r;
  }
  ParsedMail mail;
  if (Status s = ParseMail(raw, &mail); !s.ok()) return Failed(MailOutcome::kRejected, s.message());
  // Stored before anything is decided: from here on, a failure leaves the
  // mail on disk and the sender's retry finds it.
  InboundMail in;
  in.key = IdempotencyKey(mail, raw);
  in.sender = mail.from_address;
  in.raw = std::string(raw);
  bool seen = false;
  if (Status s = store_->SaveInboundMail(&in, &seen); !s.ok())
    return Failed(MailOutcome::kRetryLater, "not stored: " + s.ToString());
  if (seen && !in.result_json.empty()) {
    MailIntakeResult r;
    r.outcome = MailOutcome::kAccepted;
    r.duplicate = true;
    r.json = in.result_json;
    return r;
  }
  MailThreadQuery query;
  query.message_ids = mail.in_reply_to;
  query.message_ids.insert(query.message_ids.end(), mail.references.rbegin(), mail.references.rend());
  query.ticket_id = TicketTag(mail.subject);
  query.sender = mail.from_address;
  MailThread thread;
  bool threaded = false;
  if (Status s = store_->FindMailThread(query, &thread, &threaded); !s.ok())
    return Failed(MailOutcome::kRetryLater, "thread lookup failed: " + s.ToString());
  int64_t answered = 0;
  if (Status s = store_->CountAutoReplies(mail.from_address,
                                          clock_->NowUnix() - options_.loop.window_seconds, &answered);
      !s.ok())
    return Failed(MailOutcome::kRetryLater, "reply count failed: " + s.ToString());
  AutoReplyVerdict verdict = CheckAutoReply(mail, options_.loop, answered);

  Message m;
  m.channel = "email";
  m.id = mail.message_id;
  m.subject = mail.subject;
  m.text = Truncated(mail.text.empty() ? mail.subject : mail.text, options_.max_text_bytes);
  m.from = mail.from_address;
  m.from_verified = SenderAuthenticated(mail, options_.trusted_authserv_id);
  if (threaded) m.conversation_id = thread.conversation_id;  // the server's own id: no scope
  m.no_auto_reply = !verdict.allowed;
  Decision d;
  std::string replayed, decision_json;
  Status s = service_->Handle(m, in.key, &d, &replayed, &decision_json);
  if (!s.ok()) return Failed(MailOutcome::kRetryLater, "not decided: " + s.ToString());
  MailIntakeResult r;
  r.outcome = MailOutcome::kAccepted;
  bool queued = false;
  std::string reason = verdict.reason;
  if (!replayed.empty()) {
    // Decided by an earlier delivery that stopped before its answer was
    // remembered: the same decision, and whatever it queued then.
    decision_json = replayed;
    r.duplicate = true;
    if (reason.empty()) reason = "decided by an earlier delivery";
  } else if (verdict.allowed) {
    queued = !d.reply.empty();
    if (!queued) reason = d.ticket ? "no reply: ticket " + std::to_string(*d.ticket) + " is with an agent"
                                   : "no reply to send";
  }
  r.json = ResultJson(decision_json, queued, reason, threaded ? thread.how : "new");
  // The turn is stored; if remembering the answer fails, a redelivery is
  // answered from the turn's idempotency key instead.
  if (Status f = store_->FinishInboundMail(in.id, r.json); !f.ok()) r.error = f.ToString();
  return r;
}

}  // namespace frontdesk::mail
