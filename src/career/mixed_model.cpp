// Random-intercept model by profiling the variance ratio. Per athlete block the covariance is
// s^2 (I + g 11'), whose inverse and determinant have closed forms (Sherman-Morrison):
// V_i^-1 = (I - w_i 11') / s^2 with w_i = g / (1 + n_i g), |V_i| = s^(2 n_i) (1 + n_i g). So
// X'V^-1 X and X'V^-1 y are X'X and X'y minus rank-one corrections from each block's column sums,
// and nothing of size n x n is ever formed.
#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <numbers>
#include <string>

#include "podium/career/age_curve.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "polynomial_design.hpp"

namespace podium::career {
namespace {

constexpr double kMinLogRatio = -6.0;  // log10 of the smallest positive ratio searched
constexpr double kMaxLogRatio = 4.0;
constexpr int kGridSteps = 40;

struct Blocks {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  Eigen::MatrixXd xtx;
  Eigen::VectorXd xty;
  std::vector<double> n;            // rows per athlete
  std::vector<Eigen::VectorXd> sx;  // column sums of X per athlete
  std::vector<double> sy;           // sum of y per athlete
  std::vector<std::vector<Eigen::Index>> rows;
};

Blocks make_blocks(const CurveData& d, int degree, double centre) {
  Blocks b;
  b.x = detail::design(d, degree, centre);
  b.y = Eigen::Map<const Eigen::VectorXd>(d.y.data(), static_cast<Eigen::Index>(d.size()));
  b.xtx = b.x.transpose() * b.x;
  b.xty = b.x.transpose() * b.y;
  std::map<std::int32_t, std::size_t> block_of;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const auto [it, added] = block_of.emplace(d.athlete[i], b.rows.size());
    if (added) b.rows.emplace_back();
    b.rows[it->second].push_back(static_cast<Eigen::Index>(i));
  }
  for (const auto& rows : b.rows) {
    Eigen::VectorXd sx = Eigen::VectorXd::Zero(b.x.cols());
    double sy = 0.0;
    for (Eigen::Index r : rows) {
      sx += b.x.row(r).transpose();
      sy += b.y(r);
    }
    b.n.push_back(static_cast<double>(rows.size()));
    b.sx.push_back(std::move(sx));
    b.sy.push_back(sy);
  }
  return b;
}

struct Evaluation {
  Eigen::VectorXd beta;
  double sigma2 = 0.0;
  double criterion = 0.0;  // -2 log-likelihood (ML) or -2 restricted log-likelihood (REML)
};

Evaluation evaluate(const Blocks& b, VarianceMethod method, double gamma) {
  Eigen::MatrixXd a = b.xtx;
  Eigen::VectorXd rhs = b.xty;
  double log_det_h = 0.0;
  for (std::size_t i = 0; i < b.n.size(); ++i) {
    const double w = gamma / (1.0 + b.n[i] * gamma);
    a.noalias() -= w * b.sx[i] * b.sx[i].transpose();
    rhs.noalias() -= w * b.sy[i] * b.sx[i];
    log_det_h += std::log1p(b.n[i] * gamma);
  }
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(a);
  Evaluation e;
  e.beta = ldlt.solve(rhs);
  const Eigen::VectorXd r = b.y - b.x * e.beta;
  double q = r.squaredNorm();
  for (std::size_t i = 0; i < b.rows.size(); ++i) {
    double sum = 0.0;
    for (Eigen::Index row : b.rows[i])
      sum += r(row);
    q -= gamma / (1.0 + b.n[i] * gamma) * sum * sum;
  }
  const double n = static_cast<double>(b.y.size());
  const double p = static_cast<double>(b.x.cols());
  const double dof = method == VarianceMethod::Reml ? n - p : n;
  e.sigma2 = q / dof;
  const double log2pi = std::log(2.0 * std::numbers::pi);
  e.criterion = dof * (log2pi + std::log(e.sigma2) + 1.0) + log_det_h;
  if (method == VarianceMethod::Reml) e.criterion += ldlt.vectorD().array().log().sum();
  return e;
}

MixedFit to_fit(const Blocks& b, const Evaluation& e, double gamma, double centre) {
  MixedFit f;
  f.fixed = detail::to_polynomial(e.beta, centre);
  f.variance_ratio = gamma;
  f.sigma2_residual = e.sigma2;
  f.sigma2_athlete = gamma * e.sigma2;
  f.minus_two_log_likelihood = e.criterion;
  f.athletes = static_cast<int>(b.rows.size());
  return f;
}

void check(const CurveData& d, int degree, VarianceMethod method) {
  detail::check_curve_data(d, degree, "mixed model");
  if (method == VarianceMethod::Reml && d.size() <= static_cast<std::size_t>(degree) + 1)
    throw Error(ErrorKind::InvalidInput, "mixed model: " + std::to_string(d.size()) +
                                             " rows, REML needs more than " +
                                             std::to_string(degree + 1));
}

}  // namespace

MixedFit fit_mixed_at(const CurveData& d, int degree, VarianceMethod method, double gamma) {
  check(d, degree, method);
  require_option(gamma >= 0.0 && std::isfinite(gamma), "mixed model", "variance ratio", gamma,
                 "must be finite and >= 0");
  const double centre = d.mean_age();
  const Blocks b = make_blocks(d, degree, centre);
  return to_fit(b, evaluate(b, method, gamma), gamma, centre);
}

MixedFit fit_mixed(const CurveData& d, int degree, VarianceMethod method) {
  check(d, degree, method);
  const double centre = d.mean_age();
  const Blocks b = make_blocks(d, degree, centre);
  const auto criterion = [&](double log_gamma) {
    return evaluate(b, method, std::pow(10.0, log_gamma)).criterion;
  };
  const double step = (kMaxLogRatio - kMinLogRatio) / kGridSteps;
  int best = 0;
  double best_c = criterion(kMinLogRatio);
  for (int i = 1; i <= kGridSteps; ++i) {
    const double c = criterion(kMinLogRatio + step * i);
    if (c < best_c) best = i, best_c = c;
  }
  // Golden section in log10(gamma) between the grid neighbours of the best grid point.
  const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double lo = kMinLogRatio + step * std::max(best - 1, 0);
  double hi = kMinLogRatio + step * std::min(best + 1, kGridSteps);
  double c1 = hi - phi * (hi - lo), c2 = lo + phi * (hi - lo);
  double f1 = criterion(c1), f2 = criterion(c2);
  for (int it = 0; it < 50; ++it) {
    if (f1 <= f2) {
      hi = c2, c2 = c1, f2 = f1;
      c1 = hi - phi * (hi - lo), f1 = criterion(c1);
    } else {
      lo = c1, c1 = c2, f1 = f2;
      c2 = lo + phi * (hi - lo), f2 = criterion(c2);
    }
  }
  double gamma = std::pow(10.0, (lo + hi) / 2.0);
  Evaluation e = evaluate(b, method, gamma);
  const Evaluation at_zero = evaluate(b, method, 0.0);
  if (at_zero.criterion <= e.criterion) gamma = 0.0, e = at_zero;
  return to_fit(b, e, gamma, centre);
}

}  // namespace podium::career
