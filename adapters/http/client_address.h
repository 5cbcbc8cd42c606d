// The client's address as far as the connection proves it. Behind a
// reverse proxy every connection comes from the proxy; the proxy names the
// client in X-Forwarded-For (nginx: $proxy_add_x_forwarded_for) or
// X-Real-IP. Those headers are believed only from a trusted proxy
// (`server.trusted_proxies`): anyone else could name any address and walk
// past the rate limit under it.
#ifndef FRONTDESK_ADAPTERS_HTTP_CLIENT_ADDRESS_H_
#define FRONTDESK_ADAPTERS_HTTP_CLIENT_ADDRESS_H_

#include <string>
#include <vector>

namespace frontdesk {

// `address` in its canonical text form (inet_ntop), "" when it is not an
// IPv4 or IPv6 address.
std::string CanonicalIp(const std::string& address);

class TrustedProxies {
 public:
  // Entries that are not IP addresses are ignored (the config refuses them).
  explicit TrustedProxies(const std::vector<std::string>& addresses);
  bool empty() const { return addresses_.empty(); }
  bool Contains(const std::string& address) const;
  // The client's address for a request from `peer`: `peer` itself unless it
  // is trusted; else the rightmost X-Forwarded-For entry that is not a
  // trusted proxy (the hops left of it were written by the client and prove
  // nothing), else X-Real-IP, else `peer`. Never anything but an IP address.
  std::string ClientOf(const std::string& peer, const std::string& forwarded_for,
                       const std::string& real_ip) const;

 private:
  std::vector<std::string> addresses_;  // canonical
};

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_CLIENT_ADDRESS_H_
