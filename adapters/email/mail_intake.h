// MailIntake: one inbound e-mail, from raw bytes to a recorded decision —
// the one path of `frontdesk mail deliver` (an MTA's pipe) and POST
// /v1/email/inbound. In order: size check, parse (ParseMail), store the raw
// bytes (nothing accepted is ever lost), find the thread, ask the loop
// guard, decide and record the turn (SupportService::Handle, with the
// reply queued on the outbox unless the guard said no), remember the answer.
// Idempotent on the Message-ID: a mail delivered twice is decided once and
// answered the same both times.
#ifndef FRONTDESK_ADAPTERS_EMAIL_MAIL_INTAKE_H_
#define FRONTDESK_ADAPTERS_EMAIL_MAIL_INTAKE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "adapters/email/loop_guard.h"
#include "adapters/email/mime_parser.h"
#include "engine/pack/mail_config.h"
#include "engine/service/service.h"
#include "engine/store/store.h"
#include "frontdesk/clock.h"

namespace frontdesk::mail {

struct MailIntakeOptions {
  LoopGuardOptions loop;
  // See MailConfig::trust_authentication_results. Default: "" (never verified).
  std::string trusted_authserv_id;
  size_t max_message_bytes = 25u << 20;  // Default: 25 MiB
  size_t max_text_bytes = 20000;  // text handed to the engine (as POST /v1/messages). Default: 20,000
};

// From the config's `mail:` section.
MailIntakeOptions IntakeOptionsFrom(const MailConfig& config);

enum class MailOutcome {
  kAccepted,    // recorded (exit 0, HTTP 200)
  kRejected,    // never acceptable: not a message, too big (exit 65, HTTP 400/413)
  kRetryLater,  // not stored: the store failed or is busy (exit 75, HTTP 503)
};

struct MailIntakeResult {
  MailOutcome outcome = MailOutcome::kRetryLater;
  // kAccepted: {"decision": {...}, "auto_reply": "queued"|"suppressed",
  // "reason": "...", "thread": "new"|"outbox:N"|"message:N"|"ticket:N"}.
  std::string json;
  bool duplicate = false;  // delivered before: json is the first answer
  bool too_big = false;    // kRejected because of max_message_bytes
  std::string error;       // why not accepted; never the message's text
};

// Whether the topmost Authentication-Results of `authserv_id` says the From
// domain passed DMARC, or DKIM with a signing domain aligned to it. Only
// the topmost counts: the trusted MTA adds its own on top (and should strip
// older ones claiming its id). "" = false.
bool SenderAuthenticated(const ParsedMail& mail, const std::string& authserv_id);

// The ticket number of a "[#123]" tag in a subject, 0 = none.
int64_t TicketTag(const std::string& subject);

class MailIntake {
 public:
  // REQUIRES: all non-null and outliving this object.
  MailIntake(SupportService* service, Store* store, const Clock* clock, MailIntakeOptions options);

  // Thread-safe.
  MailIntakeResult Accept(std::string_view raw) const;

 private:
  SupportService* service_;
  Store* store_;
  const Clock* clock_;
  MailIntakeOptions options_;
};

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_MAIL_INTAKE_H_
