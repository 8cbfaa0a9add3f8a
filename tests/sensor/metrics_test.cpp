// compute_metrics and its parts on hand-built series with hand-computed answers, plus the NP
// conventions against obvious references on a seeded random ride.
#include "podium/sensor/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "podium/core/error.hpp"
#include "sensor/metrics_parts.hpp"

namespace podium::sensor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// n samples at secs 0..n-1, every channel absent (power/HR 0, others NaN).
Series blank(std::size_t n) {
  Series s;
  s.start_utc_s = 0;
  for (std::size_t i = 0; i < n; ++i)
    s.secs.push_back(static_cast<std::int32_t>(i));
  s.power_w.assign(n, 0);
  s.heart_rate_bpm.assign(n, 0);
  for (auto* v : {&s.cadence_rpm, &s.speed_mps, &s.distance_m, &s.altitude_m, &s.lat_deg,
                  &s.lon_deg, &s.temperature_c})
    v->assign(n, kNaN);
  s.flags.assign(n, 0);
  return s;
}

Series constant_power(std::size_t n, double watts) {
  Series s = blank(n);
  s.power_w.assign(n, watts);
  s.has_power = true;
  return s;
}

// A run at `speed` m/s from distance 0.
void set_speed(Series& s, std::size_t from, std::size_t to, double speed) {
  for (std::size_t i = from; i < to; ++i) {
    s.speed_mps[i] = speed;
    s.distance_m[i] = i == 0 ? 0 : s.distance_m[i - 1] + speed;
  }
}

Thresholds ftp(double w) {
  Thresholds t;
  t.ftp_w = w;
  return t;
}

TEST(Metrics, ConstantPowerAtFtpForAnHourIsTss100) {
  const ActivityMetrics m = compute_metrics(constant_power(3600, 250), ftp(250));
  ASSERT_TRUE(m.power);
  EXPECT_DOUBLE_EQ(m.duration_s, 3600);
  EXPECT_DOUBLE_EQ(m.elapsed_s, 3600);
  EXPECT_NEAR(m.power->np_coggan_w, 250, 1e-9);
  EXPECT_NEAR(m.power->if_coggan, 1.0, 1e-12);
  EXPECT_NEAR(m.power->tss_coggan, 100.0, 1e-9);
  EXPECT_DOUBLE_EQ(m.power->avg_w, 250);
  EXPECT_DOUBLE_EQ(m.power->work_kj, 900);
  // GoldenCheetah's 29 partial windows: sum_{k=1..29} (k/30)^4 = 5.51111, so NP_gc^4 =
  // 250^4 (3571 + 5.51111) / 3600.
  double partial = 0;
  for (int k = 1; k <= 29; ++k)
    partial += std::pow(k / 30.0, 4);
  EXPECT_NEAR(partial, 4463999.0 / 810000, 1e-12);  // sum k^4 = 29 x 30 x 59 x 2609 / 30
  EXPECT_NEAR(m.power->np_gc_w, 250 * std::pow((3571 + partial) / 3600, 0.25), 1e-9);
  EXPECT_LT(m.power->tss_gc, 100.0);
  EXPECT_NEAR(m.power->vi, m.power->np_gc_w / 250, 1e-12);
}

TEST(Metrics, SixtySecondBlockRideNpByHand) {
  // 30 s at 300 W then 30 s at 100 W: 31 full windows with means 300 - 200 i / 30, i = 0..30;
  // (mean of their 4th powers)^(1/4) = 223.0694887793 (evaluated by hand in double precision).
  Series s = constant_power(60, 300);
  for (std::size_t i = 30; i < 60; ++i)
    s.power_w[i] = 100;
  EXPECT_NEAR(detail::np_coggan(s.power_w), 223.0694887793096, 1e-9);
  EXPECT_TRUE(std::isnan(detail::np_coggan(std::vector<double>(29, 200.0))));
  EXPECT_TRUE(std::isnan(detail::np_gc({})));
}

// Obvious references: every rolling mean recomputed from scratch.
double np_reference(const std::vector<double>& w, bool partial_windows) {
  double total = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!partial_windows && i < 29) continue;
    double sum = 0;
    for (std::size_t j = i >= 29 ? i - 29 : 0; j <= i; ++j)
      sum += w[j];
    total += std::pow(sum / 30, 4);
    ++n;
  }
  return std::pow(total / static_cast<double>(partial_windows ? w.size() : n), 0.25);
}

TEST(Metrics, NpConventionsEqualTheirReferencesOnSeededRandomRides) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> watts(0, 900);
  for (std::size_t n : {1u, 13u, 30u, 31u, 127u, 4000u}) {
    std::vector<double> w(n);
    for (double& x : w)
      x = std::floor(watts(rng));
    EXPECT_NEAR(detail::np_gc(w), np_reference(w, true), 1e-9) << n;
    if (n >= 30) {
      EXPECT_NEAR(detail::np_coggan(w), np_reference(w, false), 1e-9) << n;
    }
  }
}

TEST(Metrics, XPowerDecaysAcrossAGapAndCountsTheDecayedSeconds) {
  // 260 W at secs 0 (EWMA 10 W), nothing until secs 30 (0 W): the EWMA decays over secs 1..29
  // (10 (25/26)^k never falls to 0.1 W in 29 steps) and secs 30 adds one more step: 31 values
  // 10 (25/26)^k, k = 0..30.
  const std::vector<std::int32_t> secs = {0, 30};
  const std::vector<double> power = {260, 0};
  double sum = 0;
  for (int k = 0; k <= 30; ++k)
    sum += std::pow(10 * std::pow(25.0 / 26.0, k), 4);
  EXPECT_NEAR(detail::xpower_gc(secs, power), std::pow(sum / 31, 0.25), 1e-9);
  // Without the gap the EWMA is only sampled twice.
  const std::vector<std::int32_t> dense = {0, 1};
  EXPECT_NEAR(detail::xpower_gc(dense, power),
              std::pow((std::pow(10.0, 4) + std::pow(10 * 25.0 / 26.0, 4)) / 2, 0.25), 1e-9);
}

TEST(Metrics, BanisterAndEdwardsTrimpByHand) {
  Series s = blank(3600);
  s.heart_rate_bpm.assign(3600, 150);
  Thresholds t;  // HRmax 190, rest 50: HRr = 100 / 140
  ActivityMetrics m = compute_metrics(s, t);
  ASSERT_TRUE(m.heart_rate);
  // 60 min x 0.714286 x 0.64 e^(1.92 x 0.714286)
  EXPECT_NEAR(m.heart_rate->trimp_banister_gc, 108.09535934022335, 1e-9);
  EXPECT_NEAR(m.heart_rate->trimp_banister_integrated, 108.09535934022335, 1e-9);
  EXPECT_NEAR(m.heart_rate->trimp_edwards, 180, 1e-9);  // 150/190 = 79 %: weight 3 x 60 min
  t.female = true;
  m = compute_metrics(s, t);
  EXPECT_NEAR(m.heart_rate->trimp_banister_gc, 90.41790987210604, 1e-9);  // a = 0.64, b = 1.67
  EXPECT_NEAR(m.heart_rate->trimp_banister_integrated, 121.4990663906425, 1e-9);  // a = 0.86
}

TEST(Metrics, GcTrimpIsZeroBelowRestAndUsesAllSamples) {
  Series s = blank(120);
  for (std::size_t i = 0; i < 60; ++i)
    s.heart_rate_bpm[i] = 45;  // half the ride without HR
  Thresholds t;
  ActivityMetrics m = compute_metrics(s, t);
  ASSERT_TRUE(m.heart_rate);
  EXPECT_EQ(m.heart_rate->trimp_banister_gc, 0);
  EXPECT_EQ(m.heart_rate->trimp_banister_integrated, 0);
  EXPECT_EQ(m.heart_rate->samples_with_hr, 60u);
  for (std::size_t i = 0; i < 60; ++i)
    s.heart_rate_bpm[i] = 120;
  m = compute_metrics(s, t);
  const double x = 70.0 / 140.0;  // minutes = all 120 samples / 60, not the 60 with HR
  EXPECT_NEAR(m.heart_rate->trimp_banister_gc, 2 * x * 0.64 * std::exp(1.92 * x), 1e-12);
  EXPECT_NEAR(m.heart_rate->trimp_edwards, 2 * 1.0, 1e-12);  // 120/190 = 63 %: weight 2 x 1 min
}

TEST(Metrics, TimeInPowerAndHeartRateZones) {
  Series s = constant_power(40, 0);
  for (std::size_t i = 10; i < 20; ++i)
    s.power_w[i] = 150;  // zone 2: [140, 190)
  for (std::size_t i = 20; i < 30; ++i)
    s.power_w[i] = 250;  // zone 4: [227.5, 265)
  for (std::size_t i = 30; i < 40; ++i)
    s.power_w[i] = 400;  // zone 7: >= 377.5
  for (std::size_t i = 0; i < 40; ++i)
    s.heart_rate_bpm[i] = i < 5 ? 0 : i < 15 ? 90 : 180;
  const ActivityMetrics m = compute_metrics(s, ftp(250));
  ASSERT_TRUE(m.power && m.heart_rate);
  EXPECT_EQ(m.power->zones.seconds, (std::vector<double>{10, 10, 0, 10, 0, 0, 10}));
  EXPECT_DOUBLE_EQ(m.power->zones.lower[1], 140);
  EXPECT_EQ(m.power->zones.below_s, 0);
  // HR zones from 95 bpm (50 % of 190): 90 bpm is below, 180 bpm (94.7 %) in zone 5, 0 skipped.
  EXPECT_EQ(m.heart_rate->zones.seconds, (std::vector<double>{0, 0, 0, 0, 25}));
  EXPECT_EQ(m.heart_rate->zones.below_s, 10);
}

TEST(Metrics, DecouplingOnARideWithKnownDrift) {
  // Two hours at 200 W and 10 m/s; HR 130 bpm in the first hour and 143 in the second:
  // (200/130 - 200/143) / (200/130) = 1 - 130/143 = 9.0909 %.
  Series s = constant_power(7200, 200);
  set_speed(s, 0, 7200, 10);
  for (std::size_t i = 0; i < 7200; ++i)
    s.heart_rate_bpm[i] = i < 3600 ? 130 : 143;
  s.speed_mps[100] = 0;  // a stop: not moving, so out of both halves
  const ActivityMetrics m = compute_metrics(s, ftp(250));
  ASSERT_TRUE(m.decoupling);
  EXPECT_EQ(m.decoupling->basis, "power");
  EXPECT_NEAR(m.decoupling->first_half_ratio, 200.0 / 130, 1e-12);
  EXPECT_NEAR(m.decoupling->second_half_ratio, 200.0 / 143, 1e-12);
  EXPECT_NEAR(m.decoupling->percent, (1 - 130.0 / 143) * 100, 1e-9);
  EXPECT_NEAR(m.efficiency_factor, m.power->np_gc_w / ((130.0 + 143) / 2), 1e-3);
}

TEST(Metrics, DecouplingUsesSpeedWithoutPower) {
  Series s = blank(100);
  set_speed(s, 0, 100, 4);
  for (std::size_t i = 50; i < 100; ++i)
    s.speed_mps[i] = 3;
  s.heart_rate_bpm.assign(100, 150);
  const ActivityMetrics m = compute_metrics(s, {});
  ASSERT_TRUE(m.decoupling);
  EXPECT_EQ(m.decoupling->basis, "speed");
  EXPECT_NEAR(m.decoupling->percent, 25, 1e-9);
  EXPECT_FALSE(m.power);
}

TEST(Metrics, BestEffortsOnConstantAndVaryingSpeed) {
  Series s = blank(1001);
  set_speed(s, 0, 1001, 4);  // 4000 m in 1000 s
  ActivityMetrics m = compute_metrics(s, {});
  ASSERT_EQ(m.best_efforts.size(), 3u);  // 400 m, 1 km, 1 mile; not 5 km
  EXPECT_NEAR(m.best_efforts[0].time_s, 100, 1e-9);
  EXPECT_NEAR(m.best_efforts[1].time_s, 250, 1e-9);
  EXPECT_NEAR(m.best_efforts[2].time_s, 1609.344 / 4, 1e-9);
  EXPECT_DOUBLE_EQ(m.distance_m, 4000);

  // 3 m/s, then 5 m/s from secs 300 to 600, then 3 m/s: best km = 200 s inside the fast part,
  // first reached ending at secs 500 (start 300).
  Series v = blank(1200);
  v.distance_m[0] = 0;
  v.speed_mps[0] = 3;
  for (std::size_t i = 1; i < 1200; ++i) {
    const double speed = i > 300 && i <= 600 ? 5 : 3;
    v.speed_mps[i] = speed;
    v.distance_m[i] = v.distance_m[i - 1] + speed;
  }
  m = compute_metrics(v, {});
  ASSERT_GE(m.best_efforts.size(), 2u);
  EXPECT_NEAR(m.best_efforts[1].time_s, 200, 1e-9);
  EXPECT_NEAR(m.best_efforts[1].start_s, 300, 1e-9);
  // 1 mile = 1500 m at 5 m/s + 109.344 m at 3 m/s on one side: 300 + 36.448 s.
  EXPECT_NEAR(m.best_efforts[2].time_s, 300 + 109.344 / 3, 1e-9);
}

TEST(Metrics, BestEffortInterpolatesTheStart) {
  // Distance 0, 300, 700, 1100 at secs 0..3: 1000 m ends at secs 3 starting where distance is
  // 100 (1/3 of the way to 300): 3 - 1/3 s.
  const std::vector<std::int32_t> secs = {0, 1, 2, 3};
  const std::vector<double> dist = {0, 300, 700, 1100};
  const std::vector<double> targets = {1000};
  const std::vector<BestEffort> e = detail::best_efforts(secs, dist, targets);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NEAR(e[0].time_s, 3 - 1.0 / 3, 1e-12);
  EXPECT_NEAR(e[0].start_s, 1.0 / 3, 1e-12);
}

TEST(Metrics, ElevationGainWithThreeMetreHysteresis) {
  const std::vector<double> alt = {100, 102, 101, 104, kNaN, 100, 102.9, 106, 105};
  // 100 -> 104 (+4, 102 is inside the band), down to 100, 102.9 inside, 106 (+6).
  EXPECT_NEAR(detail::elevation_gain(alt, 3.0), 10, 1e-12);
  EXPECT_TRUE(std::isnan(detail::elevation_gain(std::vector<double>(3, kNaN), 3.0)));
}

TEST(Metrics, MovingTimeFromSpeedElseCadenceOrPower) {
  Series s = blank(30);
  set_speed(s, 0, 30, 5);
  for (std::size_t i = 0; i < 10; ++i)
    s.speed_mps[i] = 0.4;  // below 0.5 m/s: standing
  EXPECT_DOUBLE_EQ(compute_metrics(s, {}).moving_s, 20);

  Series t = constant_power(30, 0);
  for (std::size_t i = 0; i < 12; ++i)
    t.cadence_rpm[i] = 80;
  t.power_w[20] = 150;
  const ActivityMetrics m = compute_metrics(t, {});
  EXPECT_DOUBLE_EQ(m.moving_s, 13);
  EXPECT_TRUE(std::isnan(m.distance_m));
  EXPECT_NEAR(m.avg_cadence_rpm, 80, 1e-12);
}

TEST(Metrics, DistanceFallsBackToIntegratedSpeedAndGapsCountInElapsedOnly) {
  Series s = blank(3);
  s.secs = {0, 1, 60};
  s.speed_mps = {2, 3, 4};
  const ActivityMetrics m = compute_metrics(s, {});
  EXPECT_DOUBLE_EQ(m.distance_m, 9);
  EXPECT_DOUBLE_EQ(m.duration_s, 3);
  EXPECT_DOUBLE_EQ(m.elapsed_s, 61);
  EXPECT_DOUBLE_EQ(m.avg_speed_mps, 3);
  EXPECT_DOUBLE_EQ(m.max_speed_mps, 4);
}

TEST(Metrics, PacingByDistanceQuartersElseTime) {
  Series s = constant_power(401, 0);
  set_speed(s, 0, 401, 5);  // 2000 m: quarters of 500 m = 100 s each
  for (std::size_t i = 0; i < 401; ++i)
    s.power_w[i] = 100.0 * (1 + std::min<std::size_t>(i / 100, 3));
  ActivityMetrics m = compute_metrics(s, {});
  ASSERT_TRUE(m.pacing);
  EXPECT_EQ(m.pacing->basis, "distance");
  EXPECT_DOUBLE_EQ(m.pacing->quarters[0].power_w, 100);
  EXPECT_DOUBLE_EQ(m.pacing->quarters[1].power_w, 200);
  EXPECT_DOUBLE_EQ(m.pacing->quarters[3].power_w, 400);
  EXPECT_EQ(m.pacing->quarters[0].samples, 100u);
  EXPECT_EQ(m.pacing->quarters[3].samples, 101u);  // the end point closes the last quarter

  Series t = constant_power(400, 0);
  for (std::size_t i = 0; i < 400; ++i)
    t.power_w[i] = i < 200 ? 100 : 300;
  m = compute_metrics(t, {});
  EXPECT_EQ(m.pacing->basis, "time");
  EXPECT_DOUBLE_EQ(m.pacing->quarters[1].power_w, 100);
  EXPECT_DOUBLE_EQ(m.pacing->quarters[2].power_w, 300);
  EXPECT_TRUE(std::isnan(m.pacing->quarters[2].speed_mps));
}

TEST(Metrics, BestPowerFromTheMeanMaxCurve) {
  Series s = constant_power(400, 200);
  for (std::size_t i = 100; i < 105; ++i)
    s.power_w[i] = 800;
  const ActivityMetrics m = compute_metrics(s, {});
  ASSERT_EQ(m.best_power.size(), 3u);  // 5 s, 1 min, 5 min; not 20 or 60 min
  EXPECT_EQ(m.best_power[0].duration_s, 5);
  EXPECT_DOUBLE_EQ(m.best_power[0].watts, 800);
  EXPECT_EQ(m.best_power[0].start_s, 100);
  EXPECT_DOUBLE_EQ(m.best_power[1].watts, 200 + 600.0 * 5 / 60);
}

TEST(Metrics, EmptySeriesAndMissingChannels) {
  ActivityMetrics m = compute_metrics(Series{}, {});
  EXPECT_EQ(m.samples, 0u);
  EXPECT_FALSE(m.power);
  EXPECT_FALSE(m.heart_rate);
  EXPECT_FALSE(m.pacing);
  m = compute_metrics(blank(100), {});
  EXPECT_FALSE(m.power);
  EXPECT_FALSE(m.heart_rate);
  EXPECT_FALSE(m.decoupling);
  EXPECT_TRUE(m.best_efforts.empty());
  EXPECT_TRUE(m.best_power.empty());
  EXPECT_TRUE(std::isnan(m.efficiency_factor));
}

TEST(Metrics, InvalidThresholdsAreRejected) {
  Thresholds t;
  t.ftp_w = 0;
  EXPECT_THROW(compute_metrics(constant_power(10, 100), t), Error);
}

TEST(Metrics, JsonHasStableKeysAndNullForNaN) {
  const nlohmann::json j = to_json(compute_metrics(constant_power(20, 100), ftp(200)));
  EXPECT_EQ(j["samples"], 20);
  EXPECT_TRUE(j["power"]["np_coggan_w"].is_null());  // under 30 samples
  EXPECT_NEAR(j["power"]["avg_w"].get<double>(), 100, 1e-12);
  EXPECT_TRUE(j["heart_rate"].is_null());
  EXPECT_TRUE(j["distance_m"].is_null());
  EXPECT_EQ(j["power"]["zones"].size(), 7u);
  EXPECT_TRUE(j["power"]["zones"][6]["upper_w"].is_null());
  EXPECT_EQ(j["pacing"]["basis"], "time");
  for (const char* key : {"duration_s", "elapsed_s", "moving_s", "elevation_gain_m", "best_efforts",
                          "best_power", "decoupling", "efficiency_factor"})
    EXPECT_TRUE(j.contains(key)) << key;
  const std::string text = format_metrics(compute_metrics(constant_power(20, 100), ftp(200)));
  EXPECT_NE(text.find("NP (GoldenCheetah)"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
}

}  // namespace
}  // namespace podium::sensor
