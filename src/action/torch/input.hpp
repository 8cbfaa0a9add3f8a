// Network input from pose sequences (torch side of the action module): the joint stream
// [3, T, V] — x, y and a seen flag or score per keypoint, with time resampled linearly to a fixed T
// — and the bone stream, each keypoint minus its parent on the skeleton tree (two-stream ST-GCN).
//
// Contract: a keypoint not seen is 0 in x and y with score 0 (after normalisation 0 is the hips:
// the network is told by the score, not by the position). A sequence without scores (NaN) gets 1
// where a keypoint is seen. Resampling interpolates between the two nearest frames when both saw
// the keypoint, takes the nearer one when only it did, and marks it not seen otherwise. Parents
// are skeleton_tree(layout).parent (stgcn.hpp); a root's bone is 0 with its own score, a bone's
// score the smaller of its two ends.
//
//   torch::Tensor j = joint_input(sequence, 64);            // [3, 64, V]
//   torch::Tensor b = bone_input(j, skeleton_tree(layout).parent);  // [3, 64, V]
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <torch/torch.h>

#include "podium/action/sequence.hpp"

namespace podium::action {

torch::Tensor joint_input(const PoseSequence& sequence, std::int64_t frames);

torch::Tensor bone_input(const torch::Tensor& joints, std::span<const int> parents);

}  // namespace podium::action
