// People in one video frame, found the way the analysis is set up: the per-frame step of
// analyze.hpp between decoding and tracking.
//
//   whole frame  no detector: the pose model on the whole frame (MoveNet MultiPose: everyone;
//                Lightning/Thunder/BlazePose: one athlete, MoveNet following a lone athlete by
//                its own crop tracking).
//   top-down     a person detector (detect.hpp) on some frames; each detected box -> the square
//                crop of eval pose's ground-truth-box protocol (pose_eval.hpp top_down_crop) ->
//                the single-person model. On the frames between, every athlete seen in the
//                previous frame is followed by a crop around their last pose, moved by the camera
//                motion (PoseEstimator::estimate_following), so the detector does not run on
//                every frame.
//
// When the detector runs: on the first frame; when `detect_every` frames have passed since it
// last ran, sooner when athletes move fast (k = detect_every x fast_motion / motion, at least 1,
// motion = the largest mean keypoint displacement of a followed athlete in box heights per frame,
// camera motion removed); and on the same frame when a followed athlete whose pose scored at
// least redetect_score (mean keypoint score) is lost or falls below it (a weak pose that is lost
// is dropped until the next detection). On a detection frame each detected box scoring
// pose_detection_score or more gets a pose unless an athlete followed into it already has one
// (box IoU >= 0.5); weaker boxes stay box-only Persons (ByteTrack's low-score detections, which
// keep a track alive through an occlusion). Followed athletes the detector missed (occluded, low
// score) are kept when their pose is good. Only people with a pose are followed.
//
// Person::score is the detection score (carried over on following frames), so the tracker's
// high/low split (tracker.hpp) reads detector scores; a detected box whose pose scores below
// min_pose_score stays a box-only Person (no keypoints) for the tracker too.
//
// Contract: coordinates in original-frame pixels; deterministic. Throws podium::Error (options,
// missing model: Error(NotFound) naming `podium models fetch`).
//
//   PeopleFinder finder = PeopleFinder::create({.model = PoseModel::MoveNetLightning,
//                                               .detector = DetectorModel::NanoDet});
//   FoundPeople found = finder.find(frame.rgb, last_observed_people);
#pragma once

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "podium/vision/detect.hpp"
#include "podium/vision/person.hpp"
#include "podium/vision/pose.hpp"
#include "podium/vision/tracker.hpp"

namespace podium::vision {

struct PeopleOptions {
  PoseModel model = PoseModel::MoveNetLightning;
  std::optional<DetectorModel> detector;  // nullopt: whole-frame mode
  DetectorOptions detection;              // model and models_dir are taken from here and above
  int detect_every = 5;                   // 1..1000 frames between detections at most
  double fast_motion = 0.1;               // (0, 10] box heights per frame: above it, detect sooner
  double redetect_score = 0.3;            // [0, 1]: a good followed pose falling below: detect
  double pose_detection_score = 0.5;      // [0, 1]: detections scoring less stay box-only
  double min_pose_score = 0.2;            // [0, 1]: poses scoring less are not kept
  bool camera_motion = true;              // estimate it (top-down mode) for crops and the tracker
  std::string models_dir;                 // default: nn::models_dir()
  int threads = 1;                        // of the models (PoseOptions::threads)
};

struct FoundPeople {
  std::vector<Person> people;  // everyone found, in detection order (no ordering promise)
  FrameCues cues;              // camera motion (top-down mode), appearance per person
  bool detected = false;       // the detector ran on this frame
};

// Seconds spent per stage and how often each model ran, over all frames so far.
struct PeopleWork {
  double detect_s = 0, pose_s = 0, camera_s = 0, appearance_s = 0;
  std::int64_t detector_runs = 0, pose_runs = 0;
};

class PeopleFinder {
 public:
  // Validates the options (Error(InvalidInput) naming field and rule: a detector with MoveNet
  // MultiPose, which is bottom-up, is refused) and loads the models.
  static PeopleFinder create(const PeopleOptions& options);
  ~PeopleFinder();
  PeopleFinder(PeopleFinder&&) noexcept;
  PeopleFinder& operator=(PeopleFinder&&) noexcept;

  // `following`: the people the tracker matched in the previous frame, as they were observed
  // (whole-frame single-athlete mode follows them only when there is exactly one).
  FoundPeople find(const cv::Mat& rgb, const std::vector<Person>& following);
  const PeopleWork& work() const;
  const PeopleOptions& options() const;

 private:
  struct Impl;
  explicit PeopleFinder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A person's box from their pose where no detector drew one: the box of the keypoints scoring
// >= min_score, widened by a tenth of its height on each side, raised by 0.15 of it for the head
// above the eyes and lowered by 0.05 below the ankles, so that it is comparable with a detector's
// full-body box; `fallback` when fewer than two keypoints score.
Box pose_box(const std::vector<Keypoint>& keypoints, double min_score, const Box& fallback);

}  // namespace podium::vision
