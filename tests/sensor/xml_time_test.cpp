#include "sensor/xml_time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

namespace podium::sensor {
namespace {

// Expected values computed with Python's datetime (an independent implementation).
TEST(XmlTime, KnownInstants) {
  EXPECT_EQ(parse_iso8601_utc("2009-09-19T07:22:42Z"), 1253344962.0);
  EXPECT_EQ(parse_iso8601_utc("2009-09-19T09:22:42+02:00"), 1253344962.0);
  EXPECT_EQ(parse_iso8601_utc("2009-09-19T09:22:42+0200"), 1253344962.0);
  EXPECT_EQ(parse_iso8601_utc("2009-09-19T09:22:42+02"), 1253344962.0);
  EXPECT_EQ(parse_iso8601_utc("2000-02-29T23:59:59-05:30"), 951888599.0);
  EXPECT_EQ(parse_iso8601_utc("1969-12-31T23:59:59Z"), -1.0);
  EXPECT_EQ(parse_iso8601_utc("2024-01-01T00:00:00Z"), 1704067200.0);
}

TEST(XmlTime, NoZoneIsUtcAndVariantsAccepted) {
  EXPECT_EQ(parse_iso8601_utc("2009-09-19T07:22:42"), 1253344962.0);
  EXPECT_EQ(parse_iso8601_utc("2009-09-19 07:22:42z"), 1253344962.0);
  EXPECT_EQ(parse_iso8601_utc("\n  2009-09-19t07:22:42Z \t"), 1253344962.0);
}

TEST(XmlTime, FractionsKeepMilliseconds) {
  const auto t = parse_iso8601_utc("2019-04-18T14:12:21.009Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_NEAR(*t, 1555596741.009, 1e-6);
  EXPECT_NEAR(*parse_iso8601_utc("2019-04-18T14:12:21.5+01:00"), 1555596741.5 - 3600, 1e-6);
  EXPECT_NEAR(*parse_iso8601_utc("2019-04-18T14:12:21.123456789123Z"), 1555596741.123456789, 1e-6);
}

TEST(XmlTime, RejectsMalformedAndOutOfRange) {
  for (const char* bad : {"",
                          "2009-09-19",
                          "2009-09-19T07:22",
                          "2009-9-19T07:22:42Z",
                          "2009-09-19T07:22:42ZZ",
                          "2009-13-01T00:00:00Z",
                          "2009-02-29T00:00:00Z",
                          "1900-02-29T00:00:00Z",
                          "2009-04-31T00:00:00Z",
                          "2009-01-01T24:00:00Z",
                          "2009-01-01T00:60:00Z",
                          "2009-01-01T00:00:60Z",
                          "2009-01-01T00:00:00.Z",
                          "2009-01-01T00:00:00+2:00",
                          "2009-01-01T00:00:00+24:00",
                          "2009-01-01T00:00:00+02:60",
                          "0000-01-01T00:00:00Z",
                          "abc",
                          "2009-01-01X00:00:00Z",
                          "2009-01-01T00:00:00 Z"}) {
    EXPECT_FALSE(parse_iso8601_utc(bad).has_value()) << bad;
  }
  EXPECT_TRUE(parse_iso8601_utc("2000-02-29T00:00:00Z").has_value());
}

// Against std::chrono's calendar on seeded random dates over years 1..9999.
TEST(XmlTime, DatesMatchChrono) {
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<int> day_number(-719162, 2932896);  // 0001-01-01 .. 9999-12-31
  for (int i = 0; i < 20000; ++i) {
    const std::chrono::sys_days days{std::chrono::days{day_number(rng)}};
    const std::chrono::year_month_day ymd{days};
    const auto y = static_cast<int>(ymd.year());
    const auto m = static_cast<unsigned>(ymd.month());
    const auto d = static_cast<unsigned>(ymd.day());
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT12:34:56Z", y, m, d);
    const auto t = parse_iso8601_utc(text);
    ASSERT_TRUE(t.has_value()) << text;
    EXPECT_EQ(*t, days.time_since_epoch().count() * 86400.0 + 45296.0) << text;
  }
}

}  // namespace
}  // namespace podium::sensor
