#include "adapters/http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

namespace frontdesk {
namespace {

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::string CanonicalIp(const std::string& address) {
  unsigned char bytes[sizeof(in6_addr)];
  char text[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, address.c_str(), bytes) == 1)
    return inet_ntop(AF_INET, bytes, text, sizeof text) != nullptr ? text : "";
  if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) {
    // An IPv4 client reaching an IPv6 socket shows as ::ffff:a.b.c.d.
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped, kMapped + 12, bytes))
      return inet_ntop(AF_INET, bytes + 12, text, sizeof text) != nullptr ? text : "";
    return inet_ntop(AF_INET6, bytes, text, sizeof text) != nullptr ? text : "";
  }
  return "";
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& addresses) {
  for (const std::string& a : addresses)
    if (std::string c = CanonicalIp(a); !c.empty()) addresses_.push_back(c);
}

bool TrustedProxies::Contains(const std::string& address) const {
  std::string c = CanonicalIp(address);
  return !c.empty() && std::find(addresses_.begin(), addresses_.end(), c) != addresses_.end();
}

std::string TrustedProxies::ClientOf(const std::string& peer, const std::string& forwarded_for,
                                     const std::string& real_ip) const {
  if (!Contains(peer)) return peer;
  size_t end = forwarded_for.size();
  while (end > 0) {
    size_t comma = forwarded_for.rfind(',', end - 1);
    size_t begin = comma == std::string::npos ? 0 : comma + 1;
    std::string hop = CanonicalIp(Trim(forwarded_for.substr(begin, end - begin)));
    if (hop.empty()) break;  // not an address: believe nothing further left
    if (!Contains(hop)) return hop;
    if (comma == std::string::npos) break;
    end = comma;
  }
  if (std::string real = CanonicalIp(Trim(real_ip)); !real.empty()) return real;
  return peer;
}

}  // namespace frontdesk
