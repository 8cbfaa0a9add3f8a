// Sample quantiles for bootstrap intervals and data ranges: linear interpolation between order
// statistics (Hyndman & Fan type 7, R's and NumPy's default), so intervals match those tools.
//
// Contract: `sorted` ascending; p in [0, 1]; NaN for an empty sample.
//
//   std::sort(v.begin(), v.end());  double lo = sorted_quantile(v, 0.025);
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

namespace podium {

// The level of every percentile-bootstrap interval podium reports: 95 %, the quantiles
// (1 - level) / 2 and (1 + level) / 2 of the bootstrap sample.
inline constexpr double kIntervalConfidence = 0.95;

inline double sorted_quantile(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace podium
