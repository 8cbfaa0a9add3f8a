// compute_metrics: the summary values and the assembly of the power, heart-rate and course
// metrics (metrics_power.cpp, metrics_hr.cpp, metrics_efforts.cpp).
#include <algorithm>
#include <cmath>

#include "metrics_parts.hpp"
#include "podium/sensor/metrics.hpp"
#include "podium/sensor/mmp.hpp"

namespace podium::sensor {
namespace {

constexpr double kMovingSpeedMps = 0.5;        // below: standing (GPS drift, track stands)
constexpr double kElevationHysteresisM = 3.0;  // GoldenCheetah's default elevation hysteresis
// GoldenCheetah skips mean-maximal power for rides longer than 2 days (RideFileCache).
constexpr std::int32_t kMaxMmpSeconds = 2 * 24 * 3600;
constexpr double kBestEffortDistancesM[] = {400, 1000, 1609.344, 5000, 10000, 21097.5, 42195};
constexpr std::int32_t kBestPowerDurationsS[] = {5, 60, 300, 1200, 3600};
constexpr std::size_t kBestPowerCurveS = 3600;  // the longest of them

struct Stats {
  double sum = 0;
  double max = kMissing;
  std::size_t n = 0;
  double mean() const { return n ? sum / static_cast<double>(n) : kMissing; }
};

// Mean and maximum of the samples `keep` accepts (NaN never reaches it).
template <typename Keep>
Stats stats(const std::vector<double>& v, Keep keep) {
  Stats s;
  for (double x : v) {
    if (std::isnan(x) || !keep(x)) continue;
    s.sum += x;
    s.max = s.n ? std::max(s.max, x) : x;
    ++s.n;
  }
  return s;
}

bool all_values(double) {
  return true;
}
bool positive(double x) {
  return x > 0;
}

std::vector<bool> moving_samples(const Series& s) {
  const bool has_speed = detail::any_finite(s.speed_mps);
  std::vector<bool> moving(s.size());
  for (std::size_t i = 0; i < s.size(); ++i)
    moving[i] =
        has_speed ? s.speed_mps[i] > kMovingSpeedMps : s.cadence_rpm[i] > 0 || s.power_w[i] > 0;
  return moving;
}

double distance(const Series& s) {
  const auto [first, last] = detail::first_last_finite(s.distance_m);
  if (std::isfinite(first)) return last - first;
  const Stats speed = stats(s.speed_mps, all_values);
  return speed.n ? speed.sum : kMissing;
}

std::vector<double> scaled(const std::vector<double>& fractions, double base) {
  std::vector<double> out;
  out.reserve(fractions.size());
  for (double f : fractions)
    out.push_back(f * base);
  return out;
}

PowerMetrics power_metrics(const Series& s, const Thresholds& t) {
  PowerMetrics p;
  const double n = static_cast<double>(s.size());
  const Stats all = stats(s.power_w, all_values);
  p.ftp_w = t.ftp_w;
  p.avg_w = all.mean();
  p.avg_nonzero_w = stats(s.power_w, positive).mean();
  p.max_w = all.max;
  p.work_kj = all.sum / 1000.0;
  p.np_gc_w = detail::np_gc(s.power_w);
  p.np_coggan_w = detail::np_coggan(s.power_w);
  p.xpower_w = detail::xpower_gc(s.secs, s.power_w);
  p.if_gc = p.np_gc_w / t.ftp_w;
  p.tss_gc = detail::training_stress(n, p.np_gc_w, t.ftp_w);
  p.if_coggan = p.np_coggan_w / t.ftp_w;
  p.tss_coggan = detail::training_stress(n, p.np_coggan_w, t.ftp_w);
  p.xpower_tss = detail::training_stress(n, p.xpower_w, t.ftp_w);
  p.vi = p.avg_w > 0 ? p.np_gc_w / p.avg_w : kMissing;
  p.zones = detail::zone_times(s.power_w, scaled(t.power_zones, t.ftp_w), false);
  return p;
}

std::optional<HeartRateMetrics> heart_rate_metrics(const Series& s, const Thresholds& t) {
  const std::optional<detail::Trimp> trimp = detail::trimp(s.heart_rate_bpm, s.size(), t);
  if (!trimp) return std::nullopt;
  const Stats hr = stats(s.heart_rate_bpm, positive);
  HeartRateMetrics h;
  h.avg_bpm = hr.mean();
  h.max_bpm = hr.max;
  h.samples_with_hr = hr.n;
  h.trimp_banister_gc = trimp->banister_gc;
  h.trimp_banister_integrated = trimp->banister_integrated;
  h.trimp_edwards = trimp->edwards;
  h.zones = detail::zone_times(s.heart_rate_bpm, scaled(t.hr_zones, t.hr_max_bpm), true);
  return h;
}

std::vector<BestPower> best_power(const Series& s) {
  if (!s.has_power || s.secs.empty() || s.secs.back() > kMaxMmpSeconds) return {};
  const std::vector<std::int32_t> grid = zero_filled_power(s);
  const MmpCurve curve = mean_max_power(grid, kBestPowerCurveS);
  std::vector<BestPower> out;
  for (std::int32_t d : kBestPowerDurationsS) {
    const auto i = static_cast<std::size_t>(d);
    if (i < curve.watts.size()) out.push_back({d, curve.watts[i], curve.start_s[i]});
  }
  return out;
}

}  // namespace

ActivityMetrics compute_metrics(const Series& s, const Thresholds& t) {
  validate(t);
  ActivityMetrics m;
  m.samples = s.size();
  if (s.secs.empty()) return m;
  m.duration_s = static_cast<double>(s.size());
  m.elapsed_s = s.secs.back() + 1.0;
  const std::vector<bool> moving = moving_samples(s);
  m.moving_s = static_cast<double>(std::count(moving.begin(), moving.end(), true));
  m.distance_m = distance(s);
  m.elevation_gain_m = detail::elevation_gain(s.altitude_m, kElevationHysteresisM);
  if (m.moving_s > 0) m.avg_speed_mps = m.distance_m / m.moving_s;
  m.max_speed_mps = stats(s.speed_mps, all_values).max;
  const Stats cadence = stats(s.cadence_rpm, positive);
  m.avg_cadence_rpm = cadence.mean();
  m.max_cadence_rpm = cadence.max;
  m.avg_temperature_c = stats(s.temperature_c, all_values).mean();

  if (s.has_power) m.power = power_metrics(s, t);
  m.heart_rate = heart_rate_metrics(s, t);
  if (m.power && m.heart_rate && m.heart_rate->avg_bpm > 0)
    m.efficiency_factor = m.power->np_gc_w / m.heart_rate->avg_bpm;
  m.decoupling = detail::decoupling(s, moving);
  m.best_efforts = detail::best_efforts(s.secs, s.distance_m, kBestEffortDistancesM);
  m.best_power = best_power(s);
  m.pacing = detail::pacing_profile(s);
  return m;
}

}  // namespace podium::sensor
