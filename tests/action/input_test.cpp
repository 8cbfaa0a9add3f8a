// Network input from pose sequences: time resampling, what is not seen, the bone stream.
#include "action/torch/input.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "action/torch/stgcn.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

// Three frames of COCO-17; keypoint k at x = 10 f + k, y = -x, score 0.5, except keypoint 1,
// not seen in frame 1, and keypoint 2, without a score.
PoseSequence three_frames() {
  PoseSequence s{.id = "t", .frames = 3};
  for (std::size_t f = 0; f < 3; ++f) {
    for (std::size_t k = 0; k < 17; ++k) {
      const auto x = static_cast<float>(10 * f + k);
      s.x.push_back(x);
      s.y.push_back(-x);
      s.score.push_back(k == 2 ? kNaNf : 0.5F);
    }
  }
  s.x[s.at(1, 1)] = s.y[s.at(1, 1)] = kNaNf;
  return s;
}

TEST(JointInput, ResamplesTimeLinearly) {
  const torch::Tensor j = joint_input(three_frames(), 5);  // frames 0, 0.5, 1, 1.5, 2
  ASSERT_EQ(j.sizes(), (std::vector<std::int64_t>{3, 5, 17}));
  EXPECT_FLOAT_EQ(j[0][1][5].item<float>(), 10.0F);  // halfway between 5 and 15
  EXPECT_FLOAT_EQ(j[1][3][5].item<float>(), -20.0F);
  EXPECT_FLOAT_EQ(j[2][3][5].item<float>(), 0.5F);
  EXPECT_FLOAT_EQ(j[2][0][2].item<float>(), 1.0F) << "seen without a score counts as 1";
}

TEST(JointInput, WhatIsNotSeenIsZeroWithScoreZero) {
  const torch::Tensor j = joint_input(three_frames(), 5);
  EXPECT_EQ(j[2][2][1].item<float>(), 0.0F);  // frame 1 exactly: not seen
  EXPECT_EQ(j[0][2][1].item<float>(), 0.0F);
  // Halfway between a seen and a not-seen frame: the nearer one (a tie takes the later one).
  EXPECT_EQ(j[2][1][1].item<float>(), 0.0F);
  EXPECT_FLOAT_EQ(j[0][3][1].item<float>(), 21.0F);
  EXPECT_THROW(joint_input(three_frames(), 1), Error);
}

TEST(SkeletonTree, ParentsFollowTheBonesFromTheNose) {
  const SkeletonTree coco = skeleton_tree(vision::Layout::Coco17);
  EXPECT_EQ(coco.parent[0], -1);
  EXPECT_EQ(coco.parent[9], 7);    // left wrist <- left elbow
  EXPECT_EQ(coco.parent[7], 5);    // left elbow <- left shoulder
  EXPECT_EQ(coco.parent[5], 0);    // left shoulder <- nose
  EXPECT_EQ(coco.parent[15], 13);  // left ankle <- left knee
  const SkeletonTree blaze = skeleton_tree(vision::Layout::BlazePose33);
  EXPECT_EQ(blaze.parent[9], -1) << "the mouth is a part of its own";
  EXPECT_EQ(blaze.parent[10], 9);
}

TEST(BoneInput, EachKeypointMinusItsParent) {
  const torch::Tensor j = joint_input(three_frames(), 3);
  const torch::Tensor b = bone_input(j, skeleton_tree(vision::Layout::Coco17).parent);
  EXPECT_FLOAT_EQ(b[0][0][9].item<float>(), 2.0F);  // 9 - 7
  EXPECT_FLOAT_EQ(b[1][0][9].item<float>(), -2.0F);
  EXPECT_EQ(b[0][0][0].item<float>(), 0.0F) << "the root's bone";
  EXPECT_FLOAT_EQ(b[2][0][0].item<float>(), 0.5F);
  EXPECT_EQ(b[2][1][3].item<float>(), 0.0F) << "left ear's parent, the left eye, not seen";
  EXPECT_THROW(bone_input(j, std::vector<int>(3, -1)), Error);
}

}  // namespace
}  // namespace podium::action
