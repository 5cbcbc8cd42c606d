// Secrets: tokens from a CSPRNG, their SHA-256, and a comparison that takes
// the same time wherever two strings differ. A secret (API key, chat token,
// agent token) is shown once to whoever gets it and stored only as its hash;
// presenting it again is checked by hashing and comparing in constant time.
#ifndef FRONTDESK_ENGINE_BASE_SECRETS_H_
#define FRONTDESK_ENGINE_BASE_SECRETS_H_

#include <string>
#include <string_view>

#include "frontdesk/status.h"

namespace frontdesk {

// `n` bytes as lower-case hex (2 * n characters).
std::string Hex(const unsigned char* data, size_t n);

// `bytes` random bytes from OpenSSL's CSPRNG (RAND_bytes), as lower-case hex
// (2 * bytes characters). kInternal if the generator fails (never silently
// weaker randomness).
Status RandomHex(size_t bytes, std::string* out);

// As RandomHex, after 12 hex digits of the time in milliseconds: ids made
// later sort later, so the B-tree indexes that hold them grow at their right
// edge instead of dirtying a random leaf page for every insert (the WAL then
// writes a few pages per group commit instead of a few per message;
// bench/README.md, "HTTP"). For identifiers only, never for a secret: the
// prefix says when the id was made. (12 + 2 * bytes characters.)
Status TimeOrderedRandomHex(size_t bytes, std::string* out);

// Lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key` (64 characters).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// True when a == b. The time taken depends only on the lengths, never on
// where the first difference is.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_BASE_SECRETS_H_
