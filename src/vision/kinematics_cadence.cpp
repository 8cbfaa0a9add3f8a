// Cadence: the dominant period of a series by autocorrelation on a uniform grid.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "kinematics_common.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/kinematics_cadence.hpp"

namespace podium::vision {
namespace {

using namespace kinematics;  // the shared layout roles, checks and geometry

// estimate_cadence(): peaks this close to the best count as equals; the shortest wins.
constexpr double kCadencePeakTolerance = 0.9;
// estimate_cadence(): a uniform grid longer than this many times the finite samples is mostly gap.
constexpr std::size_t kCadenceMaxGridPerSample = 8;

}  // namespace

std::optional<Cadence> estimate_cadence(std::span<const double> times_s,
                                        std::span<const double> values,
                                        const CadenceOptions& options) {
  constexpr const char* kOwner = "CadenceOptions";
  require_option(std::isfinite(options.min_hz) && options.min_hz > 0, kOwner, "min_hz",
                 options.min_hz, "must be finite and > 0");
  require_option(std::isfinite(options.max_hz) && options.max_hz > options.min_hz, kOwner, "max_hz",
                 options.max_hz,
                 "must be finite and > min_hz (" + number_text(options.min_hz) + ")");
  require_option(options.min_correlation > 0 && options.min_correlation < 1, kOwner,
                 "min_correlation", options.min_correlation, "must be in (0, 1)");
  check_times(times_s, values.size(), "estimate_cadence");
  std::vector<double> t, v;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i])) {
      t.push_back(times_s[i]);
      v.push_back(values[i]);
    }
  }
  if (t.size() < 4) return std::nullopt;
  std::vector<double> steps;
  for (std::size_t i = 1; i < times_s.size(); ++i)
    steps.push_back(times_s[i] - times_s[i - 1]);
  const double dt = median_of(steps);
  const double grid_size = std::floor((t.back() - t.front()) / dt) + 1;
  if (grid_size > static_cast<double>(kCadenceMaxGridPerSample * t.size())) return std::nullopt;
  const auto n = static_cast<std::size_t>(grid_size);

  // Linear resampling onto the uniform grid that autocorrelation needs.
  std::vector<double> x(n);
  std::size_t j = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ti = std::min(t.front() + static_cast<double>(i) * dt, t.back());
    while (j + 2 < t.size() && t[j + 1] < ti)
      ++j;
    const double w = std::clamp((ti - t[j]) / (t[j + 1] - t[j]), 0.0, 1.0);
    x[i] = v[j] + w * (v[j + 1] - v[j]);
  }
  double mean = 0;
  for (const double xi : x)
    mean += xi;
  mean /= static_cast<double>(n);
  double peak_to_peak = 0;
  for (double& xi : x) {
    xi -= mean;
    peak_to_peak = std::max(peak_to_peak, std::abs(xi));
  }
  if (!(peak_to_peak > 1e-12 * (1 + std::abs(mean)))) return std::nullopt;  // constant

  const auto lag_min =
      std::max<std::size_t>(2, static_cast<std::size_t>(std::floor(1.0 / (options.max_hz * dt))));
  const auto lag_max = std::min<std::size_t>(
      n / 2, static_cast<std::size_t>(std::ceil(1.0 / (options.min_hz * dt))));
  if (lag_max < lag_min) return std::nullopt;
  std::vector<double> r(lag_max + 2, 0.0);
  for (std::size_t k = lag_min - 1; k <= lag_max + 1; ++k) {
    double xy = 0, xx = 0, yy = 0;
    for (std::size_t i = 0; i + k < n; ++i) {
      xy += x[i] * x[i + k];
      xx += x[i] * x[i];
      yy += x[i + k] * x[i + k];
    }
    // Normalised over the overlap, so long lags are not penalised for overlapping less.
    r[k] = xx > 0 && yy > 0 ? xy / std::sqrt(xx * yy) : 0.0;
  }
  double best = -1;
  for (std::size_t k = lag_min; k <= lag_max; ++k) {
    if (r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] >= options.min_correlation) {
      best = std::max(best, r[k]);
    }
  }
  if (best < 0) return std::nullopt;
  std::size_t lag = lag_min;
  while (!(r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] >= kCadencePeakTolerance * best &&
           r[lag] >= options.min_correlation)) {
    ++lag;
  }
  const double a = r[lag - 1], b = r[lag], c = r[lag + 1];
  const double curvature = a - 2 * b + c;
  const double shift = curvature < 0 ? std::clamp(0.5 * (a - c) / curvature, -0.5, 0.5) : 0.0;
  Cadence out;
  out.period_s = (static_cast<double>(lag) + shift) * dt;
  out.cycles_per_minute = 60.0 / out.period_s;
  out.correlation = b;
  return out;
}

}  // namespace podium::vision
