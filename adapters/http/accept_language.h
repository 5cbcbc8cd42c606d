// The language of a page for a visitor who did not choose one: the best of
// the languages we have by the browser's Accept-Language header (RFC 9110
// 12.5.4).
#ifndef FRONTDESK_ADAPTERS_HTTP_ACCEPT_LANGUAGE_H_
#define FRONTDESK_ADAPTERS_HTTP_ACCEPT_LANGUAGE_H_

#include <string>
#include <string_view>
#include <vector>

namespace frontdesk {

// The first of `supported` (lower-case primary tags: "en", "vi") with the
// highest weight in `header` ("vi-VN,vi;q=0.9,en;q=0.5"): a range matches
// its primary subtag, "*" matches any, q=0 refuses. "" when none matches or
// the header is empty or malformed beyond use.
std::string PreferredLanguage(std::string_view header, const std::vector<std::string>& supported);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_ACCEPT_LANGUAGE_H_
