// `frontdesk key add NAME | list | remove NAME`: the integration API's keys.
// `add` prints the token once, on stdout, and nowhere else; the store keeps
// only its hash.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "adapters/cli/commands.h"
#include "adapters/cli/configured_store.h"
#include "engine/service/api_keys.h"

namespace frontdesk::cli {
namespace {

const char kKeyUsage[] =
    "usage: frontdesk key add NAME | key list | key remove NAME  [-c CONFIG]\n";

}  // namespace

int RunKey(const Args& args) {
  const auto& p = args.positional;
  const std::string verb = p.empty() ? "" : p[0];
  bool named = verb == "add" || verb == "remove";
  if ((named && p.size() != 2) || (verb == "list" && p.size() != 1) || (!named && verb != "list")) {
    std::fputs(kKeyUsage, stderr);
    return 2;
  }
  auto store = OpenConfiguredStore(args.config, "key");
  if (store == nullptr) return 1;
  ApiKeys keys(store.get());
  Status s;
  if (verb == "add") {
    std::string token;
    ApiKey key;
    s = keys.Create(p[1], &token, &key);
    if (s.ok()) {
      std::printf("%s\n", token.c_str());
      std::fprintf(stderr, "key '%s' added (id %lld); the token above is shown only now\n",
                   key.name.c_str(), static_cast<long long>(key.id));
    }
  } else if (verb == "list") {
    std::vector<ApiKey> list;
    s = keys.List(&list);
    for (const auto& k : list)
      std::printf("%lld\t%s\t%lld\n", static_cast<long long>(k.id), k.name.c_str(),
                  static_cast<long long>(k.created_unix));
  } else {
    s = keys.Remove(p[1]);
    if (s.ok()) std::fprintf(stderr, "key '%s' removed\n", p[1].c_str());
  }
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk key %s: %s\n", verb.c_str(), s.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace frontdesk::cli
