#include "engine/service/api_keys.h"

#include "engine/base/secrets.h"
#include "engine/service/bearer_token.h"

namespace frontdesk {
namespace {

constexpr std::string_view kPrefix = "fd_";
constexpr size_t kSecretBytes = 32;

Status Denied() { return Status::PermissionDenied("not a valid API key"); }

}  // namespace

Status ApiKeys::Create(const std::string& name, std::string* token, ApiKey* key) {
  std::string secret;
  Status s = RandomHex(kSecretBytes, &secret);
  if (!s.ok()) return s;
  ApiKey k;
  k.name = name;
  k.secret_hash = Sha256Hex(secret);
  s = store_->AddApiKey(&k);
  if (!s.ok()) return s;
  *token = FormatBearerToken(kPrefix, k.id, secret);
  *key = k;
  return Status::Ok();
}

Status ApiKeys::Authenticate(std::string_view token, ApiKey* key) const {
  int64_t id = 0;
  std::string_view secret;
  if (!ParseBearerToken(token, kPrefix, &id, &secret)) return Denied();
  ApiKey k;
  Status s = Find(id, &k);
  if (s.code() == Status::Code::kNotFound) return Denied();
  if (!s.ok()) return s;
  if (!ConstantTimeEquals(Sha256Hex(secret), k.secret_hash)) return Denied();
  *key = k;
  return Status::Ok();
}

Status ApiKeys::Find(int64_t id, ApiKey* key) const {
  const Clock::time_point now = Clock::now();
  {
    MutexLock lock(&mu_);
    auto it = remembered_.find(id);
    if (it != remembered_.end() && it->second.until > now) {
      *key = it->second.key;
      return Status::Ok();
    }
  }
  Status s = store_->FindApiKey(id, key);
  MutexLock lock(&mu_);
  if (s.ok() && remember_.count() > 0) {
    remembered_[id] = {*key, now + remember_};
  } else {
    remembered_.erase(id);  // removed (or unreadable): never serve it from memory
  }
  return s;
}

Status ApiKeys::Remove(const std::string& name) {
  Status s = store_->RemoveApiKey(name);
  // This process forgets it at once; other processes within `remember`.
  MutexLock lock(&mu_);
  for (auto it = remembered_.begin(); it != remembered_.end();) {
    if (it->second.key.name == name) it = remembered_.erase(it);
    else ++it;
  }
  return s;
}

}  // namespace frontdesk
