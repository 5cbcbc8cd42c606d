// Agents: the people who work tickets, with their bearer tokens. A token is
// "fda_<id>_<secret>" (engine/service/bearer_token.h): the id finds the
// agent, the secret (32 random bytes) is stored only as its SHA-256 and
// compared in constant time. The whole token is shown once, by
// `frontdesk agent add`. Roles: "agent" works tickets; "admin" also reloads
// packs and manages agents and keys.
#ifndef FRONTDESK_ENGINE_SERVICE_AGENTS_H_
#define FRONTDESK_ENGINE_SERVICE_AGENTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/store/store.h"
#include "frontdesk/status.h"

namespace frontdesk {

class Agents {
 public:
  // REQUIRES: store outlives this object.
  explicit Agents(Store* store) : store_(store) {}

  // Makes an agent `name` (1..100 bytes, never used before) with `role`
  // ("agent" | "admin"); *token is the only copy of its secret. Audited as
  // `actor`.
  Status Create(const std::string& name, const std::string& role, const std::string& actor,
                std::string* token, Agent* agent);
  // The live agent `token` belongs to. Any token that is not one --
  // malformed, an unknown or removed id, a wrong secret -- is
  // kPermissionDenied with the same message; other codes mean the store
  // failed. The store is read on every call, so a removal takes effect at
  // once, in every process. Thread-safe.
  Status Authenticate(std::string_view token, Agent* agent) const;
  Status List(std::vector<Agent>* agents) const { return store_->ListAgents(agents); }
  // Audited as `actor`.
  Status Remove(const std::string& name, const std::string& actor);

  static bool IsAdmin(const Agent& agent) { return agent.role == "admin"; }

 private:
  Store* store_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_AGENTS_H_
