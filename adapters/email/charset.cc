#include "adapters/email/charset.h"

#include <glib.h>
#include <gmime/gmime.h>

#include <cctype>
#include <cstdint>

#include "adapters/email/gmime_init.h"

namespace frontdesk::mail {
namespace {

// Length of the valid UTF-8 sequence at s[i], 0 if there is none.
size_t ValidSequence(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  unsigned char c1 = b(i + 1);
  if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
  if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
  if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xF4 && c1 > 0x8F) return 0;  // past U+10FFFF
  return n;
}

bool IsUtf8Name(std::string_view charset) {
  std::string lower;
  for (char c : charset)
    if (c != '-' && c != '_') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "utf8" || lower == "usascii" || lower == "ascii";
}

// iconv through GLib; false when iconv does not know the charset or the
// bytes are not valid in it.
bool Convert(std::string_view bytes, const char* charset, std::string* out) {
  gsize written = 0;
  GError* error = nullptr;
  gchar* converted = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", charset,
                               nullptr, &written, &error);
  if (error != nullptr) g_error_free(error);
  if (converted == nullptr) return false;
  out->assign(converted, written);
  g_free(converted);
  return true;
}

}  // namespace

std::string RepairUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = ValidSequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  EnsureGMime();
  std::string out;
  if (!charset.empty() && !IsUtf8Name(charset)) {
    std::string name(charset);
    // GMime knows the MIME aliases iconv does not ("windows-1258" -> "CP1258").
    const char* iconv_name = g_mime_charset_iconv_name(name.c_str());
    if (Convert(bytes, iconv_name != nullptr ? iconv_name : name.c_str(), &out)) return RepairUtf8(out);
  }
  std::string repaired = RepairUtf8(bytes);
  if (repaired.size() == bytes.size() && repaired == bytes) return repaired;  // valid UTF-8
  // Declared UTF-8 with a few bad bytes keeps its good characters; an
  // undeclared or unknown 8-bit text is most likely a Western code page.
  if (IsUtf8Name(charset)) return repaired;
  if (Convert(bytes, "CP1252", &out) || Convert(bytes, "ISO-8859-1", &out)) return RepairUtf8(out);
  return repaired;
}

}  // namespace frontdesk::mail
