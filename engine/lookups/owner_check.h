// Private to engine/lookups: does a fetched record belong to the person
// asking? Written so that "no such record" and "someone else's record" cost
// the same: every factor is compared, always, in constant time.
#ifndef FRONTDESK_ENGINE_LOOKUPS_OWNER_CHECK_H_
#define FRONTDESK_ENGINE_LOOKUPS_OWNER_CHECK_H_

#include <map>
#include <string>

#include "frontdesk/lookup.h"

namespace frontdesk::lookups_internal {

// What the asker offers as proof, normalized once per request.
struct OwnerProof {
  std::string verified_email;  // the sender's address if the adapter verified it, else ""
  std::string email;           // the `email` slot, else ""
  std::string postcode;        // the `postcode` slot, else ""
};

// Reads the proof from a request: e-mails trimmed and lower-cased (the
// address inside "Name <a@b>" when present), postcodes without spaces and
// dashes, upper-cased.
OwnerProof ProofFrom(const LookupRequest& request);

std::string NormalizeEmail(const std::string& email);
std::string NormalizePostcode(const std::string& postcode);

// Compares without an early exit: the time depends on the longer length
// only, not on where the strings differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

// True when a non-empty proof equals the record's non-empty e-mail or
// postcode (raw values from the record; normalized here). Always performs
// all three comparisons.
bool OwnerMatches(const OwnerProof& proof, const std::string& record_email,
                  const std::string& record_postcode);

}  // namespace frontdesk::lookups_internal

#endif  // FRONTDESK_ENGINE_LOOKUPS_OWNER_CHECK_H_
