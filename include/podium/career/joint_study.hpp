// The peak-age study's joint model (issue 15): every cohort athlete-season in one weighted mixed
// model (joint_model.hpp) with a curve per rider type x level group, the groups' peaks with
// athlete-bootstrap intervals, bootstrap tests of the peak differences (top vs bottom within each
// type; GC top vs the other types' top halves), leave-one-athlete-out influence, and the same
// peaks under soft (probabilistic) type membership.
//
// Contract: pure and deterministic for a seed, whatever the thread count. Rows: cohort seasons
// with at least min_races races entered (fewer: dropped and counted), weighted by races entered
// (race days for points-per-race-day: the measure's denominator, so the weight is the season
// mean's precision; weight 1 for total-points). Season fixed effects for every window season.
// Peaks are read at the reference season (the one with most rows); a peak's age does not depend
// on it (season effects shift every curve alike). Soft membership: rider i's weight in type c is
// softmax_c(-d_ic^2 / T) with d_ic the distance of its type shares to centroid c and
// T = 2 inertia / (riders x dims), the posterior of an equal-weight isotropic Gaussian mixture
// with the k-means clusters' pooled within-cluster variance (T = 0: the hard limit, all weight
// on the nearest centroid); memberships below 0.01 are dropped
// and the rest renormalised; a rider's rows enter each type with their weight times the
// membership, all in the rider's one random-effect block; the level in a type is top when the
// rider's points per season is at least that type's membership-weighted median. Soft peaks have
// no bootstrap (point estimates beside the hard ones). Called by peak_age_study
// (peak_age.hpp); errors as there.
//
//   JointStudy j = joint_peak_study(table, cohort, km, names, is_top, shares, options);
//   for (const JointGroupResult& g : j.curves) print(g.name, g.peak.peak.age, g.peak.low);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podium/career/joint_model.hpp"
#include "podium/career/joint_peaks.hpp"
#include "podium/career/performance.hpp"
#include "podium/career/results.hpp"
#include "podium/career/rider_types.hpp"

namespace podium::career {

struct JointStudyOptions {
  int min_races = 5;  // seasons with fewer races entered are left out (fixed before the results)
  // The age basis, one for all groups: a polynomial of this degree (2..kMaxDegree) in
  // (age - 27), or 0 for a natural cubic spline with `knots` knots (3..7) at Harrell's quantiles
  // of the pooled ages. Cubic by default: on noiseless curves (quadratic, and asymmetric with
  // rise and decline curvatures 3:1 and 1:3, peaks 25-30; joint_model_test) its peak error moves
  // by at most 0.20 y with where the peak sits, so differences between groups are nearly
  // unbiased, while a 5-knot spline's moves by up to 1.89 y with the peak's place between knots
  // and the quadratic's is 0.74-1.60 y for asymmetric curves.
  int degree = 3;
  int knots = 5;
  VarianceMethod variance = VarianceMethod::Reml;
  JointResampleOptions resample;
  bool soft = true;  // also fit with soft type membership
};

struct JointInfluence {
  std::string athlete;  // ResultsTable athlete id
  int seasons = 0;
  double peak_change = 0.0;  // years: peak without the athlete - peak with all
};

struct JointGroupResult {
  std::string name;   // "GC/top", ..., or "rest/top"
  std::string type;   // rider type, "rest" for the pooled curve
  std::string group;  // "top", "bottom"
  int athletes = 0;
  int seasons = 0;
  double lo = 0.0, hi = 0.0;  // ages searched: 1st-99th percentile of the curve's rows
  PeakInterval peak;          // peak, bootstrap interval, band
  std::vector<JointInfluence> influence;
  std::optional<Peak> soft_peak;
};

struct JointDifferenceResult {
  std::string a, b;
  DifferenceInterval hard;
  double p_holm = 1.0;  // hard.p, Holm-adjusted over all of the study's differences
  std::optional<double> soft_delta;
};

struct JointStudy {
  JointFit fit;
  int rows = 0;
  int athletes = 0;
  int dropped_seasons = 0;               // below min_races
  int first_season = 0;                  // season index 0
  std::vector<JointGroupResult> curves;  // per type top, bottom; then rest/top when a GC type
  std::vector<JointDifferenceResult> differences;
  double soft_temperature = 0.0;
  std::optional<JointFit> soft_fit;
  std::string note;  // why soft membership was not fitted, "" otherwise
};

// is_top: per cohort athlete (cohort order), the level; names: per cluster.
JointStudy joint_peak_study(const ResultsTable& table, const Cohort& cohort,
                            const CohortOptions& cohort_options, const KMeansResult& km,
                            const std::vector<std::string>& names, const std::vector<bool>& is_top,
                            const std::vector<std::vector<double>>& shares,
                            const JointStudyOptions& options);

}  // namespace podium::career
