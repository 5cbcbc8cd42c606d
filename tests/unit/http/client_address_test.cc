// Who the client is behind a reverse proxy (the server wiring is checked
// with a real nginx in tests/integration/nginx_nodes_test.cc).
#include "adapters/http/client_address.h"

#include <gtest/gtest.h>

namespace frontdesk {
namespace {

TEST(CanonicalIp, OneSpellingPerAddress) {
  EXPECT_EQ(CanonicalIp("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(CanonicalIp("::ffff:10.0.0.7"), "10.0.0.7");
  EXPECT_EQ(CanonicalIp("2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_EQ(CanonicalIp("localhost"), "");
  EXPECT_EQ(CanonicalIp("10.0.0.1:80"), "");
  EXPECT_EQ(CanonicalIp(""), "");
}

TEST(TrustedProxies, OnlyATrustedPeerMayNameTheClient) {
  TrustedProxies proxies({"127.0.0.1", "::1", "not an ip"});
  EXPECT_EQ(proxies.ClientOf("127.0.0.1", "203.0.113.9", ""), "203.0.113.9");
  EXPECT_EQ(proxies.ClientOf("::1", "", "203.0.113.9"), "203.0.113.9");
  // Anyone else names nobody: the peer is the client.
  EXPECT_EQ(proxies.ClientOf("198.51.100.4", "203.0.113.9", "203.0.113.10"), "198.51.100.4");
  // Without headers, the proxy itself.
  EXPECT_EQ(proxies.ClientOf("127.0.0.1", "", ""), "127.0.0.1");
}

TEST(TrustedProxies, TheRightmostUntrustedHopWinsAndForgedHopsToItsLeftAreIgnored) {
  TrustedProxies proxies({"127.0.0.1", "10.0.0.2"});
  // The client wrote "1.2.3.4" itself; nginx appended the real peer.
  EXPECT_EQ(proxies.ClientOf("127.0.0.1", "1.2.3.4, 203.0.113.9", ""), "203.0.113.9");
  // Two proxies in a row: skip both.
  EXPECT_EQ(proxies.ClientOf("127.0.0.1", "203.0.113.9, 10.0.0.2", ""), "203.0.113.9");
  // Junk at the right stops the walk: X-Real-IP, else the peer.
  EXPECT_EQ(proxies.ClientOf("127.0.0.1", "1.2.3.4, unknown", "203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(proxies.ClientOf("127.0.0.1", "1.2.3.4, <script>", ""), "127.0.0.1");
  EXPECT_TRUE(TrustedProxies({}).empty());
}

}  // namespace
}  // namespace frontdesk
