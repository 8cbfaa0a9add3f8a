// Test helper: synthetic data for the joint peak-age model with known group peaks, athlete random
// intercepts and slopes, season effects, races entered as weights, and a residual standard
// deviation per group (unequal group variances, as in the PCS data).
#pragma once

#include <cmath>
#include <vector>

#include "podium/career/joint_model.hpp"
#include "podium/core/random.hpp"

namespace podium::career {

struct JointTruth {
  std::vector<double> peak;         // per group, years
  std::vector<double> residual_sd;  // per group, at 20 races entered
  int athletes_per_group = 100;
  int seasons = 20;
  double curvature = 0.15;  // y = 10 - curvature (age - peak)^2 + ...
  double sd_intercept = 2.0, sd_slope_per_decade = 1.0;
};

// Athlete i: first age uniform in [19, 27), 4..14 consecutive seasons (ages +1 per season) at
// consecutive season indices from a random start; races entered 5..60 per season; the season's
// residual sd is residual_sd * sqrt(20 / races) (a mean over races).
inline JointData simulate_joint(const JointTruth& t, std::uint64_t seed) {
  Rng rng(seed);
  JointData d;
  d.groups = static_cast<int>(t.peak.size());
  d.seasons = t.seasons;
  std::vector<double> season_effect(static_cast<std::size_t>(t.seasons));
  for (double& s : season_effect)
    s = 0.5 * rng.normal();
  std::int32_t key = 0;
  for (int g = 0; g < d.groups; ++g) {
    const auto gu = static_cast<std::size_t>(g);
    for (int i = 0; i < t.athletes_per_group; ++i, ++key) {
      const double b0 = t.sd_intercept * rng.normal();
      const double b1 = t.sd_slope_per_decade * rng.normal();
      const double a0 = 19.0 + 8.0 * rng.uniform();
      const int n = 4 + static_cast<int>(rng.below(11));
      const int first = static_cast<int>(rng.below(static_cast<std::uint64_t>(t.seasons)));
      for (int k = 0; k < n && first + k < t.seasons; ++k) {
        const double age = a0 + k;
        const double races = 5.0 + static_cast<double>(rng.below(56));
        const double mean = 10.0 - t.curvature * (age - t.peak[gu]) * (age - t.peak[gu]) +
                            season_effect[static_cast<std::size_t>(first + k)] + b0 +
                            b1 * (age - 27.0) / 10.0;
        d.age.push_back(age);
        d.y.push_back(mean + t.residual_sd[gu] * std::sqrt(20.0 / races) * rng.normal());
        d.weight.push_back(races);
        d.athlete.push_back(key);
        d.group.push_back(g);
        d.season.push_back(first + k);
      }
    }
  }
  return d;
}

}  // namespace podium::career
