// ComposeReply: one outgoing mail (a bot reply, an agent's answer, a form's
// confirmation) as the bytes handed to SMTP, built with GMime: UTF-8 body
// in quoted-printable or base64 (so no line passes 998 bytes), an
// encoded-word subject, In-Reply-To and References to thread it, and a
// stable Message-ID. No customer text is ever spliced into the header
// block: names and subjects go through GMime's encoders, addresses and ids
// are checked first, so nothing a customer writes can add a header.
#ifndef FRONTDESK_ADAPTERS_EMAIL_REPLY_COMPOSER_H_
#define FRONTDESK_ADAPTERS_EMAIL_REPLY_COMPOSER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "frontdesk/status.h"

namespace frontdesk::mail {

struct OutgoingMail {
  std::string from_address;   // REQUIRES: a plain address (IsPlainAddress)
  std::string from_name;      // display name, any UTF-8 ("" = none)
  std::string to_address;     // REQUIRES: a plain address
  std::string subject;        // of the mail answered (any UTF-8; "Re: " is added once)
  std::string body;           // UTF-8 text
  std::string message_id;     // without <>; REQUIRES: IsPlainMessageId
  std::string in_reply_to;    // without <>; "" = none; dropped unless IsPlainMessageId
  std::vector<std::string> references;  // without <>; ids that are not plain are dropped
  int64_t ticket = 0;         // > 0: " [#N]" in the subject, so a reply finds its ticket
  bool auto_reply = true;     // the bot's: Auto-Submitted: auto-replied (an agent's: none)
  int64_t date_unix = 0;      // the Date header
};

// An address with no spaces, controls, quotes or angle brackets, one '@'
// with something on both sides, at most 254 bytes.
bool IsPlainAddress(const std::string& address);
// A Message-ID's inside: printable ASCII without spaces or <>, 1..900 bytes.
bool IsPlainMessageId(const std::string& id);
// "Re: " + subject, unless it starts with a reply prefix already ("Re:",
// "RE:", "Aw:", "Sv:", "Trả lời:"); "Re: (no subject)" for an empty one.
std::string ReplySubject(const std::string& subject);

// kInvalidArgument when an address or the Message-ID is not plain (the mail
// can never be sent as it is). CRLF line ends. Thread-safe.
Status ComposeReply(const OutgoingMail& mail, std::string* raw);

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_REPLY_COMPOSER_H_
