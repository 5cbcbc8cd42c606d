// SmtpSender: hands one composed mail to an SMTP server with libcurl, and
// says whether a failure is worth retrying: a 4xx reply, a refused or
// dropped connection, a timeout or a failed login are temporary (the mail
// stays queued); a 5xx reply to MAIL FROM, RCPT TO or DATA is permanent.
#ifndef FRONTDESK_ADAPTERS_EMAIL_SMTP_SENDER_H_
#define FRONTDESK_ADAPTERS_EMAIL_SMTP_SENDER_H_

#include <string>

namespace frontdesk::mail {

struct SmtpOptions {
  std::string host;                  // REQUIRES: non-empty
  int port = 25;                     // Default: 25
  std::string security = "starttls";  // "starttls" (required), "tls" (SMTPS) or "none"
  std::string user, password;        // AUTH; "" user = no AUTH
  int timeout_seconds = 30;          // Default: 30
  std::string envelope_from;         // MAIL FROM; REQUIRES: non-empty
};

enum class SendResult { kSent, kTemporary, kPermanent };

struct SendOutcome {
  SendResult result = SendResult::kTemporary;
  std::string error;  // "" when sent; the server's code and curl's text otherwise
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Sends `raw` (CRLF lines) to `recipient`. Thread-safe.
  virtual SendOutcome Send(const std::string& recipient, const std::string& raw) = 0;
};

class SmtpSender final : public MailSender {
 public:
  explicit SmtpSender(SmtpOptions options);
  SendOutcome Send(const std::string& recipient, const std::string& raw) override;

 private:
  SmtpOptions options_;
};

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_SMTP_SENDER_H_
