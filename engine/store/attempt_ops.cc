#include "engine/store/attempt_ops.h"

#include <vector>

namespace frontdesk::store_internal {
namespace {

constexpr size_t kMaxCounterBytes = 128;

int64_t CountSince(Connection& c, const std::string& counter, int64_t since_unix) {
  Query q = c.Prepare("SELECT COUNT(*) FROM owner_attempts WHERE counter = ? AND at > ?");
  q->bind(1, counter);
  q->bind(2, since_unix);
  return q->executeStep() ? q->getColumn(0).getInt64() : 0;
}

}  // namespace

Status ValidateAttemptCharge(const AttemptCharge& charge) {
  if (charge.attempt.empty() || charge.attempt.size() > kMaxCounterBytes)
    return Status::InvalidArgument("an attempt needs an id of 1 to 128 bytes");
  if (charge.now_unix <= 0 || charge.window_seconds <= 0)
    return Status::InvalidArgument("an attempt needs a time and a window");
  for (const AttemptCharge::Counter& counter : charge.counters) {
    if (counter.id.empty() || counter.id.size() > kMaxCounterBytes || counter.limit <= 0)
      return Status::InvalidArgument("an attempt counter needs an id of 1 to 128 bytes and a limit");
  }
  return Status::Ok();
}

bool ChargeFits(const AttemptCharge& charge, const std::vector<int64_t>& counts, bool* exhausted) {
  *exhausted = false;
  for (size_t i = 0; i < charge.counters.size(); ++i) {
    if (counts[i] >= charge.counters[i].limit) {
      *exhausted = false;  // nothing is charged
      return false;
    }
    if (counts[i] + 1 >= charge.counters[i].limit) *exhausted = true;
  }
  return true;
}

Status WriteChargeAttempt(Connection& c, const AttemptCharge& charge, bool* allowed, bool* exhausted) {
  *allowed = false;
  *exhausted = false;
  {
    Query sweep = c.Prepare(
        "DELETE FROM owner_attempts WHERE rowid IN "
        "(SELECT rowid FROM owner_attempts WHERE expires_at <= ? LIMIT ?)");
    sweep->bind(1, charge.now_unix);
    sweep->bind(2, kAttemptSweepRows);
    sweep->exec();
  }
  const int64_t since = charge.now_unix - charge.window_seconds;
  std::vector<int64_t> counts;
  for (const AttemptCharge::Counter& counter : charge.counters)
    counts.push_back(CountSince(c, counter.id, since));
  if (!ChargeFits(charge, counts, exhausted)) return Status::Ok();
  Query insert = c.Prepare(
      "INSERT INTO owner_attempts (counter, attempt, at, expires_at) VALUES (?, ?, ?, ?)");
  for (const AttemptCharge::Counter& counter : charge.counters) {
    insert->reset();
    insert->bind(1, counter.id);
    insert->bind(2, charge.attempt);
    insert->bind(3, charge.now_unix);
    insert->bind(4, charge.now_unix + charge.window_seconds);
    insert->exec();
  }
  *allowed = true;
  return Status::Ok();
}

Status WriteForgiveAttempt(Connection& c, const std::string& attempt) {
  Query q = c.Prepare("DELETE FROM owner_attempts WHERE attempt = ?");
  q->bind(1, attempt);
  q->exec();
  return Status::Ok();
}

Status ReadAttemptCount(Connection& c, const std::string& counter, int64_t since_unix, int64_t* count) {
  *count = CountSince(c, counter, since_unix);
  return Status::Ok();
}

}  // namespace frontdesk::store_internal
