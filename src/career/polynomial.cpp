#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <string>

#include "podium/career/age_curve.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/quantile.hpp"
#include "podium/core/random.hpp"
#include "polynomial_design.hpp"

namespace podium::career {

double CurveData::mean_age() const {
  return age.empty() ? NAN : std::accumulate(age.begin(), age.end(), 0.0) / age.size();
}

namespace {

double age_quantile(const std::vector<double>& ages, double q) {
  std::vector<double> sorted = ages;
  std::sort(sorted.begin(), sorted.end());
  return sorted_quantile(sorted, q);
}

constexpr double kPeakRangeQuantile = 0.01;

}  // namespace

double CurveData::peak_lo() const {
  return age_quantile(age, kPeakRangeQuantile);
}
double CurveData::peak_hi() const {
  return age_quantile(age, 1.0 - kPeakRangeQuantile);
}

double Polynomial::operator()(double a) const {
  const double x = a - centre;
  double v = 0.0;
  for (auto it = coef.rbegin(); it != coef.rend(); ++it)
    v = v * x + *it;
  return v;
}

namespace detail {

void check_curve_data(const CurveData& d, int degree, const char* what) {
  const auto fail = [&](const std::string& m) {
    throw Error(ErrorKind::InvalidInput, std::string(what) + ": " + m);
  };
  if (degree < 1 || degree > kMaxDegree)
    fail("degree " + std::to_string(degree) + " outside 1.." + std::to_string(kMaxDegree));
  if (d.age.size() != d.y.size() || d.athlete.size() != d.y.size())
    fail("age, y and athlete have " + std::to_string(d.age.size()) + ", " +
         std::to_string(d.y.size()) + " and " + std::to_string(d.athlete.size()) +
         " entries, expected equal");
  for (std::size_t i = 0; i < d.size(); ++i)
    if (!std::isfinite(d.age[i]) || !std::isfinite(d.y[i]))
      fail("row " + std::to_string(i) + " has a non-finite age or y");
  const std::set<double> ages(d.age.begin(), d.age.end());
  if (static_cast<int>(ages.size()) <= degree)
    fail(std::to_string(ages.size()) + " distinct ages, a degree-" + std::to_string(degree) +
         " curve needs at least " + std::to_string(degree + 1));
}

Eigen::MatrixXd design(const CurveData& d, int degree, double centre) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(d.size()), degree + 1);
  for (std::size_t i = 0; i < d.size(); ++i) {
    double p = 1.0;
    for (int j = 0; j <= degree; ++j, p *= d.age[i] - centre)
      x(static_cast<Eigen::Index>(i), j) = p;
  }
  return x;
}

Polynomial to_polynomial(const Eigen::VectorXd& beta, double centre) {
  Polynomial p;
  p.centre = centre;
  p.coef.assign(beta.data(), beta.data() + beta.size());
  return p;
}

}  // namespace detail

Polynomial fit_polynomial(const CurveData& d, int degree) {
  detail::check_curve_data(d, degree, "polynomial fit");
  const double centre = d.mean_age();
  const Eigen::MatrixXd x = detail::design(d, degree, centre);
  const Eigen::Map<const Eigen::VectorXd> y(d.y.data(), static_cast<Eigen::Index>(d.size()));
  return detail::to_polynomial(x.colPivHouseholderQr().solve(y), centre);
}

DegreeCv select_degree_cv(const CurveData& d, const DegreeCvOptions& o) {
  if (o.max_degree < 1 || o.max_degree > kMaxDegree)
    throw Error(ErrorKind::InvalidInput, "degree cv: max_degree " + std::to_string(o.max_degree) +
                                             " outside 1.." + std::to_string(kMaxDegree));
  require_option(o.folds >= 2, "degree cv", "folds", o.folds, "must be >= 2");
  detail::check_curve_data(d, 1, "degree cv");
  // Degrees the data cannot carry (too few distinct ages) are not candidates.
  const int max_degree = std::min<int>(
      o.max_degree, static_cast<int>(std::set<double>(d.age.begin(), d.age.end()).size()) - 1);
  std::vector<std::int32_t> athletes(d.athlete.begin(), d.athlete.end());
  std::sort(athletes.begin(), athletes.end());
  athletes.erase(std::unique(athletes.begin(), athletes.end()), athletes.end());
  const int folds = std::min<int>(o.folds, static_cast<int>(athletes.size()));
  if (folds < 2)
    throw Error(ErrorKind::InvalidInput, "degree cv: one athlete, folds by athlete need two");
  Rng rng(o.seed);
  for (std::size_t i = athletes.size(); i > 1; --i)
    std::swap(athletes[i - 1], athletes[rng.below(i)]);
  std::map<std::int32_t, int> fold_of;
  std::map<std::int32_t, std::size_t> slot;  // athlete -> column of athlete_sse
  for (std::size_t i = 0; i < athletes.size(); ++i) {
    fold_of[athletes[i]] = static_cast<int>(i % static_cast<std::size_t>(folds));
    slot[athletes[i]] = i;
  }

  // athlete_sse[degree - 1][athlete slot]: held-out squared error of that athlete's seasons.
  std::vector<std::vector<double>> athlete_sse(static_cast<std::size_t>(max_degree),
                                               std::vector<double>(athletes.size(), 0.0));
  for (int f = 0; f < folds; ++f) {
    CurveData train, test;
    for (std::size_t i = 0; i < d.size(); ++i) {
      CurveData& to = fold_of[d.athlete[i]] == f ? test : train;
      to.age.push_back(d.age[i]);
      to.y.push_back(d.y[i]);
      to.athlete.push_back(d.athlete[i]);
    }
    for (int degree = 1; degree <= max_degree; ++degree) {
      auto& sse = athlete_sse[static_cast<std::size_t>(degree - 1)];
      try {
        const Polynomial p = fit_polynomial(train, degree);
        for (std::size_t i = 0; i < test.size(); ++i) {
          const double e = test.y[i] - p(test.age[i]);
          sse[slot[test.athlete[i]]] += e * e;
        }
      } catch (const Error&) {
        for (std::size_t i = 0; i < test.size(); ++i)  // the training part cannot carry it
          sse[slot[test.athlete[i]]] = INFINITY;
      }
    }
  }
  DegreeCv out;
  const auto n = static_cast<double>(d.size());
  for (const auto& sse : athlete_sse)
    out.cv_mse.push_back(std::accumulate(sse.begin(), sse.end(), 0.0) / n);
  const auto best = static_cast<std::size_t>(
      std::min_element(out.cv_mse.begin(), out.cv_mse.end()) - out.cv_mse.begin());
  // Standard error of cv_mse[k] - cv_mse[best] from the per-athlete paired differences (athletes
  // are the independent units); the lowest degree within one such error of the best is chosen.
  const auto m = static_cast<double>(athletes.size());
  out.degree = static_cast<int>(best) + 1;
  for (std::size_t k = 0; k < out.cv_mse.size(); ++k) {
    double mean = 0.0, var = 0.0;
    for (std::size_t a = 0; a < athletes.size(); ++a)
      mean += athlete_sse[k][a] - athlete_sse[best][a];
    mean /= m;
    for (std::size_t a = 0; a < athletes.size(); ++a) {
      const double diff = athlete_sse[k][a] - athlete_sse[best][a] - mean;
      var += diff * diff;
    }
    out.cv_se.push_back(std::isfinite(var) ? std::sqrt(m * var / (m - 1)) / n : INFINITY);
  }
  for (std::size_t k = 0; k < best; ++k) {
    if (out.cv_mse[k] - out.cv_mse[best] <= out.cv_se[k]) {
      out.degree = static_cast<int>(k) + 1;
      break;
    }
  }
  return out;
}

Peak find_maximum(const std::function<double(double)>& f, double lo, double hi, int steps) {
  PODIUM_ASSERT(lo < hi && steps >= 2);
  const double step = (hi - lo) / steps;
  int best = 0;
  double best_v = f(lo);
  for (int i = 1; i <= steps; ++i) {
    const double v = f(lo + step * i);
    if (v > best_v) best = i, best_v = v;
  }
  if (best == 0 || best == steps) return Peak{best == 0 ? lo : hi, best_v, false};
  // Golden section on [x(best-1), x(best+1)], where the grid maximum brackets a local maximum.
  const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = lo + step * (best - 1), b = lo + step * (best + 1);
  double c = b - phi * (b - a), e = a + phi * (b - a);
  double fc = f(c), fe = f(e);
  for (int it = 0; it < 60; ++it) {
    if (fc >= fe) {
      b = e, e = c, fe = fc;
      c = b - phi * (b - a), fc = f(c);
    } else {
      a = c, c = e, fc = fe;
      e = a + phi * (b - a), fe = f(e);
    }
  }
  const double x = (a + b) / 2.0;
  return Peak{x, f(x), true};
}

Peak find_peak(const Polynomial& p, double lo, double hi) {
  return find_maximum(p, lo, hi, 2000);
}

}  // namespace podium::career
