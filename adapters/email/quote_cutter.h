// CutQuotedText: the part of a mail body its sender wrote this time. Quoted
// history ("On ... wrote:", "Vào ... đã viết:", "El ... escribió:", lines
// starting "> ", Outlook's "From: / Sent: / To:" header blocks and
// "-----Original Message-----" separators) and signatures ("-- ", "Sent
// from my iPhone") are cut, so that the engine matches what the customer
// asks now and not what an earlier mail said.
#ifndef FRONTDESK_ADAPTERS_EMAIL_QUOTE_CUTTER_H_
#define FRONTDESK_ADAPTERS_EMAIL_QUOTE_CUTTER_H_

#include <string>
#include <string_view>

namespace frontdesk::mail {

// `text` uses "\n" line ends (the parser converts CRLF). Returns the new
// text, trimmed; when cutting would leave nothing (a message that is all
// quote), returns the whole text trimmed instead. Thread-safe.
std::string CutQuotedText(std::string_view text);

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_QUOTE_CUTTER_H_
