// ParseMail: one raw RFC 5322 message (bytes as an MTA hands them over) read
// with GMime 3 into plain data: the sender, the threading headers, every
// top-level header decoded to UTF-8, the body's text and its attachments.
//
// Lenient on purpose: RFC 2047 encoded words are decoded also when broken
// (no spaces around them, a character split across two words), raw UTF-8
// headers (RFC 6532) are read as UTF-8 and 8-bit headers in another charset
// as windows-1252, a multipart with a missing boundary or no Content-Type is
// read as well as GMime can, and every string handed on is valid UTF-8.
#ifndef FRONTDESK_ADAPTERS_EMAIL_MIME_PARSER_H_
#define FRONTDESK_ADAPTERS_EMAIL_MIME_PARSER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontdesk/status.h"

namespace frontdesk::mail {

// A part that is not the body: recorded, never parsed or stored apart.
struct MailAttachment {
  std::string name;  // the file name given, "" = none
  std::string type;  // "application/pdf"
  size_t size = 0;   // decoded bytes
};

struct ParsedMail {
  std::string message_id;               // without <>; "" = none
  std::vector<std::string> in_reply_to;  // Message-IDs, without <>
  std::vector<std::string> references;   // Message-IDs, oldest first
  std::string from_address;             // From (else Sender), lower case; "" = none
  std::string from_name;                // display name, decoded
  bool has_return_path = false;         // a Return-Path header is present
  std::string return_path;              // its address, "" for "<>"
  std::vector<std::string> recipients;  // To and Cc addresses, lower case
  std::string subject;                  // decoded
  // Every top-level header in order: name in lower case, value unfolded and
  // decoded.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  // the top-level type, lower case: "multipart/report"
  // Every part's type, lower case, depth first ("message/delivery-status").
  std::vector<std::string> part_types;
  std::string report_type;   // multipart/report's report-type parameter, lower case
  std::string full_text;     // the body as text, quotes and signatures included
  std::string text;          // full_text with quoted history and signatures cut
  bool text_from_html = false;  // no text/plain: the text was made from HTML
  std::vector<MailAttachment> attachments;

  // The first header named `name` (lower case), or nullptr.
  const std::string* Header(std::string_view name) const;
  // Every header named `name` (lower case), in order.
  std::vector<const std::string*> Headers(std::string_view name) const;
};

// kInvalidArgument when `raw` is not a message at all: empty, no header
// block, or neither a From nor a Sender address. Otherwise fills *out,
// however broken the MIME. Thread-safe.
Status ParseMail(std::string_view raw, ParsedMail* out);

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_MIME_PARSER_H_
