// Multi-athlete tracking: persistent ids for the people a detector or pose estimator finds frame
// by frame, for sports footage (crowds, look-alike kits, panning cameras).
//
// Contract: update() takes one frame's time (seconds since the start of the clip, strictly
// increasing, any spacing: variable frame rate is fine), its detections (Person, original pixels;
// score = the detection score; keypoints may be empty: box-only tracking works) and optional cues
// (the camera's motion since the previous frame, an appearance descriptor per detection) and
// reports, for every detection, the id of the athlete it belongs to, and every active track with
// its observed or predicted pose. Ids are positive, assigned in order of first appearance and
// never reused, also not after a track is retired.
//
// How (details in tracker.cpp):
//   motion       per track, 2-D Kalman filters driven by the actual dt: the box centre moves with
//                constant velocity; the shape (box size, keypoints as offsets from the centre)
//                moves with a velocity that fades over shape_velocity_decay_s, because limbs
//                swing back and forth and should stay on the body during a long occlusion.
//   camera       FrameCues::camera (previous frame pixels -> this frame's) moves every track's
//                prediction: positions, velocities, keypoint offsets, box size by its scale.
//                A pan of 40 px/frame is a whole box width: without this, a panning shot swaps
//                ids (camera_motion.hpp estimates it).
//   similarity   keypoint_weight * OKS + (1 - keypoint_weight) * IoU of predicted and detected
//                box; OKS uses the COCO sigmas (BlazePose-33: those of the nearest COCO joint),
//                scale^2 = the predicted box area, keypoints confident in both only, and is left
//                out (IoU alone) when fewer than 3 are shared. Below min_similarity: no match.
//   association  optimal assignment (Jonker-Volgenant style Hungarian) maximising total
//                similarity, in stages (ByteTrack's two-stage association by detection score):
//                1. detections scoring >= high_score: tracks seen in the previous frame first,
//                   then hidden tracks on what is left, so a guess about a hidden athlete never
//                   steals a detection from an athlete in plain view. A hidden track may match up
//                   to hidden_reach_per_s * hidden seconds * box height away from its prediction.
//                2. detections in [low_score, high_score) (the partly occluded, the blurred) to
//                   the confirmed tracks seen in the previous frame that stage 1 left, by IoU
//                   alone, >= low_min_iou: they keep a track alive through an occlusion but are
//                   too unsure to start one or to claim a hidden track.
//                Detections below low_score are ignored.
//   appearance   FrameCues::appearance (torso colour histograms, appearance.hpp) counts only
//                where motion is ambiguous, because look-alike kits make it a weak cue and motion
//                a strong one (SportsMOT): for a pair whose similarity is within
//                appearance_margin of another candidate's (same track or same detection), and for
//                every pair of a hidden track (re-identification), the similarity loses
//                appearance_weight * (1 - Bhattacharyya coefficient), and a hidden track never
//                takes a detection less alike than reid_min_appearance. Tracks keep an exponential
//                moving average of the descriptors of their high-score detections.
//   lifecycle    a track starts from a detection no track took that scores >= new_track_score;
//                it is tentative until min_hits consecutive matched frames (a tentative track
//                that misses a frame is dropped: that is how one-off false positives go away,
//                each using up an id, so ids can have gaps); a confirmed track unseen keeps its
//                id for max_hidden_s, then is retired (stitch.hpp joins fragments offline).
//   lock-on      follow_id (or follow()) reports one athlete only; everyone is still tracked,
//                so a neighbour crossing in front cannot take the followed athlete's id.
// Deterministic: detections are put in a canonical order (box x, y, width, height, score) before
// association, so their input order never changes an id; remaining ties are broken by that
// order and by track id.
//
//   auto tracker = Tracker::create({});
//   for (const auto& [t, people, motion] : frames)
//     ids = tracker.update(t, people, {.camera = motion}).detection_ids;
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "podium/vision/person.hpp"

namespace podium::vision {

struct TrackerOptions {
  double min_similarity = 0.3;      // (0, 1]: pairs less similar than this are never matched
  double keypoint_weight = 0.5;     // [0, 1]: share of OKS in the similarity; the rest is IoU
  double keypoint_min_score = 0.3;  // [0, 1]: keypoints scoring less are ignored
  int min_hits = 3;                 // >= 1: consecutive matched frames to confirm; 1 = at once
  double max_hidden_s = 2.0;        // [0, 3600] s: how long an unseen confirmed track keeps its id
  double hidden_reach_per_s = 0.5;  // [0, 1000] box heights per hidden second (see above)
  // Kalman noise, in box heights so that it does not depend on the athlete's size in the image.
  double measurement_noise = 0.02;  // [1e-6, 1000] box heights: std of a detected position
  double motion_noise = 3.0;        // [1e-6, 1000] box heights/s per sqrt(s): velocity random walk
  double shape_velocity_decay_s = 0.2;  // [1e-6, 3600] s: time constant of shape velocity fading
  std::int64_t follow_id = 0;           // >= 0: report only this athlete; 0 = everyone
  // Detection scores (ByteTrack's thresholds; its defaults are 0.1, 0.5 and high + 0.1). Below
  // low_score a detection is noise: ignored. The two stages split at high_score.
  double low_score = 0.1;   // [0, high_score]
  double high_score = 0.5;  // [low_score, 1]
  // [high_score, 1]. ByteTrack starts tracks 0.1 above high_score; here min_hits already asks
  // a new track for 3 high-score frames in a row, so high_score itself is enough.
  double new_track_score = 0.5;
  double low_min_iou = 0.5;  // (0, 1]: stage 2's IoU gate (ByteTrack's), stricter than stage 1's
  // Appearance (only with FrameCues::appearance). The margin is about the similarity change one
  // frame of jitter makes; a weight of 0.5 lets a different kit (coefficient ~0.2) outweigh that
  // but never a clear motion preference. memory: BoT-SORT's 0.9, a descriptor of the last ~10
  // frames, steady through a frame of occlusion.
  double appearance_margin = 0.1;  // [0, 1]
  double appearance_weight = 0.5;  // [0, 1]: 0 = appearance never counts
  double appearance_memory = 0.9;  // [0, 1): weight of the old descriptor in the moving average
  // [0, 1]: a hidden track never takes a detection less alike than this (Bhattacharyya
  // coefficient): its reach is loose enough to catch whoever walks by. Halfway between the
  // synthetic extremes of appearance_test.cpp (one kit in 70 % shade: 1.0; red and blue: 0.0).
  double reid_min_appearance = 0.5;
};

// The camera's motion between two frames: a point at (x, y) in the previous frame's pixels is at
// (m[0][0] x + m[0][1] y + m[0][2], m[1][0] x + m[1][1] y + m[1][2]) in this frame's. Affine
// "partial" (rotation, uniform scale, translation) as estimateAffinePartial2D gives it; any
// affine map is accepted. Identity by default.
struct CameraMotion {
  double m[2][3] = {{1, 0, 0}, {0, 1, 0}};  // NOLINT(modernize-avoid-c-arrays): fixed API
};

// What the tracker may know about a frame besides its detections.
struct FrameCues {
  // Applied to every track's prediction (positions, velocities, keypoint offsets; box size by
  // the map's scale). nullopt: a still camera.
  std::optional<CameraMotion> camera;
  // Per detection, in input order (empty: no appearance this frame): an L1-normalised histogram
  // (torso_histogram, appearance.hpp), empty for a detection without one. All non-empty ones
  // have one length.
  std::vector<std::vector<float>> appearance;
};

// One active track at the frame's time.
struct TrackedPerson {
  std::int64_t id = 0;     // > 0
  bool confirmed = false;  // false: a candidate (maybe a false positive), not an athlete yet
  bool observed = false;   // true: matched this frame; false: hidden, person is a prediction
  int detection = -1;      // observed: index into this frame's detections; else -1
  // observed: the detection exactly as given (the tracker does not smooth; filter.hpp does).
  // predicted: box and keypoint positions from the motion model, every score 0 so nothing
  // downstream mistakes a guess for a measurement.
  Person person;
  int hits = 0;             // frames matched so far
  double first_seen_s = 0;  // time of the first matched frame
  double last_seen_s = 0;   // time of the last matched frame
  double hidden_s = 0;      // frame time - last_seen_s: 0 when observed
  // The moving average of its high-score detections' appearance descriptors; empty without.
  std::vector<float> appearance;
};

struct TrackerFrame {
  // Per input detection, in input order: the confirmed athlete's id, or 0 when the detection
  // belongs to a tentative track or, while following, to someone else.
  std::vector<std::int64_t> detection_ids;
  // Active tracks (tentative, observed and hidden) by increasing id; while following, at most
  // the followed one.
  std::vector<TrackedPerson> tracks;
};

// How pick_athlete() chooses; ties fall through to the other criteria in the order listed
// below, then to the lower id.
enum class AthleteRule {
  MostFrames,     // most matched frames: the athlete the camera has been on longest
  Largest,        // largest mean box area over matched frames: usually the nearest
  MostConfident,  // highest mean detection score over matched frames
};

class Tracker {
 public:
  // Validates every option (Error(InvalidInput) naming field, value and rule).
  static Tracker create(const TrackerOptions& options);
  ~Tracker();
  Tracker(const Tracker&);
  Tracker(Tracker&&) noexcept;
  Tracker& operator=(const Tracker&);
  Tracker& operator=(Tracker&&) noexcept;

  // Throws Error(InvalidInput), leaving the tracker as it was, for a time not after the previous
  // frame's, a non-finite value, a box without positive size, a coordinate beyond 1e6 pixels, or
  // keypoints that are neither empty (tracked by box alone) nor the layout's count; a camera
  // motion with a non-finite entry, a linear part beyond 100 or a shift beyond 1e6 pixels;
  // appearance descriptors not one per detection, of unequal lengths, or with a negative or
  // non-finite entry.
  TrackerFrame update(double t_s, const std::vector<Person>& detections,
                      const FrameCues& cues = {});

  // Reports only athlete `id` from the next update on (0: everyone again). An id that is not
  // active yields empty reports; a retired athlete is never silently replaced by someone else.
  void follow(std::int64_t id);
  // The confirmed active athlete the rule prefers; 0 when there is none.
  std::int64_t pick_athlete(AthleteRule rule = AthleteRule::MostFrames) const;
  const TrackerOptions& options() const { return options_; }  // follow_id as follow() left it

 private:
  struct Track;
  explicit Tracker(const TrackerOptions& options);

  TrackerOptions options_;
  std::vector<Track> tracks_;  // by increasing id
  std::int64_t next_id_ = 1;
  std::optional<double> time_s_;  // the previous frame's time
};

// Object keypoint similarity (COCO) of two poses in one layout, in [0, 1]: the mean over keypoints
// scoring >= min_score in both of exp(-d^2 / (2 area (2 sigma)^2)), d in pixels, area in pixels^2
// (> 0). nullopt when fewer than 3 keypoints are shared. Throws Error(InvalidInput) when a pose
// does not have the layout's keypoint count or area is not positive.
std::optional<double> keypoint_similarity(std::span<const Keypoint> a, std::span<const Keypoint> b,
                                          Layout layout, double area, double min_score);

}  // namespace podium::vision
