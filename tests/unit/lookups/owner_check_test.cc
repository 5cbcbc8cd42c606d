// Proof of ownership (engine/lookups/owner_check.cc): a verified sender
// address, or the `email` or `postcode` slot, must equal the record's value
// after normalisation; no proof, or a record without owner fields, never
// matches.
#include "engine/lookups/owner_check.h"

#include "tests/test_util.h"

namespace frontdesk::lookups_internal {
namespace {

LookupRequest Request(const std::string& from, bool verified,
                      std::map<std::string, std::string> slots = {}) {
  LookupRequest r;
  r.name = "order_status";
  r.from = from;
  r.from_verified = verified;
  r.slots = std::move(slots);
  return r;
}

TEST(OwnerCheckTest, NormalizeEmailTrimsLowerCasesAndUnwrapsTheAddress) {
  EXPECT_EQ(NormalizeEmail("  Lan.Nguyen@Example.COM \t\r\n"), "lan.nguyen@example.com");
  EXPECT_EQ(NormalizeEmail("Lan Nguyen <Lan@Example.com>"), "lan@example.com");
  EXPECT_EQ(NormalizeEmail("\"Nguyen, Lan\" < lan@example.com >"), "lan@example.com");
  EXPECT_EQ(NormalizeEmail(""), "");
  EXPECT_EQ(NormalizeEmail("   "), "");
  // Only a closed <...> is unwrapped.
  EXPECT_EQ(NormalizeEmail("lan@example.com>"), "lan@example.com>");
  EXPECT_EQ(NormalizeEmail("<lan@example.com"), "<lan@example.com");
}

TEST(OwnerCheckTest, NormalizePostcodeDropsSpacesAndDashesAndUpperCases) {
  EXPECT_EQ(NormalizePostcode("sw1a 1aa"), "SW1A1AA");
  EXPECT_EQ(NormalizePostcode(" 700-000\t"), "700000");
  EXPECT_EQ(NormalizePostcode("SW1A1AA"), "SW1A1AA");
  EXPECT_EQ(NormalizePostcode(" - "), "");
  EXPECT_EQ(NormalizePostcode("12.345"), "12.345");  // only spaces and dashes go
}

TEST(OwnerCheckTest, ProofFromTakesTheSenderOnlyWhenVerified) {
  OwnerProof verified = ProofFrom(Request("Lan <LAN@example.com>", true));
  EXPECT_EQ(verified.verified_email, "lan@example.com");
  EXPECT_EQ(verified.email, "");
  EXPECT_EQ(verified.postcode, "");

  OwnerProof unverified = ProofFrom(Request("lan@example.com", false));
  EXPECT_EQ(unverified.verified_email, "");

  OwnerProof slots = ProofFrom(
      Request("", false, {{"email", " Lan@Example.com "}, {"postcode", "sw1a 1aa"}, {"order_id", "A1"}}));
  EXPECT_EQ(slots.verified_email, "");
  EXPECT_EQ(slots.email, "lan@example.com");
  EXPECT_EQ(slots.postcode, "SW1A1AA");
}

TEST(OwnerCheckTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("xbc", "abc"));
  // A prefix is not equal, whichever side is longer, nor is a NUL-padded copy.
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("abcd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("abc\0", 4), "abc"));
}

TEST(OwnerCheckTest, VerifiedSenderMatchesTheRecordsEmail) {
  OwnerProof proof = ProofFrom(Request("Lan <lan@example.com>", true));
  EXPECT_TRUE(OwnerMatches(proof, "LAN@example.com ", ""));
  EXPECT_TRUE(OwnerMatches(proof, "Lan Nguyen <lan@EXAMPLE.com>", "70000"));
  EXPECT_FALSE(OwnerMatches(proof, "someone.else@example.com", "70000"));
  // A verified sender is no proof of a postcode.
  EXPECT_FALSE(OwnerMatches(proof, "", "70000"));
}

TEST(OwnerCheckTest, UnverifiedSenderIsNoProof) {
  OwnerProof proof = ProofFrom(Request("lan@example.com", false));
  EXPECT_FALSE(OwnerMatches(proof, "lan@example.com", "70000"));
}

TEST(OwnerCheckTest, EmailSlotMatchesTheRecordsEmail) {
  OwnerProof proof = ProofFrom(Request("", false, {{"email", "  LAN@Example.com"}}));
  EXPECT_TRUE(OwnerMatches(proof, "lan@example.com", ""));
  EXPECT_FALSE(OwnerMatches(proof, "lan@example.org", ""));
  EXPECT_FALSE(OwnerMatches(proof, "lan@example.co", ""));
  // An e-mail is not compared with the postcode.
  EXPECT_FALSE(OwnerMatches(proof, "", "lan@example.com"));
}

TEST(OwnerCheckTest, PostcodeSlotMatchesTheRecordsPostcode) {
  OwnerProof proof = ProofFrom(Request("", false, {{"postcode", "sw1a-1aa"}}));
  EXPECT_TRUE(OwnerMatches(proof, "", "SW1A 1AA"));
  EXPECT_TRUE(OwnerMatches(proof, "lan@example.com", "sw1a1aa"));
  EXPECT_FALSE(OwnerMatches(proof, "lan@example.com", "SW1A 1AB"));
  EXPECT_FALSE(OwnerMatches(proof, "lan@example.com", ""));
}

TEST(OwnerCheckTest, AnyOneFactorIsEnoughAndWrongOnesDoNotVeto) {
  OwnerProof proof = ProofFrom(Request("wrong@example.com", true,
                                       {{"email", "also.wrong@example.com"}, {"postcode", "70000"}}));
  EXPECT_TRUE(OwnerMatches(proof, "lan@example.com", "70000"));
  EXPECT_FALSE(OwnerMatches(proof, "lan@example.com", "70001"));
}

TEST(OwnerCheckTest, NoProofNeverMatches) {
  OwnerProof none = ProofFrom(Request("", false));
  EXPECT_FALSE(OwnerMatches(none, "lan@example.com", "70000"));
  // Empty proof against empty record fields is not a match either.
  EXPECT_FALSE(OwnerMatches(none, "", ""));
  OwnerProof blank = ProofFrom(Request("   ", true, {{"email", "  "}, {"postcode", " - "}}));
  EXPECT_EQ(blank.verified_email, "");
  EXPECT_EQ(blank.email, "");
  EXPECT_EQ(blank.postcode, "");
  EXPECT_FALSE(OwnerMatches(blank, "", ""));
  EXPECT_FALSE(OwnerMatches(blank, "lan@example.com", "70000"));
}

TEST(OwnerCheckTest, RecordWithoutOwnerFieldsNeverMatches) {
  OwnerProof proof = ProofFrom(
      Request("lan@example.com", true, {{"email", "lan@example.com"}, {"postcode", "70000"}}));
  EXPECT_FALSE(OwnerMatches(proof, "", ""));
  EXPECT_FALSE(OwnerMatches(proof, "  ", " - "));  // blank after normalisation
}

}  // namespace
}  // namespace frontdesk::lookups_internal
