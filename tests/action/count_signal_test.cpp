// The signal steps of the repetition counter (src/action/count_signal.hpp) on hand-made series.
#include "action/count_signal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace podium::action {
namespace {

std::vector<double> cosine(std::size_t n, double period) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = std::cos(2 * std::numbers::pi * static_cast<double>(i) / period);
  return v;
}

TEST(CountSignal, TrajectoriesFillGapsAndDropRarelySeenKeypoints) {
  PoseSequence s;
  s.id = "gaps";
  s.frames = 4;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  s.x.assign(4 * 17, nan);
  s.y = s.x;
  s.score = s.x;
  const float xs[4] = {nan, 1, nan, 3};  // keypoint 0: seen twice of four, kept
  for (std::size_t f = 0; f < 4; ++f) {
    s.x[s.at(f, 0)] = xs[f];
    s.y[s.at(f, 0)] = xs[f];
  }
  s.x[s.at(2, 1)] = 5;  // keypoint 1: seen once, left out
  s.y[s.at(2, 1)] = 5;
  const Trajectories t = trajectories(s);
  ASSERT_EQ(t.dims, 2U);
  EXPECT_EQ(t.keypoints, std::vector<std::size_t>{0});
  EXPECT_EQ(t.values, (std::vector<double>{1, 1, 1, 1, 2, 2, 3, 3}));
}

TEST(CountSignal, DifferentiateGivesTheChangeFromTheFrameBefore) {
  Trajectories t{.frames = 4, .dims = 2, .values = {1, 10, 2, 10, 4, 7, 7, 7}, .keypoints = {0}};
  differentiate(t);
  EXPECT_EQ(t.values, (std::vector<double>{1, 0, 1, 0, 2, -3, 3, 0}));
  Trajectories one{.frames = 1, .dims = 1, .values = {5}, .keypoints = {0}};
  differentiate(one);
  EXPECT_EQ(one.values, std::vector<double>{5});
}

TEST(CountSignal, MovingAverageShrinksAtTheEnds) {
  EXPECT_EQ(moving_average({0, 3, 6, 9}, 3), (std::vector<double>{1.5, 3, 6, 7.5}));
  EXPECT_EQ(moving_average({4, 8}, 1), (std::vector<double>{4, 8}));
}

TEST(CountSignal, PeriodOfACosine) {
  for (const double period : {4.0, 5.0, 17.0, 60.0}) {
    const Period p = dominant_period({cosine(240, period)}, 4, 120);
    EXPECT_EQ(p.frames, static_cast<std::size_t>(period));
    EXPECT_GT(p.periodicity, 0.95);
  }
  EXPECT_EQ(dominant_period({std::vector<double>(100, 1.0)}, 4, 50).frames, 0U);
}

TEST(CountSignal, PrincipalProjectionFindsTheMovingAxis) {
  Trajectories t;
  t.frames = 50;
  t.dims = 2;
  for (const double v : cosine(50, 10)) {  // motion along (3, 4) / 5
    t.values.push_back(3 * v);
    t.values.push_back(4 * v);
  }
  const auto p = principal_projections(t, 2);
  ASSERT_EQ(p.size(), 2U);
  EXPECT_NEAR(std::abs(p[0][0]), 5, 1e-9);
  EXPECT_NEAR(p[1][0], 0, 1e-9);
}

TEST(CountSignal, SwingsStartAtRestAndIgnoreSmallWiggles) {
  // Rest at 0, three swings to 1, a wiggle of 0.1 in the pause after the first.
  const std::vector<double> s = {0, 0, 0.5, 1, 0.5, 0, 0.1, 0, 0.5, 1, 0.5, 0, 0.6, 1, 0.4, 0};
  const std::vector<Swing> w = swings(s, 0.3);
  ASSERT_EQ(w.size(), 3U);
  EXPECT_EQ(w[0].extreme, 3U);
  EXPECT_EQ(w[0].rest_before, 0U);
  EXPECT_EQ(w[0].start, 1U);  // the last frame at rest: frame 0 is the pause before
  EXPECT_EQ(w[0].end, 5U);
  EXPECT_EQ(w[2].extreme, 13U);
  EXPECT_EQ(w[2].rest_after, 15U);
  EXPECT_TRUE(swings(std::vector<double>(10, 2.0), 0.3).empty());
}

}  // namespace
}  // namespace podium::action
