// HtmlToText: the readable text of an HTML mail body, for a message that
// has no text/plain alternative. Not a renderer: tags go, block elements
// become line breaks, entities are decoded, script/style/head content is
// dropped, and the lines inside <blockquote> are prefixed "> " so that the
// quote cutter removes quoted history from HTML replies as from plain ones.
#ifndef FRONTDESK_ADAPTERS_EMAIL_HTML_TEXT_H_
#define FRONTDESK_ADAPTERS_EMAIL_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace frontdesk::mail {

// REQUIRES: html is UTF-8 (any bytes are tolerated; the output is as valid
// as the input). Linear in the input's length; never fails.
std::string HtmlToText(std::string_view html);

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_HTML_TEXT_H_
