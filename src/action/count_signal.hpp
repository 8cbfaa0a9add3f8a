// Internal: the signal steps of count_repetitions (action/count.hpp), exposed for their own tests.
// Trajectories are frame-major (frame t, dimension d at t * dims + d); every series is in the
// normalised sequence's torso lengths.
//
//   Trajectories a = trajectories(normalize(sequence));
//   const Period p = dominant_period(principal_projections(a, 3), 4, a.frames / 2);
#pragma once

#include <cstddef>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

struct Trajectories {
  std::size_t frames = 0, dims = 0;
  std::vector<double> values;          // frames x dims
  std::vector<std::size_t> keypoints;  // dims 2i and 2i + 1 are x and y of keypoints[i]
};

// The x and y of every keypoint seen in at least half the frames, gaps filled linearly in time
// and held at the ends. Throws Error(InvalidInput) naming the sequence when no keypoint is.
Trajectories trajectories(const PoseSequence& normalised);

// Replaces each dimension by its change from the frame before (frame 0 repeats frame 1's).
void differentiate(Trajectories& t);

// Centred moving average over `window` frames (odd), the window shrinking at the ends.
std::vector<double> moving_average(const std::vector<double>& series, std::size_t window);

// Subtracts from each dimension its least-squares line (linear) or its moving average.
void detrend_linear(Trajectories& t);
void detrend_moving_average(Trajectories& t, std::size_t window);
void smooth(Trajectories& t, std::size_t window);

// The projections of the centred trajectories on their first `components` principal axes
// (power iteration from a fixed start: deterministic), each a series over frames.
std::vector<std::vector<double>> principal_projections(const Trajectories& t,
                                                       std::size_t components);

struct Period {
  std::size_t frames = 0;  // 0: no periodic component
  double periodicity = 0;  // normalised autocorrelation at that lag, clamped to 0..1
};

// The dominant period of the summed autocorrelation of `signals` in [min_lag, max_lag]: the
// shortest clear peak (one that rises well above the dip before it) within 85 % of the best.
Period dominant_period(const std::vector<std::vector<double>>& signals, std::size_t min_lag,
                       std::size_t max_lag);

// One repetition as a swing of a signal out of its rest level and back: the rest extremes
// before and after it, where it leaves and comes back to the rest level, and its extreme
// (frames, inclusive; rest_before <= start <= extreme <= end <= rest_after).
struct Swing {
  std::size_t rest_before = 0, start = 0, extreme = 0, end = 0, rest_after = 0;
};

// The swings of `signal` confirmed by a hysteresis of `threshold`: the signal's first extreme
// is taken as the rest level, every extreme of the other kind as one repetition.
std::vector<Swing> swings(const std::vector<double>& signal, double threshold);

}  // namespace podium::action
