// A seeded synthetic 1 Hz power grid for MMP / CP / W'bal tests and benchmarks: a random walk
// around 200 W (kept within 80..400 W), surges of 10-120 s at 350-900 W, coasting stretches of
// 0 W and a few longer zero gaps (what the zero-filled grid holds for a recording gap). Same seed,
// same ride.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace podium::sensor::testing {

inline std::vector<std::int32_t> synthetic_ride(std::size_t seconds, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> step(0.0, 6.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::int32_t> grid(seconds, 0);
  double level = 200.0;
  std::size_t i = 0;
  while (i < seconds) {
    const double u = unit(rng);
    std::size_t length = 1;
    if (u < 0.004) {  // surge
      length = 10 + static_cast<std::size_t>(unit(rng) * 110);
      const double surge = 350 + unit(rng) * 550;
      for (std::size_t j = i; j < std::min(seconds, i + length); ++j)
        grid[j] = static_cast<std::int32_t>(surge + step(rng) * 4);
    } else if (u < 0.010) {  // coasting (or, rarely, a recording gap filled with zeros)
      length = unit(rng) < 0.1 ? 30 + static_cast<std::size_t>(unit(rng) * 600)
                               : 2 + static_cast<std::size_t>(unit(rng) * 40);
    } else {
      level = std::clamp(level + step(rng), 80.0, 400.0);
      grid[i] = static_cast<std::int32_t>(std::max(0.0, level + step(rng) * 3));
    }
    i += length;
  }
  return grid;
}

}  // namespace podium::sensor::testing
