// The config's store — SQLite (`store: {path: FILE}`) or PostgreSQL
// (`store: {postgres: CONNINFO}`) — opened in one place for every command
// that records or manages what lives in it (`serve`, `mail`, `key`, `agent`).
#ifndef FRONTDESK_ADAPTERS_CLI_CONFIGURED_STORE_H_
#define FRONTDESK_ADAPTERS_CLI_CONFIGURED_STORE_H_

#include <functional>
#include <memory>
#include <string>

#include "engine/pack/pack.h"
#include "engine/store/pg/pg_store.h"
#include "engine/store/store.h"

namespace frontdesk::cli {

// Whether the config names a durable store (a file other than ":memory:",
// or a PostgreSQL connection string).
bool HasStore(const Config& config);

// What the config's store is, for messages: "the store FILE" or "the
// PostgreSQL store" — never the connection string, which may hold a password.
std::string StoreName(const Config& config);

// Opens the config's store; *store stays null (and Ok is returned) when the
// config names none. On PostgreSQL, `${NAME}` in the connection string takes
// the environment's value; the store migrates its schema under an advisory
// lock, so nodes starting together migrate once. `quiet` drops the store's
// start-up line (which names the file, or PostgreSQL's host and database —
// never the password). Errors never quote the connection string.
Status OpenStore(const Config& config, bool quiet, std::unique_ptr<Store>* store);

// On PostgreSQL, starts a watch (pg_store.h: LISTEN/NOTIFY) that calls the
// handlers for each chat event, and each customer message on a ticket, any
// node commits; *watch stays null on SQLite, whose other processes' events
// the streams' poll finds.
Status WatchStoreEvents(const Config& config, PgEventHandlers handlers,
                        std::unique_ptr<PgEventWatch>* watch);

// Opens the store of `config_path` quietly; nullptr after printing why to
// stderr, prefixed "frontdesk COMMAND:".
std::unique_ptr<Store> OpenConfiguredStore(const std::string& config_path,
                                           const std::string& command);

}  // namespace frontdesk::cli

#endif  // FRONTDESK_ADAPTERS_CLI_CONFIGURED_STORE_H_
