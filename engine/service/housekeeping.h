// Housekeeping: what the store must forget on a schedule. Today: the
// idempotency keys of turns older than a day, so that a retry is answered
// from the first decision for a day (DESIGN.md: keys "expire") and the key
// table does not grow forever; the messages and decisions themselves stay.
// `serve` runs it every ten minutes.
#ifndef FRONTDESK_ENGINE_SERVICE_HOUSEKEEPING_H_
#define FRONTDESK_ENGINE_SERVICE_HOUSEKEEPING_H_

#include <cstdint>

#include "engine/store/store.h"
#include "frontdesk/clock.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct HousekeepingOptions {
  // How long an Idempotency-Key replays its first answer. Default: 86400 (a day).
  int64_t idempotency_seconds = 86400;
};

// REQUIRES: store and clock outlive the call. *expired = keys forgotten.
Status RunHousekeeping(Store* store, const Clock& clock, const HousekeepingOptions& options,
                       int64_t* expired);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_HOUSEKEEPING_H_
