#include "engine/service/housekeeping.h"

namespace frontdesk {

Status RunHousekeeping(Store* store, const Clock& clock, const HousekeepingOptions& options,
                       int64_t* expired) {
  return store->ExpireIdempotencyKeys(clock.NowUnix() - options.idempotency_seconds, expired);
}

}  // namespace frontdesk
