// Private to engine/store: the statements behind owner-check attempt counters
// (Store::ChargeAttempt), shared by every process on the database. As in
// write_ops.h, Write* run on the writer thread inside a group-commit
// transaction (which is what makes the count and the charge one atomic
// step), Read* on whatever connection they are given; both may throw
// SQLite::Exception.
#ifndef FRONTDESK_ENGINE_STORE_ATTEMPT_OPS_H_
#define FRONTDESK_ENGINE_STORE_ATTEMPT_OPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/store/sql.h"
#include "engine/store/store.h"
#include "frontdesk/status.h"

namespace frontdesk::store_internal {

// The REQUIRES of AttemptCharge; also used by the PostgreSQL store.
Status ValidateAttemptCharge(const AttemptCharge& charge);

// Expired failures removed per charge: enough to outpace the charges, small
// enough that no charge pays for a long sweep.
inline constexpr int kAttemptSweepRows = 64;

// Given how many failures each of the charge's counters holds in its
// window (counts[i] for charge.counters[i]): whether the charge fits (no
// counter is full) and, if so, whether it fills one (*exhausted; false
// when it does not fit). The rule
// of both engines' WriteChargeAttempt.
bool ChargeFits(const AttemptCharge& charge, const std::vector<int64_t>& counts, bool* exhausted);

Status WriteChargeAttempt(Connection& c, const AttemptCharge& charge, bool* allowed, bool* exhausted);
Status WriteForgiveAttempt(Connection& c, const std::string& attempt);
Status ReadAttemptCount(Connection& c, const std::string& counter, int64_t since_unix, int64_t* count);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_ATTEMPT_OPS_H_
