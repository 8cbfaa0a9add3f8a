// Cadence: the dominant period of a series by autocorrelation. The conventions (pixels, y down;
// seconds, strictly increasing; NaN for missing points; Error(InvalidInput) naming field, value and
// rule) are kinematics.hpp's.
//
//   const std::optional<Cadence> c = estimate_cadence(times_s, knee_deg);
//   if (c) steps_per_minute = 2 * c->cycles_per_minute;  // one knee cycles once per stride
#pragma once

#include <optional>
#include <span>

#include "podium/vision/kinematics.hpp"

namespace podium::vision {

struct CadenceOptions {
  double min_hz = 0.5;           // slowest cycle considered; > 0
  double max_hz = 5.0;           // fastest; > min_hz
  double min_correlation = 0.5;  // autocorrelation a period needs to count; in (0, 1)
};

struct Cadence {
  double cycles_per_minute = 0;
  double period_s = 0;
  double correlation = 0;  // autocorrelation at the chosen period
};

// Dominant period of a series by autocorrelation. The finite samples are linearly resampled onto
// a uniform grid at the median time step (gaps are bridged linearly), the mean removed, and the
// normalised autocorrelation searched over lags 1/max_hz..1/min_hz (at most half the clip): the
// shortest local peak at least 0.9 times the best peak wins (so multiples of the period lose),
// refined by a parabola. nullopt when no peak reaches min_correlation, the series is constant,
// too short (< 4 finite samples) or mostly gap (grid > 8 x the finite samples). One knee angle
// cycles once per stride: running steps/min = 2 x its cadence. Throws Error(InvalidInput) for bad
// options, size mismatch or times_s not strictly increasing.
std::optional<Cadence> estimate_cadence(std::span<const double> times_s,
                                        std::span<const double> values,
                                        const CadenceOptions& options = {});

}  // namespace podium::vision
