// Civil dates: known days, a naive calendar walked day by day, std::chrono on random dates, the
// whole int32 day range, leap years, impossible dates and bad text with its message, weekdays,
// and UTC instants against the C library.
#include "podium/core/calendar.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <random>
#include <string>

#include "podium/core/error.hpp"
#include "testkit/throws_error.hpp"

namespace podium {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

TEST(Calendar, KnownDates) {
  EXPECT_EQ(day_from_iso("1970-01-01", {}), 0);
  EXPECT_EQ(day_from_iso("1969-12-31", {}), -1);
  EXPECT_EQ(day_from_iso("2024-01-01", {}), 19723);
  EXPECT_EQ(day_from_iso("2000-02-29", {}), 11016);
  EXPECT_EQ(day_from_iso("0000-01-01", {}), -719528);
  EXPECT_EQ(iso_from_day(19723), "2024-01-01");
  EXPECT_EQ(iso_from_day(-1), "1969-12-31");
  EXPECT_EQ(iso_from_day(-719528), "0000-01-01");
  EXPECT_EQ(iso_from_day(-719529), "-0001-12-31");
  EXPECT_EQ(day_from_civil(2000, 3, 1), 11017);  // date -d 2000-03-01 +%s / 86400
  EXPECT_EQ(civil_from_day(11017), (CivilDate{2000, 3, 1}));
}

// Against a naive calendar walked one day at a time from 1970-01-01, both directions.
TEST(Calendar, MatchesNaiveCalendarWalk) {
  const auto leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  const auto month_days = [&](int y, int m) {
    const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
  };
  const auto iso = [](int y, int m, int d) {
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    return std::string(text);
  };
  int y = 1970, m = 1, d = 1;
  for (std::int32_t day = 0; y < 2401; ++day) {
    ASSERT_EQ(iso_from_day(day), iso(y, m, d)) << day;
    ASSERT_EQ(day_from_iso(iso(y, m, d), {}), day);
    ASSERT_EQ(civil_from_day(day), (CivilDate{y, m, d})) << day;
    if (++d > month_days(y, m)) d = 1, ++m;
    if (m > 12) m = 1, ++y;
  }
  y = 1969, m = 12, d = 31;
  for (std::int32_t day = -1; y >= 1600; --day) {
    ASSERT_EQ(iso_from_day(day), iso(y, m, d)) << day;
    ASSERT_EQ(day_from_iso(iso(y, m, d), {}), day);
    ASSERT_EQ(day_from_civil(y, m, d), day);
    if (--d < 1) {
      if (--m < 1) m = 12, --y;
      d = month_days(y, m);
    }
  }
}

// day_from_civil against std::chrono's calendar on seeded random dates over years 1..9999.
TEST(Calendar, DayFromCivilMatchesChrono) {
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<int> day_number(-719162, 2932896);  // 0001-01-01 .. 9999-12-31
  for (int i = 0; i < 20000; ++i) {
    const std::chrono::sys_days days{std::chrono::days{day_number(rng)}};
    const std::chrono::year_month_day ymd{days};
    const auto y = static_cast<int>(ymd.year());
    const auto m = static_cast<int>(static_cast<unsigned>(ymd.month()));
    const auto d = static_cast<int>(static_cast<unsigned>(ymd.day()));
    ASSERT_EQ(day_from_civil(y, m, d), days.time_since_epoch().count())
        << y << "-" << m << "-" << d;
  }
}

// Every int32 day converts and comes back where the year fits, including days whose year lies
// outside std::chrono::year (shifted by 400-year cycles).
TEST(Calendar, RoundTripsOverTheWholeDayRange) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::int32_t> any_day(std::numeric_limits<std::int32_t>::min(),
                                                      std::numeric_limits<std::int32_t>::max());
  for (int i = 0; i < 20000; ++i) {
    const std::int32_t day = i < 2 ? (i == 0 ? std::numeric_limits<std::int32_t>::min()
                                             : std::numeric_limits<std::int32_t>::max())
                                   : any_day(rng);
    const CivilDate c = civil_from_day(day);
    ASSERT_GE(c.month, 1);
    ASSERT_LE(c.month, 12);
    ASSERT_GE(c.day, 1);
    ASSERT_LE(c.day, 31);
    // The same date 400 k years later is exactly k cycles of days later.
    const int k = (c.year - 2000) / 400;
    const auto back = day_from_civil(c.year - 400 * k, c.month, c.day);
    ASSERT_TRUE(back.has_value()) << day;
    ASSERT_EQ(static_cast<std::int64_t>(*back) + 146097LL * k, day) << day;
  }
  for (std::int32_t day = -20000000; day < 20000000; day += 997) {
    const CivilDate c = civil_from_day(day);
    if (c.year < kMinCivilYear || c.year > kMaxCivilYear) continue;
    ASSERT_EQ(day_from_civil(c.year, c.month, c.day), day) << day;
  }
  EXPECT_EQ(iso_from_day(std::numeric_limits<std::int32_t>::max()), "5881580-07-11");
  EXPECT_EQ(iso_from_day(std::numeric_limits<std::int32_t>::min()), "-5877641-06-23");
}

TEST(Calendar, LeapYears) {
  for (int year : {1600, 2000, 2004, 2024, 2400}) {
    EXPECT_TRUE(day_from_civil(year, 2, 29).has_value()) << year;
    EXPECT_EQ(*day_from_civil(year, 3, 1) - *day_from_civil(year, 2, 28), 2) << year;
  }
  for (int year : {1700, 1800, 1900, 2023, 2100}) {
    EXPECT_FALSE(day_from_civil(year, 2, 29).has_value()) << year;
    EXPECT_EQ(*day_from_civil(year, 3, 1) - *day_from_civil(year, 2, 28), 1) << year;
  }
  EXPECT_EQ(*day_from_civil(2001, 1, 1) - *day_from_civil(2000, 1, 1), 366);
  EXPECT_EQ(*day_from_civil(2101, 1, 1) - *day_from_civil(2100, 1, 1), 365);
}

TEST(Calendar, RejectsImpossibleDates) {
  EXPECT_FALSE(day_from_civil(2023, 2, 29));
  EXPECT_FALSE(day_from_civil(2024, 4, 31));
  EXPECT_FALSE(day_from_civil(2024, 13, 1));
  EXPECT_FALSE(day_from_civil(2024, 0, 1));
  EXPECT_FALSE(day_from_civil(2024, 1, 0));
  EXPECT_FALSE(day_from_civil(2024, 1, 32));
  EXPECT_FALSE(day_from_civil(2024, -1, 1));
  EXPECT_FALSE(day_from_civil(kMaxCivilYear + 1, 1, 1));
  EXPECT_FALSE(day_from_civil(kMinCivilYear - 1, 1, 1));
  EXPECT_FALSE(day_from_civil(100000, 1, 1));  // would wrap in std::chrono::year's short
  EXPECT_TRUE(day_from_civil(kMaxCivilYear, 12, 31));
  EXPECT_TRUE(day_from_civil(kMinCivilYear, 1, 1));
}

TEST(Calendar, RejectsNonDates) {
  for (const char* bad :
       {"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "24-01-01",
        "2024/01/01", "2024-1-01", "", "2024-01-01T00", "+024-01-01", "-024-01-01", "2024-0a-01"}) {
    EXPECT_THROW(day_from_iso(bad, {}), Error) << bad;
    EXPECT_FALSE(parse_iso_date(bad).has_value()) << bad;
  }
  EXPECT_THAT(
      [] { day_from_iso("2100-02-29", {.source = "plan.csv", .line = 3, .field = "date"}); },
      ThrowsError(ErrorKind::Format,
                  "plan.csv: line 3: date: '2100-02-29' is not a date (YYYY-MM-DD)"));
  EXPECT_THAT([] { day_from_iso(std::string("20\x01\n-01-01"), {.field = "x"}); },
              ThrowsError(ErrorKind::Format,
                          "x: '20?"
                          "?-01-01' is not a date (YYYY-MM-DD)"));
  EXPECT_THAT([] { day_from_iso(std::string(50, '9'), {.field = "--to"}); },
              ThrowsError(ErrorKind::Format,
                          "--to: '" + std::string(40, '9') + "...' is not a date (YYYY-MM-DD)"));
}

TEST(Calendar, IsoWeekdays) {
  EXPECT_EQ(iso_weekday(0), 4);                               // 1970-01-01, a Thursday
  EXPECT_EQ(iso_weekday(day_from_iso("2024-01-01", {})), 1);  // a Monday
  EXPECT_EQ(iso_weekday(day_from_iso("2024-02-29", {})), 4);
  EXPECT_EQ(iso_weekday(-1), 3);
  for (std::int32_t day = -1000; day < 1000; ++day) {
    const std::int32_t monday = iso_week_monday(day);
    ASSERT_EQ(iso_weekday(monday), 1) << day;
    ASSERT_LE(monday, day);
    ASSERT_GT(monday, day - 7);
    ASSERT_EQ(iso_weekday(day + 1), iso_weekday(day) % 7 + 1) << day;
  }
}

// UTC instants as the C library prints them (glibc's gmtime_r + strftime) for years 1000..9999.
TEST(Calendar, UtcTimesMatchTheCLibrary) {
  EXPECT_EQ(iso_utc_time(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso_utc_time(-0.5), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso_utc_time(1253344962.9), "2009-09-19T07:22:42Z");
  EXPECT_EQ(iso_utc_time(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_EQ(iso_utc_time(std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(iso_utc_time(-62135596800.0), "0001-01-01T00:00:00Z");
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::int64_t> instant(-30610224000LL, 253402300799LL);
  for (int i = 0; i < 20000; ++i) {
    const std::time_t t = instant(rng);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char expected[64];
    std::strftime(expected, sizeof expected, "%Y-%m-%dT%H:%M:%SZ", &tm);
    ASSERT_EQ(iso_utc_time(static_cast<double>(t) + 0.25), expected) << t;
    ASSERT_EQ(day_of_utc(static_cast<double>(t)),
              static_cast<std::int32_t>((t - (t % 86400 + 86400) % 86400) / 86400));
  }
}

}  // namespace
}  // namespace podium
