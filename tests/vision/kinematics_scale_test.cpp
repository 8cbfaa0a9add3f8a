// Kinematics: metric scale from the athlete's height.
#include "podium/vision/kinematics_scale.hpp"

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

// ---- metric scale ------------------------------------------------------------------------------

TEST(MetricScale, SkeletonOfKnownSizeGivesItsScaleEvenWithBentKnees) {
  constexpr double kHeightM = 1.80, kPxPerM = 400, kH = kHeightM * kPxPerM;
  // Segment lengths from the same stature fractions the estimator documents.
  const BodySize b{.trunk = (0.818 - 0.530) * kH,
                   .thigh = (0.530 - 0.285) * kH,
                   .shank = (0.285 - 0.039) * kH,
                   .upper_arm = 0.186 * kH,
                   .forearm = 0.146 * kH};
  std::vector<PoseFrame> run = running_clip(45, 30, 1.5, b);
  set(run[7], "left_knee", {});  // a missing knee only removes samples
  const MetricScale m = estimate_metric_scale(run, kHeightM);
  EXPECT_NEAR(m.metres_per_pixel, 1 / kPxPerM, 1e-12);
  EXPECT_NEAR(m.body_height_px, kH, 1e-9);
  EXPECT_NEAR(m.shank_px, b.shank, 1e-9);
  EXPECT_EQ(m.frames_used, 45u);
  // Sanity: the ankle-to-nose height of the bent-kneed runner falls well short of the truth,
  // which is why the estimate sums segments instead.
  EXPECT_LT(get(run[0], "left_ankle").y - get(run[0], "nose").y, 0.9 * kH);
}

TEST(MetricScale, RejectsImplausibleHeightsAndSkeletonsWithoutLegs) {
  const std::vector<PoseFrame> run = running_clip(3, 30, 1.5);
  for (const double h : {0.4, 2.6, std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_THAT([&] { estimate_metric_scale(run, h); }, InvalidNaming("athlete_height_m = "));
  }
  std::vector<PoseFrame> no_ankles = run;
  for (PoseFrame& f : no_ankles) {
    set(f, "left_ankle", {});
    set(f, "right_ankle", {});
  }
  EXPECT_THAT([&] { estimate_metric_scale(no_ankles, 1.7); }, InvalidNaming("knee and ankle"));
  EXPECT_THROW(estimate_metric_scale({}, 1.7), Error);
}

}  // namespace
}  // namespace podium::vision
