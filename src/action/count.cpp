#include "podium/action/count.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "count_signal.hpp"
#include "keypoint_names.hpp"
#include "podium/action/normalize.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/option.hpp"

namespace podium::action {
namespace {

// Principal components whose summed self-similarity gives the period: the first alone misses a
// motion split over two axes (a circle), more add noise.
constexpr std::size_t kPeriodComponents = 3;
// The amplitude of the counted signal: the spread between these quantiles, so that a few
// outlier frames (a pose estimator's glitch) do not set it.
constexpr double kAmplitudeLowQuantile = 0.05;
constexpr double kAmplitudeHighQuantile = 0.95;
// The velocities' period replaces the positions' when it is more self-similar and at least
// this: a fast repetition riding on a slow motion (a jump rope while the athlete sways, a dribble
// under a swaying body) is found in the velocities, which weigh each component by its frequency;
// without the floor their noise gives a two-rep squat a short false period (docs/actions.md).
constexpr double kVelocityMinPeriodicity = 0.3;
// Repetitions a clip without a clear period is assumed to hold, for its detrending and smoothing
// windows (chosen among 4, 6 and 8 on Countix-Fitness: docs/actions.md).
constexpr std::size_t kFallbackReps = 6;

void check(const PoseSequence& s, const CountOptions& o) {
  const std::string owner = s.id.empty() ? "count" : s.id;
  require_option(o.min_period_frames >= 2, owner, "min_period_frames",
                 static_cast<double>(o.min_period_frames), "must be >= 2");
  require_option(o.min_periodicity >= 0 && o.min_periodicity <= 1, owner, "min_periodicity",
                 o.min_periodicity, "must be within 0..1");
  require_option(o.hysteresis > 0 && o.hysteresis < 1, owner, "hysteresis", o.hysteresis,
                 "must be within (0, 1)");
  require_option(o.min_swing >= 0 && std::isfinite(o.min_swing), owner, "min_swing", o.min_swing,
                 "must be finite and >= 0");
  validate(s);
  if (s.frames < 2 * o.min_period_frames) {
    throw Error(ErrorKind::InvalidInput,
                Place{.source = s.id, .field = "frames", .value = std::to_string(s.frames)},
                "counting needs at least two of the shortest periods, " +
                    std::to_string(2 * o.min_period_frames) + " frames");
  }
  if (s.frames > limits::kCountFrames) {
    throw limits::exceeded(Place{.source = s.id}, "frames", s.frames, limits::kCountFrames,
                           "frames per counted sequence");
  }
}

double quantile(std::vector<double> v, double q) {
  const auto at = v.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), at, v.end());
  return *at;
}

std::size_t odd(std::size_t n) {
  return n % 2 == 1 ? n : n + 1;
}

// The kept keypoint (index into t.keypoints) whose position varies most.
std::size_t most_moving(const Trajectories& t) {
  std::size_t best = 0;
  double best_var = -1;
  for (std::size_t i = 0; i < t.keypoints.size(); ++i) {
    double var = 0;
    for (std::size_t d = 2 * i; d < 2 * i + 2; ++d) {
      double mean = 0, sq = 0;
      for (std::size_t f = 0; f < t.frames; ++f)
        mean += t.values[f * t.dims + d];
      mean /= static_cast<double>(t.frames);
      for (std::size_t f = 0; f < t.frames; ++f)
        sq += (t.values[f * t.dims + d] - mean) * (t.values[f * t.dims + d] - mean);
      var += sq;
    }
    if (var > best_var) {
      best_var = var;
      best = i;
    }
  }
  return best;
}

// The extent of a kept keypoint's path over frames [from, to): the diagonal of its bounding box.
double range_of(const Trajectories& t, std::size_t kept, std::size_t from, std::size_t to) {
  double lo_x = std::numeric_limits<double>::infinity(), hi_x = -lo_x, lo_y = lo_x, hi_y = -lo_x;
  for (std::size_t f = from; f < to; ++f) {
    const double x = t.values[f * t.dims + 2 * kept], y = t.values[f * t.dims + 2 * kept + 1];
    lo_x = std::min(lo_x, x);
    hi_x = std::max(hi_x, x);
    lo_y = std::min(lo_y, y);
    hi_y = std::max(hi_y, y);
  }
  return std::hypot(hi_x - lo_x, hi_y - lo_y);
}

// The kept index of the other side's keypoint of `kept`, if it is kept too.
std::optional<std::size_t> counterpart(const PoseSequence& s, const Trajectories& t,
                                       std::size_t kept) {
  const std::size_t k = t.keypoints[kept];
  for (const SidePair& p : side_pairs(s)) {
    if (p.left != k && p.right != k) continue;
    const std::size_t other = p.left == k ? p.right : p.left;
    const auto it = std::find(t.keypoints.begin(), t.keypoints.end(), other);
    if (it != t.keypoints.end()) return static_cast<std::size_t>(it - t.keypoints.begin());
  }
  return std::nullopt;
}

}  // namespace

RepCount count_repetitions(const PoseSequence& s, const CountOptions& o) {
  check(s, o);
  const Trajectories raw = trajectories(normalize(s));
  RepCount out;

  const auto period_of = [&](Trajectories t) {
    detrend_linear(t);
    return dominant_period(principal_projections(t, kPeriodComponents), o.min_period_frames,
                           s.frames / 2);
  };
  Period period = period_of(raw);
  Trajectories velocity = raw;
  differentiate(velocity);
  const Period fast = period_of(std::move(velocity));
  if (fast.periodicity > period.periodicity && fast.periodicity >= kVelocityMinPeriodicity)
    period = fast;
  out.period_frames = static_cast<double>(period.frames);
  out.periodicity = period.periodicity;

  // Without a clear period the swings are still counted (with periodicity 0, the caller sees the
  // doubt): the windows then assume a clip of a few repetitions.
  const std::size_t window =
      period.frames > 0 ? period.frames : std::max<std::size_t>(1, s.frames / kFallbackReps);
  Trajectories motion = raw;
  detrend_moving_average(motion, odd(2 * window));
  smooth(motion, odd(window / 4));
  const std::size_t moving = most_moving(motion);
  out.moving_keypoint = std::string(vision::layout_info(s.layout).keypoints[raw.keypoints[moving]]);
  if (period.periodicity < o.min_periodicity) return out;

  const std::vector<double> signal = principal_projections(motion, 1).front();
  const double amplitude =
      quantile(signal, kAmplitudeHighQuantile) - quantile(signal, kAmplitudeLowQuantile);
  if (amplitude < o.min_swing) return out;
  const double threshold = std::max(o.hysteresis * amplitude, o.min_swing);

  const auto other = counterpart(s, raw, moving);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const Swing& w : swings(signal, threshold)) {
    Rep r;
    r.start_frame = static_cast<std::int64_t>(w.start);
    r.end_frame = static_cast<std::int64_t>(w.end) + 1;
    const bool timed = s.fps > 0;
    r.start_s = timed ? static_cast<double>(r.start_frame) / s.fps : nan;
    r.end_s = timed ? static_cast<double>(r.end_frame) / s.fps : nan;
    r.duration_s = timed ? r.end_s - r.start_s : nan;
    // The range spans rest to rest: the trimmed start and end are within the rest band, not at it.
    r.range_of_motion = range_of(raw, moving, w.rest_before, w.rest_after + 1);
    r.symmetry = nan;
    if (other) {
      const double mine = r.range_of_motion,
                   theirs = range_of(raw, *other, w.rest_before, w.rest_after + 1);
      const double larger = std::max(mine, theirs);
      if (larger >= o.min_swing) r.symmetry = std::min(mine, theirs) / larger;
    }
    out.reps.push_back(r);
  }
  out.count = out.reps.size();
  return out;
}

}  // namespace podium::action
