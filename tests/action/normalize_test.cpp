#include "podium/action/normalize.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "podium/core/error.hpp"

namespace podium::action {
namespace {

constexpr float kUnseen = std::numeric_limits<float>::quiet_NaN();
// COCO-17 indices of the keypoints these tests place.
constexpr std::size_t kNose = 0, kLeftShoulder = 5, kRightShoulder = 6, kLeftWrist = 9,
                      kLeftHip = 11, kRightHip = 12;

PoseSequence unseen(std::size_t frames, vision::Layout layout = vision::Layout::Coco17) {
  PoseSequence s;
  s.id = "hand-made";
  s.layout = layout;
  s.frames = frames;
  s.x.assign(frames * s.keypoints(), kUnseen);
  s.y = s.x;
  s.score = s.x;
  return s;
}

void place(PoseSequence& s, std::size_t f, std::size_t k, float x, float y) {
  s.x[s.at(f, k)] = x;
  s.y[s.at(f, k)] = y;
}

// Frame 0: hips at y 20, shoulders at y 10 (torso 10); frame 1 twice as large (torso 20): the
// median torso is 15 for both frames.
PoseSequence two_sizes() {
  PoseSequence s = unseen(2);
  place(s, 0, kLeftHip, 10, 20);
  place(s, 0, kRightHip, 14, 20);
  place(s, 0, kLeftShoulder, 10, 10);
  place(s, 0, kRightShoulder, 14, 10);
  place(s, 0, kNose, 12, 5);
  place(s, 1, kLeftHip, 20, 40);
  place(s, 1, kRightHip, 24, 40);
  place(s, 1, kLeftShoulder, 20, 20);
  place(s, 1, kRightShoulder, 24, 20);
  place(s, 1, kNose, 22, 10);
  return s;
}

std::string error_of(const PoseSequence& s, const NormalizeOptions& o = {}) {
  try {
    normalize(s, o);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    return e.what();
  }
  return "(no error)";
}

TEST(Normalize, CentresOnMidHipAndScalesByTheMedianTorso) {
  const PoseSequence n = normalize(two_sizes());
  EXPECT_EQ(n.coordinates, Coordinates::Torso);
  EXPECT_EQ(n.x[n.at(0, kNose)], 0.0F);
  EXPECT_EQ(n.y[n.at(0, kNose)], -1.0F);  // (5 - 20) / 15
  EXPECT_EQ(n.y[n.at(1, kNose)], -2.0F);  // (10 - 40) / 15: one scale, not per frame
  EXPECT_FLOAT_EQ(n.x[n.at(0, kLeftHip)], -2.0F / 15);
  EXPECT_FLOAT_EQ(n.x[n.at(1, kRightHip)], 2.0F / 15);
  EXPECT_TRUE(std::isnan(n.x[n.at(0, kLeftWrist)]));  // not seen stays not seen
  EXPECT_TRUE(std::isnan(n.y[n.at(1, kLeftWrist)]));
}

TEST(Normalize, OneHipSeenCentresOnIt) {
  PoseSequence s = two_sizes();
  place(s, 0, kRightHip, kUnseen, kUnseen);
  const PoseSequence n = normalize(s);
  EXPECT_EQ(n.x[n.at(0, kLeftHip)], 0.0F);
  // Torso of frame 0 is now from the left hip (10, 20) to mid-shoulder (12, 10): sqrt(104); the
  // median of it and 20 is their mean.
  const double torso = (std::sqrt(104.0) + 20) / 2;
  EXPECT_FLOAT_EQ(n.x[n.at(0, kNose)], static_cast<float>(2 / torso));
  EXPECT_FLOAT_EQ(n.y[n.at(1, kNose)], static_cast<float>(-30 / torso));
}

TEST(Normalize, AFrameWithoutHipsTakesTheNearestCentre) {
  PoseSequence s = unseen(4);
  for (std::size_t f : {0, 3}) {
    place(s, f, kLeftHip, 0, 10);
    place(s, f, kRightHip, 2, 10);
    place(s, f, kLeftShoulder, 0, 0);
    place(s, f, kRightShoulder, 2, 0);
  }
  for (std::size_t f = 0; f < 4; ++f)
    place(s, f, kNose, static_cast<float>(f), -5);
  place(s, 3, kLeftHip, 10, 20);  // frame 3's centre moves to (6, 20)
  place(s, 3, kRightHip, 2, 20);
  const PoseSequence n = normalize(s);
  // Frame 1 is nearer frame 0 (centre (1, 10)), frame 2 nearer frame 3 (centre (6, 20)).
  // Torso: frame 0 is 10; frame 3 from (6, 20) to (1, 0) is sqrt(425); median = their mean.
  const double torso = (10 + std::sqrt(425.0)) / 2;
  EXPECT_FLOAT_EQ(n.x[n.at(1, kNose)], static_cast<float>((1 - 1) / torso));
  EXPECT_FLOAT_EQ(n.y[n.at(1, kNose)], static_cast<float>((-5 - 10) / torso));
  EXPECT_FLOAT_EQ(n.x[n.at(2, kNose)], static_cast<float>((2 - 6) / torso));
  EXPECT_FLOAT_EQ(n.y[n.at(2, kNose)], static_cast<float>((-5 - 20) / torso));
}

TEST(Normalize, RotationLevelsTheShoulders) {
  PoseSequence s = unseen(1);
  place(s, 0, kLeftHip, 0, 10);
  place(s, 0, kRightHip, 10, 10);
  place(s, 0, kLeftShoulder, 0, 0);
  place(s, 0, kRightShoulder, 10, -10);  // tilted 45 degrees counter-clockwise on screen
  const PoseSequence n = normalize(s, {.rotation = Rotation::Shoulders});
  EXPECT_NEAR(n.y[n.at(0, kLeftShoulder)], n.y[n.at(0, kRightShoulder)], 1e-6);
  // Torso: mid-hip (5, 10) to mid-shoulder (5, -5) is 15; the right shoulder at (5, -20) from
  // mid-hip turns clockwise by 45 degrees: (5h + 20h, 5h - 20h) with h = sqrt(1/2).
  const double h = std::sqrt(0.5);
  EXPECT_NEAR(n.x[n.at(0, kRightShoulder)], 25 * h / 15, 1e-6);
  EXPECT_NEAR(n.y[n.at(0, kRightShoulder)], -15 * h / 15, 1e-6);
  // A back view (left and right swapped) has the same tilt, not one turned by 180 degrees.
  std::swap(s.x[s.at(0, kLeftShoulder)], s.x[s.at(0, kRightShoulder)]);
  std::swap(s.y[s.at(0, kLeftShoulder)], s.y[s.at(0, kRightShoulder)]);
  const PoseSequence back = normalize(s, {.rotation = Rotation::Shoulders});
  EXPECT_NEAR(back.x[back.at(0, kLeftShoulder)], n.x[n.at(0, kRightShoulder)], 1e-6);
}

TEST(Normalize, RotationByAGivenAngle) {
  PoseSequence s = unseen(1);
  place(s, 0, kLeftHip, 0, 10);
  place(s, 0, kRightHip, 2, 10);
  place(s, 0, kLeftShoulder, 0, 0);
  place(s, 0, kRightShoulder, 2, 0);
  place(s, 0, kLeftWrist, 11, 10);  // one torso right of mid-hip
  const PoseSequence n =
      normalize(s, {.rotation = Rotation::Angle, .angle_rad = std::numbers::pi / 2});
  EXPECT_NEAR(n.x[n.at(0, kLeftWrist)], 0, 1e-6);  // a quarter turn counter-clockwise: up
  EXPECT_NEAR(n.y[n.at(0, kLeftWrist)], -1, 1e-6);
  const PoseSequence level = normalize(s, {.rotation = Rotation::Hips});  // already level
  EXPECT_FLOAT_EQ(level.x[level.at(0, kLeftWrist)], 1);
  EXPECT_FLOAT_EQ(level.y[level.at(0, kLeftWrist)], 0);
}

TEST(Normalize, BlazePoseByName) {
  PoseSequence s = unseen(1, vision::Layout::BlazePose33);
  place(s, 0, 23, 0, 10);  // left_hip, right_hip, left_shoulder, right_shoulder in BlazePose-33
  place(s, 0, 24, 4, 10);
  place(s, 0, 11, 0, 5);
  place(s, 0, 12, 4, 5);
  place(s, 0, 0, 2, 0);  // nose
  const PoseSequence n = normalize(s);
  EXPECT_EQ(n.x[n.at(0, 0)], 0.0F);
  EXPECT_EQ(n.y[n.at(0, 0)], -2.0F);
}

TEST(Normalize, RefusesWhatCannotBeNormalised) {
  PoseSequence s = unseen(2);
  EXPECT_EQ(error_of(s),
            "hand-made: left_hip, right_hip: no frame sees a hip: nothing to centre on");
  place(s, 0, kLeftHip, 1, 1);
  EXPECT_EQ(
      error_of(s),
      "hand-made: left_shoulder, right_shoulder: no frame sees a shoulder and a hip together");
  place(s, 0, kLeftShoulder, 1, 1);
  EXPECT_EQ(error_of(s),
            "hand-made: torso: the median torso length is 0: the sequence cannot be scaled");
  place(s, 0, kLeftShoulder, 1, 0);
  EXPECT_EQ(error_of(s, {.rotation = Rotation::Shoulders}),
            "hand-made: left_shoulder: no frame sees both sides: the view cannot be levelled");
  EXPECT_EQ(error_of(s, {.rotation = Rotation::Angle, .angle_rad = INFINITY}),
            "hand-made: angle_rad: must be finite");
  s.frames = 0;
  EXPECT_NE(error_of(s).find("hand-made: frames: "), std::string::npos);
}

}  // namespace
}  // namespace podium::action
