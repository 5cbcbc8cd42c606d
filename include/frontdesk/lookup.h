// LookupRunner: how the engine asks for shop data (orders, stock, repairs)
// without opening a socket or a database itself.
#ifndef FRONTDESK_INCLUDE_FRONTDESK_LOOKUP_H_
#define FRONTDESK_INCLUDE_FRONTDESK_LOOKUP_H_

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "frontdesk/status.h"

namespace frontdesk {

// The slots a customer proves ownership of an order or repair with (besides a
// verified sender address): the e-mail address or the postcode on the record.
inline constexpr const char* kOwnerProofSlots[] = {"email", "postcode"};

struct LookupRequest {
  std::string name;                          // lookup name from the rule
  std::map<std::string, std::string> slots;  // slots known so far
  std::string from;                          // sender address
  bool from_verified = false;
  std::string conversation_id;
  std::string client_address;
  std::string language;
};

struct LookupResult {
  // False both when nothing exists and when it is not the sender's: the reply
  // must not tell the two apart.
  bool found = false;
  // True when the attempt counted against the owner-verification limits and
  // those limits are now exhausted: the conversation should escalate.
  bool limited = false;
  nlohmann::json data = nlohmann::json::object();  // fields for {{lookup.*}}
};

class LookupRunner {
 public:
  virtual ~LookupRunner() = default;
  // Returns an error only when the lookup could not run (database down,
  // timeout); "not found" is a successful run with found = false.
  // Thread-safe.
  virtual Status Run(const LookupRequest& request, LookupResult* result) = 0;
  // True when `name` is a lookup this runner knows (for pack validation).
  virtual bool Has(const std::string& name) const = 0;
};

}  // namespace frontdesk

#endif  // FRONTDESK_INCLUDE_FRONTDESK_LOOKUP_H_
