// The joint peak-age model: basis, per-athlete blocks, profiled likelihood, Nelder-Mead over the
// relative covariance factor. See joint_model.hpp for the model.
#include "podium/career/joint_model.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numbers>
#include <set>
#include <string>

#include "joint_blocks.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/quantile.hpp"

namespace podium::career {
namespace {

constexpr double kJointNmTolerance = 1e-7;  // criterion spread at which the simplex stops
constexpr int kJointNmMaxEvaluations = 800;

double joint_cube_plus(double x) {
  return x > 0.0 ? x * x * x : 0.0;
}

void joint_check(const JointData& d, const JointOptions& o) {
  const std::size_t n = d.size();
  if (d.age.size() != n || d.weight.size() != n || d.athlete.size() != n || d.group.size() != n ||
      d.season.size() != n) {
    throw Error(ErrorKind::InvalidInput,
                "joint model: age, y, weight, athlete, group and season "
                "must have the same length");
  }
  require_option(d.groups >= 1, "joint model", "groups", d.groups, "must be >= 1");
  require_option(d.seasons >= 1, "joint model", "seasons", d.seasons, "must be >= 1");
  require_option(o.slope_scale_years > 0.0, "joint model", "slope_scale_years", o.slope_scale_years,
                 "must be > 0");
  const int k = o.basis.size();
  std::vector<std::set<double>> ages(static_cast<std::size_t>(d.groups));
  std::set<std::int32_t> athletes;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(d.weight[i] > 0.0) || !std::isfinite(d.weight[i]))
      reject_option("joint model", "weight[" + std::to_string(i) + "]", d.weight[i],
                    "must be finite and > 0");
    if (!std::isfinite(d.age[i]) || !std::isfinite(d.y[i]))
      reject_option("joint model", "row " + std::to_string(i), "age or y",
                    "must be finite numbers");
    if (d.group[i] < 0 || d.group[i] >= d.groups)
      reject_option("joint model", "group[" + std::to_string(i) + "]", d.group[i],
                    "must be 0..groups-1");
    if (d.season[i] < 0 || d.season[i] >= d.seasons)
      reject_option("joint model", "season[" + std::to_string(i) + "]", d.season[i],
                    "must be 0..seasons-1");
    ages[static_cast<std::size_t>(d.group[i])].insert(d.age[i]);
    athletes.insert(d.athlete[i]);
  }
  for (std::size_t g = 0; g < ages.size(); ++g) {
    if (static_cast<int>(ages[g].size()) <= k) {
      throw Error(ErrorKind::InvalidInput, "joint model: group " + std::to_string(g) + " has " +
                                               std::to_string(ages[g].size()) +
                                               " distinct ages, the basis needs more than " +
                                               std::to_string(k));
    }
  }
  if (athletes.size() < 3) {
    throw Error(ErrorKind::InvalidInput,
                "joint model: " + std::to_string(athletes.size()) + " athletes, at least 3 needed");
  }
}

struct JointEvaluation {
  Eigen::VectorXd beta;
  double sigma2 = 0.0;
  double criterion = 0.0;
  bool ok = false;
};

JointEvaluation joint_evaluate(const detail::JointBlocks& b, VarianceMethod method,
                               const std::array<double, 3>& theta) {
  Eigen::MatrixXd xvx = Eigen::MatrixXd::Zero(b.p, b.p);
  Eigen::VectorXd xvy = Eigen::VectorXd::Zero(b.p);
  double yvy = 0.0, log_det_v = 0.0;
  for (const auto& blk : b.blocks) {
    const detail::JointContribution c = detail::joint_contribution(blk, theta);
    detail::joint_scatter(blk, c, 1.0, xvx, xvy);
    yvy += c.yvy;
    log_det_v += c.log_det_m - blk.sum_log_w;
  }
  JointEvaluation e;
  double log_det_h = 0.0;
  if (!detail::joint_solve(b.active, xvx, xvy, e.beta, &log_det_h)) return e;
  const double q = yvy - e.beta.dot(xvy);
  int p_active = 0;
  for (bool a : b.active)
    p_active += a ? 1 : 0;
  const double n = b.rows;
  const double dof = method == VarianceMethod::Reml ? n - p_active : n;
  if (!(q > 0.0) || dof <= 0.0) return e;
  e.sigma2 = q / dof;
  e.criterion = dof * (std::log(2.0 * std::numbers::pi * e.sigma2) + 1.0) + log_det_v;
  if (method == VarianceMethod::Reml) e.criterion += log_det_h;
  e.ok = std::isfinite(e.criterion);
  return e;
}

// Nelder-Mead on the three entries of L (the diagonal enters through its absolute value, so the
// simplex needs no constraints).
std::array<double, 3> joint_minimise(const std::function<double(const std::array<double, 3>&)>& f,
                                     std::array<double, 3> start, double step, int& evaluations) {
  std::array<std::array<double, 3>, 4> x{};
  std::array<double, 4> fx{};
  x[0] = start;
  for (int k = 0; k < 3; ++k) {
    x[static_cast<std::size_t>(k) + 1] = start;
    x[static_cast<std::size_t>(k) + 1][static_cast<std::size_t>(k)] += step;
  }
  for (std::size_t k = 0; k < 4; ++k)
    fx[k] = f(x[k]), ++evaluations;
  const auto along = [](const std::array<double, 3>& c, const std::array<double, 3>& w, double t) {
    std::array<double, 3> out{};
    for (std::size_t k = 0; k < 3; ++k)
      out[k] = c[k] + t * (w[k] - c[k]);
    return out;
  };
  for (int it = 0; evaluations < kJointNmMaxEvaluations; ++it) {
    std::array<std::size_t, 4> order = {0, 1, 2, 3};
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return fx[a] < fx[b]; });
    std::array<std::array<double, 3>, 4> xs{};
    std::array<double, 4> fs{};
    for (std::size_t k = 0; k < 4; ++k)
      xs[k] = x[order[k]], fs[k] = fx[order[k]];
    x = xs, fx = fs;
    if (std::abs(fx[3] - fx[0]) <= kJointNmTolerance * (1.0 + std::abs(fx[0]))) break;
    std::array<double, 3> centroid{};
    for (std::size_t k = 0; k < 3; ++k)
      for (std::size_t j = 0; j < 3; ++j)
        centroid[j] += x[k][j] / 3.0;
    const auto reflected = along(centroid, x[3], -1.0);
    const double fr = f(reflected);
    ++evaluations;
    if (fr < fx[0]) {
      const auto expanded = along(centroid, x[3], -2.0);
      const double fe = f(expanded);
      ++evaluations;
      if (fe < fr) {
        x[3] = expanded, fx[3] = fe;
      } else {
        x[3] = reflected, fx[3] = fr;
      }
    } else if (fr < fx[2]) {
      x[3] = reflected, fx[3] = fr;
    } else {
      const bool outside = fr < fx[3];
      const auto contracted = along(centroid, outside ? reflected : x[3], 0.5);
      const double fc = f(contracted);
      ++evaluations;
      if (fc < (outside ? fr : fx[3])) {
        x[3] = contracted, fx[3] = fc;
      } else {
        for (std::size_t k = 1; k < 4; ++k) {
          x[k] = along(x[0], x[k], 0.5);
          fx[k] = f(x[k]);
          ++evaluations;
        }
      }
    }
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < 4; ++k)
    if (fx[k] < fx[best]) best = k;
  return x[best];
}

}  // namespace

int JointBasis::size() const {
  return kind == JointBasisKind::Spline ? static_cast<int>(knots.size()) - 1 : degree;
}

void JointBasis::evaluate(double age, double* out) const {
  if (kind == JointBasisKind::Polynomial) {
    double v = 1.0;
    for (int k = 0; k < degree; ++k) {
      v *= age - centre;
      out[k] = v;
    }
    return;
  }
  const std::size_t m = knots.size();
  const double t_last = knots[m - 1], t_prev = knots[m - 2];
  const double span = t_last - knots[0];
  out[0] = age;
  for (std::size_t j = 0; j + 2 < m; ++j) {
    const double t = knots[j];
    out[j + 1] = (joint_cube_plus(age - t) -
                  joint_cube_plus(age - t_prev) * (t_last - t) / (t_last - t_prev) +
                  joint_cube_plus(age - t_last) * (t_prev - t) / (t_last - t_prev)) /
                 (span * span);
  }
}

JointBasis spline_basis(const std::vector<double>& ages, int knots) {
  static const std::map<int, std::vector<double>> harrell_quantiles = {
      {3, {0.10, 0.5, 0.90}},
      {4, {0.05, 0.35, 0.65, 0.95}},
      {5, {0.05, 0.275, 0.5, 0.725, 0.95}},
      {6, {0.05, 0.23, 0.41, 0.59, 0.77, 0.95}},
      {7, {0.025, 0.1833, 0.3417, 0.5, 0.6583, 0.8167, 0.975}}};
  const auto it = harrell_quantiles.find(knots);
  if (it == harrell_quantiles.end()) reject_option("joint model", "knots", knots, "must be 3..7");
  if (ages.empty()) throw Error(ErrorKind::InvalidInput, "joint model: no ages to place knots");
  std::vector<double> sorted = ages;
  std::sort(sorted.begin(), sorted.end());
  JointBasis b;
  b.kind = JointBasisKind::Spline;
  for (double q : it->second)
    b.knots.push_back(sorted_quantile(sorted, q));
  for (std::size_t k = 1; k < b.knots.size(); ++k) {
    if (!(b.knots[k] > b.knots[k - 1]))
      throw Error(ErrorKind::InvalidInput, "joint model: too few distinct ages for " +
                                               std::to_string(knots) + " distinct knots");
  }
  return b;
}

JointBasis polynomial_basis(int degree, double centre) {
  require_option(degree >= 1 && degree <= kMaxDegree, "joint model", "degree", degree,
                 "must be 1.." + std::to_string(kMaxDegree));
  JointBasis b;
  b.kind = JointBasisKind::Polynomial;
  b.degree = degree;
  b.centre = centre;
  return b;
}

double JointFit::curve(int group, double age, int season) const {
  const int k = basis.size();
  std::array<double, kJointMaxBasis> v{};
  basis.evaluate(age, v.data());
  double out = beta[static_cast<std::size_t>(season)];
  if (group > 0) out += beta[static_cast<std::size_t>(seasons + group - 1)];
  const std::size_t first = static_cast<std::size_t>(seasons) + static_cast<std::size_t>(groups) -
                            1 + static_cast<std::size_t>(group) * static_cast<std::size_t>(k);
  for (std::size_t j = 0; j < static_cast<std::size_t>(k); ++j)
    out += beta[first + j] * v[j];
  return out;
}

JointFit fit_joint(const JointData& d, const JointOptions& o) {
  if (o.basis.kind == JointBasisKind::Spline) {
    if (o.basis.knots.size() < 3)
      reject_option("joint model", "knots", static_cast<double>(o.basis.knots.size()),
                    "must be >= 3");
    for (std::size_t k = 1; k < o.basis.knots.size(); ++k)
      if (!(o.basis.knots[k] > o.basis.knots[k - 1]))
        reject_option("joint model", "knots", o.basis.knots[k], "must be strictly increasing");
  } else {
    require_option(o.basis.degree >= 1 && o.basis.degree <= kMaxDegree, "joint model", "degree",
                   o.basis.degree, "must be 1.." + std::to_string(kMaxDegree));
  }
  joint_check(d, o);
  const detail::JointBlocks b = detail::make_joint_blocks(d, o.basis, o.slope_scale_years);
  JointFit fit;
  const auto criterion = [&](const std::array<double, 3>& theta) {
    const JointEvaluation e = joint_evaluate(b, o.variance, theta);
    return e.ok ? e.criterion : 1e300;
  };
  // Two passes: the second restarts from the first's optimum with a smaller simplex, the usual
  // guard against a simplex collapsed early.
  std::array<double, 3> theta = joint_minimise(criterion, {1.0, 0.0, 0.5}, 0.5, fit.evaluations);
  theta = joint_minimise(criterion, theta, 0.1, fit.evaluations);
  JointEvaluation e = joint_evaluate(b, o.variance, theta);
  const JointEvaluation none = joint_evaluate(b, o.variance, {0.0, 0.0, 0.0});
  if (!e.ok || (none.ok && none.criterion <= e.criterion)) {
    theta = {0.0, 0.0, 0.0};
    e = none;
  }
  if (!e.ok)
    throw Error(ErrorKind::InvalidInput, "joint model: the fixed effects are not estimable");
  theta[0] = std::abs(theta[0]);
  theta[2] = std::abs(theta[2]);
  fit.basis = o.basis;
  fit.groups = d.groups;
  fit.seasons = d.seasons;
  fit.beta.assign(e.beta.data(), e.beta.data() + e.beta.size());
  fit.sigma2 = e.sigma2;
  fit.theta = theta;
  const double g00 = theta[0] * theta[0];
  const double g11 = theta[1] * theta[1] + theta[2] * theta[2];
  const double g01 = theta[0] * theta[1];
  fit.var_intercept = e.sigma2 * g00;
  fit.var_slope = e.sigma2 * g11;
  fit.corr = g00 > 0.0 && g11 > 0.0 ? g01 / std::sqrt(g00 * g11) : 0.0;
  fit.centre = b.centre;
  fit.slope_scale_years = o.slope_scale_years;
  fit.variance = o.variance;
  fit.minus_two_log_likelihood = e.criterion;
  fit.athletes = static_cast<int>(b.blocks.size());
  std::vector<int> per_season(static_cast<std::size_t>(d.seasons), 0);
  for (int s : d.season)
    ++per_season[static_cast<std::size_t>(s)];
  fit.reference_season =
      static_cast<int>(std::max_element(per_season.begin(), per_season.end()) - per_season.begin());
  return fit;
}

}  // namespace podium::career
