#include "podium/sensor/cp.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

using testkit::ThrowsError;

// A curve 1..seconds s from a power-duration model (no noise).
MmpCurve model_curve(std::size_t seconds, const std::function<double(double)>& power) {
  MmpCurve c;
  c.watts.assign(seconds + 1, 0.0);
  c.start_s.assign(seconds + 1, 0);
  for (std::size_t t = 1; t <= seconds; ++t)
    c.watts[t] = power(static_cast<double>(t));
  return c;
}

constexpr double kCp = 250, kWprime = 20000;
constexpr double kMortonCp = 280, kMortonWprime = 18000, kMortonPmax = 1100;
constexpr double kMortonK = kMortonWprime / (kMortonCp - kMortonPmax);  // -21.95 s

MmpCurve two_parameter_curve(std::size_t seconds) {
  return model_curve(seconds, [](double t) { return kWprime / t + kCp; });
}

MmpCurve morton_curve(std::size_t seconds) {
  return model_curve(seconds, [](double t) { return kMortonWprime / (t - kMortonK) + kMortonCp; });
}

TEST(Cp, LinearWorkTimeRecoversTwoParameterModel) {
  const auto fit = fit_cp2_linear(two_parameter_curve(3600));
  ASSERT_TRUE(fit);
  EXPECT_EQ(fit->model, "cp2_linear_work_time");
  EXPECT_NEAR(fit->cp_w, kCp, 1e-6);
  EXPECT_NEAR(fit->wprime_j, kWprime, 1e-4);
  EXPECT_NEAR(fit->tau_min, kWprime / (60 * kCp), 1e-9);
  EXPECT_EQ(fit->points, 1080);  // 121..1200 s
  EXPECT_LT(fit->rmse_w, 1e-6);
  EXPECT_NEAR(fit->r2, 1.0, 1e-12);
  EXPECT_LT(fit->cp_se_w, 1e-6);
  EXPECT_TRUE(std::isnan(fit->pmax_w));
  EXPECT_TRUE(std::isnan(fit->k_s));
}

TEST(Cp, PowerLeastSquaresRecoversTwoParameterModel) {
  const auto fit = fit_cp2_nonlinear(two_parameter_curve(1500));
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->cp_w, kCp, 1e-6);
  EXPECT_NEAR(fit->wprime_j, kWprime, 1e-4);
  // 120 x 1.05^j for j = 0..47 (120 x 1.05^47 = 1193 s), then 1200 s itself.
  EXPECT_EQ(fit->points, 49);
}

TEST(Cp, MortonRecoversThreeParameterModel) {
  for (int from_s : {1, 120}) {
    const auto fit = fit_morton3(morton_curve(1800), from_s, 1200);
    ASSERT_TRUE(fit) << from_s;
    EXPECT_EQ(fit->model, "morton3_nls");
    EXPECT_NEAR(fit->cp_w, kMortonCp, kMortonCp * 1e-6) << from_s;
    EXPECT_NEAR(fit->wprime_j, kMortonWprime, kMortonWprime * 1e-5) << from_s;
    EXPECT_NEAR(fit->k_s, kMortonK, 1e-3) << from_s;
    EXPECT_NEAR(fit->pmax_w, kMortonPmax, 0.1) << from_s;
    EXPECT_LT(fit->rmse_w, 1e-4);
    EXPECT_GT(fit->r2, 1 - 1e-9);
    EXPECT_LT(fit->cp_se_w, 0.01);
    EXPECT_GT(fit->iterations, 0);
  }
}

TEST(Cp, MortonStandardErrorsGrowWithNoise) {
  MmpCurve c = morton_curve(1800);
  for (std::size_t t = 1; t < c.watts.size(); ++t)
    c.watts[t] += (t % 2 == 0 ? 3.0 : -3.0);
  const auto fit = fit_morton3(c, 1, 1200);
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->cp_w, kMortonCp, 3.0);
  EXPECT_GT(fit->cp_se_w, 0.05);
  EXPECT_LT(fit->cp_se_w, 5.0);
  EXPECT_GT(fit->wprime_se_j, 1.0);
  EXPECT_NEAR(fit->rmse_w, 3.0, 0.5);
}

TEST(Cp, MortonOnTwoParameterDataHasNoFinitePmax) {
  // k = 0 (Pmax infinite) lies outside Morton's k < 0: the fit is degenerate.
  EXPECT_FALSE(fit_morton3(two_parameter_curve(1800), 1, 1200));
}

TEST(Cp, CherryPickTwoParameterRecoversModel) {
  const auto fit = fit_cp2_cherrypick(two_parameter_curve(1200));
  ASSERT_TRUE(fit);
  EXPECT_EQ(fit->model, "cp2_gc_cherrypick");
  EXPECT_NEAR(fit->cp_w, kCp, 0.01);
  EXPECT_NEAR(fit->wprime_j, kWprime, 5);
  EXPECT_EQ(fit->points, 561);
  EXPECT_TRUE(std::isnan(fit->cp_se_w));
}

// A hand-made curve: 400 W flat over the anaerobic window, 250 W over the aerobic one, 1000 W at
// 1 s. Then the maxima sit at known durations (1199 s aerobic, 200 s anaerobic) and the loop's
// fixed point solves cp = 250 / (1 + tau / (t0 + 1199/60)),
// tau = (400/cp - 1)(200/60 + t0) - t0 and (3-parameter) t0 = tau / (1000/cp - 1) - 1/60.
MmpCurve hand_curve() {
  MmpCurve c = model_curve(1199, [](double t) { return t <= 200 ? 400.0 : 250.0; });
  c.watts[1] = 1000;
  return c;
}

TEST(Cp, CherryPickTwoParameterReachesHandFixedPoint) {
  const auto fit = fit_cp2_cherrypick(hand_curve());
  ASSERT_TRUE(fit);
  // t0 = 0: tau = 0.6 b / (1 - 1.6 a b), a = 60/1199, b = 200/60.
  const double a = 60.0 / 1199, b = 200.0 / 60;
  const double tau = 0.6 * b / (1 - 1.6 * a * b);
  EXPECT_NEAR(fit->tau_min, tau, 1e-4);
  EXPECT_NEAR(fit->cp_w, 250 / (1 + a * tau), 1e-3);
  EXPECT_NEAR(fit->wprime_j, fit->cp_w * fit->tau_min * 60, 1e-9);
  EXPECT_GT(fit->iterations, 3);
  EXPECT_LT(fit->iterations, 20);
}

TEST(Cp, CherryPickThreeParameterReachesHandFixedPoint) {
  const auto fit = fit_cp3_cherrypick(hand_curve());
  ASSERT_TRUE(fit);
  EXPECT_EQ(fit->points, 562);
  const double cp = fit->cp_w, tau = fit->tau_min, t0 = -fit->k_s / 60;
  EXPECT_GT(t0, 0);
  EXPECT_NEAR(cp, 250 / (1 + tau / (t0 + 1199 / 60.0)), 1e-2);
  EXPECT_NEAR(tau, (400 / cp - 1) * (200 / 60.0 + t0) - t0, 1e-3);
  EXPECT_NEAR(t0, tau / (1000 / cp - 1) - 1 / 60.0, 1e-3);
  EXPECT_NEAR(fit->pmax_w, cp * (1 + tau / (1 / 60.0 + t0)), 1e-9);
}

TEST(Cp, TooShortCurvesGiveNothing) {
  const MmpCurve short_curve = two_parameter_curve(1198);  // durations up to 1198 s
  EXPECT_FALSE(fit_cp2_cherrypick(short_curve));
  EXPECT_FALSE(fit_cp3_cherrypick(short_curve));
  EXPECT_FALSE(fit_cp2_linear(short_curve));
  EXPECT_FALSE(fit_morton3(short_curve));
  EXPECT_FALSE(fit_cp2_nonlinear(short_curve));
  EXPECT_TRUE(fit_cp2_cherrypick(two_parameter_curve(1199)));
  EXPECT_FALSE(fit_cp2_linear(two_parameter_curve(1199)));
  EXPECT_TRUE(fit_cp2_linear(two_parameter_curve(1200)));
}

TEST(Cp, DegenerateCurvesGiveNothing) {
  const MmpCurve zeros = model_curve(1800, [](double) { return 0.0; });
  EXPECT_FALSE(fit_cp2_cherrypick(zeros));
  EXPECT_FALSE(fit_cp3_cherrypick(zeros));
  EXPECT_FALSE(fit_cp2_linear(zeros));
  EXPECT_FALSE(fit_cp2_nonlinear(zeros));
  EXPECT_FALSE(fit_morton3(zeros));
  // Flat power: the work-time line goes through 0, W' = 0. (The cherry-pick loop still answers:
  // its tau never drops below 0.5 min, GoldenCheetah's floor.)
  const MmpCurve flat = model_curve(1800, [](double) { return 300.0; });
  EXPECT_FALSE(fit_cp2_linear(flat));
  EXPECT_FALSE(fit_cp2_nonlinear(flat));
  ASSERT_TRUE(fit_cp2_cherrypick(flat));
  EXPECT_EQ(fit_cp2_cherrypick(flat)->tau_min, 0.5);
}

TEST(Cp, BadDurationRangeIsInvalidInput) {
  const MmpCurve c = morton_curve(1800);
  EXPECT_THAT(
      [&] { fit_morton3(c, 0, 1200); },
      ThrowsError(ErrorKind::InvalidInput, "from_s = 0: must be >= 1 and below to_s (1200)"));
  EXPECT_THROW(fit_cp2_nonlinear(c, 600, 600), Error);
}

}  // namespace
}  // namespace podium::sensor
