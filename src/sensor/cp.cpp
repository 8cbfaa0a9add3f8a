// Critical power fits on an MMP curve (cp.hpp has the models and their conventions).
#include "podium/sensor/cp.hpp"

#include <ceres/ceres.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/numbers.hpp"
#include "podium/core/option.hpp"

namespace podium::sensor {
namespace {

constexpr double kLogStep = 1.05;  // fit_morton3 / fit_cp2_nonlinear: next duration = 5 % longer
constexpr int kMaxSolverIterations = 200;
// W' below this is rounding noise around 0 (a flat curve), not an anaerobic capacity.
constexpr double kMinWprimeJ = 1.0;

// GoldenCheetah PDModel windows (seconds): anaerobic [120, 200], aerobic [720, 1200).
constexpr int kAnaerobicFirstS = 120;
constexpr int kAnaerobicLastS = 200;
constexpr int kAerobicFirstS = 720;
constexpr int kAerobicEndS = 1200;
constexpr int kCherryPickMaxRounds = 100;
constexpr double kCherryPickTolerance = 1e-4;

using Model = std::function<double(double t_s)>;

// RMSE and R^2 of model power against the curve on the given durations.
void fill_quality(const MmpCurve& curve, const std::vector<int>& durations, const Model& model,
                  CpFit& fit) {
  double mean = 0;
  for (int t : durations)
    mean += curve.watts[t];
  mean /= static_cast<double>(durations.size());
  double residual = 0, total = 0;
  for (int t : durations) {
    const double e = curve.watts[t] - model(t);
    residual += e * e;
    total += (curve.watts[t] - mean) * (curve.watts[t] - mean);
  }
  fit.points = static_cast<int>(durations.size());
  fit.rmse_w = std::sqrt(residual / static_cast<double>(durations.size()));
  fit.r2 = total > 0 ? 1.0 - residual / total : kNaN;
}

bool sound(const CpFit& fit) {
  return std::isfinite(fit.cp_w) && std::isfinite(fit.wprime_j) && fit.cp_w > 0 &&
         fit.wprime_j >= kMinWprimeJ;
}

CpFit two_parameter(std::string model, double cp_w, double wprime_j) {
  CpFit fit;
  fit.model = std::move(model);
  fit.cp_w = cp_w;
  fit.wprime_j = wprime_j;
  fit.pmax_w = kNaN;
  fit.k_s = kNaN;
  fit.tau_min = wprime_j / (60.0 * cp_w);
  fit.cp_se_w = kNaN;
  fit.wprime_se_j = kNaN;
  return fit;
}

std::vector<int> range(int first, int last) {
  std::vector<int> durations;
  for (int t = first; t <= last; ++t)
    durations.push_back(t);
  return durations;
}

std::vector<int> log_spaced(int from_s, int to_s) {
  if (from_s < 1 || from_s >= to_s)
    reject_option("", "from_s", std::to_string(from_s),
                  "must be >= 1 and below to_s (" + std::to_string(to_s) + ")");
  std::vector<int> durations;
  for (double t = from_s; t < to_s; t *= kLogStep) {
    const int rounded = static_cast<int>(std::lround(t));
    if (durations.empty() || rounded != durations.back()) durations.push_back(rounded);
  }
  if (durations.back() != to_s) durations.push_back(to_s);
  return durations;
}

std::optional<CpFit> cherry_pick(const MmpCurve& curve, bool three_parameter) {
  if (curve.watts.size() < static_cast<std::size_t>(kAerobicEndS)) return std::nullopt;
  const std::vector<double>& mmp = curve.watts;
  double tau = 1, cp = 300, t0 = 0, tau_prev = 0, t0_prev = 0;
  int rounds = 0;
  do {
    if (rounds++ > kCherryPickMaxRounds) break;
    tau_prev = tau;
    t0_prev = t0;
    cp = 0;
    for (int i = kAerobicFirstS; i < kAerobicEndS; ++i)
      cp = std::max(cp, mmp[i] / (1 + tau / (t0 + i / 60.0)));
    if (cp == 0) return std::nullopt;
    tau = 0.5;
    for (int i = kAnaerobicFirstS; i <= kAnaerobicLastS; ++i)
      tau = std::max(tau, (mmp[i] / cp - 1) * (i / 60.0 + t0) - t0);
    if (three_parameter) t0 = tau / (mmp[1] / cp - 1) - 1 / 60.0;
  } while (std::abs(tau - tau_prev) > kCherryPickTolerance ||
           std::abs(t0 - t0_prev) > kCherryPickTolerance);

  CpFit fit =
      two_parameter(three_parameter ? "cp3_gc_cherrypick" : "cp2_gc_cherrypick", cp, cp * tau * 60);
  fit.tau_min = tau;
  fit.iterations = rounds;
  std::vector<int> durations;
  if (three_parameter) {
    fit.k_s = -60 * t0;
    fit.pmax_w = cp * (1 + tau / (1 / 60.0 + t0));
    if (!std::isfinite(fit.k_s) || !std::isfinite(fit.pmax_w)) return std::nullopt;
    durations.push_back(1);
  }
  for (int t = kAnaerobicFirstS; t <= kAnaerobicLastS; ++t)
    durations.push_back(t);
  for (int t = kAerobicFirstS; t < kAerobicEndS; ++t)
    durations.push_back(t);
  if (!sound(fit)) return std::nullopt;
  fill_quality(
      curve, durations, [&](double t) { return cp * (1 + tau / (t / 60 + t0)); }, fit);
  return fit;
}

// Ordinary least squares y = a + b x with the standard errors of a and b.
struct LineFit {
  double intercept, slope, intercept_se, slope_se;
};

LineFit least_squares_line(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  LineFit line{};
  line.slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  line.intercept = (sy - line.slope * sx) / n;
  double residual = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double e = y[i] - line.intercept - line.slope * x[i];
    residual += e * e;
  }
  const double s2 = residual / (n - 2);
  const double sxx_centered = sxx - sx * sx / n;
  line.slope_se = std::sqrt(s2 / sxx_centered);
  line.intercept_se = std::sqrt(s2 * sxx / (n * sxx_centered));
  return line;
}

struct MortonResidual {
  double t_s, p_w;
  template <typename T>
  bool operator()(const T* cp, const T* wprime, const T* k, T* residual) const {
    residual[0] = wprime[0] / (T(t_s) - k[0]) + cp[0] - T(p_w);
    return true;
  }
};

}  // namespace

std::optional<CpFit> fit_cp2_linear(const MmpCurve& curve) {
  constexpr int kFirstS = 121, kLastS = 1200;
  if (curve.watts.size() <= static_cast<std::size_t>(kLastS)) return std::nullopt;
  std::vector<double> t, work;
  for (int s = kFirstS; s <= kLastS; ++s) {
    t.push_back(s);
    work.push_back(curve.watts[s] * s);
  }
  const LineFit line = least_squares_line(t, work);
  CpFit fit = two_parameter("cp2_linear_work_time", line.slope, line.intercept);
  fit.cp_se_w = line.slope_se;
  fit.wprime_se_j = line.intercept_se;
  if (!sound(fit)) return std::nullopt;
  fill_quality(
      curve, range(kFirstS, kLastS), [&](double s) { return fit.cp_w + fit.wprime_j / s; }, fit);
  return fit;
}

std::optional<CpFit> fit_cp2_cherrypick(const MmpCurve& curve) {
  return cherry_pick(curve, false);
}

std::optional<CpFit> fit_cp3_cherrypick(const MmpCurve& curve) {
  return cherry_pick(curve, true);
}

std::optional<CpFit> fit_cp2_nonlinear(const MmpCurve& curve, int from_s, int to_s) {
  const std::vector<int> durations = log_spaced(from_s, to_s);
  if (curve.watts.size() <= static_cast<std::size_t>(to_s)) return std::nullopt;
  std::vector<double> inverse_t, power;
  for (int s : durations) {
    inverse_t.push_back(1.0 / s);
    power.push_back(curve.watts[s]);
  }
  const LineFit line = least_squares_line(inverse_t, power);
  CpFit fit = two_parameter("cp2_power_least_squares", line.intercept, line.slope);
  fit.cp_se_w = line.intercept_se;
  fit.wprime_se_j = line.slope_se;
  if (!sound(fit)) return std::nullopt;
  fill_quality(
      curve, durations, [&](double s) { return fit.cp_w + fit.wprime_j / s; }, fit);
  return fit;
}

std::optional<CpFit> fit_morton3(const MmpCurve& curve, int from_s, int to_s) {
  const std::vector<int> durations = log_spaced(from_s, to_s);
  if (curve.watts.size() <= static_cast<std::size_t>(to_s) || durations.size() < 4)
    return std::nullopt;
  // Start from the 2-parameter power fit and Pmax = MMP(1 s), the best sprint of the ride.
  const std::optional<CpFit> start = fit_cp2_nonlinear(curve, from_s, to_s);
  if (!start) return std::nullopt;
  double cp = start->cp_w, wprime = start->wprime_j;
  double k = -wprime / std::max(curve.watts[1] - cp, cp);
  constexpr double kLargestK = -1e-3;  // s; k reaching it means the data has no finite Pmax

  ceres::Problem problem;
  for (int s : durations) {
    problem.AddResidualBlock(new ceres::AutoDiffCostFunction<MortonResidual, 1, 1, 1, 1>(
                                 new MortonResidual{static_cast<double>(s), curve.watts[s]}),
                             nullptr, &cp, &wprime, &k);
  }
  problem.SetParameterLowerBound(&cp, 0, 0.0);
  problem.SetParameterLowerBound(&wprime, 0, 0.0);
  problem.SetParameterUpperBound(&k, 0, kLargestK);
  ceres::Solver::Options options;
  options.linear_solver_type = ceres::DENSE_QR;
  options.max_num_iterations = kMaxSolverIterations;
  options.function_tolerance = 1e-14;
  options.gradient_tolerance = 1e-14;
  options.parameter_tolerance = 1e-12;
  options.logging_type = ceres::SILENT;
  ceres::Solver::Summary summary;
  ceres::Solve(options, &problem, &summary);
  const bool k_at_bound = k >= 2 * kLargestK;
  if (!summary.IsSolutionUsable() || k_at_bound) return std::nullopt;

  CpFit fit = two_parameter("morton3_nls", cp, wprime);
  fit.k_s = k;
  fit.pmax_w = cp - wprime / k;
  fit.iterations = static_cast<int>(summary.iterations.size());
  if (!sound(fit)) return std::nullopt;
  fill_quality(
      curve, durations, [&](double s) { return wprime / (s - k) + cp; }, fit);

  ceres::Covariance::Options covariance_options;
  ceres::Covariance covariance(covariance_options);
  const std::vector<std::pair<const double*, const double*>> blocks = {{&cp, &cp},
                                                                       {&wprime, &wprime}};
  if (covariance.Compute(blocks, &problem)) {
    const double s2 = 2 * summary.final_cost / static_cast<double>(durations.size() - 3);
    double var_cp = 0, var_wprime = 0;
    covariance.GetCovarianceBlock(&cp, &cp, &var_cp);
    covariance.GetCovarianceBlock(&wprime, &wprime, &var_wprime);
    fit.cp_se_w = std::sqrt(var_cp * s2);
    fit.wprime_se_j = std::sqrt(var_wprime * s2);
  }
  return fit;
}

}  // namespace podium::sensor
