// ApiKeys: the keys a shop's own backend uses on the integration API
// (`Authorization: Bearer TOKEN` on POST /v1/messages). A token is
// "fd_<id>_<secret>": the id finds the key, the secret (32 random bytes) is
// stored only as its SHA-256 and compared in constant time. The whole token
// is shown once, by `frontdesk key add`.
#ifndef FRONTDESK_ENGINE_SERVICE_API_KEYS_H_
#define FRONTDESK_ENGINE_SERVICE_API_KEYS_H_

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/mutex.h"
#include "engine/store/store.h"
#include "frontdesk/status.h"

namespace frontdesk {

class ApiKeys {
 public:
  // A key found in the store is remembered for `remember` so that a request
  // does not read the store to authenticate (bench/README.md, "HTTP"): a key
  // removed by another process (`frontdesk key remove` beside `serve`) keeps
  // working for at most that long. Only the key's row is remembered, never a
  // token; each request is still hashed and compared.
  // REQUIRES: store outlives this object.
  explicit ApiKeys(Store* store, std::chrono::milliseconds remember = std::chrono::seconds(2))
      : store_(store), remember_(remember) {}

  // Makes a key named `name` (1..100 bytes, unique); *token is the only copy
  // of its secret.
  Status Create(const std::string& name, std::string* token, ApiKey* key);
  // The live key `token` belongs to. Any token that is not one -- malformed,
  // an unknown or removed id, a wrong secret -- is kPermissionDenied with the
  // same message; other codes mean the store failed. Thread-safe.
  Status Authenticate(std::string_view token, ApiKey* key) const;
  Status List(std::vector<ApiKey>* keys) const { return store_->ListApiKeys(keys); }
  Status Remove(const std::string& name);

 private:
  using Clock = std::chrono::steady_clock;
  struct Remembered {
    ApiKey key;
    Clock::time_point until;
  };
  // The key with this id: remembered, else read from the store.
  Status Find(int64_t id, ApiKey* key) const;

  Store* store_;
  const std::chrono::milliseconds remember_;
  mutable Mutex mu_;
  mutable std::map<int64_t, Remembered> remembered_ GUARDED_BY(mu_);
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_API_KEYS_H_
