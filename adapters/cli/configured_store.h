// The config's SQLite store, for the commands that manage what lives in it
// (`key`, `agent`) without starting the packs.
#ifndef FRONTDESK_ADAPTERS_CLI_CONFIGURED_STORE_H_
#define FRONTDESK_ADAPTERS_CLI_CONFIGURED_STORE_H_

#include <memory>
#include <string>

#include "engine/store/store.h"

namespace frontdesk::cli {

// Opens the store of `config_path` quietly; nullptr after printing why to
// stderr, prefixed "frontdesk COMMAND:".
std::unique_ptr<Store> OpenConfiguredStore(const std::string& config_path,
                                           const std::string& command);

}  // namespace frontdesk::cli

#endif  // FRONTDESK_ADAPTERS_CLI_CONFIGURED_STORE_H_
