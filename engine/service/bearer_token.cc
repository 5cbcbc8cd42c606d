#include "engine/service/bearer_token.h"

#include <charconv>

namespace frontdesk {

std::string FormatBearerToken(std::string_view prefix, int64_t id, std::string_view secret) {
  return std::string(prefix) + std::to_string(id) + "_" + std::string(secret);
}

bool ParseBearerToken(std::string_view token, std::string_view prefix, int64_t* id,
                      std::string_view* secret) {
  if (token.size() > kMaxBearerTokenBytes || token.substr(0, prefix.size()) != prefix) return false;
  token.remove_prefix(prefix.size());
  const size_t sep = token.find('_');
  if (sep == std::string_view::npos || sep + 1 >= token.size()) return false;
  int64_t parsed = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + sep, parsed);
  if (ec != std::errc() || end != token.data() + sep || parsed <= 0) return false;
  *id = parsed;
  *secret = token.substr(sep + 1);
  return true;
}

}  // namespace frontdesk
