// Business-hours arithmetic in the shop's fixed UTC offset.
#ifndef FRONTDESK_ENGINE_DECIDE_BUSINESS_HOURS_H_
#define FRONTDESK_ENGINE_DECIDE_BUSINESS_HOURS_H_

#include <cstdint>
#include <string>

#include "engine/pack/pack.h"

namespace frontdesk {

// True when the shop is open at `unix`. Without configured hours: always.
bool IsOpen(const BusinessHours& hours, int64_t unix);

// The moment `hours_needed` business hours after `unix` (counting only open
// time). Without configured hours, plain hours.
int64_t AddBusinessHours(const BusinessHours& hours, int64_t unix, int hours_needed);

// "2026-11-23 17:00" in the shop's local time.
std::string FormatLocal(const BusinessHours& hours, int64_t unix);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_DECIDE_BUSINESS_HOURS_H_
