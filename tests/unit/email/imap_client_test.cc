// The parsing of the IMAP server's untagged answers (the commands
// themselves run against a real Dovecot in tests/integration/mail_fetch_test.cc).
#include "adapters/email/imap_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace frontdesk::mail {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ImapResponses, SearchTakesTheUidsOfTheSearchLineOnly) {
  EXPECT_THAT(ParseSearchResponse("* FLAGS (\\Seen $FrontdeskTaken)\r\n* SEARCH 3 17 4294967295\r\n"),
              ElementsAre(3u, 17u, 4294967295u));
  EXPECT_THAT(ParseSearchResponse("* SEARCH\r\n"), IsEmpty());
  // Out of range, zero and junk are skipped rather than wrapped.
  EXPECT_THAT(ParseSearchResponse("* SEARCH 0 4294967296 x12 12\n"), ElementsAre(12u));
  EXPECT_THAT(ParseSearchResponse("* 3 EXISTS\r\n"), IsEmpty());
}

TEST(ImapResponses, SizesPairEachUidWithItsSizeInEitherOrder) {
  auto sizes = ParseSizeResponse(
      "* 1 FETCH (UID 7 RFC822.SIZE 1834)\r\n* 2 FETCH (RFC822.SIZE 99 UID 9)\r\n"
      "* 3 FETCH (FLAGS (\\Seen))\r\n* 4 FETCH (UID 11)\r\n* OK done\r\n");
  EXPECT_EQ(sizes.size(), 2u);
  EXPECT_EQ(sizes[7], 1834u);
  EXPECT_EQ(sizes[9], 99u);
}

}  // namespace
}  // namespace frontdesk::mail
