#include "engine/decide/business_hours.h"

#include <ctime>

namespace frontdesk {
namespace {

struct LocalTime {
  int weekday;  // 0 = Sunday
  int minute;   // minutes since local midnight
};

LocalTime ToLocal(const BusinessHours& hours, int64_t unix) {
  int64_t local = unix + int64_t{hours.utc_offset_minutes} * 60;
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t secs = local - days * 86400;
  // 1970-01-01 was a Thursday (weekday 4).
  int weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);
  return {weekday, static_cast<int>(secs / 60)};
}

}  // namespace

bool IsOpen(const BusinessHours& hours, int64_t unix) {
  if (!hours.configured) return true;
  LocalTime t = ToLocal(hours, unix);
  for (const auto& [from, to] : hours.open[static_cast<size_t>(t.weekday)])
    if (t.minute >= from && t.minute < to) return true;
  return false;
}

int64_t AddBusinessHours(const BusinessHours& hours, int64_t unix, int hours_needed) {
  if (!hours.configured) return unix + int64_t{hours_needed} * 3600;
  bool any_open = false;
  for (const auto& day : hours.open) any_open = any_open || !day.empty();
  if (!any_open) return unix + int64_t{hours_needed} * 3600;
  // The schedule repeats every week (a fixed UTC offset), so any 7 days hold
  // the same open minutes: skip whole weeks, then walk the rest minute by
  // minute -- at most about 8 days, exact, and cheap for one call per
  // escalation. (Walking only two weeks once cut long ETAs short.)
  int64_t weekly = 0;
  for (const auto& day : hours.open)
    for (const auto& [begin, end] : day) weekly += end - begin;
  int64_t remaining = int64_t{hours_needed} * 60;
  int64_t t = unix - unix % 60;
  if (weekly > 0 && remaining > weekly) {
    int64_t weeks = (remaining - 1) / weekly;
    t += weeks * 7 * 24 * 3600;
    remaining -= weeks * weekly;
  }
  while (remaining > 0) {
    if (IsOpen(hours, t)) --remaining;
    t += 60;
  }
  return t;
}

std::string FormatLocal(const BusinessHours& hours, int64_t unix) {
  std::time_t local = static_cast<std::time_t>(unix + int64_t{hours.utc_offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

}  // namespace frontdesk
