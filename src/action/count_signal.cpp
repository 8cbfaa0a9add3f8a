#include "count_signal.hpp"

#include <algorithm>
#include <cmath>

#include "podium/core/error.hpp"

namespace podium::action {
namespace {

constexpr int kPowerIterations = 200;
// A component whose variance is below this share of the first is rounding left by deflation.
constexpr double kNegligibleVariance = 1e-12;
// A period peak must rise this far above the lowest autocorrelation before it, so that the slow
// decay of a smooth signal at short lags is not taken for a period.
constexpr double kPeriodPeakRise = 0.3;
// Of the clear peaks, the shortest within this share of the best: a period, not its multiple.
constexpr double kPeriodShareOfBest = 0.85;

// Linear interpolation over the NaN gaps of one series, held at the ends.
void fill_gaps(std::vector<double>& v) {
  std::size_t last = v.size();  // the last seen index, none yet
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i])) continue;
    if (last == v.size()) {
      std::fill(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v[i]);
    } else {
      for (std::size_t j = last + 1; j < i; ++j) {
        const double w = static_cast<double>(j - last) / static_cast<double>(i - last);
        v[j] = v[last] + w * (v[i] - v[last]);
      }
    }
    last = i;
  }
  if (last != v.size())
    std::fill(v.begin() + static_cast<std::ptrdiff_t>(last) + 1, v.end(), v[last]);
}

std::vector<double> column(const Trajectories& t, std::size_t d) {
  std::vector<double> c(t.frames);
  for (std::size_t f = 0; f < t.frames; ++f)
    c[f] = t.values[f * t.dims + d];
  return c;
}

void set_column(Trajectories& t, std::size_t d, const std::vector<double>& c) {
  for (std::size_t f = 0; f < t.frames; ++f)
    t.values[f * t.dims + d] = c[f];
}

}  // namespace

Trajectories trajectories(const PoseSequence& s) {
  Trajectories t;
  t.frames = s.frames;
  const std::size_t k = s.keypoints();
  std::vector<std::vector<double>> columns;
  for (std::size_t j = 0; j < k; ++j) {
    std::size_t seen = 0;
    for (std::size_t f = 0; f < s.frames; ++f)
      seen += std::isnan(s.x[s.at(f, j)]) ? 0 : 1;
    if (2 * seen < s.frames || seen == 0) continue;
    std::vector<double> x(s.frames), y(s.frames);
    for (std::size_t f = 0; f < s.frames; ++f) {
      x[f] = s.x[s.at(f, j)];
      y[f] = s.y[s.at(f, j)];
    }
    fill_gaps(x);
    fill_gaps(y);
    columns.push_back(std::move(x));
    columns.push_back(std::move(y));
    t.keypoints.push_back(j);
  }
  if (columns.empty()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "keypoints"},
                "no keypoint is seen in at least half the frames: nothing to count on");
  }
  t.dims = columns.size();
  t.values.resize(t.frames * t.dims);
  for (std::size_t d = 0; d < t.dims; ++d)
    set_column(t, d, columns[d]);
  return t;
}

void differentiate(Trajectories& t) {
  if (t.frames < 2) return;
  for (std::size_t f = t.frames - 1; f >= 1; --f)
    for (std::size_t d = 0; d < t.dims; ++d)
      t.values[f * t.dims + d] -= t.values[(f - 1) * t.dims + d];
  for (std::size_t d = 0; d < t.dims; ++d)
    t.values[d] = t.values[t.dims + d];
}

std::vector<double> moving_average(const std::vector<double>& v, std::size_t window) {
  std::vector<double> prefix(v.size() + 1, 0);
  for (std::size_t i = 0; i < v.size(); ++i)
    prefix[i + 1] = prefix[i] + v[i];
  const std::size_t half = window / 2;
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::size_t lo = i >= half ? i - half : 0;
    const std::size_t hi = std::min(v.size(), i + half + 1);
    out[i] = (prefix[hi] - prefix[lo]) / static_cast<double>(hi - lo);
  }
  return out;
}

void detrend_linear(Trajectories& t) {
  const double n = static_cast<double>(t.frames);
  const double mean_f = (n - 1) / 2;
  double var_f = 0;
  for (std::size_t f = 0; f < t.frames; ++f)
    var_f += (static_cast<double>(f) - mean_f) * (static_cast<double>(f) - mean_f);
  for (std::size_t d = 0; d < t.dims; ++d) {
    std::vector<double> c = column(t, d);
    double mean = 0, cov = 0;
    for (double v : c)
      mean += v / n;
    for (std::size_t f = 0; f < t.frames; ++f)
      cov += (static_cast<double>(f) - mean_f) * (c[f] - mean);
    const double slope = var_f > 0 ? cov / var_f : 0;
    for (std::size_t f = 0; f < t.frames; ++f)
      c[f] -= mean + slope * (static_cast<double>(f) - mean_f);
    set_column(t, d, c);
  }
}

void detrend_moving_average(Trajectories& t, std::size_t window) {
  for (std::size_t d = 0; d < t.dims; ++d) {
    std::vector<double> c = column(t, d);
    const std::vector<double> trend = moving_average(c, window);
    for (std::size_t f = 0; f < t.frames; ++f)
      c[f] -= trend[f];
    set_column(t, d, c);
  }
}

void smooth(Trajectories& t, std::size_t window) {
  if (window <= 1) return;
  for (std::size_t d = 0; d < t.dims; ++d)
    set_column(t, d, moving_average(column(t, d), window));
}

std::vector<std::vector<double>> principal_projections(const Trajectories& t,
                                                       std::size_t components) {
  const std::size_t n = t.dims;
  std::vector<double> mean(n, 0);
  for (std::size_t f = 0; f < t.frames; ++f)
    for (std::size_t d = 0; d < n; ++d)
      mean[d] += t.values[f * n + d] / static_cast<double>(t.frames);
  std::vector<double> cov(n * n, 0);
  for (std::size_t f = 0; f < t.frames; ++f) {
    const double* row = &t.values[f * n];
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a; b < n; ++b)
        cov[a * n + b] += (row[a] - mean[a]) * (row[b] - mean[b]);
  }
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < a; ++b)
      cov[a * n + b] = cov[b * n + a];

  std::vector<std::vector<double>> out;
  double first = 0;
  for (std::size_t c = 0; c < std::min(components, n); ++c) {
    // Start from the axis of largest remaining variance: deterministic and never orthogonal
    // to the dominant component in practice.
    std::size_t start = 0;
    for (std::size_t d = 1; d < n; ++d)
      if (cov[d * n + d] > cov[start * n + start]) start = d;
    std::vector<double> v(n, 0), w(n);
    v[start] = 1;
    double lambda = 0;
    for (int it = 0; it < kPowerIterations; ++it) {
      for (std::size_t a = 0; a < n; ++a) {
        double sum = 0;
        for (std::size_t b = 0; b < n; ++b)
          sum += cov[a * n + b] * v[b];
        w[a] = sum;
      }
      double norm = 0;
      for (double x : w)
        norm += x * x;
      norm = std::sqrt(norm);
      if (!(norm > 0)) break;
      lambda = norm;
      for (std::size_t a = 0; a < n; ++a)
        v[a] = w[a] / norm;
    }
    std::vector<double> p(t.frames, 0);
    if (c == 0) first = lambda;
    if (lambda > kNegligibleVariance * first) {
      for (std::size_t f = 0; f < t.frames; ++f)
        for (std::size_t d = 0; d < n; ++d)
          p[f] += (t.values[f * n + d] - mean[d]) * v[d];
      for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
          cov[a * n + b] -= lambda * v[a] * v[b];
    }
    out.push_back(std::move(p));
  }
  return out;
}

Period dominant_period(const std::vector<std::vector<double>>& signals, std::size_t min_lag,
                       std::size_t max_lag) {
  PODIUM_ASSERT(!signals.empty() && min_lag >= 1);
  const std::size_t n = signals.front().size();
  max_lag = std::min(max_lag, n - 1);
  if (max_lag <= min_lag) return {};
  std::vector<std::vector<double>> centred;
  std::vector<double> energy(n + 1, 0);  // prefix sums of the summed squares
  for (const auto& s : signals) {
    double mean = 0;
    for (double v : s)
      mean += v / static_cast<double>(n);
    std::vector<double> c(n);
    for (std::size_t i = 0; i < n; ++i)
      c[i] = s[i] - mean;
    centred.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < n; ++i) {
    double e = 0;
    for (const auto& c : centred)
      e += c[i] * c[i];
    energy[i + 1] = energy[i] + e;
  }
  std::vector<double> r(max_lag + 2, 0);
  for (std::size_t lag = 1; lag <= std::min(max_lag + 1, n - 1); ++lag) {
    double sum = 0;
    for (const auto& c : centred)
      for (std::size_t i = 0; i + lag < n; ++i)
        sum += c[i] * c[i + lag];
    const double head = energy[n - lag] - energy[0];
    const double tail = energy[n] - energy[lag];
    r[lag] = head > 0 && tail > 0 ? sum / std::sqrt(head * tail) : 0;
  }
  std::vector<std::size_t> peaks;
  double lowest = r[1], best = 0;
  for (std::size_t lag = 2; lag <= max_lag; ++lag) {
    lowest = std::min(lowest, r[lag - 1]);
    // The longest lag counts as a peak when the autocorrelation still rises there: a clip of
    // two repetitions has its period near half its length.
    const bool peak = r[lag] >= r[lag - 1] && (r[lag] > r[lag + 1] || lag == max_lag);
    if (lag < min_lag || !peak || r[lag] - lowest < kPeriodPeakRise) continue;
    peaks.push_back(lag);
    best = std::max(best, r[lag]);
  }
  for (std::size_t lag : peaks)
    if (r[lag] >= kPeriodShareOfBest * best)
      return {.frames = lag, .periodicity = std::clamp(r[lag], 0.0, 1.0)};
  return {};
}

}  // namespace podium::action
