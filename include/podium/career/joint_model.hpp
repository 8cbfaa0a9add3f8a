// One age-performance model for every group of a peak-age study (issue 15): a weighted linear
// mixed model over all athlete-seasons with one age basis shared by the groups, a curve per group
// (age x group interaction), season fixed effects, and a random intercept and random age slope
// per athlete.
//
//   y_ij = s_season(ij) + c_g + sum_k beta_gk B_k(age_ij) + u_i0 + u_i1 (age_ij - centre) / scale
//          + e_ij,   e_ij ~ N(0, sigma^2 / w_ij),   (u_i0, u_i1) ~ N(0, sigma^2 L L')
//
// g is the athlete-season's group (c_0 = 0: the season effects carry the level), B the basis: a
// natural (restricted) cubic spline with fixed knots, or a polynomial of a fixed degree in
// (age - centre), the same for every group. w are relative precisions (e.g. races entered),
// scaled to mean 1. L (lower-triangular 2 x 2, the relative covariance factor as in lme4) is
// estimated by REML or ML with sigma^2 and the fixed effects profiled out; per athlete the
// Woodbury identity gives V_i^-1 from a 2 x 2 matrix, and each athlete's rows touch only the
// columns of its seasons and group, so one evaluation costs O(rows + athletes * 20^2 + p^3 / 3).
//
// Contract: pure and deterministic. Bad data (lengths differ, a weight <= 0 or not finite, a
// group or season index out of range, a group with fewer distinct ages than its basis columns
// + 1, fewer than 3 athletes) or options (knots not increasing, fewer than 3 knots, degree outside
// 1..kMaxDegree) throw Error(InvalidInput) saying which.
//
//   JointData d;  // age, y, weight, athlete, group, season per row; groups, seasons
//   JointFit f = fit_joint(d, {.basis = spline_basis(d.age, 5)});
//   double at_28 = f.curve(0, 28.0, f.reference_season);
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "podium/career/age_curve.hpp"

namespace podium::career {

constexpr int kJointMaxBasis = 8;  // basis columns: spline knots - 1 (<= 6) or degree (<= 4)

enum class JointBasisKind { Spline, Polynomial };

struct JointBasis {
  JointBasisKind kind = JointBasisKind::Spline;
  std::vector<double> knots;  // spline: >= 3 strictly increasing ages, boundary knots first/last
  int degree = 3;             // polynomial: 1..kMaxDegree
  double centre = 27.0;       // polynomial: powers of (age - centre)
  // Columns without an intercept: knots - 1 (spline) or degree (polynomial).
  int size() const;
  // Writes size() values. The spline is Harrell's restricted cubic spline (linear beyond the
  // boundary knots), its cubic terms divided by (last knot - first knot)^2.
  void evaluate(double age, double* out) const;
};

// Knots at Harrell's quantiles of the pooled ages (Regression Modeling Strategies, 2.4.6):
// 3 knots .10 .5 .90; 4: .05 .35 .65 .95; 5: .05 .275 .5 .725 .95; 6: .05 .23 .41 .59 .77 .95;
// 7: .025 .1833 .3417 .5 .6583 .8167 .975. knots outside 3..7 throw.
JointBasis spline_basis(const std::vector<double>& ages, int knots);
JointBasis polynomial_basis(int degree, double centre);

struct JointData {
  std::vector<double> age, y, weight;
  std::vector<std::int32_t> athlete;  // random-effect block key (any int32)
  std::vector<int> group;             // 0..groups-1
  std::vector<int> season;            // 0..seasons-1: the season fixed effect
  int groups = 1;
  int seasons = 1;
  std::size_t size() const { return y.size(); }
};

struct JointOptions {
  JointBasis basis;
  VarianceMethod variance = VarianceMethod::Reml;
  double slope_scale_years = 10.0;  // the random slope is per this many years of age
};

struct JointFit {
  JointBasis basis;
  int groups = 0, seasons = 0;
  // Fixed effects: [season effects (seasons)] [group shifts c_1..c_{groups-1}]
  // [basis coefficients, group-major: groups x basis.size()]. A season without rows has 0.
  std::vector<double> beta;
  double sigma2 = 0.0;            // residual variance of a row of weight 1 (mean weight)
  std::array<double, 3> theta{};  // L = [[t0, 0], [t1, t2]]
  double var_intercept = 0.0;     // sigma^2 (L L')_00
  double var_slope = 0.0;         // sigma^2 (L L')_11, per slope_scale_years
  double corr = 0.0;              // intercept-slope correlation (0 when a variance is 0)
  double centre = 0.0;            // random-slope centre: weighted mean age
  double slope_scale_years = 10.0;
  VarianceMethod variance = VarianceMethod::Reml;
  double minus_two_log_likelihood = 0.0;  // ML or REML criterion at the optimum
  int athletes = 0;
  int evaluations = 0;       // criterion evaluations of the optimiser
  int reference_season = 0;  // the season index with the most rows: where curve values are read
  // The population curve of `group` in season index `season`: s_season + c_g + B(age) beta_g.
  double curve(int group, double age, int season) const;
};

JointFit fit_joint(const JointData& d, const JointOptions& options);

}  // namespace podium::career
