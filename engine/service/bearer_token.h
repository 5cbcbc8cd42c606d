// Bearer tokens of the form "<prefix><id>_<secret>" (API keys "fd_",
// agents "fda_"): the id finds the stored row, the secret is checked
// against the row's SHA-256 in constant time. One parser for every kind, so
// that the checks on a presented token are the same everywhere.
#ifndef FRONTDESK_ENGINE_SERVICE_BEARER_TOKEN_H_
#define FRONTDESK_ENGINE_SERVICE_BEARER_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk {

// The longest token any parser accepts (the prefix, an id, 64 hex digits).
inline constexpr size_t kMaxBearerTokenBytes = 200;

std::string FormatBearerToken(std::string_view prefix, int64_t id, std::string_view secret);

// True with *id (> 0) and *secret (a view into `token`) set when `token` is
// `prefix`, decimal digits, '_' and a non-empty secret, at most
// kMaxBearerTokenBytes in all.
bool ParseBearerToken(std::string_view token, std::string_view prefix, int64_t* id,
                      std::string_view* secret);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_BEARER_TOKEN_H_
