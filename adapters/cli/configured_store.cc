#include "adapters/cli/configured_store.h"

#include <cstdio>
#include <cstdlib>

#include "engine/pack/config_loader.h"
#include "engine/pack/url_template.h"
#include "engine/store/pg/pg_store.h"
#include "engine/store/sqlite_store.h"

namespace frontdesk::cli {
namespace {

bool Getenv(const std::string& name, std::string* value) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return false;
  *value = v;
  return true;
}

}  // namespace

bool HasStore(const Config& config) {
  return !config.store_postgres.empty() || (!config.store_path.empty() && config.store_path != ":memory:");
}

std::string StoreName(const Config& config) {
  if (!config.store_postgres.empty()) return "the PostgreSQL store (store.postgres)";
  return "the store " + config.store_path;
}

Status OpenStore(const Config& config, bool quiet, std::unique_ptr<Store>* store) {
  store->reset();
  if (!HasStore(config)) return Status::Ok();
  auto silent = [](const std::string&) {};
  if (!config.store_postgres.empty()) {
    PgStoreOptions options;
    // ExpandEnv names a missing variable, never the text around it.
    Status s = lookups_internal::ExpandEnv(config.store_postgres, Getenv, &options.conninfo);
    if (!s.ok()) return Status::InvalidArgument("store.postgres: " + s.message());
    options.max_connections = static_cast<size_t>(config.store_connections);
    if (quiet) options.log = silent;
    return OpenPgStore(options, store);
  }
  StoreOptions options;
  options.path = config.store_path;
  options.synchronous_full = config.synchronous_full;
  if (quiet) options.log = silent;
  return OpenSqliteStore(options, store);
}

Status WatchStoreEvents(const Config& config, PgEventHandlers handlers,
                        std::unique_ptr<PgEventWatch>* watch) {
  watch->reset();
  if (config.store_postgres.empty()) return Status::Ok();
  std::string conninfo;
  Status s = lookups_internal::ExpandEnv(config.store_postgres, Getenv, &conninfo);
  if (!s.ok()) return Status::InvalidArgument("store.postgres: " + s.message());
  return WatchPgEvents(conninfo, std::move(handlers), watch);
}

std::unique_ptr<Store> OpenConfiguredStore(const std::string& config_path,
                                           const std::string& command) {
  Diagnostics diags;
  Config config;
  if (!LoadConfig(config_path, &config, &diags)) {
    std::fputs(diags.ToString().c_str(), stderr);
    return nullptr;
  }
  if (!HasStore(config)) {
    std::fprintf(stderr,
                 "frontdesk %s: the config has no store (store: {path: FILE} or store: {postgres: CONNINFO})\n",
                 command.c_str());
    return nullptr;
  }
  std::unique_ptr<Store> store;
  Status s = OpenStore(config, /*quiet=*/true, &store);
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk %s: %s\n", command.c_str(), s.ToString().c_str());
    return nullptr;
  }
  return store;
}

}  // namespace frontdesk::cli
