// Kinematics: joint and segment angles, facing, unwrapping, angular velocity, range of motion and
// the Person adapter.
#include "podium/vision/kinematics.hpp"
#include "podium/vision/kinematics_swap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/person.hpp"
#include "vision/kinematics_test_util.hpp"

namespace podium::vision {
namespace {

using namespace kinematics_test;

// ---- joint angles ------------------------------------------------------------------------------

TEST(JointAngle, KneeIsZeroStraightNinetyAtRightAngleAndOneEightyFolded) {
  for (const char* side : {"left", "right"}) {
    const std::string s(side);
    const Side which = s == "left" ? Side::Left : Side::Right;
    PoseFrame f = empty_frame();
    set(f, s + "_hip", {100, 100});
    set(f, s + "_knee", {100, 200});
    set(f, s + "_ankle", {100, 300});
    EXPECT_NEAR(joint_angle(f, Joint::Knee, which, Facing::Right), 0, kTol) << side;
    set(f, s + "_knee", {200, 100});  // thigh forward and horizontal, as when seated
    set(f, s + "_ankle", {200, 200});
    EXPECT_NEAR(joint_angle(f, Joint::Knee, which, Facing::Right), 90, kTol) << side;
    set(f, s + "_ankle", {100, 100});  // shank folded back onto the thigh
    EXPECT_NEAR(joint_angle(f, Joint::Knee, which, Facing::Right), 180, kTol) << side;
    // Facing left, the same picture is a knee bent the impossible way: hyperextension.
    set(f, s + "_ankle", {200, 200});
    EXPECT_NEAR(joint_angle(f, Joint::Knee, which, Facing::Left), -90 + 360, kTol)
        << "the (-90, 270] interval puts 90 degrees of hyperextension at its top";
  }
}

TEST(JointAngle, HipShoulderAndElbowFollowTheDocumentedSigns) {
  PoseFrame f = empty_frame();
  set(f, "left_hip", {100, 300});
  set(f, "left_shoulder", {100, 170});  // upright trunk
  const auto hip_with_thigh = [&](double screen_deg) {
    set(f, "left_knee", along({100, 300}, 100, screen_deg));
    return joint_angle(f, Joint::Hip, Side::Left, Facing::Right);
  };
  EXPECT_NEAR(hip_with_thigh(-90), 0, kTol);     // standing
  EXPECT_NEAR(hip_with_thigh(0), 90, kTol);      // knee raised forward to horizontal
  EXPECT_NEAR(hip_with_thigh(-110), -20, kTol);  // thigh behind: extension, as at toe-off
  EXPECT_NEAR(hip_with_thigh(180), -90, kTol);   // back leg of a split: inside (-135, 225]
  EXPECT_NEAR(hip_with_thigh(90), 180, kTol);    // full pike: thigh folded onto the trunk
  const auto shoulder_with_arm = [&](double screen_deg) {
    set(f, "left_elbow", along({100, 170}, 70, screen_deg));
    return joint_angle(f, Joint::Shoulder, Side::Left, Facing::Right);
  };
  EXPECT_NEAR(shoulder_with_arm(-90), 0, kTol);     // hanging along the trunk
  EXPECT_NEAR(shoulder_with_arm(0), 90, kTol);      // forward
  EXPECT_NEAR(shoulder_with_arm(90), 180, kTol);    // overhead
  EXPECT_NEAR(shoulder_with_arm(-120), -30, kTol);  // behind: extension
  set(f, "left_elbow", {100, 240});
  set(f, "left_wrist", {100, 300});
  EXPECT_NEAR(joint_angle(f, Joint::Elbow, Side::Left, Facing::Right), 0, kTol);
  set(f, "left_wrist", {160, 240});  // forearm forward, hand in front
  EXPECT_NEAR(joint_angle(f, Joint::Elbow, Side::Left, Facing::Right), 90, kTol);
}

TEST(JointAngle, RunningFrameGivesTheAnglesItWasBuiltWith) {
  for (int k = 0; k < 20; ++k) {
    const double t = k / 30.0, phi = 2 * kPi * 1.5 * t;
    const PoseFrame f = running_frame(t, 1.5);
    for (const auto& [side, sign] : {std::pair{Side::Left, 1.0}, std::pair{Side::Right, -1.0}}) {
      EXPECT_NEAR(joint_angle(f, Joint::Knee, side, Facing::Right), 50 + sign * 40 * std::cos(phi),
                  kTol);
      EXPECT_NEAR(joint_angle(f, Joint::Hip, side, Facing::Right),
                  -90 + sign * 35 * std::sin(phi) - kTrunkLeanScreenDeg + 180, kTol);
      EXPECT_NEAR(joint_angle(f, Joint::Shoulder, side, Facing::Right),
                  -90 - sign * 40 * std::sin(phi) - kTrunkLeanScreenDeg + 180, kTol);
      EXPECT_NEAR(joint_angle(f, Joint::Elbow, side, Facing::Right), 90, kTol);
    }
  }
}

TEST(JointAngle, AnkleNeedsFootKeypointsSoOnlyBlazePoseHasIt) {
  const PoseFrame coco = running_frame(0.1, 1.5);
  EXPECT_THAT([&] { joint_angle(coco, Joint::Ankle, Side::Left, Facing::Right); },
              testkit::ThrowsError(ErrorKind::Unsupported,
                                   testkit::OneLine(::testing::HasSubstr("heel and foot_index"))));
  EXPECT_THROW(segment_angle(coco, Segment::Foot, Side::Left), Error);

  PoseFrame f = empty_frame(Layout::BlazePose33);
  set(f, "right_knee", {200, 100});
  set(f, "right_ankle", {200, 200});  // vertical shank
  const auto ankle_with_foot = [&](double screen_deg) {
    set(f, "right_heel", {190, 210});
    set(f, "right_foot_index", along({190, 210}, 50, screen_deg));
    return joint_angle(f, Joint::Ankle, Side::Right, Facing::Right);
  };
  EXPECT_NEAR(ankle_with_foot(0), 0, kTol);      // flat foot, square to the shank
  EXPECT_NEAR(ankle_with_foot(20), 20, kTol);    // toes up: dorsiflexion
  EXPECT_NEAR(ankle_with_foot(-40), -40, kTol);  // toes down: plantarflexion
  EXPECT_NEAR(ankle_with_foot(-90), -90, kTol);  // foot in line with the shank (Sports2D's -90)
  EXPECT_NEAR(segment_angle(f, Segment::Foot, Side::Right), -90, kTol);
  ankle_with_foot(0);
  EXPECT_NEAR(segment_angle(f, Segment::Foot, Side::Right), 0, kTol);
  EXPECT_NEAR(segment_angle(mirror_x(f, 400), Segment::Foot, Side::Right), 180, kTol);
  EXPECT_NEAR(joint_angle(mirror_x(f, 400), Joint::Ankle, Side::Right, Facing::Left), 0, kTol);
}

TEST(JointAngle, CentreSideIsRejectedWithTheJointNamed) {
  const PoseFrame f = running_frame(0, 1.5);
  EXPECT_THAT([&] { joint_angle(f, Joint::Knee, Side::Centre, Facing::Right); },
              InvalidNaming("knee_flexion"));
  EXPECT_THAT([&] { segment_angle(f, Segment::Thigh, Side::Centre); }, InvalidNaming("thigh"));
  PoseFrame short_frame = f;
  short_frame.points.pop_back();
  EXPECT_THAT([&] { joint_angle(short_frame, Joint::Knee, Side::Left, Facing::Right); },
              InvalidNaming("points.size() = 16"));
}

// ---- segment angles ----------------------------------------------------------------------------

TEST(SegmentAngle, AnticlockwiseFromHorizontalAsSeenOnScreen) {
  PoseFrame f = empty_frame();
  set(f, "left_hip", {100, 100});
  const auto thigh_to = [&](Point2 knee) {
    set(f, "left_knee", knee);
    return segment_angle(f, Segment::Thigh, Side::Left);
  };
  EXPECT_NEAR(thigh_to({150, 100}), 0, kTol);    // right
  EXPECT_NEAR(thigh_to({100, 50}), 90, kTol);    // up the image (smaller y)
  EXPECT_NEAR(thigh_to({100, 150}), -90, kTol);  // down the image
  EXPECT_NEAR(thigh_to({50, 100}), 180, kTol);   // left: 180, never -180
  EXPECT_NEAR(thigh_to({150, 50}), 45, kTol);
  const PoseFrame jack = jumping_jack_frame(0, 1);
  EXPECT_NEAR(segment_angle(jack, Segment::Trunk, Side::Centre), 90, kTol);
  EXPECT_NEAR(segment_angle(jack, Segment::UpperArm, Side::Left), -90, kTol);
  EXPECT_NEAR(segment_angle(jack, Segment::Forearm, Side::Right), -90, kTol);
  EXPECT_NEAR(segment_angle(jack, Segment::Shank, Side::Left), -90, kTol);
  const PoseFrame run = running_frame(0, 1.5);
  EXPECT_NEAR(segment_angle(run, Segment::Trunk, Side::Right), kTrunkLeanScreenDeg, kTol);
  EXPECT_NEAR(segment_angle(run, Segment::Trunk, Side::Centre), kTrunkLeanScreenDeg, kTol);
}

TEST(Singularity, CoincidentKeypointsGiveNaNNotNoise) {
  PoseFrame f = running_frame(0.2, 1.5);
  set(f, "left_knee", get(f, "left_hip"));  // zero-length thigh
  EXPECT_TRUE(std::isnan(segment_angle(f, Segment::Thigh, Side::Left)));
  EXPECT_TRUE(std::isnan(joint_angle(f, Joint::Knee, Side::Left, Facing::Right)));
  EXPECT_TRUE(std::isnan(joint_angle(f, Joint::Hip, Side::Left, Facing::Right)));
  EXPECT_FALSE(std::isnan(segment_angle(f, Segment::Shank, Side::Left)));
  EXPECT_FALSE(std::isnan(joint_angle(f, Joint::Knee, Side::Right, Facing::Right)));
  PoseFrame dot = empty_frame();
  for (Point2& p : dot.points)
    p = {50, 50};  // every keypoint on one pixel
  for (const Joint j : {Joint::Knee, Joint::Hip, Joint::Shoulder, Joint::Elbow}) {
    EXPECT_TRUE(std::isnan(joint_angle(dot, j, Side::Right, Facing::Left))) << joint_name(j);
  }
  EXPECT_TRUE(std::isnan(segment_angle(dot, Segment::Trunk, Side::Centre)));
  set(f, "left_ankle", {});  // missing
  EXPECT_TRUE(std::isnan(segment_angle(f, Segment::Shank, Side::Left)));
}

TEST(Symmetry, MirroredSkeletonSwapsSidesAndFacingButNotValues) {
  for (int k = 0; k < 12; ++k) {
    const PoseFrame f = running_frame(k / 30.0 + 0.013, 1.5);  // left and right legs differ
    // What a pose model reports on the mirrored video: x mirrored and the sides relabelled.
    const PoseFrame m = swap_left_right(mirror_x(f, 640), SwapGroup::WholeBody);
    const PoseFrame plain = mirror_x(f, 640);  // x mirrored only
    for (const Joint j : {Joint::Knee, Joint::Hip, Joint::Shoulder, Joint::Elbow}) {
      EXPECT_NEAR(joint_angle(m, j, Side::Left, Facing::Left),
                  joint_angle(f, j, Side::Right, Facing::Right), kTol)
          << joint_name(j);
      EXPECT_NEAR(joint_angle(m, j, Side::Right, Facing::Left),
                  joint_angle(f, j, Side::Left, Facing::Right), kTol)
          << joint_name(j);
      EXPECT_NEAR(joint_angle(plain, j, Side::Left, Facing::Left),
                  joint_angle(f, j, Side::Left, Facing::Right), kTol)
          << joint_name(j);
    }
    for (const Segment s :
         {Segment::Trunk, Segment::Thigh, Segment::Shank, Segment::UpperArm, Segment::Forearm}) {
      // A mirror maps the direction a to 180 - a.
      EXPECT_NEAR(
          angle_diff(segment_angle(m, s, Side::Left), 180 - segment_angle(f, s, Side::Right)), 0,
          kTol)
          << segment_name(s);
    }
  }
}

TEST(Facing, NoseAheadOfTheEarsDecidesAndAFrontViewAbstains) {
  const std::vector<PoseFrame> run = running_clip(30, 30, 1.5);
  EXPECT_EQ(estimate_facing(run), Facing::Right);
  std::vector<PoseFrame> mirrored;
  mirrored.reserve(run.size());
  for (const PoseFrame& f : run)
    mirrored.push_back(mirror_x(f, 640));
  EXPECT_EQ(estimate_facing(mirrored), Facing::Left);
  std::vector<PoseFrame> jacks;
  jacks.reserve(30);
  for (int k = 0; k < 30; ++k)
    jacks.push_back(jumping_jack_frame(k / 30.0, 1));
  EXPECT_EQ(estimate_facing(jacks), std::nullopt);
  EXPECT_EQ(estimate_facing({}), std::nullopt);
}

// ---- unwrapping --------------------------------------------------------------------------------

std::vector<PoseFrame> spinning_forearm(int frames, double deg_per_frame) {
  std::vector<PoseFrame> out;
  for (int k = 0; k < frames; ++k) {
    PoseFrame f = empty_frame();
    set(f, "left_elbow", {300, 300});
    set(f, "left_wrist", along({300, 300}, 60, deg_per_frame * k));
    out.push_back(f);
  }
  return out;
}

TEST(Unwrap, SteadyRotationThroughTheFullCircleIsMonotone) {
  for (const double step : {7.0, -7.0, 13.0}) {
    const std::vector<PoseFrame> frames = spinning_forearm(170, step);  // over three turns
    const std::vector<double> a = segment_angle_series(frames, Segment::Forearm, Side::Left);
    ASSERT_EQ(a.size(), frames.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_NEAR(a[k], step * static_cast<double>(k), 1e-9) << "step " << step << " frame " << k;
    }
    EXPECT_GT(std::abs(a.back()), 3 * 360.0);  // a real rotation may pass 360
  }
}

TEST(Unwrap, NaNGapsPropagateButTheRestStaysContinuous) {
  std::vector<PoseFrame> frames = spinning_forearm(120, 9);
  for (const std::size_t k : {0u, 1u, 40u, 41u, 42u, 80u})
    set(frames[k], "left_wrist", {});
  const std::vector<double> a = segment_angle_series(frames, Segment::Forearm, Side::Left);
  for (std::size_t k = 0; k < 120; ++k) {
    if (k <= 1 || (k >= 40 && k <= 42) || k == 80) {
      EXPECT_TRUE(std::isnan(a[k])) << k;
    } else {
      EXPECT_NEAR(a[k], 9.0 * static_cast<double>(k), 1e-9)
          << k;  // the first finite value (18) stays as it is
    }
  }
}

TEST(Unwrap, RepresentationsOfOneDirectionNeverJumpOrDrift) {
  // 271 and -89 are one direction: no jump between 90 and 271 type values.
  const std::vector<double> raw = {90, -89, 271, 90, -89 - 720.0};
  const std::vector<double> want = {90, -89, -89, 90, -89};
  EXPECT_EQ(unwrap_degrees(raw), want);
  // A foot of an athlete facing left wobbles across +-180 for a long time: no drift.
  std::vector<double> wobble;
  for (int k = 0; k < 5000; ++k) {
    const double d = 180 + 6 * std::sin(0.37 * k) + 3 * std::sin(1.9 * k);
    wobble.push_back(d > 180 ? d - 360 : d);
  }
  const RangeOfMotion r = range_of_motion(wobble);
  EXPECT_GT(r.min_deg, 170);
  EXPECT_LT(r.max_deg, 190);
  EXPECT_LE(r.range_deg, 18 + 1e-9);
  // Jumping-jack right arm sweeps -90 -> -240 through the wrap; the series says so directly.
  std::vector<PoseFrame> jacks;
  std::vector<double> want_arm;
  jacks.reserve(31);
  want_arm.reserve(31);
  for (int k = 0; k < 31; ++k) {
    jacks.push_back(jumping_jack_frame(k / 30.0, 1));
    want_arm.push_back(-90 - 150 * (1 - std::cos(2 * kPi * k / 30.0)) / 2);
  }
  const std::vector<double> arm = segment_angle_series(jacks, Segment::UpperArm, Side::Right);
  for (std::size_t k = 0; k < arm.size(); ++k)
    EXPECT_NEAR(arm[k], want_arm[k], 1e-9) << k;
  // Unwrapping is idempotent.
  EXPECT_EQ(unwrap_degrees(arm), arm);
}

// ---- angular velocity and range of motion ------------------------------------------------------

TEST(AngularVelocity, ConstantRateOnRegularAndIrregularTimestampsIsTheRate) {
  std::vector<double> regular;
  regular.reserve(200);
  for (int k = 0; k < 200; ++k)
    regular.push_back(k / 30.0);
  for (const std::vector<double>& times : {regular, irregular_times(200, 30)}) {
    std::vector<double> wrapped;
    wrapped.reserve(times.size());
    for (const double ti : times) {
      wrapped.push_back(std::remainder(-250.0 * ti, 360.0));  // wraps every 1.44 s
    }
    const std::vector<double> w = angular_velocity(times, wrapped);
    ASSERT_EQ(w.size(), times.size());
    for (std::size_t i = 0; i < w.size(); ++i)
      EXPECT_NEAR(w[i], -250, 1e-6) << i;
  }
}

TEST(AngularVelocity, CentralDifferenceIsExactForQuadraticsOnUnevenSteps) {
  const std::vector<double> t = irregular_times(50, 30);
  std::vector<double> a;
  a.reserve(t.size());
  for (const double ti : t)
    a.push_back(40 * ti * ti + 3 * ti);
  const std::vector<double> w = angular_velocity(t, a);
  for (std::size_t i = 1; i + 1 < t.size(); ++i)
    EXPECT_NEAR(w[i], 80 * t[i] + 3, 1e-6) << i;
}

TEST(AngularVelocity, NaNStaysLocal) {
  const std::vector<double> t = {0, 0.1, 0.2, 0.3, 0.4, 0.5};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> w = angular_velocity(t, std::vector<double>{0, 1, nan, 3, 4, nan});
  EXPECT_NEAR(w[0], 10, 1e-9);
  EXPECT_NEAR(w[1], 10, 1e-9);  // backward slope only
  EXPECT_TRUE(std::isnan(w[2]));
  EXPECT_NEAR(w[3], 10, 1e-9);  // forward slope only
  EXPECT_NEAR(w[4], 10, 1e-9);
  EXPECT_TRUE(std::isnan(w[5]));
  EXPECT_TRUE(angular_velocity({}, {}).empty());
  EXPECT_TRUE(std::isnan(angular_velocity(std::vector<double>{1}, std::vector<double>{5})[0]));
}

TEST(AngularVelocity, BadTimesAreNamed) {
  const std::vector<double> a = {1, 2, 3};
  EXPECT_THAT(
      [&] {
        angular_velocity(std::vector<double>{0, 0.1}, a);
      },
      InvalidNaming("times_s.size() = 2"));
  EXPECT_THAT(
      [&] {
        angular_velocity(std::vector<double>{0, 0.1, 0.1}, a);
      },
      InvalidNaming("times_s[2]"));
  EXPECT_THAT(
      [&] {
        angular_velocity(std::vector<double>{0, std::numeric_limits<double>::infinity(), 1}, a);
      },
      InvalidNaming("times_s[1]"));
}

TEST(RangeOfMotion, MinMaxPercentilesIgnoreNaNAndWrap) {
  std::vector<double> v;
  for (int i = 100; i >= 0; --i)
    v.push_back(i);
  v.insert(v.begin() + 30, std::numeric_limits<double>::quiet_NaN());
  const RangeOfMotion r = range_of_motion(v);
  EXPECT_EQ(r.samples, 101u);
  EXPECT_DOUBLE_EQ(r.min_deg, 0);
  EXPECT_DOUBLE_EQ(r.max_deg, 100);
  EXPECT_DOUBLE_EQ(r.range_deg, 100);
  EXPECT_NEAR(r.p05_deg, 5, 1e-12);
  EXPECT_NEAR(r.p50_deg, 50, 1e-12);
  EXPECT_NEAR(r.p95_deg, 95, 1e-12);
  const RangeOfMotion across = range_of_motion(std::vector<double>{170, -175, -170, 175});
  EXPECT_NEAR(across.range_deg, 20, 1e-12);  // not 345
  const RangeOfMotion none =
      range_of_motion(std::vector<double>{std::numeric_limits<double>::quiet_NaN()});
  EXPECT_EQ(none.samples, 0u);
  EXPECT_TRUE(std::isnan(none.range_deg));
}

// ---- adapter -----------------------------------------------------------------------------------

TEST(PoseFrameAdapter, LowScoresBecomeMissingKeypoints) {
  Person p;
  p.layout = Layout::Coco17;
  for (int i = 0; i < 17; ++i)
    p.keypoints.push_back({10.0 * i, 5.0 * i, i % 2 ? 0.9 : 0.1, 0});
  const PoseFrame f = pose_frame(p, 0.3);
  ASSERT_EQ(f.points.size(), 17u);
  EXPECT_TRUE(is_missing(f.points[0]));
  EXPECT_FALSE(is_missing(f.points[1]));
  EXPECT_DOUBLE_EQ(f.points[1].x, 10);
  EXPECT_DOUBLE_EQ(f.points[1].y, 5);
  EXPECT_THAT([&] { pose_frame(p, 1.5); }, InvalidNaming("min_score = 1.5"));
  p.keypoints.pop_back();
  EXPECT_THAT([&] { pose_frame(p, 0.3); }, InvalidNaming("keypoints.size() = 16"));
}

}  // namespace
}  // namespace podium::vision
