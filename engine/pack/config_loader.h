// Reads frontdesk.yaml into Config. The engine never reads YAML itself.
#ifndef FRONTDESK_ENGINE_PACK_CONFIG_LOADER_H_
#define FRONTDESK_ENGINE_PACK_CONFIG_LOADER_H_

#include <string>

#include "engine/base/diagnostics.h"
#include "engine/pack/pack.h"

namespace frontdesk {

// Loads `path`. Every problem goes to *diags; returns diags->ok().
bool LoadConfig(const std::string& path, Config* config, Diagnostics* diags);

// Parses "HH:MM-HH:MM" into minutes since midnight; false on bad input.
bool ParseHourRange(const std::string& s, std::pair<int, int>* out);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_CONFIG_LOADER_H_
