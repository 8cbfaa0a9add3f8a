// Test helper: synthetic age-performance data with a known curve and athlete effects.
#pragma once

#include <random>

#include "podium/career/age_curve.hpp"

namespace podium::career {

// n_athletes athletes, each with seasons at ages a0..a0+len-1 (a0 uniform in [19, 27), len 4..12),
// y = truth(age) + b_i + e, b_i ~ N(0, sd_b), e ~ N(0, sd_e). Athlete keys first_key,
// first_key+1...
template <class F>
CurveData simulate(int n_athletes, F truth, double sd_b, double sd_e, std::uint32_t seed,
                   std::int32_t first_key = 0) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_int_distribution<int> start(19, 26), len(4, 12);
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  CurveData d;
  for (int i = 0; i < n_athletes; ++i) {
    const double b = sd_b * z(gen);
    const double a0 = start(gen) + jitter(gen);
    const int n = len(gen);
    for (int k = 0; k < n; ++k) {
      d.age.push_back(a0 + k);
      d.y.push_back(truth(a0 + k) + b + sd_e * z(gen));
      d.athlete.push_back(first_key + i);
    }
  }
  return d;
}

}  // namespace podium::career
