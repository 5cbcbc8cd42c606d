// Owner-check attempt counters (Store::ChargeAttempt) on PostgreSQL. Two
// nodes charging one counter at once must not both pass its last free
// slot: each charge first takes a transaction-scoped advisory lock per
// counter (in a key space of our own, in one order so that two charges
// never wait on each other in a circle), then counts and inserts.
#include <algorithm>
#include <vector>

#include "engine/store/attempt_ops.h"
#include "engine/store/pg/pg_ops.h"

namespace frontdesk::store_internal::pg {
namespace {

int64_t CountSince(Tx& t, const std::string& counter, int64_t since_unix) {
  return Int(t.One("SELECT COUNT(*) FROM owner_attempts WHERE counter = $1 AND at > $2", counter,
                   since_unix)[0]);
}

}  // namespace

Status WriteChargeAttempt(Tx& t, const AttemptCharge& charge, bool* allowed, bool* exhausted) {
  *allowed = false;
  *exhausted = false;
  std::vector<std::string> ids;
  for (const AttemptCharge::Counter& counter : charge.counters) ids.push_back(counter.id);
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) t.Run("SELECT pg_advisory_xact_lock(1717859190, hashtext($1))", id);
  t.Run("DELETE FROM owner_attempts WHERE ctid IN "
        "(SELECT ctid FROM owner_attempts WHERE expires_at <= $1 LIMIT $2)",
        charge.now_unix, kAttemptSweepRows);
  const int64_t since = charge.now_unix - charge.window_seconds;
  std::vector<int64_t> counts;
  for (const AttemptCharge::Counter& counter : charge.counters)
    counts.push_back(CountSince(t, counter.id, since));
  if (!ChargeFits(charge, counts, exhausted)) return Status::Ok();
  for (const AttemptCharge::Counter& counter : charge.counters) {
    t.Run("INSERT INTO owner_attempts (counter, attempt, at, expires_at) VALUES ($1, $2, $3, $4)",
          counter.id, charge.attempt, charge.now_unix, charge.now_unix + charge.window_seconds);
  }
  *allowed = true;
  return Status::Ok();
}

Status WriteForgiveAttempt(Tx& t, const std::string& attempt) {
  t.Run("DELETE FROM owner_attempts WHERE attempt = $1", attempt);
  return Status::Ok();
}

Status ReadAttemptCount(Tx& t, const std::string& counter, int64_t since_unix, int64_t* count) {
  *count = CountSince(t, counter, since_unix);
  return Status::Ok();
}

}  // namespace frontdesk::store_internal::pg
