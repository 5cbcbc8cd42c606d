// Business-hours arithmetic (engine/decide/business_hours.cc): open or closed
// at the edges of an interval, in the shop's UTC offset, and the due time of
// an escalation counted in open hours only, across nights and weekends.
#include "engine/decide/business_hours.h"

#include <ctime>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

// November 2026: the 22nd is a Sunday, the 23rd a Monday, the 28th a Saturday.
constexpr int kSun = 22, kMon = 23, kTue = 24, kFri = 27, kSat = 28;

// The demo shop's week: mon-fri 08:00-18:00, sat 09:00-12:00, sun closed.
BusinessHours ShopHours(int utc_offset_minutes) {
  BusinessHours h;
  h.configured = true;
  h.utc_offset_minutes = utc_offset_minutes;
  for (int d = 1; d <= 5; ++d) h.open[d] = {{8 * 60, 18 * 60}};
  h.open[6] = {{9 * 60, 12 * 60}};
  return h;
}

// Seconds since the epoch of a UTC date and time (month 1-12).
int64_t Utc(int year, int month, int day, int hour, int minute, int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

// The moment it is HH:MM on `day` of November 2026 in the shop's local time.
int64_t Local(const BusinessHours& h, int day, int hour, int minute) {
  return Utc(2026, 11, day, hour, minute) - int64_t{h.utc_offset_minutes} * 60;
}

TEST(BusinessHoursTest, WithoutConfiguredHoursAlwaysOpenAndPlainHours) {
  BusinessHours none;
  EXPECT_TRUE(IsOpen(none, Utc(2026, 11, kSun, 3, 0)));
  EXPECT_TRUE(IsOpen(none, Utc(2026, 11, kMon, 23, 59)));
  // Plain hours, to the second (no rounding to a minute).
  const int64_t t = Utc(2026, 11, kFri, 17, 0, 30);
  EXPECT_EQ(AddBusinessHours(none, t, 4), t + 4 * 3600);
  EXPECT_EQ(AddBusinessHours(none, t, 0), t);
}

TEST(BusinessHoursTest, OpenFromTheFirstMinuteUntilBeforeTheLast) {
  const BusinessHours h = ShopHours(0);
  EXPECT_FALSE(IsOpen(h, Local(h, kMon, 7, 59)));
  EXPECT_FALSE(IsOpen(h, Local(h, kMon, 7, 59) + 59));  // 07:59:59
  EXPECT_TRUE(IsOpen(h, Local(h, kMon, 8, 0)));
  EXPECT_TRUE(IsOpen(h, Local(h, kMon, 17, 59) + 59));  // 17:59:59
  EXPECT_FALSE(IsOpen(h, Local(h, kMon, 18, 0)));
  EXPECT_FALSE(IsOpen(h, Local(h, kSat, 8, 59)));
  EXPECT_TRUE(IsOpen(h, Local(h, kSat, 9, 0)));
  EXPECT_FALSE(IsOpen(h, Local(h, kSat, 12, 0)));
  EXPECT_FALSE(IsOpen(h, Local(h, kSun, 10, 0)));  // days not listed are closed
}

TEST(BusinessHoursTest, SeveralIntervalsInOneDay) {
  BusinessHours h;
  h.configured = true;
  h.open[1] = {{9 * 60, 12 * 60}, {13 * 60, 17 * 60}};  // a lunch break on Mondays
  EXPECT_TRUE(IsOpen(h, Local(h, kMon, 11, 59)));
  EXPECT_FALSE(IsOpen(h, Local(h, kMon, 12, 30)));
  EXPECT_TRUE(IsOpen(h, Local(h, kMon, 13, 0)));
  // Two hours from 11:00: one before lunch, one after.
  EXPECT_EQ(AddBusinessHours(h, Local(h, kMon, 11, 0), 2), Local(h, kMon, 14, 0));
}

TEST(BusinessHoursTest, PositiveUtcOffsetMovesTheDay) {
  const BusinessHours h = ShopHours(7 * 60);  // +07:00
  // Monday 01:30 UTC is 08:30 in the shop: open (though 01:30 is not).
  EXPECT_TRUE(IsOpen(h, Utc(2026, 11, kMon, 1, 30)));
  // Monday 00:30 UTC is 07:30 in the shop: not yet.
  EXPECT_FALSE(IsOpen(h, Utc(2026, 11, kMon, 0, 30)));
  // Friday 12:00 UTC is 19:00 in the shop: closed (though 12:00 is not).
  EXPECT_FALSE(IsOpen(h, Utc(2026, 11, kFri, 12, 0)));
  // Sunday 23:30 UTC is Monday 06:30 in the shop.
  EXPECT_FALSE(IsOpen(h, Utc(2026, 11, kSun, 23, 30)));
  // Saturday 02:00 UTC is Saturday 09:00 in the shop.
  EXPECT_TRUE(IsOpen(h, Utc(2026, 11, kSat, 2, 0)));
}

TEST(BusinessHoursTest, NegativeUtcOffsetMovesTheDay) {
  const BusinessHours h = ShopHours(-(3 * 60 + 30));  // -03:30
  // Monday 11:30 UTC is 08:00 in the shop.
  EXPECT_TRUE(IsOpen(h, Utc(2026, 11, kMon, 11, 30)));
  EXPECT_FALSE(IsOpen(h, Utc(2026, 11, kMon, 11, 29)));
  // Saturday 00:00 UTC is Friday 20:30 in the shop: closed; Saturday 12:00
  // UTC is Saturday 08:30: closed; 12:30 UTC is 09:00: open.
  EXPECT_FALSE(IsOpen(h, Utc(2026, 11, kSat, 0, 0)));
  EXPECT_FALSE(IsOpen(h, Utc(2026, 11, kSat, 12, 0)));
  EXPECT_TRUE(IsOpen(h, Utc(2026, 11, kSat, 12, 30)));
  // Tuesday 00:30 UTC is Monday 21:00 in the shop.
  EXPECT_FALSE(IsOpen(h, Utc(2026, 11, kTue, 0, 30)));
}

TEST(BusinessHoursTest, TimesBeforeTheEpochKeepTheirWeekday) {
  // 1969-12-31 was a Wednesday; this shop is open on Wednesdays only.
  BusinessHours h;
  h.configured = true;
  h.open[3] = {{23 * 60, 24 * 60}};
  EXPECT_TRUE(IsOpen(h, -1));      // Wed 23:59:59
  EXPECT_TRUE(IsOpen(h, -3600));   // Wed 23:00
  EXPECT_FALSE(IsOpen(h, -3601));  // Wed 22:59:59
  EXPECT_FALSE(IsOpen(h, 0));      // Thu 00:00
  EXPECT_FALSE(IsOpen(h, -86400 * 6 - 1800));  // Thu 1969-12-25 23:30
  EXPECT_TRUE(IsOpen(h, -86400 * 7 - 1800));   // Wed 1969-12-24 23:30
  h.open[3] = {{18 * 60, 20 * 60}};
  h.utc_offset_minutes = -5 * 60;  // 1970-01-01 00:00 UTC is Wed 19:00 in the shop
  EXPECT_TRUE(IsOpen(h, 0));
  EXPECT_FALSE(IsOpen(h, 3600));   // Wed 20:00
}

TEST(BusinessHoursTest, DueTimeWithinOneDay) {
  const BusinessHours h = ShopHours(7 * 60);
  EXPECT_EQ(AddBusinessHours(h, Local(h, kMon, 9, 0), 4), Local(h, kMon, 13, 0));
  // Ends exactly at closing time.
  EXPECT_EQ(AddBusinessHours(h, Local(h, kMon, 14, 0), 4), Local(h, kMon, 18, 0));
}

TEST(BusinessHoursTest, DueTimeCarriesOverTheNight) {
  const BusinessHours h = ShopHours(7 * 60);
  // Two hours on Monday (16:00-18:00), two on Tuesday from 08:00.
  EXPECT_EQ(AddBusinessHours(h, Local(h, kMon, 16, 0), 4), Local(h, kTue, 10, 0));
  // Asked at night: the clock starts when the shop opens.
  EXPECT_EQ(AddBusinessHours(h, Local(h, kMon, 22, 0), 4), Local(h, kTue, 12, 0));
  EXPECT_EQ(AddBusinessHours(h, Local(h, kTue, 3, 0), 1), Local(h, kTue, 9, 0));
}

TEST(BusinessHoursTest, DueTimeCarriesOverTheWeekend) {
  const BusinessHours h = ShopHours(7 * 60);
  // Friday 17:00-18:00 (1) and Saturday 09:00-12:00 (3): due when Saturday closes.
  EXPECT_EQ(AddBusinessHours(h, Local(h, kFri, 17, 0), 4), Local(h, kSat, 12, 0));
  // One more hour skips Sunday: Monday 30 November, 09:00.
  EXPECT_EQ(AddBusinessHours(h, Local(h, kFri, 17, 0), 5), Local(h, kSat + 2, 9, 0));
  // Asked on Sunday: Monday 08:00 + 1 hour.
  EXPECT_EQ(AddBusinessHours(h, Local(h, kSun, 10, 0), 1), Local(h, kSun + 1, 9, 0));
}

TEST(BusinessHoursTest, DueTimeSeveralWeeksAhead) {
  // Open four hours a weekday (20 a week). 48 business hours from Monday
  // 23 November 09:00: two full weeks (40), then Monday 7 December (44) and
  // Tuesday 8 December 09:00-13:00 (48).
  BusinessHours h;
  h.configured = true;
  for (int d = 1; d <= 5; ++d) h.open[d] = {{9 * 60, 13 * 60}};
  EXPECT_EQ(AddBusinessHours(h, Local(h, kMon, 9, 0), 48), Utc(2026, 12, 8, 13, 0));
  // Open three hours a week: eight hours take three Saturdays.
  BusinessHours saturdays;
  saturdays.configured = true;
  saturdays.open[6] = {{9 * 60, 12 * 60}};
  EXPECT_EQ(AddBusinessHours(saturdays, Local(saturdays, kMon, 9, 0), 8), Utc(2026, 12, 12, 11, 0));
}

TEST(BusinessHoursTest, NeverOpenFallsBackToPlainHours) {
  BusinessHours h;
  h.configured = true;  // e.g. only a utc_offset was given
  h.utc_offset_minutes = 60;
  const int64_t t = Utc(2026, 11, kMon, 10, 0);
  EXPECT_FALSE(IsOpen(h, t));
  EXPECT_EQ(AddBusinessHours(h, t, 4), t + 4 * 3600);
}

TEST(BusinessHoursTest, ZeroHoursDueAtOnce) {
  const BusinessHours h = ShopHours(0);
  EXPECT_EQ(AddBusinessHours(h, Local(h, kMon, 10, 0), 0), Local(h, kMon, 10, 0));
}

TEST(BusinessHoursTest, FormatLocalUsesTheShopsOffset) {
  EXPECT_EQ(FormatLocal(ShopHours(7 * 60), Utc(2026, 11, kMon, 10, 0)), "2026-11-23 17:00");
  // A negative offset goes back across midnight (and the month).
  EXPECT_EQ(FormatLocal(ShopHours(-5 * 60), Utc(2026, 12, 1, 2, 0)), "2026-11-30 21:00");
  EXPECT_EQ(FormatLocal(ShopHours(-(3 * 60 + 30)), Utc(2026, 11, kMon, 12, 0, 59)), "2026-11-23 08:30");
  EXPECT_EQ(FormatLocal(BusinessHours(), Utc(2026, 1, 1, 0, 0)), "2026-01-01 00:00");
}

}  // namespace
}  // namespace frontdesk
