#include "podium/career/peak_age.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "career/simulate_curves.hpp"
#include "podium/core/error.hpp"

namespace podium::career {
namespace {

auto curve_peaking_at(double peak) {
  return [peak](double a) { return 10.0 - 0.08 * (a - peak) * (a - peak); };
}

TEST(Bootstrap, IntervalCoversTheKnownPeakOnSmallSample) {
  // 40 datasets x 200 resamples: a quick check; the slow test measures coverage properly.
  int covered = 0;
  constexpr int kDatasets = 40;
  for (int s = 0; s < kDatasets; ++s) {
    const CurveData d = simulate(80, curve_peaking_at(27.0), 1.0, 1.5, 100 + s);
    const PeakInterval pi = bootstrap_peak(d, 2, {.resamples = 200, .seed = 7, .threads = 2});
    EXPECT_EQ(pi.resamples_used, 200);
    EXPECT_LE(pi.low, pi.peak.age);
    EXPECT_GE(pi.high, pi.peak.age);
    if (pi.low <= 27.0 && 27.0 <= pi.high) ++covered;
  }
  EXPECT_GE(covered, 33) << "coverage " << covered << "/" << kDatasets;
}

TEST(Bootstrap, SameResultWhateverTheThreadCount) {
  const CurveData d = simulate(60, curve_peaking_at(26.0), 1.0, 1.0, 3);
  const PeakInterval one = bootstrap_peak(d, 2, {.resamples = 100, .seed = 4, .threads = 1});
  const PeakInterval four = bootstrap_peak(d, 2, {.resamples = 100, .seed = 4, .threads = 4});
  EXPECT_EQ(one.low, four.low);
  EXPECT_EQ(one.high, four.high);
  EXPECT_EQ(one.band_low, four.band_low);
  const PeakInterval other = bootstrap_peak(d, 2, {.resamples = 100, .seed = 5, .threads = 1});
  EXPECT_NE(one.low, other.low);
}

TEST(Bootstrap, BandAndBoundaryCounts) {
  // A rising line has its maximum at the oldest age in every resample.
  const CurveData d = simulate(
      30, [](double a) { return a; }, 0.5, 0.5, 8);
  const PeakInterval pi = bootstrap_peak(d, 1, {.resamples = 50, .band_points = 11});
  EXPECT_FALSE(pi.peak.interior);
  EXPECT_EQ(pi.boundary_peaks, 50);
  ASSERT_EQ(pi.band_age.size(), 11U);
  EXPECT_DOUBLE_EQ(pi.band_age.front(), d.peak_lo());
  EXPECT_DOUBLE_EQ(pi.band_age.back(), d.peak_hi());
  for (std::size_t i = 0; i < 11; ++i)
    EXPECT_LE(pi.band_low[i], pi.band_high[i]);
  EXPECT_THROW(bootstrap_peak(d, 1, {.resamples = 0}), Error);
}

// Seasons within a year of `age`: how densely riders cover that point of the curve.
int seasons_near(const CurveData& d, double age) {
  int n = 0;
  for (double a : d.age)
    n += std::abs(a - age) <= 1.0 ? 1 : 0;
  return n;
}

TEST(Bootstrap, BandHoldsTheFitAndIsNarrowWhereRidersAreDense) {
  const CurveData d = simulate(120, curve_peaking_at(27.0), 1.5, 2.0, 21);
  const PeakInterval pi = bootstrap_peak(d, 2, {.resamples = 400, .seed = 3, .threads = 2});
  const Polynomial full = fit_polynomial(d, 2);
  const std::size_t n = pi.band_age.size();
  ASSERT_EQ(n, 61U);
  ASSERT_EQ(pi.band_fit.size(), n);
  ASSERT_EQ(pi.band_low.size(), n);
  ASSERT_EQ(pi.band_high.size(), n);
  std::size_t narrowest = 0;
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_DOUBLE_EQ(pi.band_fit[i], full(pi.band_age[i]));
    EXPECT_LT(pi.band_low[i], pi.band_fit[i]) << "age " << pi.band_age[i];
    EXPECT_GT(pi.band_high[i], pi.band_fit[i]) << "age " << pi.band_age[i];
    const double width = pi.band_high[i] - pi.band_low[i];
    if (width < pi.band_high[narrowest] - pi.band_low[narrowest]) narrowest = i;
  }
  // Narrowest where the seasons are: at least 80 % of the densest point's count there.
  int densest = 0;
  for (double a : pi.band_age)
    densest = std::max(densest, seasons_near(d, a));
  EXPECT_GE(seasons_near(d, pi.band_age[narrowest]), 0.8 * densest)
      << "narrowest at age " << pi.band_age[narrowest];
  // The ends, where few riders are, at least twice as wide as the narrowest point.
  const double min_width = pi.band_high[narrowest] - pi.band_low[narrowest];
  EXPECT_GT(pi.band_high.front() - pi.band_low.front(), 2.0 * min_width);
  EXPECT_GT(pi.band_high.back() - pi.band_low.back(), 2.0 * min_width);
}

TEST(Bootstrap, BandCoversTheKnownCurve) {
  // Pointwise coverage of the true curve, pooled over the grid ages of 200 datasets.
  const auto truth = curve_peaking_at(27.5);
  constexpr int kDatasets = 200;
  int inside = 0, total = 0;
  for (int s = 0; s < kDatasets; ++s) {
    const CurveData d = simulate(120, truth, 1.5, 2.0, 20000 + s);
    const PeakInterval pi =
        bootstrap_peak(d, 2, {.resamples = 200, .seed = 1, .threads = 2, .band_points = 21});
    for (std::size_t i = 0; i < pi.band_age.size(); ++i) {
      const double y = truth(pi.band_age[i]);
      inside += pi.band_low[i] <= y && y <= pi.band_high[i] ? 1 : 0;
      ++total;
    }
  }
  const double coverage = static_cast<double>(inside) / total;
  RecordProperty("band_coverage", std::to_string(coverage));
  std::printf("band coverage %.3f over %d ages\n", coverage, total);
  // Nominal 0.95; the percentile bootstrap runs a little narrow at 120 athletes. A band that
  // covers nearly everything is too wide to be a 95 % band.
  EXPECT_GE(coverage, 0.85);
  EXPECT_LE(coverage, 0.99);
}

TEST(AgeGrid, EvenWithBothEnds) {
  EXPECT_EQ(age_grid(20.0, 30.0, 3), (std::vector<double>{20.0, 25.0, 30.0}));
  EXPECT_THROW(age_grid(20.0, 30.0, 1), Error);
}

TEST(Permutation, SmallPForARealDifference) {
  const CurveData a = simulate(80, curve_peaking_at(25.0), 1.0, 1.0, 1, 0);
  const CurveData b = simulate(80, curve_peaking_at(29.0), 1.0, 1.0, 2, 1000);
  const PermutationTest t = permutation_test_peak(a, 2, b, 2, {.permutations = 199, .seed = 3});
  EXPECT_NEAR(t.delta, -4.0, 1.0);
  EXPECT_DOUBLE_EQ(t.p, 1.0 / 200.0);  // no permutation reaches a 4-year gap
  EXPECT_EQ(t.failed, 0);
}

TEST(Permutation, PValuesUnderTheNullAreNotSmall) {
  // Same curve in both groups: p should be roughly uniform, so few below 0.05 and a mean near 0.5.
  constexpr int kRepeats = 40;
  int below = 0;
  double sum = 0.0;
  for (int r = 0; r < kRepeats; ++r) {
    const CurveData a = simulate(40, curve_peaking_at(27.0), 1.0, 1.5, 500 + r, 0);
    const CurveData b = simulate(40, curve_peaking_at(27.0), 1.0, 1.5, 900 + r, 1000);
    const PermutationTest t = permutation_test_peak(a, 2, b, 2, {.permutations = 99, .seed = 1});
    EXPECT_GE(t.p, 0.01);
    below += t.p < 0.05 ? 1 : 0;
    sum += t.p;
  }
  EXPECT_LE(below, 6);
  EXPECT_GT(sum / kRepeats, 0.35);
  EXPECT_LT(sum / kRepeats, 0.65);
}

TEST(Permutation, DeterministicAndThreadIndependent) {
  const CurveData a = simulate(30, curve_peaking_at(26.0), 1.0, 1.0, 11, 0);
  const CurveData b = simulate(30, curve_peaking_at(27.0), 1.0, 1.0, 12, 100);
  const auto t1 = permutation_test_peak(a, 2, b, 2, {.permutations = 60, .seed = 2, .threads = 1});
  const auto t3 = permutation_test_peak(a, 2, b, 2, {.permutations = 60, .seed = 2, .threads = 3});
  EXPECT_EQ(t1.p, t3.p);
  EXPECT_EQ(t1.delta, t3.delta);
}

}  // namespace
}  // namespace podium::career
