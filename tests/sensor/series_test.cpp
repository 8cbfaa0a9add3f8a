// clean() and zero_filled_power(): hand-built activities with hand-computed series.
#include "podium/sensor/series.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kT0 = 1.6e9;  // an arbitrary UTC start

Record at(double t, double power = kNaN, double hr = kNaN) {
  Record r;
  r.time_utc_s = t < 0 ? kNaN : kT0 + t;
  r.power_w = power;
  r.heart_rate_bpm = hr;
  return r;
}

Activity activity(std::vector<Record> records) {
  Activity a;
  a.records = std::move(records);
  return a;
}

TEST(Clean, EmptyActivityGivesEmptySeries) {
  const Series s = clean(Activity{}, {});
  EXPECT_EQ(s.size(), 0u);
  EXPECT_FALSE(s.has_power);
  EXPECT_TRUE(zero_filled_power(s).empty());
}

TEST(Clean, DropsTimelessAndNonIncreasingRecords) {
  // t: 0, NaN, 1, 1 (repeat), 0.5 (backwards), 2
  const Series s =
      clean(activity({at(0, 10), at(-1, 20), at(1, 30), at(1, 40), at(0.5, 50), at(2, 60)}), {});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.dropped_records, 3u);
  EXPECT_EQ(s.secs, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(s.power_w, (std::vector<double>{10, 30, 60}));
  EXPECT_DOUBLE_EQ(s.start_utc_s, kT0);
}

TEST(Clean, RoundsSecondsHalfUpAndDropsARepeatedRoundedSecond) {
  // 0.6 -> 1; 1.2 -> 1 again (dropped, the first one wins); 2.5 -> 3 (half up), so secs 2 is
  // interpolated between 1 and 3.
  const Series s = clean(activity({at(0, 0), at(0.6, 100), at(1.2, 999), at(2.5, 200)}), {});
  EXPECT_EQ(s.secs, (std::vector<std::int32_t>{0, 1, 2, 3}));
  EXPECT_EQ(s.dropped_records, 1u);
  EXPECT_EQ(s.interpolated, 1u);
  EXPECT_DOUBLE_EQ(s.power_w[2], 150);
  EXPECT_EQ(s.flags[2], kSampleInterpolated);
  EXPECT_EQ(s.flags[3], 0);
}

TEST(Clean, InterpolatesATenSecondGapInEveryChannel) {
  Record a = at(0, 100, 120);
  a.cadence_rpm = 80;
  a.speed_mps = 5;
  a.distance_m = 1000;
  Record b = at(10, 200, 140);
  b.cadence_rpm = kNaN;  // only one end carries cadence: it stays NaN in between
  b.speed_mps = 7;
  b.distance_m = 1060;
  const Series s = clean(activity({a, b}), {});
  ASSERT_EQ(s.size(), 11u);
  EXPECT_EQ(s.interpolated, 9u);
  EXPECT_TRUE(s.gaps.empty());
  for (std::int32_t i = 0; i <= 10; ++i)
    EXPECT_EQ(s.secs[i], i);
  EXPECT_DOUBLE_EQ(s.power_w[3], 130);
  EXPECT_DOUBLE_EQ(s.heart_rate_bpm[5], 130);
  EXPECT_DOUBLE_EQ(s.speed_mps[5], 6);
  EXPECT_DOUBLE_EQ(s.distance_m[4], 1024);
  EXPECT_DOUBLE_EQ(s.cadence_rpm[0], 80);
  EXPECT_TRUE(std::isnan(s.cadence_rpm[1]));
  EXPECT_TRUE(std::isnan(s.altitude_m[5]));
  for (std::size_t i = 1; i < 10; ++i)
    EXPECT_EQ(s.flags[i], kSampleInterpolated) << i;
}

TEST(Clean, AbsentPowerAndHeartRateCountAsZeroBeforeInterpolating) {
  const Series s = clean(activity({at(0), at(4, 100, 80)}), {});
  ASSERT_EQ(s.size(), 5u);
  EXPECT_DOUBLE_EQ(s.power_w[0], 0);
  EXPECT_DOUBLE_EQ(s.power_w[2], 50);
  EXPECT_DOUBLE_EQ(s.heart_rate_bpm[1], 20);
  EXPECT_TRUE(s.has_power);
  EXPECT_TRUE(s.has_heart_rate);
}

TEST(Clean, GapsOfTwentyFiveSecondsOrMoreStayGaps) {
  const Series s = clean(activity({at(0, 100), at(24, 100), at(49, 100), at(79, 100)}), {});
  // 0 -> 24: 23 samples interpolated; 24 -> 49 (25 s) and 49 -> 79 (30 s) stay gaps.
  EXPECT_EQ(s.size(), 4u + 23u);
  EXPECT_EQ(s.interpolated, 23u);
  ASSERT_EQ(s.gaps.size(), 2u);
  EXPECT_EQ(s.gaps[0].start_secs, 24);
  EXPECT_EQ(s.gaps[0].length_s, 25);
  EXPECT_EQ(s.gaps[1].start_secs, 49);
  EXPECT_EQ(s.gaps[1].length_s, 30);
  EXPECT_EQ(s.secs.back(), 79);
}

TEST(Clean, MaxInterpolateGapIsAnOption) {
  CleanOptions o;
  o.max_interpolate_gap_s = 5;
  const Series s = clean(activity({at(0, 1), at(4, 1), at(9, 1)}), o);
  EXPECT_EQ(s.size(), 3u + 3u);
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0].length_s, 5);
}

TEST(Clean, FlagsSpikesWithoutAlteringThem) {
  const Series s = clean(
      activity({at(0, 3000, 0), at(1, 200, 300), at(2, 200, 20), at(3, 2500, 250), at(4, 0, 60)}),
      {});
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s.power_spikes, 1u);
  EXPECT_EQ(s.heart_rate_spikes, 2u);
  EXPECT_EQ(s.flags[0], kSamplePowerSpike);  // HR 0 = no reading, not a spike
  EXPECT_EQ(s.flags[1], kSampleHeartRateSpike);
  EXPECT_EQ(s.flags[2], kSampleHeartRateSpike);
  EXPECT_EQ(s.flags[3], 0);  // limits are inclusive
  EXPECT_EQ(s.flags[4], 0);
  EXPECT_DOUBLE_EQ(s.power_w[0], 3000);
  EXPECT_DOUBLE_EQ(s.heart_rate_bpm[1], 300);
}

TEST(Clean, InfiniteValuesAndTimesCountAsAbsent) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Record bad_time = at(2, 100);
  bad_time.time_utc_s = kInf;
  Record a = at(0, kInf, -kInf);
  a.speed_mps = kInf;
  const Series s = clean(activity({a, bad_time, at(1, 200, 120)}), {});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.dropped_records, 1u);
  EXPECT_DOUBLE_EQ(s.power_w[0], 0);
  EXPECT_DOUBLE_EQ(s.heart_rate_bpm[0], 0);
  EXPECT_TRUE(std::isnan(s.speed_mps[0]));
}

TEST(Clean, NoPowerInAnyRecordLeavesHasPowerFalseAndZeros) {
  const Series s = clean(activity({at(0, kNaN, 100), at(1, kNaN, 101)}), {});
  EXPECT_FALSE(s.has_power);
  EXPECT_TRUE(s.has_heart_rate);
  EXPECT_EQ(s.power_w, (std::vector<double>{0, 0}));
}

TEST(Clean, ResamplesDeveloperChannelsTheSameWay) {
  Activity a = activity({at(0), at(0.2), at(3), at(40)});
  a.developer.push_back({"Form Power", "Watts", {10, 99, 40, 7}});
  a.developer.push_back({"short", "", {1}});  // fewer values than records: the rest are NaN
  const Series s = clean(a, {});
  ASSERT_EQ(s.developer.size(), 2u);
  EXPECT_EQ(s.developer[0].name, "Form Power");
  EXPECT_EQ(s.developer[0].units, "Watts");
  ASSERT_EQ(s.developer[0].values.size(), s.size());
  EXPECT_EQ(s.secs, (std::vector<std::int32_t>{0, 1, 2, 3, 40}));
  EXPECT_EQ(s.developer[0].values, (std::vector<double>{10, 20, 30, 40, 7}));
  EXPECT_DOUBLE_EQ(s.developer[1].values[0], 1);
  EXPECT_TRUE(std::isnan(s.developer[1].values[1]));
}

TEST(ZeroFilledPower, FillsGapsWithZeroAndRoundsHalfUp) {
  const Series s = clean(activity({at(0, 100.5), at(1, 99.4), at(31, 250), at(32, -7)}), {});
  const std::vector<std::int32_t> g = zero_filled_power(s);
  ASSERT_EQ(g.size(), 33u);
  EXPECT_EQ(g[0], 101);
  EXPECT_EQ(g[1], 99);
  for (std::size_t i = 2; i < 31; ++i)
    EXPECT_EQ(g[i], 0) << i;
  EXPECT_EQ(g[31], 250);
  EXPECT_EQ(g[32], 0);  // negative power is no effort
}

TEST(ZeroFilledPower, RefusesASeriesLongerThanAMonth) {
  const Series s = clean(activity({at(0, 100), at(40.0 * 86400, 100)}), {});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_THROW(zero_filled_power(s), Error);
}

}  // namespace
}  // namespace podium::sensor
