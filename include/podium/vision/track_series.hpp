// Video analysis, the per-track step: one athlete's tracker observations in, the series the
// exports and the overlay read out. Pure: no video, no model, no threads, so it is tested on
// synthetic tracks. analyze.hpp runs it on every track a clip yields.
//
// Contract:
// - Coordinates are original-frame pixels (origin top-left, x right, y down); times are seconds
//   (the container's presentation times; any spacing).
// - The series cover every clip frame from the track's first to its last observation; frames
//   where the athlete was hidden hold NaN positions and score 0 in `raw`, and in `smoothed` too
//   unless a gap of at most max_gap_frames was filled by interpolation.
// - clean_track_series: left/right swaps repaired (repair_left_right_swaps on the keypoints
//   scoring >= min_keypoint_score), then per keypoint coordinate: masked below
//   min_keypoint_score, short gaps filled, smoothed by the chosen filter (Butterworth: order 4,
//   zero phase, on a uniform grid at the median frame rate and back; left as measured when the
//   rate cannot carry the cutoff or the track has fewer than 4 samples). Smoothed keypoints keep
//   their measured score, interpolated ones get 0.
// - add_track_kinematics: facing from the head, joint and segment angles (unwrapped) with
//   angular velocity and range of motion, cadence of the left knee flexion, and with a height
//   the metric scale (0 when no frame shows a limb).
//
//   TrackSeries s = clean_track_series(observations, clip_frames, clip_times_s, {});
//   add_track_kinematics(s, {});  // s.angles, s.cadence, ...
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/vision/filter.hpp"
#include "podium/vision/kinematics.hpp"
#include "podium/vision/kinematics_cadence.hpp"
#include "podium/vision/person.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {

enum class SmoothFilter { Butterworth, OneEuro, None };
// The nominal rate of timestamps (seconds): the inverse of the median interval between
// neighbours; 0 for fewer than two or a median interval that is not positive.
double sample_rate_hz(std::span<const double> times_s);

SmoothFilter parse_smooth_filter(std::string_view name);  // "butterworth", "one-euro", "none"
const char* smooth_filter_name(SmoothFilter f);

struct TrackSeriesOptions {
  double height_m = 0;  // athlete height for metric scale: 0 (pixels only) or 0.5..2.5
  SmoothFilter filter = SmoothFilter::Butterworth;
  double cutoff_hz = 6.0;   // > 0: Butterworth cutoff (order 4, zero phase), as Sports2D/Pose2Sim
  OneEuroOptions one_euro;  // Sports2D's defaults: 4 Hz, beta 1.5, d-cutoff 1 Hz
  double min_keypoint_score = 0.3;  // [0, 1]: keypoints below are masked before smoothing
  int max_gap_frames = 10;          // >= 0: longer gaps stay empty
};
// Error(InvalidInput) naming the command-line flag, value and rule ("--height-m 3.000000 must
// be within 0.5..2.5 m"); one_euro is checked when its filter is made.
void check_track_series_options(const TrackSeriesOptions& options);

// What the tracker saw of one athlete.
struct TrackObservations {
  std::int64_t id = 0;
  Layout layout = Layout::Coco17;
  std::vector<std::int64_t> frames;  // clip frame indices where it was matched, increasing
  std::vector<std::vector<Keypoint>> keypoints;  // per observed frame, as detected
  std::vector<std::vector<Point3>> world;        // per observed frame; BlazePose metres, else empty
  // Per observed frame, the person's box and detection score as the tracker matched them; both
  // may be left empty (then the series has none).
  std::vector<Box> boxes;
  std::vector<double> scores;
};

// One angle over a track's samples (kinematics.hpp and docs/kinematics.md give the conventions).
struct AngleSeries {
  std::string name;               // "left_knee_flexion", "trunk", "right_shank", ...
  std::vector<double> deg;        // unwrapped; NaN where a keypoint is missing
  std::vector<double> deg_per_s;  // angular velocity
  RangeOfMotion range;
};

struct TrackSeries {
  std::int64_t id = 0;
  Layout layout = Layout::Coco17;
  std::vector<std::int64_t> frames;  // frame index per sample
  std::vector<double> times_s;       // per sample
  std::vector<bool> observed;        // per sample: matched by the tracker in that frame
  // Per sample, the layout's keypoints: as detected (score 0 where not observed) and cleaned.
  std::vector<std::vector<Keypoint>> raw;
  std::vector<std::vector<Keypoint>> smoothed;
  // Per sample, BlazePose's 3-D world landmarks (metres, origin between the hips) as detected;
  // empty for COCO-17 tracks and hidden frames.
  std::vector<std::vector<Point3>> world;
  // Per sample, the observed box and detection score (an empty box and 0 where hidden); empty
  // when the observations had no boxes.
  std::vector<Box> boxes;
  std::vector<double> scores;
  int swaps_repaired = 0;        // frames whose left/right labels were swapped back
  std::optional<Facing> facing;  // from the head; joint angles assume Right when unknown
  std::vector<AngleSeries> angles;
  std::optional<Cadence> cadence;  // of the knee flexion, when the motion is periodic
  double metres_per_pixel = 0;     // with a height; 0 otherwise
};

// The cleaned series of one track. clip_frames and clip_times_s list every decoded frame of the
// clip (increasing indices, one time each); every observed frame must be among them. Throws
// Error(InvalidInput) for a track without observations or with per-frame sizes that disagree,
// and for an observed frame that is not a clip frame.
TrackSeries clean_track_series(const TrackObservations& track,
                               std::span<const std::int64_t> clip_frames,
                               std::span<const double> clip_times_s,
                               const TrackSeriesOptions& options);
// Sets facing, angles, cadence and metres_per_pixel from the smoothed keypoints (replacing what
// an earlier call set).
void add_track_kinematics(TrackSeries& series, const TrackSeriesOptions& options);

}  // namespace podium::vision
