// Metrics over the course of an activity: elevation gain, best efforts by distance, Pw:HR
// decoupling and the pacing profile by quarters.
#include <algorithm>
#include <cmath>
#include <limits>

#include "metrics_parts.hpp"

namespace podium::sensor::detail {
namespace {

struct Accumulator {
  double sum = 0;
  std::size_t n = 0;
  void add(double v) {
    sum += v;
    ++n;
  }
  double mean() const { return n ? sum / static_cast<double>(n) : kMissing; }
};

}  // namespace

bool any_finite(std::span<const double> v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

std::pair<double, double> first_last_finite(std::span<const double> values) {
  double first = kMissing;
  double last = kMissing;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (std::isnan(first)) first = v;
    last = v;
  }
  return {first, last};
}

double elevation_gain(std::span<const double> altitude_m, double hysteresis_m) {
  double gain = 0;
  double reference = kMissing;
  for (double a : altitude_m) {
    if (std::isnan(a)) continue;
    if (std::isnan(reference)) {
      reference = a;
    } else if (a > reference + hysteresis_m) {
      gain += a - reference;
      reference = a;
    } else if (a < reference - hysteresis_m) {
      reference = a;
    }
  }
  return std::isnan(reference) ? kMissing : gain;
}

std::vector<BestEffort> best_efforts(std::span<const std::int32_t> secs,
                                     std::span<const double> distance_m,
                                     std::span<const double> distances_m) {
  // The samples that carry a distance, made non-decreasing: a GPS-derived distance that steps
  // back would otherwise let a window "cover" ground twice.
  std::vector<double> t;
  std::vector<double> d;
  for (std::size_t i = 0; i < secs.size(); ++i) {
    if (!std::isfinite(distance_m[i])) continue;
    t.push_back(secs[i]);
    d.push_back(d.empty() ? distance_m[i] : std::max(d.back(), distance_m[i]));
  }
  std::vector<BestEffort> out;
  for (double target : distances_m) {
    if (d.size() < 2 || d.back() - d.front() < target) continue;
    BestEffort best{target, std::numeric_limits<double>::infinity(), kMissing};
    std::size_t i = 0;
    for (std::size_t j = 1; j < d.size(); ++j) {
      if (d[j] - d.front() < target) continue;
      while (i + 1 < j && d[j] - d[i + 1] >= target)
        ++i;
      // d[i] <= d[j] - target < d[i + 1]: the start lies in (i, i + 1], found by interpolation.
      const double at = d[j] - target;
      const double start = t[i] + (at - d[i]) / (d[i + 1] - d[i]) * (t[i + 1] - t[i]);
      if (t[j] - start < best.time_s) {
        best.time_s = t[j] - start;
        best.start_s = start;
      }
    }
    out.push_back(best);
  }
  return out;
}

std::optional<Decoupling> decoupling(const Series& s, const std::vector<bool>& moving) {
  const bool use_power = s.has_power && std::any_of(s.power_w.begin(), s.power_w.end(),
                                                    [](double w) { return w > 0; });
  if (!use_power && !any_finite(s.speed_mps)) return std::nullopt;
  const std::vector<double>& work = use_power ? s.power_w : s.speed_mps;
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (moving[i] && s.heart_rate_bpm[i] > 0 && std::isfinite(work[i])) idx.push_back(i);
  if (idx.size() < 2) return std::nullopt;
  auto ratio = [&](std::size_t from, std::size_t to) {
    Accumulator x;
    Accumulator hr;
    for (std::size_t k = from; k < to; ++k) {
      x.add(work[idx[k]]);
      hr.add(s.heart_rate_bpm[idx[k]]);
    }
    return x.mean() / hr.mean();
  };
  Decoupling out;
  out.basis = use_power ? "power" : "speed";
  out.first_half_ratio = ratio(0, idx.size() / 2);
  out.second_half_ratio = ratio(idx.size() / 2, idx.size());
  if (out.first_half_ratio > 0)
    out.percent = (out.first_half_ratio - out.second_half_ratio) / out.first_half_ratio * 100.0;
  return out;
}

PacingProfile pacing_profile(const Series& s) {
  PacingProfile out;
  const auto [first, last] = first_last_finite(s.distance_m);
  const bool by_distance = std::isfinite(first) && last > first;
  out.basis = by_distance ? "distance" : "time";
  const double span = by_distance ? last - first : (s.secs.empty() ? 1.0 : s.secs.back() + 1.0);

  std::array<Accumulator, 4> power{}, speed{}, hr{};
  double position = by_distance ? first : 0.0;  // carried over samples without a distance
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (by_distance) {
      if (std::isfinite(s.distance_m[i])) position = s.distance_m[i];
    } else {
      position = s.secs[i];
    }
    const double fraction = (position - (by_distance ? first : 0.0)) / span;
    const auto q = static_cast<std::size_t>(std::clamp(std::floor(fraction * 4), 0.0, 3.0));
    if (s.has_power) power[q].add(s.power_w[i]);
    if (std::isfinite(s.speed_mps[i])) speed[q].add(s.speed_mps[i]);
    if (s.heart_rate_bpm[i] > 0) hr[q].add(s.heart_rate_bpm[i]);
    ++out.quarters[q].samples;
  }
  for (std::size_t q = 0; q < 4; ++q) {
    out.quarters[q].power_w = power[q].mean();
    out.quarters[q].speed_mps = speed[q].mean();
    out.quarters[q].heart_rate_bpm = hr[q].mean();
  }
  return out;
}

}  // namespace podium::sensor::detail
