// Cross-reference checks of a whole pack: everything it names must exist
// (intents, slots, templates, lookups, FAQ entries), so that a mistake is
// reported by `frontdesk check`, not discovered by a customer.
#ifndef FRONTDESK_ENGINE_PACK_PACK_VALIDATE_H_
#define FRONTDESK_ENGINE_PACK_PACK_VALIDATE_H_

#include "engine/base/diagnostics.h"
#include "engine/pack/pack.h"

namespace frontdesk {

// Reports every problem to *diags with the FILE:LINE:COL of its cause.
void ValidatePackDefs(const Config& config, const PackDefs& defs, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_PACK_VALIDATE_H_
