// Peak age with uncertainty, and the whole age-of-peak-performance study (Kholkine et al. 2023,
// extended): cohort -> rider types -> top/bottom-50 % groups -> age curves -> peak ages with
// percentile-bootstrap intervals (resampling athletes) -> tests of peak-age differences. With
// CurveModel::Joint (issue 15) one mixed model for all groups (joint_study.hpp) with bootstrap
// tests of the differences; beside it, and alone otherwise, one polynomial (and a
// random-intercept model) per group with permutation tests.
//
// Contract: pure and deterministic for a seed, whatever the thread count (resample b and
// permutation i draw from their own stream (seed, b)). Peaks are searched within the group's
// age range (1st-99th percentile of its ages, CurveData::peak_lo/hi); a resample's peak uses the
// original data's range, so every resample estimates the same quantity. Resamples whose fit fails
// are skipped and counted. The curve's pointwise 95 % band comes from the same resamples as the
// peak interval: each resampled fit is evaluated on an even age grid over that range, and the
// band at each age is the 2.5 % and 97.5 % percentiles there (no second resampling pass).
//
//   PeakAgeStudy s = peak_age_study(table, PeakAgeOptions{});
//   for (const GroupCurve& g : s.curves) print(g.type, g.group, g.peak.peak.age, g.peak.low);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "podium/career/age_curve.hpp"
#include "podium/career/joint_study.hpp"
#include "podium/career/peak_interval.hpp"
#include "podium/career/performance.hpp"
#include "podium/career/results.hpp"
#include "podium/career/rider_types.hpp"
#include "podium/core/threads.hpp"

namespace podium::career {

// Percentile bootstrap: athletes drawn with replacement (all rows of a drawn athlete go in), the
// degree-`degree` polynomial refitted, its peak found in [d.peak_lo(), d.peak_hi()].
PeakInterval bootstrap_peak(const CurveData& d, int degree, const BootstrapOptions& options);

struct PermutationOptions {
  int permutations = 1000;
  std::uint64_t seed = 1;
  int threads = all_cores();
};
struct PermutationTest {
  double delta = 0.0;  // peak(a) - peak(b)
  double p = 1.0;      // (1 + #{|delta*| >= |delta|}) / (1 + permutations)
  int permutations = 0;
  int failed = 0;  // permutations whose fit failed; counted as at least as extreme
};
// Group labels permuted among the athletes of a and b (group sizes in athletes kept); the
// statistic is peak(a; degree_a) - peak(b; degree_b), each in its group's peak_lo..peak_hi.
// Athlete keys must not be shared between a and b.
PermutationTest permutation_test_peak(const CurveData& a, int degree_a, const CurveData& b,
                                      int degree_b, const PermutationOptions& options);

// Joint: the one model of joint_study.hpp (intervals, tests, influence, soft membership), with
// everything of Both beside it as the alternative (per-group polynomials with their bootstrap,
// per-group random-intercept models, and the permutation tests as the secondary test).
enum class CurveModel { Polynomial, Mixed, Both, Joint };

// How a type's riders are split into top and bottom halves: by points per season entered
// (window points / seasons with a race entered; default: level apart from career length) or
// by window points (the career total, as before issue 15).
enum class LevelSplit { PointsPerSeason, CareerPoints };

struct PeakAgeOptions {
  CohortOptions cohort;
  KMeansOptions clusters;  // clusters.k = 0: chosen by silhouette
  int degree = 0;          // 1..kMaxDegree, or 0 = by cross-validation per group
  DegreeCvOptions cv;
  CurveModel model = CurveModel::Both;
  LevelSplit level = LevelSplit::PointsPerSeason;
  JointStudyOptions joint;  // used with CurveModel::Joint; its resample seed and threads are
                            // taken from `bootstrap`, its resamples too
  VarianceMethod variance = VarianceMethod::Reml;
  BootstrapOptions bootstrap;
  PermutationOptions permutation;
};

struct RiderType {
  std::string name;
  std::vector<double> centroid;  // shares, column order kTypeShareTypes
  int athletes = 0;
};

struct GroupCurve {
  std::string type;   // rider type name
  std::string group;  // "top" or "bottom" (50 % by the level split), or "all"
  int athletes = 0;
  int seasons = 0;
  int degree = 0;
  std::optional<DegreeCv> cv;       // when the degree was chosen by cross-validation
  std::optional<Polynomial> curve;  // empty when the group cannot carry a fit (see note)
  PeakInterval peak;  // polynomial peak and curve; for CurveModel::Mixed no resamples (low, high
                      // NaN, band_low/band_high empty)
  std::optional<MixedFit> mixed;
  std::optional<Peak> mixed_peak;
  CurveData data;
  std::string note;  // why a fit is missing, "" otherwise
};

// What the permutation test assumes, printed beside its p-values.
constexpr const char* kPermutationAssumption =
    "permutation p assumes riders exchangeable between the two groups under the null (same "
    "curve and same spread); with unequal group variances its size is not guaranteed: the "
    "rider bootstrap of the difference is the primary test";

struct GroupTest {
  std::string a, b;  // "GC/top", "rest/top", ...
  PermutationTest test;
};

struct PeakAgeStudy {
  int athletes = 0;
  int seasons = 0;
  double silhouette = 0.0;
  std::vector<RiderType> types;
  std::vector<GroupCurve> curves;   // per type: top, then bottom
  std::vector<GroupTest> tests;     // per type top vs bottom; then GC/top vs rest/top
  std::vector<std::string> notes;   // tests that could not be run, and why
  std::optional<JointStudy> joint;  // with CurveModel::Joint
};

// Throws Error(InvalidInput) for bad options and when the cohort is empty (saying which filter).
PeakAgeStudy peak_age_study(const ResultsTable& table, const PeakAgeOptions& options);

}  // namespace podium::career
