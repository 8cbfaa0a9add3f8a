#include "podium/vision/filter.hpp"
#include "podium/core/limits.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <utility>

#include "podium/core/error.hpp"
#include "podium/core/numbers.hpp"
#include "podium/core/option.hpp"

namespace podium::vision {
namespace {

// Timestamps are rebuilt as t0 + i / rate, so a query at the last original timestamp can land a
// rounding error past the last grid point; within this many grid steps it still counts as on it.
constexpr double kGridToleranceSteps = 1e-9;

std::string at(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

void require_finite_or_nan(std::span<const double> values, const char* where, const char* name) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isinf(values[i])) {
      reject_option(where, at(name, i), number_text(values[i]),
                    "must be finite (a missing sample is NaN)");
    }
  }
}

void require_positive(double value, const char* where, const char* field) {
  require_option(std::isfinite(value) && value > 0, where, field, value, "must be finite and > 0");
}

// Exponential smoothing factor of a first-order low-pass at cutoff_hz over a step of dt seconds:
// 1 / (1 + tau / dt) with tau = 1 / (2 pi fc), the paper's form.
double smoothing_alpha(double cutoff_hz, double dt) {
  const double r = 2 * std::numbers::pi * cutoff_hz * dt;
  return r / (1 + r);
}

// K = tan(pi fc / fs) is the prewarped analog cutoff in units of 2 fs, so the bilinear transform
// puts the -3 dB point of each pass exactly at fc. Analog poles of order n sit at angle
// phi_i = (2i - 1) pi / (2n) from the imaginary axis; each conjugate pair gives
// K^2 (z + 1)^2 / ((1 + 2 K sin phi + K^2) z^2 + 2 (K^2 - 1) z + (1 - 2 K sin phi + K^2)).
std::vector<Biquad> design_lowpass(double k, int pass_order) {
  std::vector<Biquad> sections;
  const double k2 = k * k;
  for (int i = 1; i <= pass_order / 2; ++i) {
    const double sin_phi = std::sin((2 * i - 1) * std::numbers::pi / (2 * pass_order));
    const double d = 1 + 2 * k * sin_phi + k2;
    Biquad q;
    q.b0 = k2 / d;
    q.b1 = 2 * q.b0;
    q.b2 = q.b0;
    q.a1 = 2 * (k2 - 1) / d;
    q.a2 = (1 - 2 * k * sin_phi + k2) / d;
    sections.push_back(q);
  }
  if (pass_order % 2 == 1) {  // the real pole: K (z + 1) / ((1 + K) z + (K - 1))
    Biquad q;
    q.b0 = k / (1 + k);
    q.b1 = q.b0;
    q.a1 = (k - 1) / (k + 1);
    sections.push_back(q);
  }
  return sections;
}

// One causal pass through the cascade, in place, from rest (transposed direct form II).
void run_from_rest(const std::vector<Biquad>& sections, std::vector<double>& v) {
  for (const Biquad& q : sections) {
    double z1 = 0, z2 = 0;
    for (double& x : v) {
      const double y = q.b0 * x + z1;
      z1 = q.b1 * x - q.a1 * y + z2;
      z2 = q.b2 * x - q.a2 * y;
      x = y;
    }
  }
}

// A pass that starts in the steady state of a constant input v[0]. With DC gain 1 that state
// outputs v[0] for ever, so by linearity the pass equals filtering v - v[0] from rest plus v[0];
// done that way, a constant comes out exactly constant instead of within rounding.
void run_from_steady_state(const std::vector<Biquad>& sections, std::vector<double>& v) {
  const double offset = v.front();
  for (double& x : v)
    x -= offset;
  run_from_rest(sections, v);
  for (double& x : v)
    x += offset;
}

}  // namespace

// ---- One-Euro ---------------------------------------------------------------------------------

OneEuroFilter OneEuroFilter::create(const OneEuroOptions& options) {
  require_positive(options.min_cutoff_hz, "one-euro", "min_cutoff_hz");
  require_option(std::isfinite(options.beta) && options.beta >= 0, "one-euro", "beta", options.beta,
                 "must be finite and >= 0");
  require_positive(options.d_cutoff_hz, "one-euro", "d_cutoff_hz");
  return OneEuroFilter(options);
}

double OneEuroFilter::filter(double t_seconds, double x) {
  // Every sample passes here: the messages are built only on failure.
  if (!std::isfinite(t_seconds))
    reject_option("one-euro", "t_seconds", number_text(t_seconds), "must be finite");
  if (has_time_ && !(t_seconds > last_time_)) {
    reject_option("one-euro", "t_seconds", number_text(t_seconds),
                  "must increase, the last was " + number_text(last_time_));
  }
  if (std::isinf(x)) {
    reject_option("one-euro", "x", number_text(x),
                  "must be finite or NaN (missing), at t_seconds " + number_text(t_seconds));
  }
  has_time_ = true;
  last_time_ = t_seconds;
  if (std::isnan(x)) return x;
  if (!has_state_) {
    has_state_ = true;
    state_time_ = t_seconds;
    raw_ = x;
    smoothed_ = x;
    smoothed_speed_ = 0;
    return x;
  }
  const double dt = t_seconds - state_time_;
  const double speed = (x - raw_) / dt;
  smoothed_speed_ += smoothing_alpha(options_.d_cutoff_hz, dt) * (speed - smoothed_speed_);
  const double cutoff_hz = options_.min_cutoff_hz + options_.beta * std::abs(smoothed_speed_);
  smoothed_ += smoothing_alpha(cutoff_hz, dt) * (x - smoothed_);
  raw_ = x;
  state_time_ = t_seconds;
  return smoothed_;
}

void OneEuroFilter::reset() {
  *this = OneEuroFilter(options_);
}

// ---- Zero-phase Butterworth -------------------------------------------------------------------

ZeroPhaseButterworth::ZeroPhaseButterworth(const ButterworthOptions& options,
                                           std::vector<Biquad> sections)
    : options_(options),
      sections_(std::move(sections)),
      pad_length_(3 * (static_cast<std::size_t>(options.order / 2) + 1)) {}

ZeroPhaseButterworth ZeroPhaseButterworth::create(const ButterworthOptions& options) {
  require_positive(options.sample_rate_hz, "butterworth", "sample_rate_hz");
  require_positive(options.cutoff_hz, "butterworth", "cutoff_hz");
  const double nyquist_hz = options.sample_rate_hz / 2;
  require_option(
      options.cutoff_hz < nyquist_hz, "butterworth", "cutoff_hz", options.cutoff_hz,
      "must be below the Nyquist frequency sample_rate_hz / 2 = " + number_text(nyquist_hz));
  require_option(options.order >= 2 && options.order <= 8 && options.order % 2 == 0, "butterworth",
                 "order", options.order, "must be even and within 2..8 (order / 2 per pass)");
  double k = std::tan(std::numbers::pi * options.cutoff_hz / options.sample_rate_hz);
  if (options.winter_correction) {
    // Zero-phase gain 1 / (1 + (tan / K)^order) equals 1/sqrt(2) at fc when K = tan(pi fc / fs) /
    // C.
    k /= std::pow(std::numbers::sqrt2 - 1, 1.0 / options.order);
  }
  return ZeroPhaseButterworth(options, design_lowpass(k, options.order / 2));
}

std::vector<double> ZeroPhaseButterworth::apply(std::span<const double> x) const {
  require_finite_or_nan(x, "butterworth", "x");
  std::vector<double> out(x.begin(), x.end());
  std::size_t begin = 0;
  while (begin < x.size()) {
    if (std::isnan(x[begin])) {
      ++begin;
      continue;
    }
    std::size_t end = begin;
    while (end < x.size() && !std::isnan(x[end]))
      ++end;
    const std::span<const double> run = x.subspan(begin, end - begin);
    const std::size_t n = run.size();
    const std::size_t pad = std::min(pad_length_, n - 1);
    std::vector<double> ext(n + 2 * pad);
    for (std::size_t k = 1; k <= pad; ++k) {
      ext[pad - k] = 2 * run[0] - run[k];
      ext[pad + n - 1 + k] = 2 * run[n - 1] - run[n - 1 - k];
    }
    std::copy(run.begin(), run.end(), ext.begin() + static_cast<std::ptrdiff_t>(pad));
    run_from_steady_state(sections_, ext);
    std::reverse(ext.begin(), ext.end());
    run_from_steady_state(sections_, ext);
    std::reverse(ext.begin(), ext.end());
    std::copy_n(ext.begin() + static_cast<std::ptrdiff_t>(pad), n,
                out.begin() + static_cast<std::ptrdiff_t>(begin));
    begin = end;
  }
  return out;
}

// ---- Preparing a series -----------------------------------------------------------------------

std::vector<double> mask_low_confidence(std::span<const double> values,
                                        std::span<const double> scores, double min_score) {
  require_option(values.size() == scores.size(), "mask_low_confidence", "scores.size()",
                 scores.size(), "must equal values.size() = " + std::to_string(values.size()));
  require_option(std::isfinite(min_score), "mask_low_confidence", "min_score", min_score,
                 "must be finite");
  require_finite_or_nan(values, "mask_low_confidence", "values");
  std::vector<double> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    out[i] = scores[i] >= min_score ? values[i] : kNaN;  // a NaN score fails the comparison
  }
  return out;
}

std::vector<double> fill_gaps(std::span<const double> values, int max_gap_samples) {
  require_option(max_gap_samples >= 0, "fill_gaps", "max_gap_samples", max_gap_samples,
                 "must be >= 0");
  require_finite_or_nan(values, "fill_gaps", "values");
  std::vector<double> out(values.begin(), values.end());
  const auto max_gap = static_cast<std::size_t>(max_gap_samples);
  bool seen_valid = false;
  std::size_t last = 0;  // last finite sample
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    const std::size_t gap = seen_valid ? i - last - 1 : 0;
    if (gap > 0 && gap <= max_gap) {
      const double a = values[last], b = values[i];
      const auto width = static_cast<double>(i - last);
      for (std::size_t k = last + 1; k < i; ++k) {
        out[k] = a + (b - a) * (static_cast<double>(k - last) / width);
      }
    }
    seen_valid = true;
    last = i;
  }
  return out;
}

UniformSeries resample_uniform(std::span<const double> t_seconds, std::span<const double> values,
                               double rate_hz) {
  require_option(values.size() == t_seconds.size(), "resample_uniform", "values.size()",
                 values.size(),
                 "must equal t_seconds.size() = " + std::to_string(t_seconds.size()));
  require_positive(rate_hz, "resample_uniform", "rate_hz");
  for (std::size_t i = 0; i < t_seconds.size(); ++i) {
    if (!std::isfinite(t_seconds[i]))
      reject_option("resample_uniform", at("t_seconds", i), number_text(t_seconds[i]),
                    "must be finite");
    if (i > 0 && !(t_seconds[i] > t_seconds[i - 1])) {
      reject_option("resample_uniform", at("t_seconds", i), number_text(t_seconds[i]),
                    "must be after " + at("t_seconds", i - 1) + " = " +
                        number_text(t_seconds[i - 1]) + " (timestamps must strictly increase)");
    }
  }
  require_finite_or_nan(values, "resample_uniform", "values");

  UniformSeries series;
  series.rate_hz = rate_hz;
  if (t_seconds.empty()) return series;
  series.t0_seconds = t_seconds.front();
  if (t_seconds.size() == 1) {
    series.values = {values[0]};
    return series;
  }
  const double duration = t_seconds.back() - t_seconds.front();
  const double steps = std::round(duration * rate_hz);
  require_option(steps < static_cast<double>(limits::kResampleGridPoints), "resample_uniform",
                 "rate_hz", rate_hz,
                 "over " + number_text(duration) + " s needs " + number_text(steps + 1) +
                     " grid points, more than the limit of " +
                     number_text(static_cast<double>(limits::kResampleGridPoints)));
  const std::size_t count = std::max<std::size_t>(2, static_cast<std::size_t>(steps) + 1);
  series.rate_hz = static_cast<double>(count - 1) / duration;
  series.values.resize(count);
  std::size_t j = 0;  // t_seconds[j] <= grid time < t_seconds[j + 1]
  for (std::size_t k = 0; k < count; ++k) {
    const double g = k + 1 == count ? t_seconds.back() : series.time_at(k);
    while (j + 1 < t_seconds.size() && t_seconds[j + 1] <= g)
      ++j;
    if (g == t_seconds[j]) {
      series.values[k] = values[j];
      continue;
    }
    PODIUM_ASSERT(j + 1 < t_seconds.size());
    const double w = (g - t_seconds[j]) / (t_seconds[j + 1] - t_seconds[j]);
    series.values[k] = values[j] + w * (values[j + 1] - values[j]);  // NaN on either side: NaN
  }
  return series;
}

std::vector<double> resample_at(const UniformSeries& series, std::span<const double> t_seconds) {
  require_option(std::isfinite(series.t0_seconds), "resample_at", "series.t0_seconds",
                 series.t0_seconds, "must be finite");
  require_positive(series.rate_hz, "resample_at", "series.rate_hz");
  std::vector<double> out(t_seconds.size(), kNaN);
  const std::size_t n = series.values.size();
  for (std::size_t q = 0; q < t_seconds.size(); ++q) {
    const double t = t_seconds[q];
    if (!std::isfinite(t))
      reject_option("resample_at", at("t_seconds", q), number_text(t), "must be finite");
    const double last = static_cast<double>(n) - 1;
    const double u = (t - series.t0_seconds) * series.rate_hz;
    if (n == 0 || u < -kGridToleranceSteps || u > last + kGridToleranceSteps) continue;
    const double clamped = std::clamp(u, 0.0, last);
    const auto i = static_cast<std::size_t>(clamped);
    const double w = clamped - static_cast<double>(i);
    if (i + 1 >= n || w == 0) {
      out[q] = series.values[i];
    } else {
      out[q] = series.values[i] + w * (series.values[i + 1] - series.values[i]);
    }
  }
  return out;
}

}  // namespace podium::vision
