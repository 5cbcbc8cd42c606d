// Text of any charset iconv knows, as valid UTF-8: what every string the
// e-mail adapter hands on must be (the engine folds UTF-8; the store keeps
// it; JSON needs it).
#ifndef FRONTDESK_ADAPTERS_EMAIL_CHARSET_H_
#define FRONTDESK_ADAPTERS_EMAIL_CHARSET_H_

#include <string>
#include <string_view>

namespace frontdesk::mail {

// `bytes` in `charset` (a MIME charset name or alias: "windows-1258",
// "iso-8859-1", "utf-8"; "" = undeclared) converted to UTF-8. Never fails:
// an undeclared or unknown charset is taken as UTF-8 when the bytes are
// valid UTF-8 and as windows-1252 (Latin-1 for
// the five bytes it leaves undefined) otherwise, and a
// sequence that is invalid in its declared charset becomes U+FFFD.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// `s` with every byte that is not part of a valid UTF-8 sequence (RFC 3629:
// no overlongs, surrogates or code points past U+10FFFF) replaced by U+FFFD.
std::string RepairUtf8(std::string_view s);

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_CHARSET_H_
