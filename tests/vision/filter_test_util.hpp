// Signals shared by the filter tests: seeded uniform draws, sines, a least-squares tone fit and
// jittered video timestamps.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "testkit/throws_error.hpp"

namespace podium::vision::filter_test {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kPi = std::numbers::pi;

// mt19937's sequence is fixed by the standard; the distributions are not, so draw by hand.
inline double uniform(std::mt19937& gen, double lo, double hi) {
  return lo + (hi - lo) * (static_cast<double>(gen()) / 4294967296.0);
}

inline std::vector<double> sine(std::size_t n, double f_hz, double fs_hz, double amplitude = 1.0) {
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
inline Tone fit_tone(const std::vector<double>& y, std::size_t begin, std::size_t end, double f_hz,
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

inline std::vector<double> jittered_times(std::size_t n, std::mt19937& gen) {
  std::vector<double> t(n);
  for (std::size_t i = 1; i < n; ++i) {
    const double step = (i % 17 == 0 ? 2.0 : 1.0) / 30;  // a dropped frame now and then
    t[i] = t[i - 1] + step + uniform(gen, -0.006, 0.006);
  }
  return t;
}

// Runs fn, which must throw a one-line Error(InvalidInput) naming every part of must_name.
inline void expect_invalid_input(const std::function<void()>& fn,
                                 std::initializer_list<std::string_view> must_name) {
  std::vector<::testing::Matcher<const std::string&>> parts;
  for (std::string_view part : must_name)
    parts.push_back(::testing::HasSubstr(std::string(part)));
  EXPECT_THAT(fn, testkit::ThrowsError(ErrorKind::InvalidInput,
                                       testkit::OneLine(::testing::AllOfArray(parts))));
}

}  // namespace podium::vision::filter_test
