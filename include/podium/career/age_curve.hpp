// Age-performance curves: polynomials in centred age by least squares (degree fixed or chosen by
// K-fold cross-validation with folds by athlete), a linear mixed model with a random intercept
// per athlete (ML or REML), and the peak of a curve within an age range.
//
// Contract: ages in years, y in the performance unit; `athlete` groups the rows (any int32 key).
// Pure functions; no I/O. Polynomials are in (age - centre), coefficients lowest order first.
// Bad input (mismatched lengths, too few distinct ages or athletes for the degree, degree outside
// 1..kMaxDegree) throws Error(InvalidInput) saying which.
//
//   CurveData d{ages, ys, athletes};
//   int degree = select_degree_cv(d, {.folds = 5, .seed = 1});
//   Polynomial p = fit_polynomial(d, degree);
//   Peak pk = find_peak(p, d.peak_lo(), d.peak_hi());  // pk.interior false: no interior maximum
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace podium::career {

constexpr int kMaxDegree = 4;

struct CurveData {
  std::vector<double> age;
  std::vector<double> y;
  std::vector<std::int32_t> athlete;

  std::size_t size() const { return y.size(); }
  double mean_age() const;
  // Where peaks are searched and curves read: the 1st to 99th percentile of `age` (linear
  // interpolation), so a handful of seasons at the extremes (a 16-year-old's one race, a
  // 50-year-old's last) do not decide where a polynomial is trusted.
  double peak_lo() const;
  double peak_hi() const;
};

struct Polynomial {
  double centre = 0.0;
  std::vector<double> coef;  // coef[i] multiplies (age - centre)^i
  int degree() const { return static_cast<int>(coef.size()) - 1; }
  double operator()(double age) const;
};

// Least squares (column-pivoting QR) with centre = d.mean_age().
Polynomial fit_polynomial(const CurveData& d, int degree);

struct DegreeCvOptions {
  int folds = 5;
  int max_degree = kMaxDegree;
  std::uint64_t seed = 1;
};
struct DegreeCv {
  int degree = 1;
  std::vector<double> cv_mse;  // per degree 1..max_degree (fewer when the data has fewer
                               // distinct ages than max_degree + 1)
  std::vector<double> cv_se;   // standard error of cv_mse[k] - cv_mse[best] (0 for the best)
};
// K-fold CV with folds by athlete: athletes shuffled with the seed and dealt round-robin to
// folds, so an athlete's seasons never sit on both sides of a split. Mean squared prediction
// error per degree, pooled over all held-out rows. The chosen degree is the lowest whose error
// exceeds the minimum by at most one standard error of the difference, computed from per-athlete
// paired differences of held-out squared error (a one-SE rule on the paired difference: a
// higher degree must earn its place, and pairing cancels the heavy-tailed noise all degrees
// share). Fewer athletes than folds: folds shrink to the athlete count (at least 2).
DegreeCv select_degree_cv(const CurveData& d, const DegreeCvOptions& options);

struct Peak {
  double age = 0.0;
  double value = 0.0;
  bool interior = false;  // false: the maximum over [lo, hi] is at an end (no interior peak)
};
// Maximum of f over [lo, hi]: a grid of `steps` steps, then 60 golden-section steps around the
// best grid point (which brackets a local maximum). lo < hi, steps >= 2 required.
Peak find_maximum(const std::function<double(double)>& f, double lo, double hi, int steps);
// find_maximum of p with 2000 steps.
Peak find_peak(const Polynomial& p, double lo, double hi);

enum class VarianceMethod { Ml, Reml };

struct MixedFit {
  Polynomial fixed;                       // fixed effects: population curve
  double sigma2_athlete = 0.0;            // random-intercept variance
  double sigma2_residual = 0.0;           // residual variance
  double variance_ratio = 0.0;            // gamma = sigma2_athlete / sigma2_residual
  double minus_two_log_likelihood = 0.0;  // ML or REML criterion at the optimum
  int athletes = 0;
};
// y_ij = poly(age_ij) + b_i + e_ij, b_i ~ N(0, s_b^2), e_ij ~ N(0, s^2). For a variance ratio g
// the fixed effects are GLS, using V_i^-1 = (I - g/(1 + n_i g) 11') / s^2 per athlete block (no
// n x n matrices); s^2 is profiled out in closed form and the ML or REML criterion is minimised
// over g in {0} U [1e-6, 1e4] (log grid, then golden section). Centre = d.mean_age().
MixedFit fit_mixed(const CurveData& d, int degree, VarianceMethod method);
// The same model at a given variance ratio (g = 0 is ordinary least squares).
MixedFit fit_mixed_at(const CurveData& d, int degree, VarianceMethod method, double gamma);

}  // namespace podium::career
