// Power metrics: NP in GoldenCheetah's and Coggan's conventions, xPower, TSS, zone times.
#include <cmath>
#include <cstddef>

#include "metrics_parts.hpp"

namespace podium::sensor::detail {
namespace {

constexpr std::size_t kNpWindowSamples = 30;
constexpr double kXPowerAttenuation = 25.0 / 26.0;  // 25 s time constant on 1 s samples
constexpr double kXPowerWeight = 1.0 / 26.0;
constexpr double kXPowerDecayFloorW = 0.1;  // below it the EWMA stops being carried over gaps

double pow4(double x) {
  const double x2 = x * x;
  return x2 * x2;
}

}  // namespace

double np_gc(std::span<const double> power_w) {
  if (power_w.empty()) return kMissing;
  double ring[kNpWindowSamples] = {};
  std::size_t idx = 0;
  double sum = 0;
  double total = 0;
  for (double w : power_w) {
    sum += w - ring[idx];
    ring[idx] = w;
    total += pow4(sum / kNpWindowSamples);
    idx = (idx + 1) % kNpWindowSamples;
  }
  return std::pow(total / static_cast<double>(power_w.size()), 0.25);
}

double np_coggan(std::span<const double> power_w) {
  if (power_w.size() < kNpWindowSamples) return kMissing;
  double sum = 0;
  double total = 0;
  std::size_t windows = 0;
  for (std::size_t i = 0; i < power_w.size(); ++i) {
    sum += power_w[i];
    if (i >= kNpWindowSamples) sum -= power_w[i - kNpWindowSamples];
    if (i + 1 >= kNpWindowSamples) {
      total += pow4(sum / kNpWindowSamples);
      ++windows;
    }
  }
  return std::pow(total / static_cast<double>(windows), 0.25);
}

double xpower_gc(std::span<const std::int32_t> secs, std::span<const double> power_w) {
  if (power_w.empty()) return kMissing;
  double last = 0;
  double weighted = 0;
  double total = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < power_w.size(); ++i) {
    // The 0.1 s slack is GoldenCheetah's guard against fractional recording intervals.
    while (weighted > kXPowerDecayFloorW && secs[i] > last + 1.1) {
      weighted *= kXPowerAttenuation;
      last += 1;
      total += pow4(weighted);
      ++n;
    }
    weighted = weighted * kXPowerAttenuation + kXPowerWeight * power_w[i];
    last = secs[i];
    total += pow4(weighted);
    ++n;
  }
  return std::pow(total / static_cast<double>(n), 0.25);
}

double training_stress(double samples, double np_w, double ftp_w) {
  return samples * np_w * (np_w / ftp_w) / (ftp_w * 3600.0) * 100.0;
}

ZoneTimes zone_times(std::span<const double> values, const std::vector<double>& lower,
                     bool skip_zero) {
  ZoneTimes z;
  z.lower = lower;
  z.seconds.assign(lower.size(), 0.0);
  for (double v : values) {
    if (std::isnan(v) || (skip_zero && v == 0)) continue;
    if (lower.empty() || v < lower.front()) {
      z.below_s += 1;
      continue;
    }
    std::size_t zone = lower.size() - 1;
    while (v < lower[zone])
      --zone;  // terminates: v >= lower[0]
    z.seconds[zone] += 1;
  }
  return z;
}

}  // namespace podium::sensor::detail
