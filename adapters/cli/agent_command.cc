// `frontdesk agent add NAME --role agent|admin | list | remove NAME`: the
// people who work tickets. `add` prints the token once, on stdout, and
// nowhere else; the store keeps only its hash. `list` never shows a secret.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "adapters/cli/commands.h"
#include "adapters/cli/configured_store.h"
#include "engine/service/agents.h"

namespace frontdesk::cli {
namespace {

const char kAgentUsage[] =
    "usage: frontdesk agent add NAME --role agent|admin | agent list | agent remove NAME"
    "  [-c CONFIG]\n";

// Who the audit log names for what the command line did.
const char kCliActor[] = "cli";

}  // namespace

int RunAgent(const Args& args) {
  const auto& p = args.positional;
  const std::string verb = p.empty() ? "" : p[0];
  const std::string role = args.Option("role", "agent");
  bool named = verb == "add" || verb == "remove";
  if ((named && p.size() != 2) || (verb == "list" && p.size() != 1) ||
      (!named && verb != "list") || (role != "agent" && role != "admin")) {
    std::fputs(kAgentUsage, stderr);
    return 2;
  }
  auto store = OpenConfiguredStore(args.config, "agent");
  if (store == nullptr) return 1;
  Agents agents(store.get());
  Status s;
  if (verb == "add") {
    std::string token;
    Agent agent;
    s = agents.Create(p[1], role, kCliActor, &token, &agent);
    if (!token.empty()) {
      std::printf("%s\n", token.c_str());
      std::fprintf(stderr, "agent '%s' (%s) added (id %lld); the token above is shown only now\n",
                   agent.name.c_str(), agent.role.c_str(), static_cast<long long>(agent.id));
    }
  } else if (verb == "list") {
    std::vector<Agent> list;
    s = agents.List(&list);
    for (const Agent& a : list)
      std::printf("%lld\t%s\t%s\t%lld\n", static_cast<long long>(a.id), a.name.c_str(),
                  a.role.c_str(), static_cast<long long>(a.created_unix));
  } else {
    s = agents.Remove(p[1], kCliActor);
    if (s.ok()) std::fprintf(stderr, "agent '%s' removed\n", p[1].c_str());
  }
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk agent %s: %s\n", verb.c_str(), s.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace frontdesk::cli
