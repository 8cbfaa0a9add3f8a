#include "podium/vision/people.hpp"

#include <gtest/gtest.h>

#include "podium/core/error.hpp"
#include "podium/vision/analyze.hpp"

namespace podium::vision {
namespace {

TEST(PoseBox, WidensTheKeypointBoxToAFullBodyBoxOrFallsBack) {
  std::vector<Keypoint> k(17);
  k[1] = {100, 50, 0.9};    // an eye
  k[15] = {110, 250, 0.8};  // an ankle
  k[16] = {300, 400, 0.1};  // below min_score: ignored
  const Box b = pose_box(k, 0.3, {});
  // Keypoint box 100..110 x 50..250 (height 200): 20 px wider on each side, 30 px for the head
  // above, 10 px below the ankles.
  EXPECT_DOUBLE_EQ(b.x, 80);
  EXPECT_DOUBLE_EQ(b.y, 20);
  EXPECT_DOUBLE_EQ(b.width, 50);
  EXPECT_DOUBLE_EQ(b.height, 240);
  const Box fallback{1, 2, 3, 4};
  k[15].score = 0;
  const Box f = pose_box(k, 0.3, fallback);
  EXPECT_DOUBLE_EQ(f.x, 1);
  EXPECT_DOUBLE_EQ(f.height, 4);
}

TEST(DetectorChoice, AutoIsNoneForOneAthleteAndCenterNetForEveryone) {
  AnalyzeOptions o;
  EXPECT_FALSE(resolve_detector(o));  // one athlete, Lightning: the fast path
  o.every_person = true;              // anonymising: bystanders must be found
  EXPECT_EQ(resolve_detector(o), DetectorModel::CenterNet);
  o.every_person = false;
  o.athletes = 0;
  EXPECT_EQ(resolve_detector(o), DetectorModel::CenterNet);
  o.model = PoseModel::MoveNetMultiPose;  // bottom-up: no detector
  EXPECT_FALSE(resolve_detector(o));
  o.detector = DetectorChoice::NanoDet;
  EXPECT_EQ(resolve_detector(o), DetectorModel::NanoDet);
  o.detector = DetectorChoice::None;
  EXPECT_FALSE(resolve_detector(o));
  EXPECT_EQ(parse_detector_choice("centernet"), DetectorChoice::CenterNet);
  EXPECT_THROW(parse_detector_choice("yolo"), Error);
}

TEST(PeopleFinder, RefusesADetectorWithABottomUpModelAndBadCadence) {
  EXPECT_THROW(PeopleFinder::create(
                   {.model = PoseModel::MoveNetMultiPose, .detector = DetectorModel::NanoDet}),
               Error);
  EXPECT_THROW(PeopleFinder::create({.detector = DetectorModel::NanoDet, .detect_every = 0}),
               Error);
}

}  // namespace
}  // namespace podium::vision
