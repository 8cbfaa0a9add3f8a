#include "podium/vision/track_series.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/kinematics_scale.hpp"
#include "podium/vision/kinematics_swap.hpp"

namespace podium::vision {
namespace {

[[noreturn]] void bad_track(const TrackObservations& t, const std::string& what) {
  throw Error(ErrorKind::InvalidInput, "track " + std::to_string(t.id) + ": " + what);
}

void check_track(const TrackObservations& t, std::span<const std::int64_t> clip_frames,
                 std::span<const double> clip_times_s) {
  if (clip_frames.size() != clip_times_s.size()) {
    throw Error(ErrorKind::InvalidInput, "clip: " + std::to_string(clip_frames.size()) +
                                             " frames but " + std::to_string(clip_times_s.size()) +
                                             " times");
  }
  if (t.frames.empty()) bad_track(t, "no observed frame");
  if (t.keypoints.size() != t.frames.size() || t.world.size() != t.frames.size()) {
    bad_track(t, std::to_string(t.frames.size()) + " frames but " +
                     std::to_string(t.keypoints.size()) + " keypoint sets and " +
                     std::to_string(t.world.size()) + " world sets");
  }
  if ((!t.boxes.empty() && t.boxes.size() != t.frames.size()) ||
      t.scores.size() != t.boxes.size()) {
    bad_track(t, std::to_string(t.frames.size()) + " frames but " + std::to_string(t.boxes.size()) +
                     " boxes and " + std::to_string(t.scores.size()) + " scores");
  }
  const std::size_t n_kp = layout_info(t.layout).keypoints.size();
  for (std::size_t i = 0; i < t.frames.size(); ++i) {
    if (t.keypoints[i].size() != n_kp) {
      bad_track(t, "frame " + std::to_string(t.frames[i]) + " has " +
                       std::to_string(t.keypoints[i].size()) + " keypoints, expected " +
                       std::to_string(n_kp));
    }
    if (!std::binary_search(clip_frames.begin(), clip_frames.end(), t.frames[i]) ||
        (i > 0 && !(t.frames[i] > t.frames[i - 1]))) {
      bad_track(t, "observed frame " + std::to_string(t.frames[i]) +
                       " is not a clip frame after the previous observation");
    }
  }
}

// The samples of a track from its first to its last observation, hidden frames included.
TrackSeries to_series(const TrackObservations& raw, std::span<const std::int64_t> all_frames,
                      std::span<const double> all_times) {
  TrackSeries s;
  s.id = raw.id;
  s.layout = raw.layout;
  const auto first = std::lower_bound(all_frames.begin(), all_frames.end(), raw.frames.front());
  const auto last = std::upper_bound(all_frames.begin(), all_frames.end(), raw.frames.back());
  const std::size_t n_kp = layout_info(raw.layout).keypoints.size();
  std::size_t next = 0;
  for (auto it = first; it != last; ++it) {
    const auto i = static_cast<std::size_t>(it - all_frames.begin());
    s.frames.push_back(*it);
    s.times_s.push_back(all_times[i]);
    if (next < raw.frames.size() && raw.frames[next] == *it) {
      s.observed.push_back(true);
      s.raw.push_back(raw.keypoints[next]);
      s.world.push_back(raw.world[next]);
      if (!raw.boxes.empty()) {
        s.boxes.push_back(raw.boxes[next]);
        s.scores.push_back(raw.scores[next]);
      }
      ++next;
    } else {
      s.observed.push_back(false);
      s.raw.emplace_back(n_kp, Keypoint{std::nan(""), std::nan(""), 0, 0});
      s.world.emplace_back();
      if (!raw.boxes.empty()) {
        s.boxes.emplace_back();
        s.scores.push_back(0);
      }
    }
  }
  return s;
}

// One coordinate series, masked and gap-filled already, smoothed by the chosen filter.
std::vector<double> smooth(const std::vector<double>& t, const std::vector<double>& v,
                           const TrackSeriesOptions& o) {
  switch (o.filter) {
    case SmoothFilter::None:
      return v;
    case SmoothFilter::OneEuro: {
      OneEuroFilter f = OneEuroFilter::create(o.one_euro);
      std::vector<double> out(v.size());
      for (std::size_t i = 0; i < v.size(); ++i)
        out[i] = f.filter(t[i], v[i]);
      return out;
    }
    case SmoothFilter::Butterworth: {
      const double rate = sample_rate_hz(t);
      // Too short, or a cutoff the frame rate cannot carry: leave the series as measured.
      if (rate <= 2 * o.cutoff_hz || v.size() < 4) return v;
      const ZeroPhaseButterworth bw = ZeroPhaseButterworth::create(
          {.sample_rate_hz = rate, .cutoff_hz = o.cutoff_hz, .order = 4});
      // On a uniform grid and back, so that variable-frame-rate clips filter correctly.
      UniformSeries u = resample_uniform(t, v, rate);
      u.values = bw.apply(u.values);
      return resample_at(u, t);
    }
  }
  return v;
}

// Exchanges every left_* keypoint with its right_* twin that `group` covers, scores included.
void swap_keypoints(std::vector<Keypoint>& kps, Layout layout, SwapGroup group) {
  // swap_left_right() knows the groups; run it on indices to learn the pairs.
  PoseFrame probe{layout, {}};
  for (std::size_t i = 0; i < kps.size(); ++i)
    probe.points.push_back({static_cast<double>(i), 0});
  const PoseFrame swapped = swap_left_right(probe, group);
  const std::vector<Keypoint> before = kps;
  for (std::size_t i = 0; i < kps.size(); ++i)
    kps[i] = before[static_cast<std::size_t>(swapped.points[i].x)];
}

void repair_swaps(TrackSeries& s, const TrackSeriesOptions& o) {
  std::vector<PoseFrame> frames;
  for (const auto& kps : s.raw) {
    PoseFrame f{s.layout, {}};
    for (const Keypoint& k : kps) {
      f.points.push_back(k.score >= o.min_keypoint_score ? Point2{k.x, k.y} : Point2{});
    }
    frames.push_back(std::move(f));
  }
  const SwapRepair r = repair_left_right_swaps(frames);
  for (std::size_t i = 0; i < s.raw.size(); ++i) {
    const FrameSwap& w = r.swaps[i];
    if (w.whole_body) swap_keypoints(s.raw[i], s.layout, SwapGroup::WholeBody);
    if (w.legs) swap_keypoints(s.raw[i], s.layout, SwapGroup::Legs);
    if (w.arms) swap_keypoints(s.raw[i], s.layout, SwapGroup::Arms);
  }
  s.swaps_repaired = static_cast<int>(r.repaired_frames);
}

void add_kinematics(TrackSeries& s, const TrackSeriesOptions& o) {
  std::vector<PoseFrame> frames;
  for (const auto& kps : s.smoothed) {
    PoseFrame f{s.layout, {}};
    for (const Keypoint& k : kps)
      f.points.push_back({k.x, k.y});
    frames.push_back(std::move(f));
  }
  s.facing = estimate_facing(frames);
  const Facing facing = s.facing.value_or(Facing::Right);
  auto add = [&](std::string name, std::vector<double> deg) {
    AngleSeries a;
    a.name = std::move(name);
    a.deg_per_s = angular_velocity(s.times_s, deg);
    a.range = range_of_motion(deg);
    a.deg = std::move(deg);
    s.angles.push_back(std::move(a));
  };
  const bool blazepose = s.layout == Layout::BlazePose33;
  for (Side side : {Side::Left, Side::Right}) {
    const std::string prefix = side == Side::Left ? "left_" : "right_";
    for (Joint j : {Joint::Ankle, Joint::Knee, Joint::Hip, Joint::Shoulder, Joint::Elbow}) {
      if (j == Joint::Ankle && !blazepose) continue;  // COCO-17 has no foot
      add(prefix + joint_name(j), joint_angle_series(frames, j, side, facing));
    }
  }
  add("trunk", segment_angle_series(frames, Segment::Trunk, Side::Centre));
  for (Side side : {Side::Left, Side::Right}) {
    const std::string prefix = side == Side::Left ? "left_" : "right_";
    for (Segment g :
         {Segment::Thigh, Segment::Shank, Segment::Foot, Segment::UpperArm, Segment::Forearm}) {
      if (g == Segment::Foot && !blazepose) continue;
      add(prefix + segment_name(g), segment_angle_series(frames, g, side));
    }
  }
  for (const AngleSeries& a : s.angles) {
    if (a.name == "left_knee_flexion" && s.times_s.size() >= 4) {
      s.cadence = estimate_cadence(s.times_s, a.deg);
    }
  }
  if (o.height_m > 0) {
    try {
      s.metres_per_pixel = estimate_metric_scale(frames, o.height_m).metres_per_pixel;
    } catch (const Error&) {
      s.metres_per_pixel = 0;  // no frame showed a limb: this athlete stays in pixels
    }
  }
}

void clean(TrackSeries& s, const TrackSeriesOptions& o) {
  const std::size_t n = s.raw.size();
  const std::size_t n_kp = s.raw.empty() ? 0 : s.raw.front().size();
  s.smoothed = s.raw;
  std::vector<double> x(n), y(n), score(n);
  for (std::size_t k = 0; k < n_kp; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = s.raw[i][k].x;
      y[i] = s.raw[i][k].y;
      score[i] = s.raw[i][k].score;
    }
    const std::vector<double> fx =
        smooth(s.times_s,
               fill_gaps(mask_low_confidence(x, score, o.min_keypoint_score), o.max_gap_frames), o);
    const std::vector<double> fy =
        smooth(s.times_s,
               fill_gaps(mask_low_confidence(y, score, o.min_keypoint_score), o.max_gap_frames), o);
    for (std::size_t i = 0; i < n; ++i) {
      Keypoint& kp = s.smoothed[i][k];
      kp.x = fx[i];
      kp.y = fy[i];
      // Measured points keep their score; interpolated ones get 0 (positions without evidence).
      kp.score = score[i] >= o.min_keypoint_score ? score[i] : 0;
    }
  }
}

}  // namespace

double sample_rate_hz(std::span<const double> t) {
  std::vector<double> dt;
  for (std::size_t i = 1; i < t.size(); ++i)
    dt.push_back(t[i] - t[i - 1]);
  if (dt.empty()) return 0;
  std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2), dt.end());
  const double m = dt[dt.size() / 2];
  return m > 0 ? 1.0 / m : 0;
}

void check_track_series_options(const TrackSeriesOptions& o) {
  require_option(o.height_m == 0 || (o.height_m >= 0.5 && o.height_m <= 2.5), "", "--height-m",
                 o.height_m, "must be within 0.5..2.5 m");
  require_option(o.cutoff_hz > 0, "", "--cutoff-hz", o.cutoff_hz, "must be > 0");
  require_option(o.min_keypoint_score >= 0 && o.min_keypoint_score <= 1, "", "--min-keypoint-score",
                 o.min_keypoint_score, "must be within 0..1");
  require_option(o.max_gap_frames >= 0, "", "--max-gap", o.max_gap_frames, "must be >= 0");
}

SmoothFilter parse_smooth_filter(std::string_view name) {
  if (name == "butterworth") return SmoothFilter::Butterworth;
  if (name == "one-euro") return SmoothFilter::OneEuro;
  if (name == "none") return SmoothFilter::None;
  throw Error(ErrorKind::InvalidInput,
              "--filter '" + std::string(name) + "' is not one of butterworth, one-euro, none");
}

const char* smooth_filter_name(SmoothFilter f) {
  switch (f) {
    case SmoothFilter::Butterworth:
      return "butterworth";
    case SmoothFilter::OneEuro:
      return "one-euro";
    case SmoothFilter::None:
      return "none";
  }
  return "?";
}

TrackSeries clean_track_series(const TrackObservations& track,
                               std::span<const std::int64_t> clip_frames,
                               std::span<const double> clip_times_s,
                               const TrackSeriesOptions& options) {
  check_track_series_options(options);
  check_track(track, clip_frames, clip_times_s);
  TrackSeries s = to_series(track, clip_frames, clip_times_s);
  repair_swaps(s, options);
  clean(s, options);
  return s;
}

void add_track_kinematics(TrackSeries& series, const TrackSeriesOptions& options) {
  check_track_series_options(options);
  series.angles.clear();
  series.cadence.reset();
  series.metres_per_pixel = 0;
  add_kinematics(series, options);
}

}  // namespace podium::vision
