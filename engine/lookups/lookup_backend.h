// Private to engine/lookups: what a lookup kind (SQL, HTTP) implements. A
// backend fetches records; LookupService decides who may see them.
#ifndef FRONTDESK_ENGINE_LOOKUPS_LOOKUP_BACKEND_H_
#define FRONTDESK_ENGINE_LOOKUPS_LOOKUP_BACKEND_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "frontdesk/lookup.h"
#include "engine/pack/lookup_def.h"
#include "frontdesk/status.h"

namespace frontdesk::lookups_internal {

// One record before the owner check. The owner values never reach the reply.
struct FetchedRow {
  nlohmann::json fields = nlohmann::json::object();  // output fields
  std::string owner_email;
  std::string owner_postcode;
  std::string owner_second;  // the owner's `with_postcode` field
};

class LookupBackend {
 public:
  virtual ~LookupBackend() = default;
  // Appends at most def.limit records for `request` to *rows; no record is
  // a successful, empty fetch. Errors mean the source could not answer
  // (database busy, timeout, a non-JSON answer). Thread-safe.
  virtual Status Fetch(const LookupRequest& request, std::vector<FetchedRow>* rows) = 0;
};

// The value of `source` for `request`: a string, an integer (sender.verified)
// or null (a missing slot).
nlohmann::json SourceValue(const LookupSource& source, const LookupRequest& request);

}  // namespace frontdesk::lookups_internal

#endif  // FRONTDESK_ENGINE_LOOKUPS_LOOKUP_BACKEND_H_
