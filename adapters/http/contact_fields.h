// The feedback form's fields, from either door (the HTML form's
// application/x-www-form-urlencoded body, or the JSON of POST
// /v1/forms/contact), checked the same way and turned into the Message the
// engine decides.
#ifndef FRONTDESK_ADAPTERS_HTTP_CONTACT_FIELDS_H_
#define FRONTDESK_ADAPTERS_HTTP_CONTACT_FIELDS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "frontdesk/message.h"
#include "frontdesk/status.h"

namespace frontdesk {

// What the visitor sent. Every field is the visitor's claim; none proves
// anything (the e-mail is written to, never trusted).
struct ContactSubmission {
  std::string name;      // optional; shown on the answer page
  std::string email;     // required: where the confirmation goes
  std::string order_id;  // optional; added to the message for the engine
  std::string subject;   // required on the HTML form, optional in JSON
  std::string text;      // required: the message
  std::string lang;      // the page's language (form) or the client's hint (JSON)
  std::string website;   // the honeypot: people never see it, bots fill it
  std::string csrf;      // the HTML form's CSRF token (csrf_token.h)
};

// Byte limits per field (the message as for every other channel).
inline constexpr size_t kMaxContactName = 200;
inline constexpr size_t kMaxContactEmail = 254;  // RFC 5321's longest path
inline constexpr size_t kMaxContactOrderId = 40;
inline constexpr size_t kMaxContactSubject = 1000;
inline constexpr size_t kMaxContactText = 20000;

// One problem with one field. `code` names it for the page's labels:
// required, too_long, invalid_utf8, invalid_email, invalid_order.
struct FieldError {
  std::string field;  // name, email, order_id, subject, text
  std::string code;
  std::string Message() const;  // in English, for the JSON error
};

// Trims the fields' surrounding whitespace and checks them: valid UTF-8
// without control characters (but newlines and tabs in the message), within
// the limits, required ones present, a plausible e-mail address, an order
// number of letters, digits, spaces and - # / . only. Returns every problem,
// in the order of the form; none = valid. Invalid UTF-8 is reported, and the
// field then holds its bytes repaired (U+FFFD), so that a page can show it.
std::vector<FieldError> CheckContact(ContactSubmission* s, bool subject_required);

// Whether `email` looks like a deliverable address (local@label.tld, no
// spaces or characters that need quoting). Plausible, not proven: only a
// delivery proves it. The form's e-mail and the chat's contact address.
bool PlausibleEmail(const std::string& email);

// The fields of `body`, an application/x-www-form-urlencoded body. Unknown
// fields are ignored; a field sent twice keeps its first value.
ContactSubmission ContactFromForm(const std::string& body);

// The fields of a JSON object {name?, email, order_id?, subject?, text,
// lang?}. InvalidArgument for a body that is not valid UTF-8, not a JSON
// object, or has a field that is not a string (or null).
Status ContactFromJson(const std::string& body, ContactSubmission* out);

// The message the engine decides: channel "form", `from` the e-mail, never
// verified, its reply queued to that address (the confirmation), the order
// number on a line of its own after the text (`order_label`: "Order number"
// in the page's language). REQUIRES: CheckContact found no problem.
Message ContactMessage(const ContactSubmission& s, const std::string& order_label);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_CONTACT_FIELDS_H_
