// W' balance, integral (Skiba 2012) and differential (Skiba 2015) forms, as GoldenCheetah's
// WPrime.cpp and activity-ref compute them (wbal.hpp has the conventions).
#include "podium/sensor/wbal.hpp"

#include <cmath>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::sensor {
namespace {

void check_positive(const char* field, double value) {
  require_option(std::isfinite(value) && value > 0, "", field, value, "must be > 0");
}

void validate(double cp_w, double wprime_j) {
  check_positive("cp_w", cp_w);
  check_positive("wprime_j", wprime_j);
}

// Appends one value and keeps the first minimum.
void push(WbalSeries& series, double wbal_j) {
  if (wbal_j < series.min_j) {
    series.min_j = wbal_j;
    series.min_at_s = static_cast<std::int32_t>(series.wbal_j.size());
  }
  series.wbal_j.push_back(wbal_j);
  series.end_j = wbal_j;
}

WbalSeries start_series(std::size_t n, double wprime_j) {
  WbalSeries series;
  series.wbal_j.reserve(n);
  series.min_j = wprime_j;
  series.end_j = wprime_j;
  return series;
}

}  // namespace

WbalSeries wbal_integral(std::span<const std::int32_t> grid_w, double cp_w, double wprime_j) {
  validate(cp_w, wprime_j);
  const std::size_t n = grid_w.size();
  const std::size_t counted = n > 0 ? n - 1 : 0;  // the last sample is left out (WPrime.cpp)
  double below_sum_w = 0;
  std::size_t below = 0;
  for (std::size_t i = 0; i < counted; ++i) {
    if (grid_w[i] < cp_w) {
      below_sum_w += grid_w[i];
      ++below;
    }
  }
  const double d_cp_w = below > 0 ? cp_w - below_sum_w / static_cast<double>(below) : cp_w;
  WbalSeries series = start_series(n, wprime_j);
  series.tau_s = std::trunc(546.0 * std::exp(-0.01 * d_cp_w) + 316.0);
  const double decay = std::exp(-1.0 / series.tau_s);
  double spent_j = 0;  // sum of past excess work, each decayed by e^{-age/tau}
  for (std::size_t t = 0; t < n; ++t) {
    const double excess_j = t < counted && grid_w[t] > cp_w ? grid_w[t] - cp_w : 0.0;
    spent_j = spent_j * decay + excess_j;
    push(series, wprime_j - spent_j);
  }
  return series;
}

WbalSeries wbal_differential(std::span<const std::int32_t> grid_w, double cp_w, double wprime_j) {
  validate(cp_w, wprime_j);
  WbalSeries series = start_series(grid_w.size(), wprime_j);
  series.tau_s = std::numeric_limits<double>::quiet_NaN();
  double wbal_j = wprime_j;
  for (const std::int32_t p : grid_w) {
    wbal_j = p < cp_w ? wbal_j + (cp_w - p) * (wprime_j - wbal_j) / wprime_j : wbal_j + (cp_w - p);
    push(series, wbal_j);
  }
  return series;
}

}  // namespace podium::sensor
