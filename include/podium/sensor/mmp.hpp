// Mean-maximal power (the power-duration curve) of one ride, exact for every duration.
//
// Contract: input is the zero-filled 1 Hz grid of integer watts (`zero_filled_power`, series.hpp):
// grid_w[i] = power in second i, gaps already 0 W. Power is never negative there, so a negative
// value is bad input: Error(InvalidInput, "grid_w[i]: -5: power must be >= 0 W"). The result
// covers every duration d = 1 .. min(max_duration_s, n) seconds; index = duration:
// watts[d] = (max over windows of d consecutive seconds of their integer sum) / d, and start_s[d] =
// the start second of the EARLIEST window reaching that maximum (so results are deterministic and
// identical between the two algorithms). watts[0] = 0 and start_s[0] = 0 are unused. An empty grid
// gives a curve of size 1. Sums are int64 (exact); watts[d] is that sum divided by d in double.
//
// `mean_max_power` is the fast algorithm (block upper bounds, docs/power-duration.md), equal to
// `mean_max_power_naive` (prefix sums, every window, O(n^2)) bit for bit; the naive one is the
// test reference. GoldenCheetah RideFileCache convention (CONVENTIONS.md section 4).
//
//   MmpCurve c = mean_max_power(zero_filled_power(clean(activity, {})));
//   double best_5min_w = c.watts.size() > 300 ? c.watts[300] : 0.0;
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace podium::sensor {

struct MmpCurve {
  std::vector<double> watts;          // index = duration in seconds; watts[0] unused (0)
  std::vector<std::int32_t> start_s;  // start second of the earliest best window; [0] unused
};

inline constexpr std::size_t kMmpAllDurations = std::numeric_limits<std::size_t>::max();

MmpCurve mean_max_power(std::span<const std::int32_t> grid_w,
                        std::size_t max_duration_s = kMmpAllDurations);

MmpCurve mean_max_power_naive(std::span<const std::int32_t> grid_w,
                              std::size_t max_duration_s = kMmpAllDurations);

}  // namespace podium::sensor
