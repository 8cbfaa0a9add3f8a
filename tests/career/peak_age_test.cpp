#include "podium/career/peak_age.hpp"

#include <gtest/gtest.h>

#include <cmath>

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
