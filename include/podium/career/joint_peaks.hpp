// Peaks of a joint model's curves (joint_model.hpp) with an athlete bootstrap: percentile
// intervals of each peak, percentile intervals and bootstrap p-values of peak differences, and the
// leave-one-athlete-out influence on each peak.
//
// Contract: pure and deterministic for a seed, whatever the thread count (resample b draws from
// stream (seed, b)). Resamples and leave-one-out refits re-solve the fixed effects at the full
// data's variance parameters (fit.theta): a bootstrap of the generalised-least-squares estimator
// with the covariance held at its estimate, so one resample costs a sum of per-athlete blocks and
// one p x p solve instead of a likelihood optimisation (refit_covariance: a full refit instead).
// Athletes are resampled within strata (the group of an athlete's first row), so group sizes in
// athletes are kept. A curve's peak is the maximum over its [lo, hi] (grid of 200 steps, then
// golden section) in every resample. The bootstrap p of a difference is two-sided: 2 min(1 + #{d*
// <= 0}, 1 + #{d* >= 0}) / (1 + B), at most 1; it is < 0.05 about when the 95 % percentile interval
// excludes 0.
//
//   std::vector<JointCurve> curves = {{"GC/top", {{0, 1.0}}, 20.5, 36.0}, ...};
//   JointPeaks p = joint_peaks(data, fit, curves, {{0, 1}}, {.resamples = 1000});
//   p.differences[0].low, p.differences[0].high, p.differences[0].p
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "podium/career/joint_model.hpp"
#include "podium/career/peak_interval.hpp"
#include "podium/core/threads.hpp"

namespace podium::career {

// A weighted sum of group curves (weights summing to 1: an average curve; one group: weight 1),
// read over [lo, hi].
struct JointCurve {
  std::string name;
  std::vector<std::pair<int, double>> parts;  // (group, weight)
  double lo = 0.0, hi = 0.0;
};

struct JointResampleOptions {
  int resamples = 1000;  // 0 = no bootstrap (intervals NaN, no band)
  std::uint64_t seed = 1;
  int threads = all_cores();
  int band_points = 61;
  int influence_top = 5;  // athletes kept per curve by |peak change|; 0 = no leave-one-out
  // true: every resample refits the whole model (variance components too; a drawn athlete's
  // copies are separate athletes), a likelihood optimisation per resample instead of one
  // solve: the check of the fixed-covariance shortcut. Leave-one-out stays at fixed
  // covariance.
  bool refit_covariance = false;
};

struct DifferenceInterval {
  double delta = 0.0;            // peak(a) - peak(b), full data
  double low = 0.0, high = 0.0;  // 2.5 % and 97.5 % percentiles of the resampled differences
  double p = 1.0;                // two-sided bootstrap p (see above)
  int resamples_used = 0;
};

struct AthleteInfluence {
  std::int32_t athlete = 0;  // JointData::athlete key
  int rows = 0;
  double peak_change = 0.0;  // peak without the athlete - peak with all
};

struct JointPeaks {
  std::vector<PeakInterval> peaks;  // per curve; band on band_points ages over [lo, hi]
  std::vector<DifferenceInterval> differences;
  std::vector<std::vector<AthleteInfluence>> influence;  // per curve, largest |change| first
};

// The value of `curve` at `age` in season index `season` under `fit`.
double joint_curve_value(const JointFit& fit, const JointCurve& curve, double age, int season);
// Its maximum over [curve.lo, curve.hi].
Peak joint_curve_peak(const JointFit& fit, const JointCurve& curve);

// contrasts: pairs (a, b) of indices into curves. Throws Error(InvalidInput) for an index out of
// range, a curve with lo >= hi or no parts, or a part's group out of range.
JointPeaks joint_peaks(const JointData& d, const JointFit& fit,
                       const std::vector<JointCurve>& curves,
                       const std::vector<std::pair<int, int>>& contrasts,
                       const JointResampleOptions& options);

}  // namespace podium::career
