#include "adapters/cli/configured_store.h"

#include <cstdio>

#include "engine/pack/config_loader.h"
#include "engine/store/sqlite_store.h"

namespace frontdesk::cli {

std::unique_ptr<Store> OpenConfiguredStore(const std::string& config_path,
                                           const std::string& command) {
  Diagnostics diags;
  Config config;
  if (!LoadConfig(config_path, &config, &diags)) {
    std::fputs(diags.ToString().c_str(), stderr);
    return nullptr;
  }
  if (config.store_path.empty() || config.store_path == ":memory:") {
    std::fprintf(stderr, "frontdesk %s: the config has no store file (store: {path: FILE})\n",
                 command.c_str());
    return nullptr;
  }
  StoreOptions options;
  options.path = config.store_path;
  options.log = [](const std::string&) {};
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore(options, &store);
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk %s: %s\n", command.c_str(), s.ToString().c_str());
    return nullptr;
  }
  return store;
}

}  // namespace frontdesk::cli
