// Cleaning: an Activity's records -> the 1 Hz series every metric is computed on.
//
// Contract (GoldenCheetah conventions, docs/metrics.md): records without a time and records whose
// time does not increase are dropped; secs = round(t - t0) with t0 the first kept record; a gap of
// d seconds with 1 < d < max_interpolate_gap_s (default 25 s, GoldenCheetah's GarminHWM for smart
// recording) is filled by linear interpolation of every channel; longer gaps stay gaps (no
// samples) and are listed in `gaps`. Power and heart rate a record lacks count as 0 W / 0 bpm
// (GoldenCheetah's RideFilePoint); other channels stay NaN. Spikes (power above max_power_w, heart
// rate outside [min_hr, max_hr]) are flagged, not altered. Every vector has size() == secs.size().
//
//   Series s = clean(activity, {});
//   double work_j = 0; for (double w : s.power_w) work_j += w;
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "podium/sensor/activity.hpp"

namespace podium::sensor {

struct CleanOptions {
  double max_interpolate_gap_s = 25.0;  // gaps d with 1 < d < this are interpolated
  double max_power_w = 2500.0;          // above: flagged as a spike
  double min_heart_rate_bpm = 25.0;     // non-zero below: flagged
  double max_heart_rate_bpm = 250.0;    // above: flagged
};

enum SampleFlag : std::uint8_t {
  kSampleInterpolated = 1,
  kSamplePowerSpike = 2,
  kSampleHeartRateSpike = 4,
};

struct Gap {
  std::int32_t start_secs = 0;  // last sample before the gap
  std::int32_t length_s = 0;    // secs of the next sample minus start_secs
};

struct Series {
  double start_utc_s = kMissing;        // time of secs = 0
  std::vector<std::int32_t> secs;       // strictly increasing, secs[0] == 0
  std::vector<double> power_w;          // 0 where absent
  std::vector<double> heart_rate_bpm;   // 0 where absent
  std::vector<double> cadence_rpm;      // NaN where absent
  std::vector<double> speed_mps;        // NaN where absent
  std::vector<double> distance_m;       // NaN where absent
  std::vector<double> altitude_m;       // NaN where absent
  std::vector<double> lat_deg;          // NaN where absent
  std::vector<double> lon_deg;          // NaN where absent
  std::vector<double> temperature_c;    // NaN where absent
  std::vector<NamedChannel> developer;  // same names as Activity::developer, resampled
  std::vector<std::uint8_t> flags;      // SampleFlag bits
  std::vector<Gap> gaps;
  bool has_power = false;       // some record carries power (even if all 0)
  bool has_heart_rate = false;  // some record carries a heart rate
  std::size_t dropped_records = 0;
  std::size_t interpolated = 0;
  std::size_t power_spikes = 0;
  std::size_t heart_rate_spikes = 0;

  std::size_t size() const { return secs.size(); }
};

Series clean(const Activity& activity, const CleanOptions& options);

// The series laid on a 1 Hz grid from secs 0 to secs.back(), power rounded to integer watts and
// every gap filled with 0 W (GoldenCheetah RideFileCache / WPrime): what MMP, CP and W'bal use.
// Negative power becomes 0 W. Error(InvalidInput) when the series spans more than 31 days (only
// bogus timestamps do that; the grid would take gigabytes).
std::vector<std::int32_t> zero_filled_power(const Series& series);

}  // namespace podium::sensor
