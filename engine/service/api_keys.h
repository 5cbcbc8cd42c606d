// ApiKeys: the keys a shop's own backend uses on the integration API
// (`Authorization: Bearer TOKEN` on POST /v1/messages). A token is
// "fd_<id>_<secret>": the id finds the key, the secret (32 random bytes) is
// stored only as its SHA-256 and compared in constant time. The whole token
// is shown once, by `frontdesk key add`.
#ifndef FRONTDESK_ENGINE_SERVICE_API_KEYS_H_
#define FRONTDESK_ENGINE_SERVICE_API_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/store/store.h"
#include "frontdesk/status.h"

namespace frontdesk {

class ApiKeys {
 public:
  // REQUIRES: store outlives this object.
  explicit ApiKeys(Store* store) : store_(store) {}

  // Makes a key named `name` (1..100 bytes, unique); *token is the only copy
  // of its secret.
  Status Create(const std::string& name, std::string* token, ApiKey* key);
  // The live key `token` belongs to. Any token that is not one -- malformed,
  // an unknown or removed id, a wrong secret -- is kPermissionDenied with the
  // same message; other codes mean the store failed. Thread-safe.
  Status Authenticate(std::string_view token, ApiKey* key) const;
  Status List(std::vector<ApiKey>* keys) const { return store_->ListApiKeys(keys); }
  Status Remove(const std::string& name) { return store_->RemoveApiKey(name); }

 private:
  Store* store_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_API_KEYS_H_
