// CSRF tokens for the HTML feedback form (POST /contact): proof that a post
// comes from a form this server rendered for the same browser, not from
// another site's page.
//
// Signed double-submit: the form page sets a cookie holding a random value
// (HttpOnly, SameSite=Strict) and puts a token in the form,
//
//     <issued unix seconds>.<nonce: 32 hex>.<HMAC-SHA256 hex>
//
// where the HMAC, keyed with a secret drawn from OpenSSL's CSPRNG when the
// server starts, covers the issue time, the nonce and the cookie's value.
// Another site can make the browser post, but it can neither read the
// token nor set the cookie, and a token is good only with the cookie it was
// made for, for `lifetime` after it was issued. Tokens are not remembered:
// one may be used more than once while it lives (a visitor who sends a
// second message from the answer page), and a restart (a new key) ends them
// all -- the form is then shown again with what the visitor wrote.
#ifndef FRONTDESK_ADAPTERS_HTTP_CSRF_TOKEN_H_
#define FRONTDESK_ADAPTERS_HTTP_CSRF_TOKEN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "frontdesk/status.h"

namespace frontdesk {

class CsrfTokens {
 public:
  enum class Check {
    kOk,
    kMissing,    // no token, or no cookie
    kMalformed,  // not the shape above
    kExpired,    // issued more than `lifetime` ago (or in the future)
    kForged,     // the HMAC does not match this key, time, nonce and cookie
  };

  // A fresh 32-byte key from RAND_bytes. kInternal if the generator fails.
  // REQUIRES: lifetime_seconds > 0.
  static Status Create(int64_t lifetime_seconds, std::unique_ptr<CsrfTokens>* out);
  // With a given key, for tests.
  CsrfTokens(std::string key, int64_t lifetime_seconds);

  // A new cookie value: 32 random hex digits. kInternal if the generator fails.
  static Status NewCookieValue(std::string* out);
  // True for a value NewCookieValue could have made (what a cookie header
  // holds is the client's to say).
  static bool IsCookieValue(std::string_view value);

  // A token for the form, bound to `cookie`, issued at `now_unix`.
  Status Issue(std::string_view cookie, int64_t now_unix, std::string* token) const;
  // Checks `token` against `cookie` at `now_unix`. The HMAC is compared in
  // constant time. Thread-safe.
  Check Verify(std::string_view token, std::string_view cookie, int64_t now_unix) const;

  int64_t lifetime_seconds() const { return lifetime_seconds_; }

 private:
  std::string Mac(std::string_view issued, std::string_view nonce, std::string_view cookie) const;

  const std::string key_;
  const int64_t lifetime_seconds_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_CSRF_TOKEN_H_
