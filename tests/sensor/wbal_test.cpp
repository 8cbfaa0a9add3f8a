#include "podium/sensor/wbal.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

using testkit::ThrowsError;

using Grid = std::vector<std::int32_t>;
constexpr double kCp = 250, kWprime = 20000;

// 100 s at 200 W, 60 s at 350 W (100 W above CP), 100 s at 200 W.
Grid block_ride() {
  Grid g(100, 200);
  g.insert(g.end(), 60, 350);
  g.insert(g.end(), 100, 200);
  return g;
}

TEST(Wbal, BelowCpStaysAtWprime) {
  const Grid g(600, 180);
  for (const WbalSeries& w : {wbal_integral(g, kCp, kWprime), wbal_differential(g, kCp, kWprime)}) {
    ASSERT_EQ(w.wbal_j.size(), g.size());
    for (double v : w.wbal_j)
      EXPECT_EQ(v, kWprime);
    EXPECT_EQ(w.min_j, kWprime);
    EXPECT_EQ(w.min_at_s, 0);
    EXPECT_EQ(w.end_j, kWprime);
  }
}

TEST(Wbal, IntegralSixtySecondsAboveCpByHand) {
  const WbalSeries w = wbal_integral(block_ride(), kCp, kWprime);
  // D_CP = 250 - 200 = 50 W: tau = trunc(546 e^-0.5 + 316) = trunc(647.17) = 647 s.
  EXPECT_EQ(w.tau_s, 647);
  const double q = std::exp(-1.0 / 647);
  const double spent = 100 * (1 - std::pow(q, 60)) / (1 - q);  // sum_{j<60} 100 q^j
  EXPECT_NEAR(w.min_j, kWprime - spent, 1e-6);
  EXPECT_EQ(w.min_at_s, 159);
  EXPECT_NEAR(w.wbal_j[99], kWprime, 0);
  EXPECT_NEAR(w.wbal_j[100], kWprime - 100, 1e-9);
  EXPECT_NEAR(w.end_j, kWprime - spent * std::pow(q, 100), 1e-6);
  EXPECT_EQ(w.end_j, w.wbal_j.back());
}

TEST(Wbal, DifferentialSixtySecondsAboveCpByHand) {
  const WbalSeries w = wbal_differential(block_ride(), kCp, kWprime);
  EXPECT_TRUE(std::isnan(w.tau_s));
  EXPECT_NEAR(w.min_j, kWprime - 6000, 1e-9);  // 60 s x 100 W, linear
  EXPECT_EQ(w.min_at_s, 159);
  // Below CP the deficit shrinks by (CP - P)/W' = 50/20000 per second.
  EXPECT_NEAR(w.end_j, kWprime - 6000 * std::pow(1 - 50 / kWprime, 100), 1e-6);
}

TEST(Wbal, FirstMinimumIsReported) {
  // Power exactly at CP after the effort leaves W'bal unchanged: the minimum is held for 20 s
  // and its first second is the one reported.
  Grid g(10, 200);
  g.insert(g.end(), 5, 450);
  g.insert(g.end(), 20, 250);
  const WbalSeries w = wbal_differential(g, kCp, kWprime);
  EXPECT_EQ(w.min_j, kWprime - 1000);
  EXPECT_EQ(w.min_at_s, 14);
  EXPECT_EQ(w.end_j, kWprime - 1000);
}

TEST(Wbal, LastSampleIsLeftOutOfTheIntegral) {
  const Grid g = {0, 1000};
  EXPECT_EQ(wbal_integral(g, kCp, kWprime).end_j, kWprime);
  EXPECT_EQ(wbal_differential(g, kCp, kWprime).end_j, kWprime - 750);
  // No sample below CP among the counted ones: D_CP = CP.
  EXPECT_EQ(wbal_integral(Grid{1000, 1000}, kCp, kWprime).tau_s,
            std::trunc(546 * std::exp(-0.01 * kCp) + 316));
}

TEST(Wbal, EmptyGrid) {
  const WbalSeries w = wbal_integral(Grid{}, kCp, kWprime);
  EXPECT_TRUE(w.wbal_j.empty());
  EXPECT_EQ(w.min_j, kWprime);
  EXPECT_EQ(w.end_j, kWprime);
}

TEST(Wbal, RejectsNonPositiveParameters) {
  const Grid g(10, 100);
  EXPECT_THAT([&] { wbal_integral(g, -5, kWprime); },
              ThrowsError(ErrorKind::InvalidInput, "cp_w = -5: must be > 0"));
  EXPECT_THAT([&] { wbal_differential(g, kCp, 0); },
              ThrowsError(ErrorKind::InvalidInput, "wprime_j = 0: must be > 0"));
  EXPECT_THROW(wbal_differential(g, std::nan(""), kWprime), Error);
}

}  // namespace
}  // namespace podium::sensor
