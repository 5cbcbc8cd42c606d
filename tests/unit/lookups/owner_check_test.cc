// Proof of ownership (engine/lookups/owner_check.cc): a verified sender
// address or the `email` slot must equal the record's e-mail, or the
// `postcode` slot the record's postcode together with the second fact
// (`with_postcode`) its field, after normalisation; no proof, a postcode
// alone, or a record without owner fields never matches.
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

// The shop's owner spec: a postcode needs the last 4 digits of the phone.
LookupOwner ShopOwner() {
  LookupOwner owner;
  owner.email = "owner_email";
  owner.postcode = "owner_postcode";
  owner.with_postcode = {"phone_last4", "owner_phone_last4", {}};
  return owner;
}

OwnerProof Proof(const std::string& from, bool verified, std::map<std::string, std::string> slots = {}) {
  return ProofFrom(Request(from, verified, std::move(slots)), ShopOwner());
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
  OwnerProof verified = Proof("Lan <LAN@example.com>", true);
  EXPECT_EQ(verified.verified_email, "lan@example.com");
  EXPECT_EQ(verified.email, "");
  EXPECT_EQ(verified.postcode, "");
  EXPECT_TRUE(verified.usable());

  OwnerProof unverified = Proof("lan@example.com", false);
  EXPECT_EQ(unverified.verified_email, "");
  EXPECT_FALSE(unverified.usable());

  OwnerProof slots = Proof("", false, {{"email", " Lan@Example.com "}, {"postcode", "sw1a 1aa"},
                                       {"phone_last4", " 56-78 "}, {"order_id", "A1"}});
  EXPECT_EQ(slots.verified_email, "");
  EXPECT_EQ(slots.email, "lan@example.com");
  EXPECT_EQ(slots.postcode, "SW1A1AA");
  EXPECT_EQ(slots.second, "5678");
}

// The second fact is read from the slot the owner spec names, and only then.
TEST(OwnerCheckTest, ProofFromReadsTheConfiguredSecondFact) {
  LookupRequest r = Request("", false, {{"postcode", "70000"}, {"phone_last4", "5678"}, {"dob", "1990"}});
  LookupOwner owner = ShopOwner();
  EXPECT_EQ(ProofFrom(r, owner).second, "5678");
  owner.with_postcode.slot = "dob";
  EXPECT_EQ(ProofFrom(r, owner).second, "1990");
  owner.with_postcode = LookupOwnerFact();
  OwnerProof none = ProofFrom(r, owner);
  EXPECT_EQ(none.second, "");
  EXPECT_FALSE(none.usable());  // a postcode alone is no proof
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
  OwnerProof proof = Proof("Lan <lan@example.com>", true);
  EXPECT_TRUE(OwnerMatches(proof, {"LAN@example.com ", "", ""}));
  EXPECT_TRUE(OwnerMatches(proof, {"Lan Nguyen <lan@EXAMPLE.com>", "70000", "5678"}));
  EXPECT_FALSE(OwnerMatches(proof, {"someone.else@example.com", "70000", "5678"}));
  // A verified sender is no proof of a postcode.
  EXPECT_FALSE(OwnerMatches(proof, {"", "70000", "5678"}));
}

TEST(OwnerCheckTest, UnverifiedSenderIsNoProof) {
  OwnerProof proof = Proof("lan@example.com", false);
  EXPECT_FALSE(OwnerMatches(proof, {"lan@example.com", "70000", "5678"}));
}

TEST(OwnerCheckTest, EmailSlotMatchesTheRecordsEmail) {
  OwnerProof proof = Proof("", false, {{"email", "  LAN@Example.com"}});
  EXPECT_TRUE(OwnerMatches(proof, {"lan@example.com", "", ""}));
  EXPECT_FALSE(OwnerMatches(proof, {"lan@example.org", "", ""}));
  EXPECT_FALSE(OwnerMatches(proof, {"lan@example.co", "", ""}));
  // An e-mail is not compared with the postcode or the second fact.
  EXPECT_FALSE(OwnerMatches(proof, {"", "lan@example.com", "lan@example.com"}));
}

TEST(OwnerCheckTest, PostcodeAndSecondFactMatchTheRecord) {
  OwnerProof proof = Proof("", false, {{"postcode", "sw1a-1aa"}, {"phone_last4", "5678"}});
  EXPECT_TRUE(OwnerMatches(proof, {"", "SW1A 1AA", "5678"}));
  EXPECT_TRUE(OwnerMatches(proof, {"lan@example.com", "sw1a1aa", "56 78"}));
  EXPECT_FALSE(OwnerMatches(proof, {"lan@example.com", "SW1A 1AB", "5678"}));
  EXPECT_FALSE(OwnerMatches(proof, {"lan@example.com", "", "5678"}));
  EXPECT_FALSE(OwnerMatches(proof, {"lan@example.com", "SW1A 1AA", ""}));
}

TEST(OwnerCheckTest, AnyOneProofIsEnoughAndWrongOnesDoNotVeto) {
  OwnerProof proof = Proof("wrong@example.com", true,
                           {{"email", "also.wrong@example.com"}, {"postcode", "70000"}, {"phone_last4", "5678"}});
  EXPECT_TRUE(OwnerMatches(proof, {"lan@example.com", "70000", "5678"}));
  EXPECT_FALSE(OwnerMatches(proof, {"lan@example.com", "70001", "5678"}));
  OwnerProof by_email = Proof("", false, {{"email", "lan@example.com"}, {"postcode", "99999"}});
  EXPECT_TRUE(OwnerMatches(by_email, {"lan@example.com", "70000", "5678"}));
}

TEST(OwnerCheckTest, NoProofNeverMatches) {
  OwnerProof none = Proof("", false);
  EXPECT_FALSE(OwnerMatches(none, {"lan@example.com", "70000", "5678"}));
  // Empty proof against empty record fields is not a match either.
  EXPECT_FALSE(OwnerMatches(none, {"", "", ""}));
  OwnerProof blank = Proof("   ", true, {{"email", "  "}, {"postcode", " - "}, {"phone_last4", " "}});
  EXPECT_EQ(blank.verified_email, "");
  EXPECT_EQ(blank.email, "");
  EXPECT_EQ(blank.postcode, "");
  EXPECT_EQ(blank.second, "");
  EXPECT_FALSE(blank.usable());
  EXPECT_FALSE(OwnerMatches(blank, {"", "", ""}));
  EXPECT_FALSE(OwnerMatches(blank, {"lan@example.com", "70000", "5678"}));
}

TEST(OwnerCheckTest, RecordWithoutOwnerFieldsNeverMatches) {
  OwnerProof proof = Proof("lan@example.com", true,
                           {{"email", "lan@example.com"}, {"postcode", "70000"}, {"phone_last4", "5678"}});
  EXPECT_FALSE(OwnerMatches(proof, {"", "", ""}));
  EXPECT_FALSE(OwnerMatches(proof, {"  ", " - ", " "}));  // blank after normalisation
}

}  // namespace
}  // namespace frontdesk::lookups_internal
