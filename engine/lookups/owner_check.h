// Private to engine/lookups: does a fetched record belong to the person
// asking? Written so that "no such record" and "someone else's record" cost
// the same: every factor is compared, always, in constant time.
#ifndef FRONTDESK_ENGINE_LOOKUPS_OWNER_CHECK_H_
#define FRONTDESK_ENGINE_LOOKUPS_OWNER_CHECK_H_

#include <map>
#include <string>

#include "engine/pack/lookup_def.h"
#include "frontdesk/lookup.h"

namespace frontdesk::lookups_internal {

// What the asker offers as proof, normalized once per request.
struct OwnerProof {
  std::string verified_email;  // the sender's address if the adapter verified it, else ""
  std::string email;           // the `email` slot, else ""
  std::string postcode;        // the `postcode` slot, else ""
  std::string second;          // the owner's `with_postcode` slot, else ""

  // True when the proof could match a record at all: a verified sender, an
  // e-mail, or a postcode together with its second fact. A postcode alone
  // proves nothing, so it is not a usable proof.
  bool usable() const {
    return !verified_email.empty() || !email.empty() || (!postcode.empty() && !second.empty());
  }
};

// The owner fields of one record, raw (normalized by OwnerMatches).
struct OwnerRecord {
  std::string email;
  std::string postcode;
  std::string second;  // the `with_postcode` field
};

// Reads the proof from a request: e-mails trimmed and lower-cased (the
// address inside "Name <a@b>" when present), postcodes and the second fact
// without spaces and dashes, upper-cased. The second fact is read from
// owner.with_postcode.slot; none is read when that is "".
OwnerProof ProofFrom(const LookupRequest& request, const LookupOwner& owner);

std::string NormalizeEmail(const std::string& email);
std::string NormalizePostcode(const std::string& postcode);

// Compares without an early exit: the time depends on the longer length
// only, not on where the strings differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

// True when the record is the asker's: a non-empty verified sender or
// `email` slot equals the record's non-empty e-mail, or a non-empty postcode
// equals the record's non-empty postcode AND a non-empty second fact equals
// the record's non-empty second field. Branch-free: always performs all four
// comparisons, whatever each says.
bool OwnerMatches(const OwnerProof& proof, const OwnerRecord& record);

}  // namespace frontdesk::lookups_internal

#endif  // FRONTDESK_ENGINE_LOOKUPS_OWNER_CHECK_H_
