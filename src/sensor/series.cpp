// clean() and zero_filled_power(): GoldenCheetah's FIT import series (FitRideFile.cpp smart
// recording) and its MeanMaxComputer grid, matched sample for sample with the reference tool
// (shared/tools/activity-ref/ref.mjs gcSeries / zeroGrid).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/sensor/series.hpp"

namespace podium::sensor {
namespace {

// One fixed channel: where it comes from, where it goes, and whether absence means 0 (power and
// heart rate, as in GoldenCheetah's RideFilePoint) or NaN.
struct ChannelMap {
  double Record::*field;
  std::vector<double> Series::*out;
  bool absent_is_zero;
};

constexpr ChannelMap kChannels[] = {
    {&Record::power_w, &Series::power_w, true},
    {&Record::heart_rate_bpm, &Series::heart_rate_bpm, true},
    {&Record::cadence_rpm, &Series::cadence_rpm, false},
    {&Record::speed_mps, &Series::speed_mps, false},
    {&Record::distance_m, &Series::distance_m, false},
    {&Record::altitude_m, &Series::altitude_m, false},
    {&Record::lat_deg, &Series::lat_deg, false},
    {&Record::lon_deg, &Series::lon_deg, false},
    {&Record::temperature_c, &Series::temperature_c, false},
};

// JavaScript's Math.round (ties toward +infinity), which the reference uses: secs must agree with
// it on every sample, including the half-second jitter of some GPX files.
double round_half_up(double x) {
  return std::floor(x + 0.5);
}

// An infinite value is no reading either: it would poison every sum and EWMA downstream.
double channel_value(const Record& record, const ChannelMap& channel) {
  const double v = record.*(channel.field);
  if (std::isfinite(v)) return v;
  return channel.absent_is_zero ? 0.0 : kMissing;
}

// NaN at either end gives NaN, so a channel only appears between two samples that both carry it.
double lerp(double a, double b, double f) {
  return a + (b - a) * f;
}

// Rounded watts. Negative power (only a text file can carry it) is no effort, so 0 W, as mmp.hpp
// expects; an absurd value must not overflow the int conversion.
std::int32_t to_grid_watts(double w) {
  constexpr double kLimit = std::numeric_limits<std::int32_t>::max();
  if (!std::isfinite(w)) return 0;
  return static_cast<std::int32_t>(std::clamp(round_half_up(w), 0.0, kLimit));
}

void push_sample(Series& s, std::int32_t secs, std::uint8_t flags) {
  s.secs.push_back(secs);
  s.flags.push_back(flags);
}

void flag_spikes(Series& s, const CleanOptions& options) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.power_w[i] > options.max_power_w) {
      s.flags[i] |= kSamplePowerSpike;
      ++s.power_spikes;
    }
    const double hr = s.heart_rate_bpm[i];
    if (hr != 0 && (hr < options.min_heart_rate_bpm || hr > options.max_heart_rate_bpm)) {
      s.flags[i] |= kSampleHeartRateSpike;
      ++s.heart_rate_spikes;
    }
  }
}

}  // namespace

Series clean(const Activity& activity, const CleanOptions& options) {
  Series s;
  for (const NamedChannel& d : activity.developer)
    s.developer.push_back({d.name, d.units, {}});
  for (const Record& r : activity.records) {
    s.has_power = s.has_power || std::isfinite(r.power_w);
    s.has_heart_rate = s.has_heart_rate || std::isfinite(r.heart_rate_bpm);
  }

  auto developer_value = [&](std::size_t channel, std::size_t record) {
    const std::vector<double>& v = activity.developer[channel].values;
    return record < v.size() ? v[record] : kMissing;
  };

  double last_time = -std::numeric_limits<double>::infinity();
  std::size_t prev = 0;  // record index of the last kept (non-interpolated) sample
  for (std::size_t k = 0; k < activity.records.size(); ++k) {
    const Record& r = activity.records[k];
    if (!std::isfinite(r.time_utc_s) || r.time_utc_s <= last_time) {
      ++s.dropped_records;
      continue;
    }
    last_time = r.time_utc_s;
    if (s.secs.empty()) s.start_utc_s = r.time_utc_s;
    const double offset = round_half_up(r.time_utc_s - s.start_utc_s);
    if (offset > std::numeric_limits<std::int32_t>::max()) {
      // Past 68 years from the first record: only a corrupt timestamp gets here.
      ++s.dropped_records;
      continue;
    }
    const auto secs = static_cast<std::int32_t>(offset);
    if (!s.secs.empty()) {
      const std::int32_t from = s.secs.back();
      const std::int32_t d = secs - from;
      if (d <= 0) {  // two records within one rounded second: the first one wins
        ++s.dropped_records;
        continue;
      }
      if (d > 1 && d < options.max_interpolate_gap_s) {
        const Record& a = activity.records[prev];
        for (std::int32_t i = 1; i < d; ++i) {
          const double f = static_cast<double>(i) / d;
          push_sample(s, from + i, kSampleInterpolated);
          for (const ChannelMap& c : kChannels)
            (s.*(c.out)).push_back(lerp(channel_value(a, c), channel_value(r, c), f));
          for (std::size_t j = 0; j < s.developer.size(); ++j)
            s.developer[j].values.push_back(
                lerp(developer_value(j, prev), developer_value(j, k), f));
        }
        s.interpolated += static_cast<std::size_t>(d - 1);
      } else if (d > 1) {
        s.gaps.push_back({from, d});
      }
    }
    push_sample(s, secs, 0);
    for (const ChannelMap& c : kChannels)
      (s.*(c.out)).push_back(channel_value(r, c));
    for (std::size_t j = 0; j < s.developer.size(); ++j)
      s.developer[j].values.push_back(developer_value(j, k));
    prev = k;
  }
  flag_spikes(s, options);
  return s;
}

std::vector<std::int32_t> zero_filled_power(const Series& series) {
  if (series.secs.empty()) return {};
  const std::int64_t last = series.secs.back();
  if (last > static_cast<std::int64_t>(limits::kActivitySeconds))
    throw Error(ErrorKind::InvalidInput, "series spans " + std::to_string(last) +
                                             " s: the zero-filled power grid is limited to " +
                                             std::to_string(limits::kActivitySeconds) +
                                             " s (31 days)");
  std::vector<std::int32_t> grid(static_cast<std::size_t>(last) + 1, 0);
  for (std::size_t i = 0; i < series.size(); ++i)
    grid[static_cast<std::size_t>(series.secs[i])] = to_grid_watts(series.power_w[i]);
  return grid;
}

}  // namespace podium::sensor
