// Load: calendar days, PMC (golden + closed forms + hand cases), Banister fit/forecast on
// synthetic athletes with known parameters. The plan parser: load_plan_test.cpp.
#include "podium/sensor/load.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "testkit/throws_error.hpp"

namespace podium::sensor {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

// ---------------------------------------------------------------- days

TEST(LoadDays, DailyTotalsSumsActivitiesPerDay) {
  const std::vector<std::pair<std::int32_t, double>> entries = {
      {102, 40.5}, {100, 10}, {102, 59.5}, {104, 0}};
  EXPECT_EQ(daily_totals(100, 104, entries), (std::vector<double>{10, 0, 100, 0, 0}));
  EXPECT_THAT([&] { daily_totals(101, 104, entries); },
              ThrowsError(ErrorKind::InvalidInput,
                          "entries[1].day = 1970-04-11: outside 1970-04-12..1970-04-15"));
  const std::vector<std::pair<std::int32_t, double>> negative = {{100, -1}};
  EXPECT_THROW(daily_totals(100, 100, negative), Error);
  EXPECT_THROW(daily_totals(100, 99, {}), Error);
  EXPECT_THROW(daily_totals(0, static_cast<std::int32_t>(kMaxLoadDays), {}), Error);
}

TEST(LoadDays, WeeklyBestPerIsoWeek) {
  const std::int32_t mon = day_from_iso("2024-01-01", {});  // a Monday
  const std::vector<std::pair<std::int32_t, double>> values = {
      {mon + 9, 240}, {mon, 200},      {mon + 6, 250}, {mon + 7, 240},
      {mon + 8, NAN}, {mon + 20, 300}, {mon + 14, 10}};
  const std::vector<PerformanceMarker> m = weekly_best(values);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].day, mon + 6);  // Sunday belongs to the week of the Monday before
  EXPECT_EQ(m[0].value, 250);
  EXPECT_EQ(m[1].day, mon + 7);  // equal values: the earlier day
  EXPECT_EQ(m[1].value, 240);
  EXPECT_EQ(m[2].day, mon + 20);
  // Around the epoch (negative days): Mon 1969-12-29 .. Sun 1970-01-04 is one week.
  const std::vector<std::pair<std::int32_t, double>> epoch = {{-3, 1}, {3, 5}, {4, 2}};
  const std::vector<PerformanceMarker> e = weekly_best(epoch);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].day, 3);
  EXPECT_EQ(e[1].day, 4);
}

// ---------------------------------------------------------------- PMC

std::vector<double> seeded_loads(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> tss(0, 250);
  std::vector<double> loads(n);
  for (std::size_t i = 0; i < n; ++i)
    loads[i] = (rng() % 7 == 0) ? 0.0 : tss(rng);
  return loads;
}

TEST(Pmc, MatchesGoldenBothConventionsAndTsbDays) {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  const fs::path golden = fs::path(env ? env : "../shared/data") / "activities" / "golden";
  if (!fs::exists(golden / "pmc.json") || !fs::exists(golden / "pmc-input.json"))
    GTEST_SKIP() << golden << "/pmc.json or pmc-input.json missing (set PODIUM_SHARED_DATA to "
                 << "the folder holding activities/golden/)";
  const auto input = nlohmann::json::parse(read_file((golden / "pmc-input.json").string()));
  const auto expected = nlohmann::json::parse(read_file((golden / "pmc.json").string()));
  const std::int32_t start = day_from_iso(input.at("start").get<std::string>(), {});
  const std::vector<double> tss = input.at("tss").get<std::vector<double>>();
  ASSERT_EQ(expected.at("days").size(), tss.size());
  PmcOptions options;
  options.ctl_days = expected.at("params").at("ctl_days").get<double>();
  options.atl_days = expected.at("params").at("atl_days").get<double>();
  // Golden values are rounded to 1e-6, so 1e-6 covers rounding plus arithmetic.
  constexpr double kTolerance = 1e-6;
  for (const auto& [convention, key] : {std::pair{PmcConvention::Exponential, "gc_exp"},
                                        std::pair{PmcConvention::Linear, "tp_linear"}}) {
    options.convention = convention;
    const std::vector<PmcDay> days = pmc(start, tss, options);
    for (std::size_t i = 0; i < days.size(); ++i) {
      const auto& g = expected["days"][i];
      ASSERT_EQ(iso_from_day(days[i].day), g.at("date").get<std::string>());
      EXPECT_EQ(days[i].tss, g.at("tss").get<double>());
      const auto& v = g.at(key);
      EXPECT_NEAR(days[i].ctl, v.at("ctl").get<double>(), kTolerance) << key << " day " << i;
      EXPECT_NEAR(days[i].atl, v.at("atl").get<double>(), kTolerance) << key << " day " << i;
      EXPECT_NEAR(days[i].tsb_yesterday, v.at("tsb_yesterday").get<double>(), kTolerance)
          << key << " day " << i;
      EXPECT_NEAR(days[i].tsb_today, v.at("tsb_today").get<double>(), kTolerance)
          << key << " day " << i;
    }
  }
}

// CTL_d as the closed-form weighted sum, not the recurrence.
TEST(Pmc, EqualsClosedFormSums) {
  const std::vector<double> loads = seeded_loads(400, 7);
  for (PmcConvention convention : {PmcConvention::Exponential, PmcConvention::Linear}) {
    PmcOptions o;
    o.convention = convention;
    o.ctl_seed = 55;
    o.atl_seed = 70;
    const auto days = pmc(1000, loads, o);
    const auto closed_form = [&](double tau, double seed, std::size_t d) {
      const double keep =
          convention == PmcConvention::Exponential ? std::exp(-1 / tau) : 1 - 1 / tau;
      double value = seed * std::pow(keep, static_cast<double>(d + 1));
      for (std::size_t s = 0; s <= d; ++s)
        value += loads[s] * (1 - keep) * std::pow(keep, static_cast<double>(d - s));
      return value;
    };
    for (std::size_t d : {0u, 1u, 6u, 7u, 41u, 200u, 399u}) {
      EXPECT_NEAR(days[d].ctl, closed_form(42, 55, d), 1e-9) << d;
      EXPECT_NEAR(days[d].atl, closed_form(7, 70, d), 1e-9) << d;
      EXPECT_EQ(days[d].day, static_cast<std::int32_t>(1000 + d));
    }
  }
}

TEST(Pmc, ConstantLoadConvergesAndHasNoMonotony) {
  for (PmcConvention convention : {PmcConvention::Exponential, PmcConvention::Linear}) {
    PmcOptions o;
    o.convention = convention;
    const auto days = pmc(0, std::vector<double>(1000, 100.0), o);
    EXPECT_NEAR(days.back().ctl, 100, 1e-6);
    EXPECT_NEAR(days.back().atl, 100, 1e-9);
    EXPECT_NEAR(days.back().tsb_today, 0, 1e-6);
    EXPECT_NEAR(days.back().ramp_7d, 0, 1e-6);
    EXPECT_LT(days[41].ctl, 66);  // one time constant: about 1 - 1/e of the way
    EXPECT_GT(days[41].ctl, 62);
    EXPECT_TRUE(std::isnan(days.back().monotony));  // SD = 0
    EXPECT_TRUE(std::isnan(days.back().strain));
  }
}

TEST(Pmc, SeedsAndTsbDays) {
  PmcOptions o;
  o.ctl_seed = 80;
  o.atl_seed = 100;
  const auto days = pmc(0, std::vector<double>(10, 0.0), o);
  EXPECT_DOUBLE_EQ(days[0].tsb_yesterday, -20);
  EXPECT_DOUBLE_EQ(days[0].ctl, 80 * std::exp(-1.0 / 42));
  EXPECT_DOUBLE_EQ(days[0].atl, 100 * std::exp(-1.0 / 7));
  EXPECT_DOUBLE_EQ(days[0].ramp_7d, days[0].ctl - 80);
  for (std::size_t i = 1; i < days.size(); ++i) {
    EXPECT_EQ(days[i].tsb_yesterday, days[i - 1].tsb_today);
    EXPECT_NEAR(days[i].ctl, 80 * std::exp(-static_cast<double>(i + 1) / 42), 1e-12);
  }
}

// Linear convention with ctl_days = 1: CTL is the day's load, so the ramp is a plain difference.
TEST(Pmc, RampIsCtlMinusCtlSevenDaysBefore) {
  PmcOptions o;
  o.convention = PmcConvention::Linear;
  o.ctl_days = 1;
  o.ctl_seed = 50;
  const std::vector<double> loads = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  const auto days = pmc(0, loads, o);
  EXPECT_DOUBLE_EQ(days[3].ramp_7d, 40 - 50);  // before the start: the seed
  EXPECT_DOUBLE_EQ(days[7].ramp_7d, 80 - 10);
  EXPECT_DOUBLE_EQ(days[9].ramp_7d, 100 - 30);
}

TEST(Pmc, FosterMonotonyAndStrainByHand) {
  const std::vector<double> week = {100, 0, 50, 150, 0, 100, 300, 0};
  const auto days = pmc(0, week, PmcOptions{});
  for (std::size_t i = 0; i < 6; ++i)
    EXPECT_TRUE(std::isnan(days[i].monotony)) << i;
  // Mean 100; squared deviations 0 + 1e4 + 2500 + 2500 + 1e4 + 0 + 4e4 = 65000 over 7 days.
  const double sd = std::sqrt(65000.0 / 7);
  EXPECT_NEAR(days[6].monotony, 100 / sd, 1e-12);
  EXPECT_NEAR(days[6].monotony, 1.037749, 1e-6);
  EXPECT_NEAR(days[6].strain, 700 * 100 / sd, 1e-9);
  // Next window: 0, 50, 150, 0, 100, 300, 0: mean 600/7.
  const std::vector<double> next(week.begin() + 1, week.end());
  double mean = 600.0 / 7, squares = 0;
  for (double v : next)
    squares += (v - mean) * (v - mean);
  EXPECT_NEAR(days[7].monotony, mean / std::sqrt(squares / 7), 1e-12);
  const auto flat = pmc(0, std::vector<double>(7, 80.3), PmcOptions{});
  EXPECT_TRUE(std::isnan(flat[6].monotony));
  EXPECT_TRUE(std::isnan(flat[6].strain));
}

TEST(Pmc, ValidatesOptionsAndLoads) {
  const std::vector<double> loads = {1, 2, NAN};
  PmcOptions o;
  o.ctl_days = 0;
  EXPECT_THAT([&] { pmc(0, loads, o); },
              ThrowsError(ErrorKind::InvalidInput, "ctl_days = 0: must be > 0"));
  o = {};
  o.atl_days = -3;
  EXPECT_THAT([&] { pmc(0, loads, o); },
              ThrowsError(ErrorKind::InvalidInput, "atl_days = -3: must be > 0"));
  o = {};
  o.convention = PmcConvention::Linear;
  o.atl_days = 0.5;
  EXPECT_THAT([&] { pmc(0, loads, o); },
              ThrowsError(ErrorKind::InvalidInput,
                          "atl_days = 0.5: must be >= 1 with the linear convention"));
  o = {};
  o.ctl_seed = -1;
  EXPECT_THAT([&] { pmc(0, loads, o); },
              ThrowsError(ErrorKind::InvalidInput, "ctl_seed = -1: must be finite and >= 0"));
  EXPECT_THAT([&] { pmc(0, loads, PmcOptions{}); },
              ThrowsError(ErrorKind::InvalidInput, "daily_tss[2] = nan: must be finite and >= 0"));
  EXPECT_TRUE(pmc(0, {}, PmcOptions{}).empty());
}

// ---------------------------------------------------------------- Banister

// A year of periodised training: 3 build weeks, 1 easy week, a rest day a week, seeded noise.
std::vector<double> periodised_loads(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(0.6, 1.4);
  std::vector<double> loads(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t week = i / 7;
    const double block = week % 4 == 3 ? 40 : 70 + 15.0 * static_cast<double>(week % 4);
    const double season = 1 + 0.3 * std::sin(static_cast<double>(i) / 60);
    loads[i] = i % 7 == 0 ? 0 : block * season * jitter(rng);
  }
  return loads;
}

// p(t) straight from the definition: a double sum, no recurrence.
double naive_performance(const BanisterParams& p, const std::vector<double>& load, std::size_t t) {
  double fitness = 0, fatigue = 0;
  for (std::size_t s = 0; s < t; ++s) {
    fitness += load[s] * std::exp(-static_cast<double>(t - s) / p.tau1_days);
    fatigue += load[s] * std::exp(-static_cast<double>(t - s) / p.tau2_days);
  }
  return p.p0 + p.k1 * fitness - p.k2 * fatigue;
}

const BanisterParams kTrue = {250, 0.02, 40, 0.05, 8};

std::vector<PerformanceMarker> synthetic_markers(const std::vector<double>& load, std::size_t every,
                                                 double noise_sd, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, noise_sd);
  std::vector<PerformanceMarker> markers;
  for (std::size_t t = 10; t <= load.size(); t += every)
    markers.push_back({static_cast<std::int32_t>(5000 + t),
                       naive_performance(kTrue, load, t) + (noise_sd > 0 ? noise(rng) : 0)});
  return markers;
}

TEST(Banister, PredictEqualsDefinition) {
  const std::vector<double> load = periodised_loads(200, 3);
  const std::vector<double> p = banister_predict(kTrue, 5000, load, 5000, 5200);
  ASSERT_EQ(p.size(), 201u);
  for (std::size_t t = 0; t <= 200; ++t)
    EXPECT_NEAR(p[t], naive_performance(kTrue, load, t), 1e-9) << t;
  EXPECT_EQ(p[0], kTrue.p0);  // no load before the first day
  const std::vector<double> part = banister_predict(kTrue, 5000, load, 5100, 5102);
  EXPECT_EQ(part, std::vector<double>(p.begin() + 100, p.begin() + 103));
  EXPECT_THROW(banister_predict(kTrue, 5000, load, 4999, 5000), Error);
  EXPECT_THROW(banister_predict(kTrue, 5000, load, 5000, 5201), Error);
  EXPECT_THROW(banister_predict(kTrue, 5000, load, 5010, 5009), Error);
  BanisterParams bad = kTrue;
  bad.tau2_days = 0;
  EXPECT_THAT([&] { banister_predict(bad, 5000, load, 5000, 5001); },
              ThrowsError(ErrorKind::InvalidInput, "tau2_days = 0: must be > 0"));
}

TEST(Banister, RecoversExactParametersWithoutNoise) {
  const std::vector<double> load = periodised_loads(365, 11);
  const auto markers = synthetic_markers(load, 7, 0.0, 0);
  const BanisterFit fit = fit_banister(5000, load, markers, BanisterOptions{});
  EXPECT_TRUE(fit.converged) << fit.summary;
  EXPECT_NEAR(fit.params.p0, kTrue.p0, 1e-3 * kTrue.p0) << fit.summary;
  EXPECT_NEAR(fit.params.k1, kTrue.k1, 1e-3 * kTrue.k1) << fit.summary;
  EXPECT_NEAR(fit.params.tau1_days, kTrue.tau1_days, 1e-3 * kTrue.tau1_days) << fit.summary;
  EXPECT_NEAR(fit.params.k2, kTrue.k2, 1e-3 * kTrue.k2) << fit.summary;
  EXPECT_NEAR(fit.params.tau2_days, kTrue.tau2_days, 1e-3 * kTrue.tau2_days) << fit.summary;
  EXPECT_LT(fit.rmse, 1e-4);
  EXPECT_GT(fit.r2, 0.999999);
  EXPECT_EQ(fit.points, static_cast<int>(markers.size()));
}

TEST(Banister, RecoversParametersAndForecastsWithNoise) {
  const std::vector<double> history = periodised_loads(365, 5);
  constexpr double kNoiseW = 1.0;
  const auto markers = synthetic_markers(history, 4, kNoiseW, 42);
  const BanisterFit fit = fit_banister(5000, history, markers, BanisterOptions{});
  EXPECT_TRUE(fit.converged) << fit.summary;
  EXPECT_NEAR(fit.params.tau1_days, kTrue.tau1_days, 0.10 * kTrue.tau1_days) << fit.summary;
  EXPECT_NEAR(fit.params.tau2_days, kTrue.tau2_days, 0.15 * kTrue.tau2_days) << fit.summary;
  EXPECT_NEAR(fit.params.k1, kTrue.k1, 0.15 * kTrue.k1) << fit.summary;
  EXPECT_NEAR(fit.params.k2, kTrue.k2, 0.15 * kTrue.k2) << fit.summary;
  EXPECT_NEAR(fit.rmse, kNoiseW, 0.2 * kNoiseW) << fit.summary;
  for (double se : fit.se)
    EXPECT_TRUE(std::isfinite(se) && se > 0) << fit.summary;
  // The truth lies within 4 standard errors of the estimate for tau1 and tau2.
  EXPECT_LT(std::abs(fit.params.tau1_days - kTrue.tau1_days), 4 * fit.se[2]) << fit.summary;
  EXPECT_LT(std::abs(fit.params.tau2_days - kTrue.tau2_days), 4 * fit.se[4]) << fit.summary;
  // Forecast: three weeks of taper after the history.
  std::vector<double> with_plan = history;
  for (int d = 0; d < 21; ++d)
    with_plan.push_back(d % 7 == 0 ? 0 : 40);
  const auto forecast = banister_predict(fit.params, 5000, with_plan, 5365, 5386);
  for (std::size_t i = 0; i < forecast.size(); ++i)
    EXPECT_NEAR(forecast[i], naive_performance(kTrue, with_plan, 365 + i), 2.0) << i;
}

// Over 40 seeded athletes (weekly markers, 2 W noise) the truth lies within 2 standard errors
// about 95 % of the time if `se` means what it says; 85 % leaves room for 40 draws.
TEST(Banister, StandardErrorsAreCalibrated) {
  constexpr int kAthletes = 40;
  std::array<int, 5> inside{};
  double worst_forecast_w = 0;
  for (int seed = 0; seed < kAthletes; ++seed) {
    std::vector<double> load = periodised_loads(365, 100 + seed);
    const auto markers = synthetic_markers(load, 7, 2.0, seed);
    const BanisterFit fit = fit_banister(5000, load, markers, BanisterOptions{});
    const std::array<double, 5> estimate = {fit.params.p0, fit.params.k1, fit.params.tau1_days,
                                            fit.params.k2, fit.params.tau2_days};
    const std::array<double, 5> truth = {kTrue.p0, kTrue.k1, kTrue.tau1_days, kTrue.k2,
                                         kTrue.tau2_days};
    for (std::size_t i = 0; i < 5; ++i)
      inside[i] += std::abs(estimate[i] - truth[i]) < 2 * fit.se[i];
    for (int d = 0; d < 21; ++d)
      load.push_back(d % 7 == 0 ? 0 : 40);
    const auto forecast = banister_predict(fit.params, 5000, load, 5365, 5386);
    for (std::size_t i = 0; i < forecast.size(); ++i)
      worst_forecast_w = std::max(worst_forecast_w,
                                  std::abs(forecast[i] - naive_performance(kTrue, load, 365 + i)));
  }
  for (std::size_t i = 0; i < 5; ++i)
    EXPECT_GE(inside[i], 0.85 * kAthletes) << "parameter " << i;
  EXPECT_LT(worst_forecast_w, 3.0);
}

TEST(Banister, DeterministicAndOrderIndependent) {
  const std::vector<double> load = periodised_loads(300, 9);
  auto markers = synthetic_markers(load, 7, 2.0, 1);
  const BanisterFit a = fit_banister(5000, load, markers, BanisterOptions{});
  const BanisterFit b = fit_banister(5000, load, markers, BanisterOptions{});
  std::reverse(markers.begin(), markers.end());
  const BanisterFit c = fit_banister(5000, load, markers, BanisterOptions{});
  for (const BanisterFit* f : {&b, &c}) {
    EXPECT_EQ(a.params.p0, f->params.p0);
    EXPECT_EQ(a.params.k1, f->params.k1);
    EXPECT_EQ(a.params.tau1_days, f->params.tau1_days);
    EXPECT_EQ(a.params.k2, f->params.k2);
    EXPECT_EQ(a.params.tau2_days, f->params.tau2_days);
    EXPECT_EQ(a.summary, f->summary);
  }
}

TEST(Banister, RespectsBounds) {
  const std::vector<double> load = periodised_loads(200, 4);
  std::vector<PerformanceMarker> markers;
  for (std::int32_t t = 7; t <= 200; t += 7)  // performance that ignores training
    markers.push_back({t, 300 + (t % 14 == 0 ? 3.0 : -3.0)});
  const BanisterFit fit = fit_banister(0, load, markers, BanisterOptions{});
  EXPECT_GE(fit.params.k1, 0);
  EXPECT_GE(fit.params.k2, 0);
  EXPECT_GE(fit.params.tau1_days, 7);
  EXPECT_LE(fit.params.tau1_days, 90);
  EXPECT_GE(fit.params.tau2_days, 1);
  EXPECT_LE(fit.params.tau2_days, 30);
  EXPECT_LT(fit.params.tau2_days, fit.params.tau1_days);
}

TEST(Banister, SingularWhenLoadCarriesNoInformation) {
  const std::vector<double> load(100, 0.0);
  std::vector<PerformanceMarker> markers;
  for (std::int32_t t = 10; t <= 100; t += 10)
    markers.push_back({t, 250.0 + t % 20});
  const BanisterFit fit = fit_banister(0, load, markers, BanisterOptions{});
  EXPECT_NEAR(fit.params.p0, 255, 1e-9);
  for (double se : fit.se)
    EXPECT_TRUE(std::isnan(se)) << fit.summary;
}

TEST(Banister, RejectsTooFewMarkersAndBadInput) {
  const std::vector<double> load = periodised_loads(100, 2);
  std::vector<PerformanceMarker> markers = {{10, 1}, {20, 2}, {30, 3}, {40, 4}, {50, 5}};
  EXPECT_THAT(
      [&] { fit_banister(0, load, markers, BanisterOptions{}); },
      ThrowsError(ErrorKind::InvalidInput,
                  "markers.size() = 5: must be at least 6 (more than the fit's 5 parameters)"));
  markers.push_back({101, 6});
  EXPECT_THAT(
      [&] { fit_banister(0, load, markers, BanisterOptions{}); },
      ThrowsError(
          ErrorKind::InvalidInput,
          "markers[5].day = 1970-04-12: outside 1970-01-01..1970-04-11 (the load's days and "
          "the day after)"));
  markers.back() = {60, NAN};
  EXPECT_THAT([&] { fit_banister(0, load, markers, BanisterOptions{}); },
              ThrowsError(ErrorKind::InvalidInput, "markers[5].value = nan: must be finite"));
  markers.back() = {60, 6};
  BanisterOptions o;
  o.tau1_max_days = 5;
  EXPECT_THAT([&] { fit_banister(0, load, markers, o); },
              ThrowsError(ErrorKind::InvalidInput,
                          "tau1_max_days = 5: must be finite and > tau1_min_days"));
  o = {};
  o.tau2_min_days = 95;
  o.tau2_max_days = 100;
  EXPECT_THAT(
      [&] { fit_banister(0, load, markers, o); },
      ThrowsError(ErrorKind::InvalidInput,
                  "tau2_min_days = 95: must be < tau1_max_days so that tau2 < tau1 can hold"));
  std::vector<double> negative = load;
  negative[3] = -1;
  EXPECT_THAT([&] { fit_banister(0, negative, markers, BanisterOptions{}); },
              ThrowsError(ErrorKind::InvalidInput, "daily_load[3] = -1: must be finite and >= 0"));
}

}  // namespace
}  // namespace podium::sensor
