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

namespace podium::vision {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = std::numbers::pi;

// mt19937's sequence is fixed by the standard; the distributions are not, so draw by hand.
double uniform(std::mt19937& gen, double lo, double hi) {
  return lo + (hi - lo) * (static_cast<double>(gen()) / 4294967296.0);
}

std::vector<double> sine(std::size_t n, double f_hz, double fs_hz, double amplitude = 1.0) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = amplitude * std::sin(2 * kPi * f_hz * i / fs_hz);
  return x;
}

// Least-squares fit y[n] ~ s sin(w n) + c cos(w n) over [begin, end), exact when the window holds
// whole periods. For an input sin(w n), a zero-phase gain g gives s = g and c = 0.
struct Tone {
  double s = 0, c = 0;
};
Tone fit_tone(const std::vector<double>& y, std::size_t begin, std::size_t end, double f_hz,
              double fs_hz) {
  Tone t;
  for (std::size_t i = begin; i < end; ++i) {
    const double w = 2 * kPi * f_hz * i / fs_hz;
    t.s += y[i] * std::sin(w);
    t.c += y[i] * std::cos(w);
  }
  const double scale = 2.0 / static_cast<double>(end - begin);
  return {t.s * scale, t.c * scale};
}

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

void expect_invalid_input(const std::function<void()>& fn,
                          std::initializer_list<std::string_view> must_name) {
  try {
    fn();
    ADD_FAILURE() << "no Error thrown";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    for (std::string_view part : must_name) {
      EXPECT_NE(message.find(part), std::string::npos) << message << "\n  lacks: " << part;
    }
  }
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
  expect_invalid_input([] { butter(0); }, {"sample_rate_hz", "got 0", "> 0"});
  expect_invalid_input([] { butter(kNaN); }, {"sample_rate_hz", "nan"});
  expect_invalid_input([] { butter(30, 15); }, {"cutoff_hz", "Nyquist", "15", "got 15"});
  expect_invalid_input([] { butter(30, 20.5); }, {"cutoff_hz", "got 20.5"});
  expect_invalid_input([] { butter(30, -1); }, {"cutoff_hz", "got -1"});
  expect_invalid_input([] { butter(30, 6, 3); }, {"order", "even", "2..8", "got 3"});
  expect_invalid_input([] { butter(30, 6, 10); }, {"order", "got 10"});
  expect_invalid_input([] { butter(30, 6, 0); }, {"order", "got 0"});
  const std::vector<double> bad = {1, 2, std::numeric_limits<double>::infinity(), 4};
  expect_invalid_input([&] { butter(30).apply(bad); }, {"x[2]", "inf"});
}

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

std::vector<double> jittered_times(std::size_t n, std::mt19937& gen) {
  std::vector<double> t(n);
  for (std::size_t i = 1; i < n; ++i) {
    const double step = (i % 17 == 0 ? 2.0 : 1.0) / 30;  // a dropped frame now and then
    t[i] = t[i - 1] + step + uniform(gen, -0.006, 0.006);
  }
  return t;
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
                       {"min_cutoff_hz", "got 0", "> 0"});
  expect_invalid_input([] { OneEuroFilter::create({.min_cutoff_hz = kNaN}); },
                       {"min_cutoff_hz", "nan"});
  expect_invalid_input([] { OneEuroFilter::create({.beta = -0.5}); }, {"beta", "got -0.5", ">= 0"});
  expect_invalid_input([] { OneEuroFilter::create({.d_cutoff_hz = -2}); },
                       {"d_cutoff_hz", "got -2"});
  OneEuroFilter f = OneEuroFilter::create();
  f.filter(1.0, 3);
  expect_invalid_input([&] { f.filter(1.0, 4); }, {"t_seconds", "got 1 after 1"});
  f.filter(1.5, kNaN);
  expect_invalid_input([&] { f.filter(1.25, 4); }, {"t_seconds", "got 1.25 after 1.5"});
  expect_invalid_input([&] { f.filter(kNaN, 4); }, {"t_seconds", "nan"});
  expect_invalid_input([&] { f.filter(2, -std::numeric_limits<double>::infinity()); },
                       {"x", "-inf", "t_seconds 2"});
}

// ---- Masking and gap filling ------------------------------------------------------------------

TEST(MaskLowConfidence, MasksScoresBelowThresholdAndNanScores) {
  const std::vector<double> values = {1, 2, 3, 4, 5};
  const std::vector<double> scores = {0.9, 0.29, 0.3, kNaN, 1.0};
  const std::vector<double> y = mask_low_confidence(values, scores, 0.3);
  EXPECT_EQ(y[0], 1);
  EXPECT_TRUE(std::isnan(y[1]));
  EXPECT_EQ(y[2], 3);  // at the threshold is kept: only "below" is masked
  EXPECT_TRUE(std::isnan(y[3]));
  EXPECT_EQ(y[4], 5);
  expect_invalid_input([&] { mask_low_confidence(values, std::vector<double>(4, 1.0), 0.3); },
                       {"values has 5", "scores has 4"});
  expect_invalid_input([&] { mask_low_confidence(values, scores, kNaN); }, {"min_score", "nan"});
}

TEST(FillGaps, FillsInteriorRunsOfAtMostMaxGapLinearly) {
  // gap of 3 (= max_gap) between 1 and 5, gap of 4 (= max_gap + 1) between 5 and 0.
  const std::vector<double> x = {1, kNaN, kNaN, kNaN, 5, kNaN, kNaN, kNaN, kNaN, 0, kNaN, 2};
  const std::vector<double> y = fill_gaps(x, 3);
  const std::vector<double> filled = {1, 2, 3, 4, 5};
  for (std::size_t i = 0; i < filled.size(); ++i)
    EXPECT_EQ(y[i], filled[i]) << i;
  for (std::size_t i = 5; i < 9; ++i)
    EXPECT_TRUE(std::isnan(y[i])) << i;
  EXPECT_EQ(y[9], 0);
  EXPECT_EQ(y[10], 1);
  EXPECT_EQ(y[11], 2);
}

TEST(FillGaps, NeverExtrapolatesAtTheEnds) {
  const std::vector<double> x = {kNaN, kNaN, 4, kNaN, 6, kNaN};
  const std::vector<double> y = fill_gaps(x, 10);
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_TRUE(std::isnan(y[1]));
  EXPECT_EQ(y[3], 5);
  EXPECT_TRUE(std::isnan(y[5]));
}

TEST(FillGaps, EdgeCasesAndValidation) {
  EXPECT_TRUE(fill_gaps({}, 10).empty());
  const std::vector<double> none = {kNaN, kNaN};
  for (double v : fill_gaps(none, 10))
    EXPECT_TRUE(std::isnan(v));
  const std::vector<double> one_gap = {1, kNaN, 3};
  EXPECT_TRUE(std::isnan(fill_gaps(one_gap, 0)[1]));  // max_gap 0 fills nothing
  EXPECT_EQ(fill_gaps(one_gap, 1)[1], 2);
  expect_invalid_input([&] { fill_gaps(one_gap, -1); }, {"max_gap_samples", "got -1", ">= 0"});
  const std::vector<double> inf = {1, std::numeric_limits<double>::infinity()};
  expect_invalid_input([&] { fill_gaps(inf, 3); }, {"values[1]", "inf"});
}

// ---- Uniform resampling -----------------------------------------------------------------------

TEST(Resample, GridKeepsBothEndsAndRoundsTheRate) {
  const std::vector<double> t = {0.5, 0.53, 0.571, 0.6, 1.51};  // 1.01 s
  const std::vector<double> x = {1, 2, 3, 4, 5};
  const UniformSeries u = resample_uniform(t, x, 30);
  ASSERT_EQ(u.values.size(), 31u);  // round(1.01 * 30) + 1
  EXPECT_EQ(u.t0_seconds, 0.5);
  EXPECT_NEAR(u.rate_hz, 30 / 1.01, 1e-12);
  EXPECT_NEAR(u.time_at(30), 1.51, 1e-12);
  EXPECT_EQ(u.values.front(), 1);
  EXPECT_EQ(u.values.back(), 5);
  EXPECT_EQ(resample_at(u, t).back(), 5);

  EXPECT_EQ(resample_uniform(std::vector<double>{2.0}, std::vector<double>{9.0}, 30).values,
            std::vector<double>{9.0});
  EXPECT_TRUE(resample_uniform({}, {}, 30).values.empty());
  const std::vector<double> close = {0, 0.001};
  EXPECT_EQ(resample_uniform(close, close, 30).values.size(), 2u);  // both ends, always
}

TEST(Resample, LinearSignalSurvivesTheRoundTrip) {
  std::mt19937 gen(3);
  const std::vector<double> t = jittered_times(150, gen);
  std::vector<double> x(t.size());
  for (std::size_t i = 0; i < t.size(); ++i)
    x[i] = 3 - 2 * t[i];
  const UniformSeries u = resample_uniform(t, x, 30);
  for (std::size_t k = 0; k < u.values.size(); ++k) {
    ASSERT_NEAR(u.values[k], 3 - 2 * u.time_at(k), 1e-12) << k;
  }
  const std::vector<double> back = resample_at(u, t);
  for (std::size_t i = 0; i < t.size(); ++i)
    ASSERT_NEAR(back[i], x[i], 1e-12) << i;
}

TEST(Resample, NanReachesOnlyTheGridPointsBesideIt) {
  const std::vector<double> t = {0, 0.25, 0.5, 0.75};
  const std::vector<double> x = {0, kNaN, 2, 3};
  const UniformSeries u = resample_uniform(t, x, 8);  // grid step 0.125, all exact
  ASSERT_EQ(u.values.size(), 7u);
  EXPECT_EQ(u.values[0], 0);
  for (std::size_t k : {1u, 2u, 3u})
    EXPECT_TRUE(std::isnan(u.values[k])) << k;
  EXPECT_EQ(u.values[4], 2);
  EXPECT_EQ(u.values[5], 2.5);
  EXPECT_EQ(u.values[6], 3);
  const std::vector<double> queries = {-0.01, 0, 0.0625, 0.5625, 0.75, 0.76};
  const std::vector<double> y = resample_at(u, queries);
  EXPECT_TRUE(std::isnan(y[0]));  // before the grid: no extrapolation
  EXPECT_EQ(y[1], 0);
  EXPECT_TRUE(std::isnan(y[2]));  // between 0 and NaN
  EXPECT_EQ(y[3], 2.25);
  EXPECT_EQ(y[4], 3);
  EXPECT_TRUE(std::isnan(y[5]));  // after the grid
}

TEST(Resample, RejectsBadTimestampsAndRates) {
  const std::vector<double> x = {1, 2, 3};
  const std::vector<double> repeated = {0, 0.1, 0.1};
  expect_invalid_input([&] { resample_uniform(repeated, x, 30); },
                       {"t_seconds[2] = 0.1", "t_seconds[1] = 0.1", "strictly increase"});
  const std::vector<double> nan_time = {0, kNaN, 1};
  expect_invalid_input([&] { resample_uniform(nan_time, x, 30); }, {"t_seconds[1]", "nan"});
  const std::vector<double> t = {0, 0.1, 0.2};
  expect_invalid_input([&] { resample_uniform(t, x, 0); }, {"rate_hz", "got 0"});
  expect_invalid_input(
      [&] {
        resample_uniform(t, std::vector<double>{1, 2}, 30);
      },
      {"t_seconds has 3", "values has 2"});
  const std::vector<double> long_clip = {0, 1e9};
  expect_invalid_input(
      [&] {
        resample_uniform(long_clip, std::vector<double>{0, 1}, 30);
      },
      {"grid points", "limit"});
  expect_invalid_input([&] { resample_at(resample_uniform(t, x, 30), nan_time); },
                       {"t_seconds[1]", "nan"});
}

// ---- The whole offline chain on variable-frame-rate video -----------------------------------

// 0.5 Hz motion of 40 px seen at a jittery ~30 fps with dropped frames, uniform noise of +-3 px,
// a 3-frame low-confidence dropout (filled) and a 20-frame one (kept missing). The result at the
// original timestamps follows the motion: a time-base slip of one frame would cost ~4.2 px.
TEST(Pipeline, VariableFrameRateButterworthFollowsTheMotion) {
  std::mt19937 gen(42);
  const std::vector<double> t = jittered_times(300, gen);
  const auto truth = [](double s) { return 100 + 40 * std::sin(2 * kPi * 0.5 * s); };
  std::vector<double> x(t.size()), clean(t.size()), scores(t.size(), 0.9);
  for (std::size_t i = 0; i < t.size(); ++i) {
    clean[i] = truth(t[i]);
    x[i] = clean[i] + uniform(gen, -3, 3);
  }
  for (std::size_t i = 100; i < 103; ++i)
    scores[i] = 0.1;
  for (std::size_t i = 200; i < 220; ++i)
    scores[i] = 0.1;

  const auto smooth = [&](const std::vector<double>& input) {
    UniformSeries u = resample_uniform(t, mask_low_confidence(input, scores, 0.3), 30);
    const auto lp = ZeroPhaseButterworth::create({.sample_rate_hz = u.rate_hz, .cutoff_hz = 3});
    u.values = lp.apply(fill_gaps(u.values, 10));
    return resample_at(u, t);
  };

  const std::vector<double> y = smooth(x), y_clean = smooth(clean);
  double raw_sq = 0, out_sq = 0, max_error = 0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i >= 200 && i < 220) {
      EXPECT_TRUE(std::isnan(y[i])) << i;
      continue;
    }
    // A valid sample beside the long gap may be lost: its grid neighbour in the gap is missing.
    if (i == 199 || i == 220) continue;
    ASSERT_FALSE(std::isnan(y[i])) << i;
    const bool settled = t[i] > 0.5 && t[i] < t.back() - 0.5 && (i < 185 || i > 235);
    if (!settled) continue;
    raw_sq += (x[i] - clean[i]) * (x[i] - clean[i]);
    out_sq += (y[i] - clean[i]) * (y[i] - clean[i]);
    ++count;
    // The line drawn through the filled dropout departs from the sine by up to ~1.5 px.
    if (i > 95 && i < 108) continue;
    max_error = std::max(max_error, std::abs(y_clean[i] - clean[i]));
  }
  ASSERT_GT(count, 200u);
  EXPECT_LT(max_error, 0.5);
  EXPECT_LT(std::sqrt(out_sq / count), 0.6 * std::sqrt(raw_sq / count));
}

}  // namespace
}  // namespace podium::vision
