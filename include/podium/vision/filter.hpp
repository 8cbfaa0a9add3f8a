// Temporal smoothing of keypoint trajectories: a streaming One-Euro filter, an offline zero-phase
// Butterworth low-pass, and the helpers that prepare a series for it (confidence masking, gap
// filling, uniform resampling of variable-frame-rate video).
//
// Contract: a series is one coordinate of one keypoint over time, in any unit (pixels, metres,
// degrees). A missing sample is NaN everywhere here; ±inf is a bug upstream and is rejected with
// Error(InvalidInput) naming the index. 0 is a value, not "missing" (unlike Pose2Sim). Time is
// seconds (double) since the start of the clip. All functions are pure; OneEuroFilter is the only
// state and belongs to one series (one filter per keypoint coordinate).
//
// Offline, constant frame rate (the Sports2D / Pose2Sim order):
//   const auto butter = ZeroPhaseButterworth::create({.sample_rate_hz = 30});
//   auto smooth = butter.apply(fill_gaps(mask_low_confidence(xs, scores, 0.3), 10));
// Variable frame rate: resample onto a uniform grid, filter there, come back:
//   UniformSeries u = resample_uniform(t, mask_low_confidence(xs, scores, 0.3), 30);
//   u.values = ZeroPhaseButterworth::create({.sample_rate_hz = u.rate_hz}).apply(
//       fill_gaps(u.values, 10));
//   auto smooth_at_t = resample_at(u, t);
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace podium::vision {

// ---- One-Euro filter (Casiez, Roussel, Vogel, CHI 2012) ---------------------------------------

// cutoff = min_cutoff_hz + beta * |dx/dt|, with dx/dt itself low-passed at d_cutoff_hz. Slow
// motion gets min_cutoff_hz (jitter removed), fast motion a higher cutoff (lag removed). beta is
// in Hz per (x unit / s), so it depends on the unit of x: rescale it when x changes unit.
// Defaults: min_cutoff_hz 4, beta 1.5, d_cutoff_hz 1.
struct OneEuroOptions {
  double min_cutoff_hz = 4.0;  // > 0
  double beta = 1.5;           // >= 0; 0 makes the filter a fixed first-order low-pass
  double d_cutoff_hz = 1.0;    // > 0
};

// Streaming: feed samples in time order, get the smoothed value back at once (no look-ahead).
// Each step uses the actual dt since the last valid sample, so variable frame rates and dropped
// frames are handled: alpha(fc, dt) = 1 / (1 + 1 / (2 pi fc dt)). The derivative is taken from
// the previous raw sample, as in the authors' reference code and MediaPipe. The first sample
// (and the first after reset()) passes through unchanged. A NaN sample returns NaN and leaves the
// state untouched, so the next valid sample is filtered over the whole gap.
//
//   OneEuroFilter f = OneEuroFilter::create({.min_cutoff_hz = 2});
//   for (const Frame& fr : frames) y.push_back(f.filter(fr.t_seconds, fr.x));
class OneEuroFilter {
 public:
  // Throws Error(InvalidInput) naming the field, its value and the rule.
  static OneEuroFilter create(const OneEuroOptions& options = {});

  // t_seconds must be finite and strictly greater than the previous call's (NaN samples
  // included) since create() or reset(); x must be finite or NaN. Otherwise Error(InvalidInput).
  double filter(double t_seconds, double x);
  // Forget everything, including the last timestamp: the next sample starts a new series.
  void reset();
  const OneEuroOptions& options() const { return options_; }

 private:
  explicit OneEuroFilter(const OneEuroOptions& options) : options_(options) {}

  OneEuroOptions options_;
  bool has_time_ = false;   // a sample (valid or NaN) was seen: t_seconds must increase
  double last_time_ = 0;    // of any sample
  bool has_state_ = false;  // a valid sample was seen
  double state_time_ = 0;   // of the last valid sample
  double raw_ = 0;          // last valid raw sample
  double smoothed_ = 0;
  double smoothed_speed_ = 0;  // x units per second
};

// ---- Zero-phase Butterworth low-pass (offline) ------------------------------------------------

// One section of a cascade, a0 normalised to 1:
//   y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2].
// A first-order section has b2 = a2 = 0. Every section has DC gain 1.
struct Biquad {
  double b0 = 0, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

// order is the order of the zero-phase result, as in biomechanics ("4th-order zero-lag") and in
// Sports2D / Pose2Sim (scipy butter(order / 2) run by filtfilt): each pass is a Butterworth of
// order / 2, and the result rolls off at 6 * order dB per octave. Defaults: order 4, 6 Hz.
//
// cutoff_hz: without winter_correction (the default, as Sports2D / Pose2Sim / scipy), it is the
// -3 dB point of each pass, so the zero-phase result has gain 1/2 (-6 dB) there. With
// winter_correction, each pass is designed at cutoff_hz / C with C = (sqrt(2) - 1)^(1 / order)
// (Winter, Biomechanics and Motor Control of Human Movement, 4th ed., ch. 3; C = 0.802 for
// order 4), so the zero-phase result has gain 1/sqrt(2) (-3 dB) exactly at cutoff_hz.
struct ButterworthOptions {
  double sample_rate_hz = 0;  // > 0, required
  double cutoff_hz = 6.0;     // in (0, sample_rate_hz / 2)
  int order = 4;              // even, 2..8
  bool winter_correction = false;
};

// Design: analog Butterworth prototype, cutoff prewarped (K = tan(pi fc / fs)), bilinear
// transform, one section per conjugate pole pair (+ a first-order section when order / 2 is odd).
// The zero-phase magnitude is exactly |H(f)|^2 = 1 / (1 + (tan(pi f / fs) / K)^order).
//
// apply() is scipy.signal.filtfilt / sosfiltfilt with their defaults: odd reflection of
// pad_length() samples at each end (the reflection continues a straight line exactly),
// forward pass from steady state at the first padded sample, backward pass from steady state at
// the last forward output. Series shorter than pad_length() + 1 are padded with length - 1
// samples instead of being rejected (scipy raises; Pose2Sim leaves them unfiltered): the result
// is still zero-phase and constant-preserving, only with longer edge transients (one sample comes
// back unchanged). The steady
// states are realised by filtering x - offset from rest and adding the offset back, so a constant
// series comes out bit-for-bit constant.
//
// NaN splits the series: each run of finite samples is filtered on its own and NaN stays NaN, so
// one missing sample never spreads. Fill short gaps first (fill_gaps) to filter across them.
//
//   const auto lp = ZeroPhaseButterworth::create({.sample_rate_hz = 60, .cutoff_hz = 8});
//   std::vector<double> y = lp.apply(x);  // same length as x
class ZeroPhaseButterworth {
 public:
  // Throws Error(InvalidInput) naming the field, its value and the rule.
  static ZeroPhaseButterworth create(const ButterworthOptions& options);

  // x: finite or NaN. Returns a series of the same length.
  std::vector<double> apply(std::span<const double> x) const;

  const ButterworthOptions& options() const { return options_; }
  // One pass, in cascade order: order / 2 poles in total.
  const std::vector<Biquad>& sections() const { return sections_; }
  // Samples of odd reflection at each end: 3 * (order / 2 + 1), as scipy's default padlen for the
  // same filter (3 * max(len(a), len(b))).
  std::size_t pad_length() const { return pad_length_; }

 private:
  ZeroPhaseButterworth(const ButterworthOptions& options, std::vector<Biquad> sections);

  ButterworthOptions options_;
  std::vector<Biquad> sections_;
  std::size_t pad_length_ = 0;
};

// ---- Preparing a series ----------------------------------------------------------------------

// values[i] becomes NaN where scores[i] < min_score or scores[i] is NaN. Sports2D masks at 0.3.
// Throws Error(InvalidInput) if the sizes differ or min_score is not finite.
std::vector<double> mask_low_confidence(std::span<const double> values,
                                        std::span<const double> scores, double min_score);

// Fills every run of at most max_gap_samples NaNs that has a finite sample on both sides, by
// linear interpolation in sample index. Longer runs stay NaN, and so do runs at the start or the
// end (no extrapolation). max_gap_samples = 0 fills nothing; Sports2D's interp_gap_smaller_than
// plays the same role.
//   fill_gaps({1, NaN, NaN, 4, NaN}, 2) == {1, 2, 3, 4, NaN}
// Throws Error(InvalidInput) for max_gap_samples < 0 or a ±inf value.
std::vector<double> fill_gaps(std::span<const double> values, int max_gap_samples = 10);

// A series on a uniform time grid: sample i is at t0_seconds + i / rate_hz.
struct UniformSeries {
  double t0_seconds = 0;
  double rate_hz = 0;
  std::vector<double> values;

  double time_at(std::size_t i) const { return t0_seconds + static_cast<double>(i) / rate_hz; }
};

// Linear resampling of (t_seconds, values) onto a uniform grid that starts at the first timestamp
// and ends exactly at the last, so resample_at() can come back to every original timestamp.
// Keeping both ends on the grid rounds the rate: the grid has n = round(duration * rate_hz) + 1
// points (at least 2 when the duration is positive) and rate_hz = (n - 1) / duration, which
// differs from the request by at most 0.5 / duration. Design filters with the returned rate_hz.
// A grid point between two samples one of which is NaN is NaN (an exact hit on a valid sample
// is its value), so one missing sample becomes a NaN run spanning about two source steps of
// grid: fill_gaps' max_gap_samples then counts grid samples.
// Throws Error(InvalidInput): sizes differ, a timestamp not finite or not strictly increasing
// (naming the index), rate_hz not finite and > 0, a ±inf value. Empty input, empty series.
UniformSeries resample_uniform(std::span<const double> t_seconds, std::span<const double> values,
                               double rate_hz);

// The series linearly interpolated at each of t_seconds (any order). Times outside
// [t0_seconds, last grid time] give NaN (no extrapolation); NaN propagates as in
// resample_uniform. Throws Error(InvalidInput) for a timestamp that is not finite.
std::vector<double> resample_at(const UniformSeries& series, std::span<const double> t_seconds);

}  // namespace podium::vision
