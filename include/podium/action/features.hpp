// Hand-crafted features of one pose sequence for the traditional baseline (XGBoost, k-NN): a
// fixed-length vector with named entries, the same length and order for every sequence.
//
// Contract:
// - Series: 9 angles in degrees, vision's kinematics (docs/kinematics.md) on every frame with the
//   facing estimate_facing() gives for the whole sequence (Facing::Right when it cannot tell):
//   {left,right}_{elbow,shoulder,hip,knee}_angle (signed sagittal flexion, joint_angle, unwrapped)
//   and trunk_lean (90 - the trunk's screen angle, mirrored for a left-facing athlete: + leaning
//   forward); and x and y of 9 key joints (nose, wrists, elbows, knees, ankles) hip-centred and
//   torso-scaled: minus the frame's mid-hip, divided by the sequence's median torso length
//   (mid-hip to mid-shoulder over the frames showing both), x right, y DOWN as in the image.
// - Per series 7 statistics over the frames where it is finite: mean, std (population), min,
//   max, range (max - min), mean_abs_velocity (mean |change| between consecutive frames both
//   finite: per second when the sequence's fps is known, per frame when fps is 0), and seen (the
//   share of frames where it is finite, 0..1). A statistic without data is NaN (XGBoost: missing);
//   std needs one value, velocity two consecutive ones.
// - Names "<series>.<statistic>": "left_knee_angle.range", "left_wrist_y.mean",
//   "trunk_lean.seen". feature_names() gives all 189 in vector order.
// - Keypoints are found by name, so any layout naming COCO-17's keypoints works; a keypoint the
//   layout lacks is never seen. The input must pass validate() (Error(InvalidInput) otherwise).
//
//   const std::vector<float> v = sequence_features(clip);
//   // v[i] is feature_names()[i]; feature_matrix(clips) stacks them for learn::ClassDataset
#pragma once

#include <span>
#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

const std::vector<std::string>& feature_names();
std::vector<float> sequence_features(const PoseSequence& sequence);
// sequences.size() x feature_names().size(), row-major.
std::vector<float> feature_matrix(std::span<const PoseSequence> sequences);

}  // namespace podium::action
