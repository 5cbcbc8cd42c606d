#include "adapters/http/csrf_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "engine/base/secrets.h"

namespace frontdesk {
namespace {

constexpr size_t kNonceHex = 32;
constexpr size_t kMacHex = 64;
// Clocks of several nodes differ a little; a token "from the future" beyond
// this is refused like an expired one.
constexpr int64_t kClockSkewSeconds = 60;

bool IsHex(std::string_view s, size_t length) {
  if (s.size() != length) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Status CsrfTokens::Create(int64_t lifetime_seconds, std::unique_ptr<CsrfTokens>* out) {
  std::string key;
  Status s = RandomHex(32, &key);
  if (!s.ok()) return s;
  *out = std::make_unique<CsrfTokens>(std::move(key), lifetime_seconds);
  return Status::Ok();
}

CsrfTokens::CsrfTokens(std::string key, int64_t lifetime_seconds)
    : key_(std::move(key)), lifetime_seconds_(lifetime_seconds) {}

Status CsrfTokens::NewCookieValue(std::string* out) { return RandomHex(kNonceHex / 2, out); }

bool CsrfTokens::IsCookieValue(std::string_view value) { return IsHex(value, kNonceHex); }

std::string CsrfTokens::Mac(std::string_view issued, std::string_view nonce,
                            std::string_view cookie) const {
  // A purpose label and separators, so that no other HMAC this key might
  // ever make reads as a form token.
  std::string data = "frontdesk-contact-v1\n";
  data.append(issued).append("\n").append(nonce).append("\n").append(cookie);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length) == nullptr)
    return std::string();  // never equal to a token's 64 hex digits
  return Hex(mac, length);
}

Status CsrfTokens::Issue(std::string_view cookie, int64_t now_unix, std::string* token) const {
  std::string nonce;
  Status s = RandomHex(kNonceHex / 2, &nonce);
  if (!s.ok()) return s;
  std::string issued = std::to_string(now_unix);
  std::string mac = Mac(issued, nonce, cookie);
  if (mac.empty()) return Status::Internal("HMAC-SHA256 failed");
  *token = issued + "." + nonce + "." + mac;
  return Status::Ok();
}

CsrfTokens::Check CsrfTokens::Verify(std::string_view token, std::string_view cookie,
                                     int64_t now_unix) const {
  if (token.empty() || cookie.empty()) return Check::kMissing;
  if (!IsCookieValue(cookie)) return Check::kForged;
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || dot1 == 0 || dot1 > 18) return Check::kMalformed;
  std::string_view issued = token.substr(0, dot1);
  std::string_view nonce = token.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string_view mac = token.substr(dot2 + 1);
  int64_t at = 0;
  auto [end, error] = std::from_chars(issued.data(), issued.data() + issued.size(), at);
  if (error != std::errc() || end != issued.data() + issued.size() || !IsHex(nonce, kNonceHex) ||
      !IsHex(mac, kMacHex))
    return Check::kMalformed;
  // The signature first: an unsigned time says nothing, so a forged token
  // never learns whether its time would have passed.
  if (!ConstantTimeEquals(Mac(issued, nonce, cookie), mac)) return Check::kForged;
  if (now_unix - at > lifetime_seconds_ || at - now_unix > kClockSkewSeconds) return Check::kExpired;
  return Check::kOk;
}

}  // namespace frontdesk
