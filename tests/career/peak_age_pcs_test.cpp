// The joint peak-age model's headline numbers on the shared PCS data (docs/science.md section
// 1), read directly from the folder (about 2 s). Slow tier; skips when the data is absent.
// Point estimates (peaks, differences, leave-one-out) do not depend on the resample count and are
// pinned to 0.02 y (rounding across platforms); the intervals come from 200 resamples here
// (1000 in the docs), so only which side of 0 they fall on is pinned.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "podium/career/peak_age.hpp"
#include "podium/career/results_csv.hpp"
#include "testkit/shared_data.hpp"

namespace podium::career {
namespace {

TEST(PeakAgePcs, JointModelHeadlineOfScienceMd) {
  const auto dir = testkit::shared_data("cycling/pcs_noctildon");
  if (!std::filesystem::exists(dir / "pcs_rider_results.csv.gz")) {
    GTEST_SKIP() << "shared PCS data not found at " << dir.string()
                 << ": set PODIUM_SHARED_DATA (default ../shared/data)";
  }
  const ResultsTable table = read_results_pcs_path(dir.string(), {}).table;
  PeakAgeOptions o;  // the CLI's defaults, with the joint model
  o.model = CurveModel::Joint;
  o.bootstrap.resamples = 200;
  o.bootstrap.threads = 2;
  o.permutation.permutations = 1;  // the secondary test is not pinned here
  o.permutation.threads = 2;
  const auto start = std::chrono::steady_clock::now();
  const PeakAgeStudy s = peak_age_study(table, o);
  std::printf("study %.2f s, joint fit: %d criterion evaluations\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
              s.joint ? s.joint->fit.evaluations : 0);
  EXPECT_EQ(s.athletes, 985);
  EXPECT_EQ(s.seasons, 11099);
  ASSERT_TRUE(s.joint.has_value()) << (s.notes.empty() ? "" : s.notes.back());
  const JointStudy& j = *s.joint;
  EXPECT_EQ(j.rows, 9829);
  EXPECT_EQ(j.dropped_seasons, 1270);
  EXPECT_EQ(j.first_season + j.fit.reference_season, 2019);

  const std::map<std::string, double> peaks = {
      {"GC/top", 28.310},          {"GC/bottom", 26.692},
      {"all-rounder/top", 27.778}, {"all-rounder/bottom", 25.791},
      {"one-day/top", 28.699},     {"one-day/bottom", 27.495},
      {"sprinter/top", 26.673},    {"sprinter/bottom", 25.922},
      {"rest/top", 27.775}};
  ASSERT_EQ(j.curves.size(), peaks.size());
  for (const JointGroupResult& g : j.curves) {
    EXPECT_NEAR(g.peak.peak.age, peaks.at(g.name), 0.02) << g.name;
    EXPECT_TRUE(g.peak.peak.interior) << g.name;
    EXPECT_LE(g.peak.low, g.peak.peak.age) << g.name;
    EXPECT_GE(g.peak.high, g.peak.peak.age) << g.name;
  }
  // Top later than bottom: GC +1.62, all-rounder +1.99 (intervals above 0), one-day +1.20 and
  // sprinter +0.75 (intervals across 0); GC top vs the other top halves +0.53 (across 0).
  const double delta[] = {1.618, 1.987, 1.204, 0.751, 0.534};
  const bool excludes_zero[] = {true, true, false, false, false};
  ASSERT_EQ(j.differences.size(), 5U);
  for (std::size_t k = 0; k < 5; ++k) {
    const DifferenceInterval& d = j.differences[k].hard;
    EXPECT_NEAR(d.delta, delta[k], 0.02) << j.differences[k].a;
    EXPECT_EQ(d.low > 0.0, excludes_zero[k])
        << j.differences[k].a << " [" << d.low << ", " << d.high << "]";
  }
  // The largest leave-one-out move: Valverde (19 seasons) on the all-rounder top half's peak.
  ASSERT_FALSE(j.curves[2].influence.empty());
  EXPECT_EQ(j.curves[2].influence[0].athlete, "alejandro-valverde");
  EXPECT_NEAR(j.curves[2].influence[0].peak_change, -0.36, 0.02);
}

}  // namespace
}  // namespace podium::career
