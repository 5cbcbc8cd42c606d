// CheckSqlLookups: compiles every SQL lookup of a pack against its database
// before any customer writes: one read-only SELECT, every parameter
// declared and used, the owner columns present. Part of `frontdesk check`
// and of every start-up and reload.
//
// Writes nothing. A database that does not exist yet but that the config
// builds from SQL (`databases: [{path, build_from}]`) is checked against an
// in-memory copy built from that script.
#ifndef FRONTDESK_ENGINE_LOOKUPS_LOOKUP_CHECK_H_
#define FRONTDESK_ENGINE_LOOKUPS_LOOKUP_CHECK_H_

#include <vector>

#include "engine/base/diagnostics.h"
#include "engine/pack/lookup_def.h"
#include "engine/pack/pack.h"

namespace frontdesk {

// Reports each problem to *diags at the `database`, `query`, `owner` or
// param it is about.
void CheckSqlLookups(const Config& config, const std::vector<LookupDef>& lookups,
                     Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_LOOKUPS_LOOKUP_CHECK_H_
