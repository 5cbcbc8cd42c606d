#include "engine/service/agents.h"

#include "engine/base/secrets.h"
#include "engine/service/bearer_token.h"

namespace frontdesk {
namespace {

constexpr std::string_view kPrefix = "fda_";
constexpr size_t kSecretBytes = 32;

Status Denied() { return Status::PermissionDenied("not a valid agent token"); }

}  // namespace

Status Agents::Create(const std::string& name, const std::string& role, const std::string& actor,
                      std::string* token, Agent* agent) {
  std::string secret;
  Status s = RandomHex(kSecretBytes, &secret);
  if (!s.ok()) return s;
  Agent a;
  a.name = name;
  a.role = role;
  a.token_hash = Sha256Hex(secret);
  s = store_->AddAgent(&a);
  if (!s.ok()) return s;
  // The agent exists even if this entry fails; the caller hears about it.
  s = store_->Audit({0, 0, actor, "agent.add", "agent:" + a.name, "role " + a.role});
  *token = FormatBearerToken(kPrefix, a.id, secret);
  *agent = a;
  return s;
}

Status Agents::Authenticate(std::string_view token, Agent* agent) const {
  int64_t id = 0;
  std::string_view secret;
  if (!ParseBearerToken(token, kPrefix, &id, &secret)) return Denied();
  Agent a;
  Status s = store_->FindAgent(id, &a);
  if (s.code() == Status::Code::kNotFound) return Denied();
  if (!s.ok()) return s;
  if (!ConstantTimeEquals(Sha256Hex(secret), a.token_hash)) return Denied();
  *agent = a;
  return Status::Ok();
}

Status Agents::Remove(const std::string& name, const std::string& actor) {
  Status s = store_->RemoveAgent(name);
  if (!s.ok()) return s;
  return store_->Audit({0, 0, actor, "agent.remove", "agent:" + name, ""});
}

}  // namespace frontdesk
