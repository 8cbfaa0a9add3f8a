// Video analysis, pass one: a clip in; every athlete tracked with a persistent id, their
// keypoints cleaned (left/right swaps repaired, low-confidence points masked, short gaps filled,
// smoothed) and joint and segment angles out. Decode -> pose -> track -> smooth -> kinematics.
//
// Contract:
// - Coordinates are original-frame pixels (origin top-left, x right, y down); times are the
//   container's presentation times in seconds (variable frame rate safe).
// - A track's series cover every frame from its first to its last observation; frames where the
//   athlete was hidden hold NaN positions and score 0 unless a gap of at most max_gap_frames was
//   filled by interpolation.
// - Only confirmed tracks are reported (a detection seen in fewer than the tracker's min_hits
//   consecutive frames is dropped as a false positive); with athletes = N, the N tracks with most
//   observed frames, by increasing id.
// - Nothing is written: export.hpp writes the files. Throws podium::Error (bad video, bad option,
//   missing model).
//
//   AnalyzeResult r = analyze_video("sprint.mp4", {.model = PoseModel::MoveNetMultiPose});
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "podium/vision/filter.hpp"
#include "podium/vision/kinematics.hpp"
#include "podium/vision/pose.hpp"
#include "podium/vision/tracker.hpp"
#include "podium/vision/video.hpp"

namespace podium::vision {

enum class SmoothFilter { Butterworth, OneEuro, None };
SmoothFilter parse_smooth_filter(std::string_view name);  // "butterworth", "one-euro", "none"
const char* smooth_filter_name(SmoothFilter f);

struct AnalyzeProgress {
  std::int64_t frame = 0;        // frames decoded so far
  std::int64_t frame_count = 0;  // declared by the container (0: unknown)
  double time_s = 0;             // of the last frame
};

struct AnalyzeOptions {
  PoseModel model = PoseModel::MoveNetLightning;
  int athletes = 1;          // >= 0: tracks reported, most observed first; 0 = all
  std::int64_t lock_on = 0;  // >= 0: report only this athlete id (0: off)
  double start_s = 0;        // [start_s, end_s) of the clip
  double end_s = std::numeric_limits<double>::infinity();
  double height_m = 0;  // athlete height for metric scale; 0 = pixels only
  SmoothFilter filter = SmoothFilter::Butterworth;
  double cutoff_hz = 6.0;   // Butterworth cutoff (order 4, zero phase), as Sports2D/Pose2Sim
  OneEuroOptions one_euro;  // Sports2D's defaults: 4 Hz, beta 1.5, d-cutoff 1 Hz
  double min_keypoint_score = 0.3;  // [0, 1]: keypoints below are masked before smoothing
  int max_gap_frames = 10;          // >= 0: longer gaps stay empty
  double min_pose_score = 0.2;      // [0, 1]: people below are not detected
  TrackerOptions tracker;
  std::string models_dir;  // default: nn::models_dir()
  std::function<void(const AnalyzeProgress&)> progress;
};

// Wall time per stage over the whole clip, in seconds. Frames are decoded ahead on a second
// thread: decode_s is only the time the pipeline waited for one.
struct StageTimes {
  double decode_s = 0, pose_s = 0, track_s = 0, smooth_s = 0, kinematics_s = 0;
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
  int swaps_repaired = 0;        // frames whose left/right labels were swapped back
  std::optional<Facing> facing;  // from the head; joint angles assume Right when unknown
  std::vector<AngleSeries> angles;
  std::optional<Cadence> cadence;  // of the knee flexion, when the motion is periodic
  double metres_per_pixel = 0;     // with a height; 0 otherwise
};

struct AnalyzeResult {
  VideoInfo video;
  std::int64_t frames = 0;  // decoded in [start_s, end_s)
  double first_time_s = 0, last_time_s = 0;
  std::vector<TrackSeries> tracks;  // by increasing id
  StageTimes times;
};

// Validates the options (Error(InvalidInput) naming field, value and rule), loads the models and
// runs the clip.
AnalyzeResult analyze_video(const std::string& path, const AnalyzeOptions& options);

}  // namespace podium::vision
