// One-Euro filter against the paper's update and a first-order low-pass.
#include "podium/vision/filter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"

#include "vision/filter_test_util.hpp"

namespace podium::vision {
namespace {

using namespace filter_test;

// ---- One-Euro ---------------------------------------------------------------------------------

// The paper's update with the derivative from the previous raw sample, written plainly.
std::vector<double> reference_one_euro(const OneEuroOptions& o, const std::vector<double>& t,
                                       const std::vector<double>& x) {
  const auto alpha = [](double fc, double dt) { return 1 / (1 + 1 / (2 * kPi * fc * dt)); };
  std::vector<double> y(x.size());
  y[0] = x[0];
  double dx_hat = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    const double dt = t[i] - t[i - 1];
    const double dx = (x[i] - x[i - 1]) / dt;
    const double ad = alpha(o.d_cutoff_hz, dt);
    dx_hat = ad * dx + (1 - ad) * dx_hat;
    const double a = alpha(o.min_cutoff_hz + o.beta * std::abs(dx_hat), dt);
    y[i] = a * x[i] + (1 - a) * y[i - 1];
  }
  return y;
}

TEST(OneEuro, ConstantStaysExactlyConstant) {
  std::mt19937 gen(1);
  const std::vector<double> t = jittered_times(200, gen);
  OneEuroFilter f = OneEuroFilter::create();
  for (double ti : t)
    ASSERT_EQ(f.filter(ti, 412.25), 412.25);
}

TEST(OneEuro, StepConvergesMonotonicallyAndBetaCutsTheLag) {
  OneEuroFilter adaptive = OneEuroFilter::create();
  OneEuroFilter fixed = OneEuroFilter::create({.beta = 0});
  for (int i = 0; i < 10; ++i) {
    adaptive.filter(i / 30.0, 0);
    fixed.filter(i / 30.0, 0);
  }
  const double first_adaptive = adaptive.filter(10 / 30.0, 100);
  const double first_fixed = fixed.filter(10 / 30.0, 100);
  EXPECT_GT(first_adaptive, 95.0);  // |dx/dt| = 3000 px/s raises the cutoff to hundreds of Hz
  EXPECT_NEAR(first_fixed, 100 * (2 * kPi * 4 / 30) / (1 + 2 * kPi * 4 / 30), 1e-12);
  double previous = first_adaptive;
  for (int i = 11; i < 70; ++i) {
    const double y = adaptive.filter(i / 30.0, 100);
    ASSERT_GE(y, previous);
    ASSERT_LE(y, 100.0);
    previous = y;
  }
  EXPECT_NEAR(previous, 100.0, 1e-6);
}

// beta = 0: y[n] = y[n-1] + a (x[n] - y[n-1]) with a = 2 pi fc dt / (1 + 2 pi fc dt). Its step
// response is 1 - (1 - a)^n and its response to e^jwn is a / (1 - (1 - a) e^-jw).
TEST(OneEuro, BetaZeroIsExactlyAFirstOrderLowPassAtMinCutoff) {
  const double fc = 4, dt = 1.0 / 30;
  const double a = 2 * kPi * fc * dt / (1 + 2 * kPi * fc * dt);
  OneEuroFilter f = OneEuroFilter::create({.min_cutoff_hz = fc, .beta = 0});
  EXPECT_EQ(f.filter(0, 0), 0);
  for (int n = 1; n <= 60; ++n) {
    ASSERT_NEAR(f.filter(n * dt, 1), 1 - std::pow(1 - a, n), 1e-12) << n;
  }

  f.reset();
  const double f_hz = 2;  // 15 samples per period
  const std::vector<double> x = sine(3000, f_hz, 1 / dt);
  std::vector<double> y;
  for (std::size_t i = 0; i < x.size(); ++i)
    y.push_back(f.filter(i * dt, x[i]));
  const std::complex<double> h = a / (1.0 - (1 - a) * std::polar(1.0, -2 * kPi * f_hz * dt));
  const Tone t = fit_tone(y, 1500, 3000, f_hz, 1 / dt);
  EXPECT_NEAR(t.s, h.real(), 1e-9);
  EXPECT_NEAR(t.c, h.imag(), 1e-9);
}

TEST(OneEuro, VariableFrameRateUsesTheActualDt) {
  std::mt19937 gen(99);
  const std::vector<double> t = jittered_times(300, gen);
  std::vector<double> x(t.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = 200 + 80 * std::sin(2 * kPi * 0.7 * t[i]) + uniform(gen, -3, 3);
  }
  for (double beta : {0.0, 0.05, 1.5}) {
    const OneEuroOptions o{.beta = beta};
    OneEuroFilter f = OneEuroFilter::create(o);
    const std::vector<double> expected = reference_one_euro(o, t, x);
    for (std::size_t i = 0; i < t.size(); ++i) {
      ASSERT_NEAR(f.filter(t[i], x[i]), expected[i], 1e-9) << "beta " << beta << " i " << i;
    }
  }
}

TEST(OneEuro, MissingSampleKeepsStateAndSpansTheGap) {
  const std::vector<double> t = {0.0, 0.04, 0.07, 0.1, 0.13, 0.2};
  const std::vector<double> x = {10, 12, kNaN, kNaN, 15, 11};
  OneEuroFilter with_gap = OneEuroFilter::create();
  OneEuroFilter without = OneEuroFilter::create();
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double y = with_gap.filter(t[i], x[i]);
    if (std::isnan(x[i])) {
      EXPECT_TRUE(std::isnan(y)) << i;
    } else {
      EXPECT_EQ(y, without.filter(t[i], x[i])) << i;
    }
  }
  OneEuroFilter leading = OneEuroFilter::create();
  EXPECT_TRUE(std::isnan(leading.filter(0, kNaN)));
  EXPECT_EQ(leading.filter(0.1, 5), 5);  // the first valid sample still passes through
}

TEST(OneEuro, ResetStartsANewSeries) {
  OneEuroFilter f = OneEuroFilter::create();
  f.filter(0, 1);
  f.filter(1, 50);
  f.reset();
  EXPECT_EQ(f.filter(0, 7), 7);  // time may restart, the value passes through
  EXPECT_EQ(f.options().min_cutoff_hz, 4.0);
}

TEST(OneEuro, RejectsBadOptionsAndTimestamps) {
  expect_invalid_input([] { OneEuroFilter::create({.min_cutoff_hz = 0}); },
                       {"min_cutoff_hz", "= 0", "> 0"});
  expect_invalid_input([] { OneEuroFilter::create({.min_cutoff_hz = kNaN}); },
                       {"min_cutoff_hz", "nan"});
  expect_invalid_input([] { OneEuroFilter::create({.beta = -0.5}); }, {"beta", "= -0.5", ">= 0"});
  expect_invalid_input([] { OneEuroFilter::create({.d_cutoff_hz = -2}); }, {"d_cutoff_hz", "= -2"});
  OneEuroFilter f = OneEuroFilter::create();
  f.filter(1.0, 3);
  expect_invalid_input([&] { f.filter(1.0, 4); },
                       {"t_seconds", "= 1: must increase, the last was 1"});
  f.filter(1.5, kNaN);
  expect_invalid_input([&] { f.filter(1.25, 4); },
                       {"t_seconds", "= 1.25: must increase, the last was 1.5"});
  expect_invalid_input([&] { f.filter(kNaN, 4); }, {"t_seconds", "nan"});
  expect_invalid_input([&] { f.filter(2, -std::numeric_limits<double>::infinity()); },
                       {"x", "-inf", "t_seconds 2"});
}

}  // namespace
}  // namespace podium::vision
