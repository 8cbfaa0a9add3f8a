#include "podium/vision/skeleton.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>

namespace podium::vision {
namespace {

constexpr std::array<Layout, 4> kEveryLayout = {Layout::Coco17, Layout::BlazePose33,
                                                Layout::OpenPose18, Layout::MoveNet13};

TEST(Skeleton, BonesJoinTwoDifferentKeypointsOfTheLayout) {
  for (const Layout l : kEveryLayout) {
    const LayoutInfo& info = layout_info(l);
    for (const auto& [a, b] : info.bones) {
      EXPECT_GE(a, 0) << info.name;
      EXPECT_LT(static_cast<std::size_t>(b), info.keypoints.size()) << info.name;
      EXPECT_NE(a, b) << info.name;
    }
  }
}

TEST(Skeleton, EveryLeftKeypointHasItsRightTwin) {
  for (const Layout l : kEveryLayout) {
    const LayoutInfo& info = layout_info(l);
    int left = 0, right = 0;
    for (const std::string_view name : info.keypoints) {
      if (keypoint_side(name) == Side::Right) ++right;
      if (keypoint_side(name) != Side::Left) continue;
      ++left;
      std::string twin(name);
      twin.replace(twin.find("left"), 4, "right");
      EXPECT_NE(std::find(info.keypoints.begin(), info.keypoints.end(), twin), info.keypoints.end())
          << info.name << " " << name;
    }
    EXPECT_EQ(left, right) << info.name;
  }
}

TEST(Skeleton, EachMappedKeypointLandsOnItsCocoName) {
  const auto& coco = layout_info(Layout::Coco17).keypoints;
  for (const Layout l : kEveryLayout) {
    const LayoutInfo& info = layout_info(l);
    const auto& map = coco17_index(l);
    for (std::size_t c = 0; c < coco.size(); ++c) {
      if (map[c] < 0) continue;
      ASSERT_LT(static_cast<std::size_t>(map[c]), info.keypoints.size()) << info.name;
      EXPECT_EQ(info.keypoints[static_cast<std::size_t>(map[c])], coco[c]) << info.name;
      EXPECT_EQ(keypoint_side(info.keypoints[static_cast<std::size_t>(map[c])]),
                keypoint_side(coco[c]));
    }
  }
}

TEST(Skeleton, OnlyKeypointsALayoutLacksAreUnmapped) {
  const auto& coco = layout_info(Layout::Coco17).keypoints;
  for (const Layout l : kEveryLayout) {
    const LayoutInfo& info = layout_info(l);
    for (std::size_t c = 0; c < coco.size(); ++c) {
      const bool has =
          std::find(info.keypoints.begin(), info.keypoints.end(), coco[c]) != info.keypoints.end();
      EXPECT_EQ(coco17_index(l)[c] >= 0, has) << info.name << " " << coco[c];
    }
  }
  int unmapped = 0;
  for (const int k : coco17_index(Layout::MoveNet13))
    unmapped += k < 0 ? 1 : 0;
  EXPECT_EQ(unmapped, 4);  // the eyes and the ears
}

TEST(Skeleton, OpenPose18IsTheCoco18OrderWithANeckAndRightBeforeLeft) {
  const auto& names = layout_info(Layout::OpenPose18).keypoints;
  ASSERT_EQ(names.size(), 18u);
  EXPECT_EQ(names[0], "nose");
  EXPECT_EQ(names[1], "neck");
  EXPECT_EQ(names[2], "right_shoulder");
  EXPECT_EQ(names[4], "right_wrist");
  EXPECT_EQ(names[5], "left_shoulder");
  EXPECT_EQ(names[8], "right_hip");
  EXPECT_EQ(names[13], "left_ankle");
  EXPECT_EQ(names[14], "right_eye");
  EXPECT_EQ(names[17], "left_ear");
  EXPECT_EQ(keypoint_side("neck"), Side::Centre);
  EXPECT_EQ(layout_info(Layout::MoveNet13).keypoints.size(), 13u);
}

TEST(Skeleton, LayoutsAreFoundByName) {
  for (const Layout l : kEveryLayout)
    EXPECT_EQ(layout_named(layout_info(l).name), l);
  EXPECT_FALSE(layout_named("coco18"));
  EXPECT_FALSE(layout_named(""));
  EXPECT_EQ(keypoint_side("right_eye_inner"), Side::Right);
}

}  // namespace
}  // namespace podium::vision
