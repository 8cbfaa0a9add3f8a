// Hand-crafted features: exact statistics of angles and normalised positions on a hand-made
// standing pose whose left knee bends once, NaN-aware statistics, per-second velocities, and the
// fixed names and length.
#include "podium/action/features.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "testkit/throws_error.hpp"

namespace podium::action {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Facing right (the nose 20 px ahead of the ears), shoulders at (0, 0), hips at (0, 100): torso
// 100 px. Arms hang, legs are straight, except the left ankle behind the knee in frame 1 (knee
// flexion 90) and the right ankle unseen in frame 1.
PoseSequence standing(double fps) {
  PoseSequence s;
  s.id = "stand";
  s.fps = fps;
  s.frames = 3;
  const float points[17][2] = {{10, -20}, {5, -25}, {5, -25}, {-10, -20}, {-10, -20}, {0, 0},
                               {0, 0},    {0, 50},  {0, 50},  {0, 100},   {0, 100},   {0, 100},
                               {0, 100},  {0, 150}, {0, 150}, {0, 200},   {0, 200}};
  for (std::size_t f = 0; f < 3; ++f) {
    for (const auto& p : points) {
      s.x.push_back(p[0]);
      s.y.push_back(p[1]);
      s.score.push_back(0.9F);
    }
  }
  s.x[s.at(1, 15)] = -50;  // left ankle level with the knee, behind it
  s.y[s.at(1, 15)] = 150;
  s.x[s.at(1, 16)] = s.y[s.at(1, 16)] = kNaN;
  return s;
}

float feature(const std::vector<float>& v, const std::string& name) {
  const auto& names = feature_names();
  const auto it = std::find(names.begin(), names.end(), name);
  EXPECT_NE(it, names.end()) << name;
  return it == names.end() ? kNaN : v[static_cast<std::size_t>(it - names.begin())];
}

TEST(Features, NamesAreFixed) {
  ASSERT_EQ(feature_names().size(), 189U);  // (9 angles + 9 joints x 2 axes) x 7 statistics
  EXPECT_EQ(feature_names()[0], "left_elbow_angle.mean");
  EXPECT_EQ(feature_names()[6], "left_elbow_angle.seen");
  EXPECT_EQ(feature_names().back(), "right_ankle_y.seen");
}

TEST(Features, ExactStatisticsOfAnglesAndPositions) {
  const std::vector<float> v = sequence_features(standing(10));
  ASSERT_EQ(v.size(), feature_names().size());
  // Left knee 0, 90, 0 degrees.
  EXPECT_NEAR(feature(v, "left_knee_angle.mean"), 30, 1e-4);
  EXPECT_NEAR(feature(v, "left_knee_angle.std"), std::sqrt(1800.0), 1e-4);
  EXPECT_NEAR(feature(v, "left_knee_angle.min"), 0, 1e-4);
  EXPECT_NEAR(feature(v, "left_knee_angle.max"), 90, 1e-4);
  EXPECT_NEAR(feature(v, "left_knee_angle.range"), 90, 1e-4);
  EXPECT_NEAR(feature(v, "left_knee_angle.mean_abs_velocity"), 900, 1e-3);  // 90 deg/frame x 10
  EXPECT_EQ(feature(v, "left_knee_angle.seen"), 1.0F);
  // Right knee 0, unseen, 0: no two consecutive frames, so no velocity.
  EXPECT_NEAR(feature(v, "right_knee_angle.mean"), 0, 1e-4);
  EXPECT_EQ(feature(v, "right_knee_angle.std"), 0.0F);
  EXPECT_TRUE(std::isnan(feature(v, "right_knee_angle.mean_abs_velocity")));
  EXPECT_NEAR(feature(v, "right_knee_angle.seen"), 2.0 / 3, 1e-6);
  EXPECT_NEAR(feature(v, "left_elbow_angle.max"), 0, 1e-4);
  EXPECT_NEAR(feature(v, "right_shoulder_angle.mean"), 0, 1e-4);
  EXPECT_NEAR(feature(v, "left_hip_angle.range"), 0, 1e-4);
  EXPECT_NEAR(feature(v, "trunk_lean.mean"), 0, 1e-4);
  // Positions: minus the mid-hip (0, 100), over the torso (100).
  EXPECT_NEAR(feature(v, "nose_x.mean"), 0.1, 1e-6);
  EXPECT_NEAR(feature(v, "nose_y.min"), -1.2, 1e-6);
  EXPECT_NEAR(feature(v, "left_ankle_x.mean"), -0.5 / 3, 1e-6);
  EXPECT_NEAR(feature(v, "left_ankle_x.range"), 0.5, 1e-6);
  EXPECT_NEAR(feature(v, "left_ankle_y.max"), 1.0, 1e-6);
  EXPECT_NEAR(feature(v, "left_ankle_x.mean_abs_velocity"), 5.0, 1e-5);  // 0.5 per frame x 10
  EXPECT_NEAR(feature(v, "right_ankle_x.seen"), 2.0 / 3, 1e-6);
  // Without fps the velocity is per frame.
  EXPECT_NEAR(feature(sequence_features(standing(0)), "left_knee_angle.mean_abs_velocity"), 90,
              1e-4);
}

TEST(Features, LeaningForwardIsPositiveEitherWay) {
  PoseSequence s = standing(0);
  for (std::size_t f = 0; f < 3; ++f) {  // shoulders 100 px ahead of the hips: 45 degrees
    s.x[s.at(f, 5)] = s.x[s.at(f, 6)] = 100;
  }
  EXPECT_NEAR(feature(sequence_features(s), "trunk_lean.mean"), 45, 1e-4);
  for (float& x : s.x)
    x = -x;  // the mirror image faces left and leans forward too
  EXPECT_NEAR(feature(sequence_features(s), "trunk_lean.mean"), 45, 1e-4);
}

TEST(Features, NothingSeenIsNaNAndMatrixStacksRows) {
  PoseSequence blank = standing(0);
  std::fill(blank.x.begin(), blank.x.end(), kNaN);
  std::fill(blank.y.begin(), blank.y.end(), kNaN);
  const std::vector<float> v = sequence_features(blank);
  EXPECT_TRUE(std::isnan(feature(v, "left_wrist_x.mean")));
  EXPECT_TRUE(std::isnan(feature(v, "left_knee_angle.range")));
  EXPECT_EQ(feature(v, "left_knee_angle.seen"), 0.0F);
  const std::vector<PoseSequence> both = {standing(0), blank};
  const std::vector<float> m = feature_matrix(both);
  ASSERT_EQ(m.size(), 2 * feature_names().size());
  EXPECT_EQ(m[0], sequence_features(standing(0))[0]);
  PoseSequence broken = standing(0);
  broken.score[0] = 2;
  EXPECT_THAT([&] { sequence_features(broken); },
              testkit::ThrowsError(ErrorKind::InvalidInput, ::testing::HasSubstr("stand")));
}

}  // namespace
}  // namespace podium::action
