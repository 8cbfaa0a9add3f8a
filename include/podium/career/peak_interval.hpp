// A peak age with its percentile-bootstrap interval and the curve's pointwise band, shared by the
// per-group polynomials (peak_age.hpp) and the joint model (joint_peaks.hpp).
//
// Contract: plain value types; age_grid throws Error(InvalidInput) for points < 2.
//
//   PeakInterval p = bootstrap_peak(data, 2, BootstrapOptions{.resamples = 200});
//   std::vector<double> ages = age_grid(20.0, 36.0, 61);
#pragma once

#include <cstdint>
#include <vector>

#include "podium/career/age_curve.hpp"
#include "podium/core/threads.hpp"

namespace podium::career {

struct BootstrapOptions {
  int resamples = 1000;
  std::uint64_t seed = 1;
  int threads = all_cores();  // 1..256 (core/threads.hpp); results do not depend on it
  int band_points = 61;       // ages at which the curve's pointwise 95 % band is computed
};

struct PeakInterval {
  Peak peak;                     // of the fit to all data
  double low = 0.0, high = 0.0;  // 2.5 % and 97.5 % percentiles of resampled peak ages
  int resamples_used = 0;
  int boundary_peaks = 0;  // resamples whose maximum sat at an end of the age range
  // The curve on band_points even ages over [peak_lo, peak_hi] (ends included): band_fit is the
  // fit to all data there, band_low/band_high the pointwise 95 % band (empty without resamples).
  std::vector<double> band_age, band_fit, band_low, band_high;
};

// `points` (>= 2) even ages from lo to hi, both ends included: where curves and bands are read.
std::vector<double> age_grid(double lo, double hi, int points);

}  // namespace podium::career
