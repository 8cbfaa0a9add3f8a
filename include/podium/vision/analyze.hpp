// Video analysis, pass one: a clip in; every athlete tracked with a persistent id, their
// keypoints cleaned (left/right swaps repaired, low-confidence points masked, short gaps filled,
// smoothed) and joint and segment angles out. Decode -> people (people.hpp: whole-frame pose, or
// person detection -> top-down pose with crop following) -> track (with camera motion and
// appearance cues) -> offline stitching of fragments (stitch.hpp) -> kit-colour teams
// (teams.hpp), then per track the pure step of track_series.hpp (smooth -> kinematics).
//
// The detector (DetectorChoice::Auto): none for MoveNet MultiPose (bottom-up) and for a single
// athlete with a single-person model (the fast path: MoveNet's own crop tracking of one athlete);
// otherwise CenterNet, top-down (why CenterNet and not NanoDet: analyze.cpp, docs/tracking.md).
// every_person (set by anonymising) counts as wanting everyone: bystanders must be found to be
// blurred.
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
#include <string_view>
#include <vector>

#include "podium/vision/detect.hpp"
#include "podium/vision/person.hpp"
#include "podium/vision/pose.hpp"
#include "podium/vision/stitch.hpp"
#include "podium/vision/teams.hpp"
#include "podium/vision/track_series.hpp"
#include "podium/vision/tracker.hpp"
#include "podium/vision/video.hpp"

namespace podium::vision {

struct AnalyzeProgress {
  std::int64_t frame = 0;        // frames decoded so far
  std::int64_t frame_count = 0;  // declared by the container (0: unknown)
  double time_s = 0;             // of the last frame
};

enum class DetectorChoice { Auto, None, NanoDet, CenterNet };
// "auto", "none", "nanodet", "centernet"; Error(InvalidInput) naming --detector otherwise.
DetectorChoice parse_detector_choice(std::string_view name);

struct AnalyzeOptions {
  PoseModel model = PoseModel::MoveNetLightning;
  DetectorChoice detector = DetectorChoice::Auto;
  DetectorOptions detection;  // score floor, tiling, size/region filter (model: from `detector`)
  int detect_every = 5;       // 1..1000: frames between detections at most (people.hpp)
  // [0, 1]: top-down, the person score a detection needs to start or take a track in the
  // tracker's first stage (tracker.hpp high_score/new_track_score are raised to it); weaker ones
  // only keep tracks alive. Its value: docs/tracking.md.
  double detection_high_score = 0.4;
  bool camera_motion = true;  // compensate camera motion in crops and the tracker (top-down)
  bool every_person = false;  // find bystanders too (anonymising): turns Auto's detector on
  bool stitch = true;         // join fragments of one athlete across gaps (stitch.hpp)
  StitchOptions stitching;
  int teams = 0;     // >= 0: cluster the reported athletes into this many kit colours; 0 = off
  int athletes = 1;  // >= 0: tracks reported, most observed first; 0 = all
  std::int64_t lock_on = 0;  // >= 0: report only this athlete id (0: off)
  double start_s = 0;        // [start_s, end_s) of the clip
  double end_s = std::numeric_limits<double>::infinity();
  TrackSeriesOptions series;    // cleaning and kinematics of each track (track_series.hpp)
  double min_pose_score = 0.2;  // [0, 1]: people below are not detected
  TrackerOptions tracker;
  std::string models_dir;  // default: nn::models_dir()
  int threads = 1;         // of the pose model (PoseOptions::threads)
  std::function<void(const AnalyzeProgress&)> progress;
};

// Wall time per stage over the whole clip, in seconds. Frames are decoded ahead on a second
// thread: decode_s is only the time the pipeline waited for one.
struct StageTimes {
  double decode_s = 0, detect_s = 0, pose_s = 0, camera_s = 0, appearance_s = 0, track_s = 0,
         stitch_s = 0, smooth_s = 0, kinematics_s = 0;
};

// Where every person found in one frame has their head (person.hpp head_circle), athletes and
// bystanders alike: what anonymising searches for faces and blurs.
struct FrameHeads {
  std::int64_t frame = 0;
  double time_s = 0;
  std::vector<HeadCircle> heads;
};

struct AnalyzeResult {
  VideoInfo video;
  std::int64_t frames = 0;  // decoded in [start_s, end_s)
  double first_time_s = 0, last_time_s = 0;
  std::vector<TrackSeries> tracks;  // by increasing id
  // With options.teams: per track (same order), its team 0..teams-1 or kOtherTeam; else empty.
  std::vector<int> team;
  int teams = 0;                          // teams formed
  std::vector<FrameHeads> heads;          // per decoded frame with someone in it, in order
  std::optional<DetectorModel> detector;  // the one that ran (nullopt: whole-frame mode)
  std::int64_t detector_runs = 0, pose_runs = 0;
  std::int64_t track_ids = 0;  // confirmed ids the tracker gave, before stitching
  std::int64_t stitched = 0;   // fragments joined to an earlier one
  StageTimes times;
};

// The detector `options` resolve to (see above); nullopt for whole-frame mode.
std::optional<DetectorModel> resolve_detector(const AnalyzeOptions& options);

// Validates the options (Error(InvalidInput) naming field, value and rule), loads the models and
// runs the clip.
AnalyzeResult analyze_video(const std::string& path, const AnalyzeOptions& options);

}  // namespace podium::vision
