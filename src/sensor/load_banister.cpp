// The Banister fitness-fatigue impulse-response model: prediction, and a bounded multi-start
// least-squares fit with Ceres. Why it is fitted this way (bounds, starts, what the standard
// errors mean, identifiability): docs/load.md.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include <ceres/ceres.h>
#include <Eigen/Dense>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/sensor/load.hpp"

namespace podium::sensor {
namespace {

enum ParamIndex { kP0, kK1, kTau1, kK2, kTau2, kParamCount };
using ParamVector = std::array<double, kParamCount>;

// More markers than parameters, so that SSR / (points - 5) estimates the noise.
constexpr std::size_t kMinMarkers = kParamCount + 1;
// Starting time constants: these fractions of each bound range on a log scale (time constants
// act multiplicatively), every (tau1, tau2) pair with tau2 < tau1.
constexpr std::array<double, 5> kStartFractions = {0.1, 0.3, 0.5, 0.7, 0.9};

void check_loads(std::int32_t first_day, std::span<const double> load) {
  if (static_cast<std::int64_t>(first_day) + static_cast<std::int64_t>(load.size()) >
      std::numeric_limits<std::int32_t>::max())
    reject_option("", "daily_load", static_cast<double>(load.size()),
                  "days run past the last int32 day");
  for (std::size_t i = 0; i < load.size(); ++i) {
    if (!std::isfinite(load[i]) || load[i] < 0)
      reject_option("", "daily_load[" + std::to_string(i) + "]", load[i],
                    "must be finite and >= 0");
  }
}

// p at each offset t (days since first_day, ascending): p0 + k1 g1(t) - k2 g2(t) with
// g(t) = sum_{s<t} w(s) a^(t-s), a = e^(-1/tau), kept by the recurrence g(t+1) = a (g(t) + w(t)).
template <typename T>
void model_at(const T* x, std::span<const double> load, std::span<const std::int64_t> offsets,
              T* out) {
  using std::exp;
  const T a1 = exp(T(-1.0) / x[kTau1]);
  const T a2 = exp(T(-1.0) / x[kTau2]);
  T g1(0.0), g2(0.0);
  std::int64_t t = 0;
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    for (; t < offsets[i]; ++t) {
      g1 = a1 * (g1 + load[static_cast<std::size_t>(t)]);
      g2 = a2 * (g2 + load[static_cast<std::size_t>(t)]);
    }
    out[i] = x[kP0] + x[kK1] * g1 - x[kK2] * g2;
  }
}

struct Markers {
  std::vector<std::int64_t> offsets;  // ascending
  std::vector<double> values;
};

struct Residuals {
  std::span<const double> load;
  const Markers* markers;

  template <typename T>
  bool operator()(const T* x, T* r) const {
    model_at(x, load, markers->offsets, r);
    for (std::size_t i = 0; i < markers->values.size(); ++i)
      r[i] -= T(markers->values[i]);
    return true;
  }
};

Markers sorted_markers(std::int32_t first_day, std::size_t load_days,
                       std::span<const PerformanceMarker> markers) {
  if (markers.size() < kMinMarkers)
    reject_option(
        "", "markers.size()", std::to_string(markers.size()),
        "must be at least " + std::to_string(kMinMarkers) + " (more than the fit's 5 parameters)");
  const std::int64_t last_offset = static_cast<std::int64_t>(load_days);
  std::vector<std::size_t> order(markers.size());
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i : order) {
    const std::string field = "markers[" + std::to_string(i) + "]";
    const std::int64_t offset = static_cast<std::int64_t>(markers[i].day) - first_day;
    if (offset < 0 || offset > last_offset)
      reject_option("", field + ".day", iso_from_day(markers[i].day),
                    "outside " + iso_from_day(first_day) + ".." +
                        iso_from_day(static_cast<std::int32_t>(first_day + last_offset)) +
                        " (the load's days and the day after)");
    if (!std::isfinite(markers[i].value))
      reject_option("", field + ".value", markers[i].value, "must be finite");
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return markers[a].day < markers[b].day; });
  Markers out;
  for (std::size_t i : order) {
    out.offsets.push_back(static_cast<std::int64_t>(markers[i].day) - first_day);
    out.values.push_back(markers[i].value);
  }
  return out;
}

void validate(const BanisterOptions& o) {
  if (!std::isfinite(o.tau1_min_days) || o.tau1_min_days <= 0)
    reject_option("", "tau1_min_days", o.tau1_min_days, "must be > 0");
  if (!std::isfinite(o.tau1_max_days) || o.tau1_max_days <= o.tau1_min_days)
    reject_option("", "tau1_max_days", o.tau1_max_days, "must be finite and > tau1_min_days");
  if (!std::isfinite(o.tau2_min_days) || o.tau2_min_days <= 0)
    reject_option("", "tau2_min_days", o.tau2_min_days, "must be > 0");
  if (!std::isfinite(o.tau2_max_days) || o.tau2_max_days <= o.tau2_min_days)
    reject_option("", "tau2_max_days", o.tau2_max_days, "must be finite and > tau2_min_days");
  if (o.tau2_min_days >= o.tau1_max_days)
    reject_option("", "tau2_min_days", o.tau2_min_days,
                  "must be < tau1_max_days so that tau2 < tau1 can hold");
  if (o.max_iterations < 1) reject_option("", "max_iterations", o.max_iterations, "must be >= 1");
}

// With the time constants fixed the model is linear in (p0, k1, k2): solve that exactly (least
// squares), then clamp the gains to >= 0 and refit p0. Starts the nonlinear fit near the valley.
ParamVector linear_start(double tau1, double tau2, std::span<const double> load, const Markers& m) {
  const std::size_t n = m.values.size();
  std::vector<double> g1(n), minus_g2(n);
  const ParamVector fitness_only = {0.0, 1.0, tau1, 0.0, tau2};
  model_at(fitness_only.data(), load, m.offsets, g1.data());
  const ParamVector fatigue_only = {0.0, 0.0, tau1, 1.0, tau2};
  model_at(fatigue_only.data(), load, m.offsets, minus_g2.data());
  Eigen::MatrixXd a(n, 3);
  Eigen::VectorXd y(n);
  for (std::size_t i = 0; i < n; ++i) {
    a.row(static_cast<Eigen::Index>(i)) << 1.0, g1[i], minus_g2[i];
    y(static_cast<Eigen::Index>(i)) = m.values[i];
  }
  const Eigen::Vector3d solved = a.colPivHouseholderQr().solve(y);
  const double k1 = std::max(0.0, solved(1)), k2 = std::max(0.0, solved(2));
  double p0 = 0;
  for (std::size_t i = 0; i < n; ++i)
    p0 += m.values[i] - k1 * g1[i] - k2 * minus_g2[i];
  return {p0 / static_cast<double>(n), k1, tau1, k2, tau2};
}

ceres::CostFunction* cost_function(std::span<const double> load, const Markers& m) {
  return new ceres::AutoDiffCostFunction<Residuals, ceres::DYNAMIC, kParamCount>(
      new Residuals{load, &m}, static_cast<int>(m.values.size()));
}

struct Candidate {
  ParamVector start{};
  ParamVector x{};
  ceres::Solver::Summary summary;
};

Candidate solve_from(const ParamVector& start, std::span<const double> load, const Markers& m,
                     const BanisterOptions& o) {
  Candidate c{start, start, {}};
  ceres::Problem problem;
  double* x = c.x.data();
  problem.AddResidualBlock(cost_function(load, m), nullptr, x);
  problem.SetParameterLowerBound(x, kK1, 0.0);
  problem.SetParameterLowerBound(x, kK2, 0.0);
  problem.SetParameterLowerBound(x, kTau1, o.tau1_min_days);
  problem.SetParameterUpperBound(x, kTau1, o.tau1_max_days);
  problem.SetParameterLowerBound(x, kTau2, o.tau2_min_days);
  problem.SetParameterUpperBound(x, kTau2, o.tau2_max_days);
  ceres::Solver::Options options;
  options.linear_solver_type = ceres::DENSE_QR;
  options.num_threads = 1;  // one thread: bit-identical results run to run
  options.max_num_iterations = o.max_iterations;
  options.function_tolerance = 1e-12;
  options.gradient_tolerance = 1e-14;
  options.parameter_tolerance = 1e-12;
  options.logging_type = ceres::SILENT;
  ceres::Solve(options, &problem, &c.summary);
  return c;
}

// J^T J is singular for Ceres's dense SVD covariance when its eigenvalue ratio is below this
// (ceres::Covariance::Options::min_reciprocal_condition_number, set to the same value below).
constexpr double kMinReciprocalCondition = 1e-14;

// Whether Ceres's covariance will find J^T J invertible. Checked first because a failing
// ceres::Covariance::Compute also logs an error line to stderr, which a CLI must not show.
bool jacobian_has_full_rank(ceres::Problem& problem) {
  ceres::CRSMatrix crs;
  problem.Evaluate(ceres::Problem::EvaluateOptions(), nullptr, nullptr, nullptr, &crs);
  Eigen::MatrixXd j = Eigen::MatrixXd::Zero(crs.num_rows, crs.num_cols);
  for (int r = 0; r < crs.num_rows; ++r)
    for (int k = crs.rows[static_cast<std::size_t>(r)];
         k < crs.rows[static_cast<std::size_t>(r) + 1]; ++k)
      j(r, crs.cols[static_cast<std::size_t>(k)]) = crs.values[static_cast<std::size_t>(k)];
  const Eigen::VectorXd singular = Eigen::JacobiSVD<Eigen::MatrixXd>(j).singularValues();
  const double largest = singular.maxCoeff(), smallest = singular.minCoeff();
  return largest > 0 && (smallest / largest) * (smallest / largest) >= kMinReciprocalCondition;
}

// sqrt(diag((J^T J)^-1) * sigma^2) at x; NaN when J^T J is (numerically) singular.
std::array<double, 5> standard_errors(ParamVector x, std::span<const double> load, const Markers& m,
                                      double ssr) {
  std::array<double, 5> se;
  se.fill(std::numeric_limits<double>::quiet_NaN());
  ceres::Problem problem;
  problem.AddResidualBlock(cost_function(load, m), nullptr, x.data());
  if (!jacobian_has_full_rank(problem)) return se;
  ceres::Covariance::Options options;
  options.algorithm_type = ceres::DENSE_SVD;  // detects rank deficiency instead of failing
  options.min_reciprocal_condition_number = kMinReciprocalCondition;
  options.num_threads = 1;
  ceres::Covariance covariance(options);
  const std::vector<std::pair<const double*, const double*>> blocks = {{x.data(), x.data()}};
  std::array<double, std::size_t{kParamCount} * kParamCount> cov{};
  if (!covariance.Compute(blocks, &problem) ||
      !covariance.GetCovarianceBlock(x.data(), x.data(), cov.data()))
    return se;
  const double sigma2 = ssr / static_cast<double>(m.values.size() - kParamCount);
  for (int i = 0; i < kParamCount; ++i) {
    const double variance =
        cov[static_cast<std::size_t>(i) * kParamCount + static_cast<std::size_t>(i)] * sigma2;
    if (variance >= 0) se[static_cast<std::size_t>(i)] = std::sqrt(variance);
  }
  return se;
}

std::string one_line_summary(std::size_t starts, const Candidate& best, const BanisterFit& fit) {
  const BanisterParams& p = fit.params;
  char text[512];
  std::snprintf(text, sizeof text,
                "banister: %zu starts, best from tau1 %.3g d tau2 %.3g d: p0 %.6g k1 %.6g tau1 "
                "%.4g d k2 %.6g tau2 %.4g d; %d markers, rmse %.4g, r2 %.4f; ceres %s after %d "
                "iterations",
                starts, best.start[kTau1], best.start[kTau2], p.p0, p.k1, p.tau1_days, p.k2,
                p.tau2_days, fit.points, fit.rmse, fit.r2,
                ceres::TerminationTypeToString(best.summary.termination_type),
                static_cast<int>(best.summary.iterations.size()) - 1);
  return text;
}

}  // namespace

BanisterFit fit_banister(std::int32_t first_day, std::span<const double> daily_load,
                         std::span<const PerformanceMarker> markers,
                         const BanisterOptions& options) {
  validate(options);
  check_loads(first_day, daily_load);
  const Markers m = sorted_markers(first_day, daily_load.size(), markers);

  const auto log_grid = [](double lo, double hi, double f) { return lo * std::pow(hi / lo, f); };
  const Candidate* best = nullptr;
  std::vector<Candidate> candidates;
  candidates.reserve(kStartFractions.size() * kStartFractions.size());
  for (double f1 : kStartFractions) {
    for (double f2 : kStartFractions) {
      const double tau1 = log_grid(options.tau1_min_days, options.tau1_max_days, f1);
      const double tau2 = log_grid(options.tau2_min_days, options.tau2_max_days, f2);
      if (tau2 >= tau1) continue;
      candidates.push_back(
          solve_from(linear_start(tau1, tau2, daily_load, m), daily_load, m, options));
    }
  }
  // A fit that ended with tau2 >= tau1 describes fatigue outlasting fitness: not this model.
  // (Ceres takes box bounds only, so this rule is applied to the results.)
  for (const Candidate& c : candidates) {
    if (c.x[kTau2] >= c.x[kTau1]) continue;
    if (best == nullptr || c.summary.final_cost < best->summary.final_cost) best = &c;
  }
  if (best == nullptr)
    throw Error(ErrorKind::InvalidInput,
                "markers: no fit within the bounds has tau2 < tau1 (fatigue fading faster than "
                "fitness): the markers do not support a fitness-fatigue model");

  BanisterFit fit;
  fit.params = {best->x[kP0], best->x[kK1], best->x[kTau1], best->x[kK2], best->x[kTau2]};
  fit.points = static_cast<int>(m.values.size());
  std::vector<double> predicted(m.values.size());
  model_at(best->x.data(), daily_load, m.offsets, predicted.data());
  const double mean =
      std::accumulate(m.values.begin(), m.values.end(), 0.0) / static_cast<double>(fit.points);
  double ssr = 0, sst = 0;
  for (std::size_t i = 0; i < m.values.size(); ++i) {
    ssr += (m.values[i] - predicted[i]) * (m.values[i] - predicted[i]);
    sst += (m.values[i] - mean) * (m.values[i] - mean);
  }
  fit.rmse = std::sqrt(ssr / fit.points);
  fit.r2 = sst > 0 ? 1 - ssr / sst : std::numeric_limits<double>::quiet_NaN();
  fit.se = standard_errors(best->x, daily_load, m, ssr);
  fit.converged = best->summary.termination_type == ceres::CONVERGENCE;
  fit.summary = one_line_summary(candidates.size(), *best, fit);
  return fit;
}

std::vector<double> banister_predict(const BanisterParams& params, std::int32_t first_day,
                                     std::span<const double> daily_load, std::int32_t from_day,
                                     std::int32_t to_day) {
  for (const auto& [field, value] :
       {std::pair{"p0", params.p0}, {"k1", params.k1}, {"k2", params.k2}})
    if (!std::isfinite(value)) reject_option("", field, value, "must be finite");
  for (const auto& [field, value] :
       {std::pair{"tau1_days", params.tau1_days}, {"tau2_days", params.tau2_days}})
    if (!std::isfinite(value) || value <= 0) reject_option("", field, value, "must be > 0");
  check_loads(first_day, daily_load);
  const std::int64_t last =
      static_cast<std::int64_t>(first_day) + static_cast<std::int64_t>(daily_load.size());
  if (from_day < first_day || to_day < from_day || to_day > last)
    reject_option("", "days", iso_from_day(from_day) + ".." + iso_from_day(to_day),
                  "must lie in order within " + iso_from_day(first_day) + ".." +
                      iso_from_day(static_cast<std::int32_t>(last)) +
                      " (the load's days and the day after)");
  std::vector<std::int64_t> offsets(static_cast<std::size_t>(to_day - from_day) + 1);
  std::iota(offsets.begin(), offsets.end(), static_cast<std::int64_t>(from_day) - first_day);
  const ParamVector x = {params.p0, params.k1, params.tau1_days, params.k2, params.tau2_days};
  std::vector<double> out(offsets.size());
  model_at(x.data(), daily_load, offsets, out.data());
  return out;
}

}  // namespace podium::sensor
