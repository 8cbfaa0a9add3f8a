// Zero-phase Butterworth: design, responses, time-domain properties, the naive reference and
// scipy goldens.
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

// |H(e^jw)|^2 of one pass, evaluated straight from the sections.
double zero_phase_gain_from_sections(const std::vector<Biquad>& sections, double f_hz,
                                     double fs_hz) {
  const std::complex<double> z1 = std::polar(1.0, -2 * kPi * f_hz / fs_hz);  // z^-1
  std::complex<double> h = 1;
  for (const Biquad& q : sections) {
    h *= (q.b0 + q.b1 * z1 + q.b2 * z1 * z1) / (1.0 + q.a1 * z1 + q.a2 * z1 * z1);
  }
  return std::norm(h);
}

double butterworth_zero_phase_gain(double f_hz, double fs_hz, double k, int order) {
  return 1 / (1 + std::pow(std::tan(kPi * f_hz / fs_hz) / k, order));
}

// ---- The obvious reference: one transfer function, direct form I, run forward then backward ---

struct TransferFunction {
  std::vector<double> b{1.0}, a{1.0};
};

std::vector<double> poly_mul(const std::vector<double>& p, const std::vector<double>& q) {
  std::vector<double> r(p.size() + q.size() - 1, 0.0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t j = 0; j < q.size(); ++j)
      r[i + j] += p[i] * q[j];
  }
  return r;
}

TransferFunction expand(const std::vector<Biquad>& sections) {
  TransferFunction tf;
  for (const Biquad& q : sections) {
    tf.b = poly_mul(tf.b, {q.b0, q.b1, q.b2});
    tf.a = poly_mul(tf.a, {1.0, q.a1, q.a2});
  }
  return tf;
}

// y[n] = sum b[k] x[n-k] - sum a[k] y[n-k], with every x and y before the start equal to x[0]:
// the steady state of a DC-gain-1 filter fed x[0] for ever.
std::vector<double> difference_equation(const TransferFunction& tf, const std::vector<double>& x) {
  std::vector<double> y(x.size());
  for (std::size_t n = 0; n < x.size(); ++n) {
    double acc = 0;
    for (std::size_t k = 0; k < tf.b.size(); ++k)
      acc += tf.b[k] * (n >= k ? x[n - k] : x[0]);
    for (std::size_t k = 1; k < tf.a.size(); ++k)
      acc -= tf.a[k] * (n >= k ? y[n - k] : x[0]);
    y[n] = acc;
  }
  return y;
}

std::vector<double> reference_filtfilt(const ZeroPhaseButterworth& f,
                                       const std::vector<double>& x) {
  const auto n = static_cast<std::ptrdiff_t>(x.size());
  const auto pad = std::min(static_cast<std::ptrdiff_t>(f.pad_length()), n - 1);
  std::vector<double> ext;
  for (std::ptrdiff_t i = -pad; i < n + pad; ++i) {
    if (i < 0) {
      ext.push_back(2 * x[0] - x[-i]);
    } else if (i >= n) {
      ext.push_back(2 * x[n - 1] - x[2 * (n - 1) - i]);
    } else {
      ext.push_back(x[i]);
    }
  }
  const TransferFunction tf = expand(f.sections());
  std::vector<double> y = difference_equation(tf, ext);
  std::reverse(y.begin(), y.end());
  y = difference_equation(tf, y);
  std::reverse(y.begin(), y.end());
  return {y.begin() + pad, y.begin() + pad + n};
}

ZeroPhaseButterworth butter(double fs, double fc = 6, int order = 4, bool winter = false) {
  return ZeroPhaseButterworth::create(
      {.sample_rate_hz = fs, .cutoff_hz = fc, .order = order, .winter_correction = winter});
}

// ---- Butterworth design ----------------------------------------------------------------------

TEST(Butterworth, DesignIsTheAnalyticButterworthForEveryOrder) {
  for (int order : {2, 4, 6, 8}) {
    for (double fs : {30.0, 100.0, 240.0}) {
      const ZeroPhaseButterworth f = butter(fs, 6, order);
      const int pass_order = order / 2;
      ASSERT_EQ(f.sections().size(), static_cast<std::size_t>((pass_order + 1) / 2));
      EXPECT_EQ(f.pad_length(), static_cast<std::size_t>(3 * (pass_order + 1)));
      for (const Biquad& q : f.sections()) {
        EXPECT_NEAR((q.b0 + q.b1 + q.b2) / (1 + q.a1 + q.a2), 1.0, 1e-12);  // DC gain
        EXPECT_LT(std::abs(q.a2), 1.0);  // stable: |poles|^2 = a2 (pair) and |a1| (real pole)
        EXPECT_LT(std::abs(q.a1), 1 + q.a2);
      }
      const double k = std::tan(kPi * 6 / fs);
      for (double f_hz = 0; f_hz < fs / 2; f_hz += fs / 97) {
        EXPECT_NEAR(zero_phase_gain_from_sections(f.sections(), f_hz, fs),
                    butterworth_zero_phase_gain(f_hz, fs, k, order), 1e-12)
            << "order " << order << " fs " << fs << " f " << f_hz;
      }
    }
  }
}

// Winter's published recipe for a 2nd-order pass with the dual-pass correction
// (Biomechanics and Motor Control of Human Movement, 4th ed., ch. 3), written out literally.
TEST(Butterworth, WinterCorrectionMatchesWintersSecondOrderRecipe) {
  const double fs = 100, fc = 6;
  const double c = std::pow(std::sqrt(2.0) - 1, 0.25);
  EXPECT_NEAR(c, 0.802, 5e-4);  // the constant Winter prints
  const double wc = std::tan(kPi * fc / fs) / c;
  const double k1 = std::sqrt(2.0) * wc, k2 = wc * wc;
  const double a0 = k2 / (1 + k1 + k2), a1 = 2 * a0, a2 = a0;
  const double k3 = 2 * a0 / k2;
  const double b1 = -2 * a0 + k3, b2 = 1 - 2 * a0 - k3;  // y = a0 x + ... + b1 y1 + b2 y2

  const ZeroPhaseButterworth f = butter(fs, fc, 4, /*winter=*/true);
  ASSERT_EQ(f.sections().size(), 1u);
  const Biquad& q = f.sections()[0];
  EXPECT_NEAR(q.b0, a0, 1e-15);
  EXPECT_NEAR(q.b1, a1, 1e-15);
  EXPECT_NEAR(q.b2, a2, 1e-15);
  EXPECT_NEAR(q.a1, -b1, 1e-14);
  EXPECT_NEAR(q.a2, -b2, 1e-14);
}

// ---- Butterworth responses, measured on filtered sinusoids -----------------------------------
// fs 100 Hz, 2000 samples; the window [200, 1800) skips 2 s of edge transient (the slowest pole,
// at order 8, decays by e^-1 in 70 ms) and holds whole periods of every test tone.

constexpr double kFs = 100;
constexpr std::size_t kN = 2000, kBegin = 200, kEnd = 1800;

TEST(Butterworth, PassbandSineKeepsGainOneAndZeroPhase) {
  const ZeroPhaseButterworth f = butter(kFs);
  const std::vector<double> x = sine(kN, 0.5, kFs, 10.0);
  const std::vector<double> y = f.apply(x);
  double max_error = 0;
  for (std::size_t i = kBegin; i < kEnd; ++i)
    max_error = std::max(max_error, std::abs(y[i] - x[i]));
  EXPECT_LT(max_error, 10 * 1e-4);  // |H|^2 = 1 - 4.6e-5 at 0.5 Hz
  const Tone t = fit_tone(y, kBegin, kEnd, 0.5, kFs);
  EXPECT_NEAR(t.s / 10, zero_phase_gain_from_sections(f.sections(), 0.5, kFs), 1e-9);
  EXPECT_NEAR(t.c / 10, 0.0, 1e-9);  // no phase: a lag would show up as a cosine part
}

// A multi-tone passband signal: the cross-correlation of input and output peaks at lag 0. A single
// causal pass of the same filter peaks at its group delay (about 4 samples), so the check bites.
TEST(Butterworth, CrossCorrelationPeaksAtLagZero) {
  const ZeroPhaseButterworth f = butter(kFs);
  std::vector<double> x(kN);
  for (std::size_t i = 0; i < kN; ++i) {
    const double t = i / kFs;
    x[i] = std::sin(2 * kPi * 0.5 * t) + 0.6 * std::sin(2 * kPi * 1.3 * t + 1) +
           0.3 * std::sin(2 * kPi * 2.1 * t + 2);
  }
  const auto peak_lag = [&](const std::vector<double>& y) {
    int best = 0;
    double best_r = -1e300;
    for (int lag = -20; lag <= 20; ++lag) {
      double r = 0;
      for (std::size_t i = kBegin; i < kEnd; ++i) {
        r += x[i] * y[static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) + lag)];
      }
      if (r > best_r) {
        best_r = r;
        best = lag;
      }
    }
    return best;
  };
  EXPECT_EQ(peak_lag(f.apply(x)), 0);
  EXPECT_GE(peak_lag(difference_equation(expand(f.sections()), x)), 3);
}

TEST(Butterworth, GainAtCutoffIsOneHalfOrOneOverRootTwoWithWinter) {
  for (int order : {2, 4, 6, 8}) {
    for (bool winter : {false, true}) {
      const Tone t =
          fit_tone(butter(kFs, 6, order, winter).apply(sine(kN, 6, kFs)), kBegin, kEnd, 6, kFs);
      EXPECT_NEAR(t.s, winter ? 1 / std::sqrt(2.0) : 0.5, 1e-9) << "order " << order;
      EXPECT_NEAR(t.c, 0.0, 1e-9) << "order " << order;
    }
  }
}

TEST(Butterworth, StopbandAttenuationIsTheDesignedSquaredMagnitude) {
  for (int order : {2, 4, 8}) {
    const ZeroPhaseButterworth f = butter(kFs, 6, order);
    for (double f_hz : {12.0, 20.0, 35.0}) {
      const double expected = zero_phase_gain_from_sections(f.sections(), f_hz, kFs);
      const Tone t = fit_tone(f.apply(sine(kN, f_hz, kFs)), kBegin, kEnd, f_hz, kFs);
      EXPECT_NEAR(t.s, expected, 1e-9 + 1e-6 * expected) << "order " << order << " f " << f_hz;
      EXPECT_NEAR(t.c, 0.0, 1e-9) << "order " << order << " f " << f_hz;
    }
  }
  // The numbers themselves, order 4 at 20 Hz: 1 / (1 + (tan(0.2 pi) / tan(0.06 pi))^4).
  EXPECT_NEAR(zero_phase_gain_from_sections(butter(kFs).sections(), 20, kFs), 0.00472986, 1e-8);
}

// ---- Butterworth time-domain properties ------------------------------------------------------

TEST(Butterworth, ConstantComesOutExactlyConstant) {
  for (int order : {2, 4, 6, 8}) {
    for (std::size_t n : {1u, 2u, 3u, 13u, 127u, 1000u}) {
      for (double c : {0.0, -3.5, 1234.5678, 1e-300, 7.3e12}) {
        const std::vector<double> y = butter(30, 6, order).apply(std::vector<double>(n, c));
        for (double v : y)
          ASSERT_EQ(v, c) << "order " << order << " n " << n;
      }
    }
  }
}

TEST(Butterworth, LinearRampIsPreservedAwayFromEdges) {
  std::vector<double> x(1000);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = 3 + 0.25 * static_cast<double>(i);
  for (int order : {2, 4, 6, 8}) {
    const std::vector<double> y = butter(kFs, 6, order).apply(x);
    double max_error = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      max_error = std::max(max_error, std::abs(y[i] - x[i]));
    // The odd reflection continues the line, so only the start-up states disturb the ends: by
    // less than half of one sample's rise here.
    EXPECT_LT(max_error, 0.5 * 0.25) << "order " << order;
    for (std::size_t i = 200; i < 800; ++i)
      ASSERT_NEAR(y[i], x[i], 1e-9) << "order " << order;
  }
}

// Fast path (cascaded sections, transposed DF-II, offset trick) vs the obvious reference (one
// expanded transfer function, DF-I with steady-state history) on seeded noise around a
// pixel-like offset, at awkward lengths including those shorter than the padding.
TEST(Butterworth, MatchesNaiveDirectFormReferenceOnRandomInput) {
  std::mt19937 gen(20240531);
  for (int order : {2, 4, 6, 8}) {
    for (double fs : {30.0, 60.0, 240.0}) {
      const ZeroPhaseButterworth f = butter(fs, 6, order);
      for (std::size_t n : {1u, 2u, 3u, 5u, 13u, 127u, 1000u}) {
        std::vector<double> x(n);
        for (double& v : x)
          v = 500 + uniform(gen, -100, 100);
        const std::vector<double> fast = f.apply(x), slow = reference_filtfilt(f, x);
        ASSERT_EQ(fast.size(), n);
        for (std::size_t i = 0; i < n; ++i) {
          ASSERT_NEAR(fast[i], slow[i], 1e-9) << "order " << order << " fs " << fs << " n " << n;
        }
      }
    }
  }
}

// Golden values from scipy 1.10.1: filtfilt(*butter(order // 2, 6 / 15), x) with its default
// padlen, for x[i] = 100 + 20 sin(0.3 i) + 5 cos(2.1 i) + 0.01 i^2, i < 20, at 30 Hz.
TEST(Butterworth, MatchesScipyFiltfiltGolden) {
  std::vector<double> x(20);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto d = static_cast<double>(i);
    x[i] = 100 + 20 * std::sin(0.3 * d) + 5 * std::cos(2.1 * d) + 0.01 * d * d;
  }
  const std::vector<double> order4 = {
      105.000797591447, 106.396136423895, 110.496587207880, 115.489162318055, 118.693389774702,
      120.169589804898, 119.974567702104, 117.638980769230, 114.049014127424, 109.485554800386,
      103.738480606311, 98.000822719458,  92.756754331405,  87.863585131329,  84.447935305193,
      82.861267101883,  82.806370903215,  84.861487991703,  87.822623497972,  89.647884331318};
  const std::vector<double> order6 = {
      105.004178890029, 106.555543899987, 110.266693611391, 115.180061503844, 118.918534815899,
      120.457217271244, 119.930150929664, 117.673020401304, 114.080576705684, 109.373927950196,
      103.823180994168, 98.078202906717,  92.656601135076,  87.892643253245,  84.365285017590,
      82.615713850699,  82.918311758925,  85.005720078695,  87.600693572392,  89.651446264060};
  const std::vector<double> y4 = butter(30, 6, 4).apply(x), y6 = butter(30, 6, 6).apply(x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(y4[i], order4[i], 1e-9) << i;
    EXPECT_NEAR(y6[i], order6[i], 1e-9) << i;
  }
}

TEST(Butterworth, NanSplitsTheSeriesIntoIndependentlyFilteredRuns) {
  const ZeroPhaseButterworth f = butter(30);
  std::mt19937 gen(7);
  std::vector<double> x(80);
  for (double& v : x)
    v = uniform(gen, 0, 100);
  x[0] = x[30] = x[31] = x[32] = x[79] = kNaN;
  const std::vector<double> y = f.apply(x);
  for (std::size_t i : {0u, 30u, 31u, 32u, 79u})
    EXPECT_TRUE(std::isnan(y[i])) << i;
  const auto expect_run = [&](std::size_t begin, std::size_t end) {
    const std::vector<double> alone =
        f.apply(std::vector<double>(x.begin() + begin, x.begin() + end));
    for (std::size_t i = begin; i < end; ++i)
      ASSERT_EQ(y[i], alone[i - begin]) << i;
  };
  expect_run(1, 30);
  expect_run(33, 79);
}

TEST(Butterworth, InvalidOptionsNameFieldValueAndRule) {
  expect_invalid_input([] { butter(0); }, {"sample_rate_hz", "= 0", "> 0"});
  expect_invalid_input([] { butter(kNaN); }, {"sample_rate_hz", "nan"});
  expect_invalid_input([] { butter(30, 15); }, {"cutoff_hz", "Nyquist", "15", "= 15"});
  expect_invalid_input([] { butter(30, 20.5); }, {"cutoff_hz", "= 20.5"});
  expect_invalid_input([] { butter(30, -1); }, {"cutoff_hz", "= -1"});
  expect_invalid_input([] { butter(30, 6, 3); }, {"order", "even", "2..8", "= 3"});
  expect_invalid_input([] { butter(30, 6, 10); }, {"order", "= 10"});
  expect_invalid_input([] { butter(30, 6, 0); }, {"order", "= 0"});
  const std::vector<double> bad = {1, 2, std::numeric_limits<double>::infinity(), 4};
  expect_invalid_input([&] { butter(30).apply(bad); }, {"x[2]", "inf"});
}

}  // namespace
}  // namespace podium::vision
