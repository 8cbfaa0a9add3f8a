#include "podium/career/age_curve.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <numbers>

#include "career/simulate_curves.hpp"
#include "podium/core/error.hpp"

namespace podium::career {
namespace {

double quadratic(double a) {
  return 10.0 - 0.08 * (a - 27.0) * (a - 27.0);
}

TEST(Polynomial, ExactLineIsRecovered) {
  CurveData d{{20, 21, 22, 23, 24}, {}, {0, 0, 1, 1, 2}};
  for (double a : d.age)
    d.y.push_back(2.0 + 3.0 * a);
  const Polynomial p = fit_polynomial(d, 1);
  EXPECT_DOUBLE_EQ(p.centre, 22.0);
  ASSERT_EQ(p.degree(), 1);
  EXPECT_NEAR(p.coef[0], 68.0, 1e-12);
  EXPECT_NEAR(p.coef[1], 3.0, 1e-12);
  EXPECT_NEAR(p(30.0), 92.0, 1e-11);
}

TEST(Polynomial, QuadraticLeastSquaresMatchesHandNormalEquations) {
  // x = age - centre = -1.5, -0.5, 0.5, 1.5 (centre 1.5), y = 1, 0, 1, 3.
  // Sums: n = 4, Sx = 0, Sx2 = 5, Sx3 = 0, Sx4 = 10.25, Sy = 5, Sxy = 3.5, Sx2y = 9.25.
  // Normal equations: [4 0 5; 0 5 0; 5 0 10.25] b = [5; 3.5; 9.25]
  //   => b1 = 0.7; 4 b0 + 5 b2 = 5, 5 b0 + 10.25 b2 = 9.25 => b2 = 0.75, b0 = 0.3125.
  const CurveData d{{0, 1, 2, 3}, {1, 0, 1, 3}, {0, 1, 2, 3}};
  const Polynomial p = fit_polynomial(d, 2);
  EXPECT_DOUBLE_EQ(p.centre, 1.5);
  EXPECT_NEAR(p.coef[0], 0.3125, 1e-12);
  EXPECT_NEAR(p.coef[1], 0.7, 1e-12);
  EXPECT_NEAR(p.coef[2], 0.75, 1e-12);
}

TEST(Polynomial, RejectsTooFewDistinctAgesAndBadShapes) {
  const CurveData d{{20, 20, 21}, {1, 2, 3}, {0, 1, 2}};
  EXPECT_NO_THROW(fit_polynomial(d, 1));
  EXPECT_THROW(fit_polynomial(d, 2), Error);
  EXPECT_THROW(fit_polynomial(d, 0), Error);
  EXPECT_THROW(fit_polynomial(d, 5), Error);
  EXPECT_THROW(fit_polynomial(CurveData{{20, 21}, {1}, {0, 1}}, 1), Error);
}

TEST(Peak, InteriorAndBoundary) {
  const Polynomial p{27.0, {5.0, 0.0, -1.0}};  // 5 - (a - 27)^2
  const Peak in = find_peak(p, 20, 35);
  EXPECT_TRUE(in.interior);
  EXPECT_NEAR(in.age, 27.0, 1e-6);
  EXPECT_NEAR(in.value, 5.0, 1e-9);
  const Peak edge = find_peak(p, 20, 25);
  EXPECT_FALSE(edge.interior);
  EXPECT_DOUBLE_EQ(edge.age, 25.0);
  const Peak rising = find_peak(Polynomial{0.0, {0.0, 1.0}}, 18, 38);
  EXPECT_FALSE(rising.interior);
  EXPECT_DOUBLE_EQ(rising.age, 38.0);
}

TEST(DegreeCv, PicksTheGeneratingDegree) {
  const auto linear = [](double a) { return 2.0 + 0.3 * a; };
  const auto cubic = [](double a) {
    const double x = a - 27.0;
    return 10.0 - 0.1 * x * x + 0.02 * x * x * x;
  };
  // Over 10 datasets the generating degree must win at least 8 times and a lower one never.
  int hits[3] = {0, 0, 0};
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    const int d1 = select_degree_cv(simulate(300, linear, 0.0, 1.0, seed), {}).degree;
    const int d2 = select_degree_cv(simulate(300, quadratic, 0.0, 1.0, seed), {}).degree;
    const int d3 = select_degree_cv(simulate(300, cubic, 0.0, 1.0, seed), {}).degree;
    EXPECT_GE(d2, 2) << seed;
    EXPECT_GE(d3, 3) << seed;
    hits[0] += d1 == 1;
    hits[1] += d2 == 2;
    hits[2] += d3 == 3;
  }
  EXPECT_GE(hits[0], 8);
  EXPECT_GE(hits[1], 8);
  EXPECT_GE(hits[2], 8);
  const DegreeCv cv = select_degree_cv(simulate(300, quadratic, 0.0, 1.0, 9), {});
  ASSERT_EQ(cv.cv_mse.size(), 4U);
  EXPECT_GT(cv.cv_mse[0], cv.cv_mse[1]);  // the line misses the curvature
  // The same seed gives the same folds.
  const CurveData d = simulate(100, quadratic, 0.0, 1.0, 4);
  EXPECT_EQ(select_degree_cv(d, {.seed = 8}).cv_mse, select_degree_cv(d, {.seed = 8}).cv_mse);
}

TEST(DegreeCv, OnlyDegreesTheAgesCanCarry) {
  // Three distinct ages: degrees 1 and 2 are candidates, 3 and 4 are not.
  CurveData d;
  for (int athlete = 0; athlete < 12; ++athlete) {
    for (double age : {24.0, 26.0, 28.0}) {
      d.age.push_back(age);
      d.y.push_back(-(age - 26.0) * (age - 26.0) + 0.1 * athlete);
      d.athlete.push_back(athlete);
    }
  }
  const DegreeCv cv = select_degree_cv(d, {});
  EXPECT_EQ(cv.cv_mse.size(), 2U);
  EXPECT_EQ(cv.degree, 2);
  EXPECT_THROW(select_degree_cv(d, {.folds = 1}), Error);
  EXPECT_THROW(select_degree_cv(d, {.max_degree = 5}), Error);
}

TEST(MixedModel, RecoversFixedEffectsAndVarianceComponents) {
  // 400 athletes, s_b = 2 (variance 4), s_e = 1.
  const CurveData d = simulate(400, quadratic, 2.0, 1.0, 21);
  for (VarianceMethod m : {VarianceMethod::Reml, VarianceMethod::Ml}) {
    const MixedFit f = fit_mixed(d, 2, m);
    EXPECT_EQ(f.athletes, 400);
    EXPECT_NEAR(f.sigma2_athlete, 4.0, 0.8);
    EXPECT_NEAR(f.sigma2_residual, 1.0, 0.08);
    const Peak pk = find_peak(f.fixed, d.peak_lo(), d.peak_hi());
    EXPECT_NEAR(pk.age, 27.0, 0.3);
    for (double a : {22.0, 27.0, 32.0})
      EXPECT_NEAR(f.fixed(a), quadratic(a), 0.35) << a;
    const double c = f.fixed.centre;  // curvature is -0.08 whatever the centre
    EXPECT_NEAR(f.fixed.coef[2], -0.08, 0.006) << c;
  }
}

TEST(MixedModel, ZeroRatioIsOrdinaryLeastSquares) {
  const CurveData d = simulate(80, quadratic, 1.0, 1.0, 5);
  const Polynomial ols = fit_polynomial(d, 3);
  const MixedFit at_zero = fit_mixed_at(d, 3, VarianceMethod::Ml, 0.0);
  for (int j = 0; j <= 3; ++j)
    EXPECT_NEAR(at_zero.fixed.coef[static_cast<std::size_t>(j)],
                ols.coef[static_cast<std::size_t>(j)], 1e-9);
  // Without an athlete effect in the data the estimate sits at (or next to) zero and the curve is
  // OLS.
  const CurveData flat = simulate(300, quadratic, 0.0, 1.0, 6);
  const MixedFit f = fit_mixed(flat, 2, VarianceMethod::Reml);
  EXPECT_LT(f.sigma2_athlete, 0.02);
  const Polynomial ols2 = fit_polynomial(flat, 2);
  for (int j = 0; j <= 2; ++j)
    EXPECT_NEAR(f.fixed.coef[static_cast<std::size_t>(j)], ols2.coef[static_cast<std::size_t>(j)],
                2e-3);
}

// Slow reference: the ML and REML criteria with the dense covariance of every row.
double dense_criterion(const CurveData& d, const MixedFit& f, VarianceMethod m) {
  const auto n = static_cast<Eigen::Index>(d.size());
  const int p = f.fixed.degree() + 1;
  Eigen::MatrixXd v = Eigen::MatrixXd::Identity(n, n) * f.sigma2_residual;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (d.athlete[static_cast<std::size_t>(i)] == d.athlete[static_cast<std::size_t>(j)])
        v(i, j) += f.sigma2_athlete;
  Eigen::MatrixXd x(n, p);
  Eigen::VectorXd r(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double a = d.age[static_cast<std::size_t>(i)] - f.fixed.centre;
    for (int j = 0; j < p; ++j)
      x(i, j) = std::pow(a, j);
    r(i) = d.y[static_cast<std::size_t>(i)] - f.fixed(d.age[static_cast<std::size_t>(i)]);
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(v);
  const double log_det_v = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
  const double quad = r.dot(llt.solve(r));
  const double log2pi = std::log(2.0 * std::numbers::pi);
  if (m == VarianceMethod::Ml) return n * log2pi + log_det_v + quad;
  const Eigen::MatrixXd xtvx = x.transpose() * llt.solve(x);
  return (n - p) * log2pi + log_det_v + quad + std::log(xtvx.determinant());
}

TEST(MixedModel, BlockFormulasMatchDenseLikelihood) {
  const CurveData d = simulate(12, quadratic, 1.5, 1.0, 13);
  for (VarianceMethod m : {VarianceMethod::Ml, VarianceMethod::Reml}) {
    for (double gamma : {0.0, 0.3, 2.0}) {
      const MixedFit f = fit_mixed_at(d, 2, m, gamma);
      EXPECT_NEAR(f.minus_two_log_likelihood, dense_criterion(d, f, m), 1e-8) << gamma;
    }
    // The optimum is no worse than any grid value.
    const MixedFit best = fit_mixed(d, 2, m);
    for (double gamma : {0.0, 0.1, 0.5, 1.0, 3.0, 10.0})
      EXPECT_LE(best.minus_two_log_likelihood,
                fit_mixed_at(d, 2, m, gamma).minus_two_log_likelihood + 1e-9);
  }
}

}  // namespace
}  // namespace podium::career
