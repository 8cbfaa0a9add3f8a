// Kinematics: cadence by autocorrelation.
#include "podium/vision/kinematics_cadence.hpp"

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

// ---- cadence -----------------------------------------------------------------------------------

TEST(Cadence, SinusoidalKneeAngleGivesItsFrequency) {
  constexpr double kStrideHz = 1.4;  // 84 strides/min, 168 steps/min
  const std::vector<double> t = irregular_times(300, 30);
  std::vector<PoseFrame> frames;
  frames.reserve(t.size());
  for (const double ti : t)
    frames.push_back(running_frame(ti, kStrideHz));
  for (std::size_t k = 100; k < 104; ++k)
    set(frames[k], "left_ankle", {});  // a short gap
  const std::vector<double> knee =
      joint_angle_series(frames, Joint::Knee, Side::Left, Facing::Right);
  const std::optional<Cadence> c = estimate_cadence(t, knee);
  ASSERT_TRUE(c.has_value());
  EXPECT_NEAR(c->cycles_per_minute, 60 * kStrideHz, 0.5);
  EXPECT_NEAR(c->period_s, 1 / kStrideHz, 0.01);
  EXPECT_GT(c->correlation, 0.95);
  // Harmonics do not pull it to a multiple of the period.
  std::vector<double> bumpy;
  bumpy.reserve(t.size());
  for (const double ti : t) {
    bumpy.push_back(std::sin(2 * kPi * 2.0 * ti) + 0.6 * std::sin(2 * kPi * 4.0 * ti + 1));
  }
  const std::optional<Cadence> b = estimate_cadence(t, bumpy);
  ASSERT_TRUE(b.has_value());
  EXPECT_NEAR(b->cycles_per_minute, 120, 1.0);
}

TEST(Cadence, NoClearPeriodGivesNothing) {
  std::vector<double> t, noise, flat;
  std::uint64_t state = 12345;
  for (int k = 0; k < 300; ++k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;  // deterministic LCG
    t.push_back(k / 30.0);
    noise.push_back(static_cast<double>(state >> 11) / 9007199254740992.0);
    flat.push_back(42);
  }
  EXPECT_EQ(estimate_cadence(t, noise), std::nullopt);
  EXPECT_EQ(estimate_cadence(t, flat), std::nullopt);
  EXPECT_EQ(estimate_cadence(std::vector<double>(t.begin(), t.begin() + 3),
                             std::vector<double>(flat.begin(), flat.begin() + 3)),
            std::nullopt);
}

TEST(Cadence, BadOptionsAreNamed) {
  const std::vector<double> t = {0, 1, 2, 3, 4}, v = {0, 1, 0, 1, 0};
  EXPECT_THAT([&] { estimate_cadence(t, v, {.min_hz = 0}); },
              InvalidNaming("CadenceOptions: min_hz = 0"));
  EXPECT_THAT([&] { estimate_cadence(t, v, {.min_hz = 2, .max_hz = 1}); },
              InvalidNaming("CadenceOptions: max_hz = 1"));
  EXPECT_THAT([&] { estimate_cadence(t, v, {.min_correlation = 1.5}); },
              InvalidNaming("CadenceOptions: min_correlation = 1.5"));
  EXPECT_THAT(
      [&] {
        estimate_cadence(t, std::vector<double>{1, 2});
      },
      InvalidNaming("times_s.size() = 5"));
}

}  // namespace
}  // namespace podium::vision
