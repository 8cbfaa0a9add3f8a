// Per-activity training metrics from the cleaned 1 Hz series (series.hpp): durations, distance,
// elevation, averages, NP (two conventions), xPower, IF, TSS, VI, EF, Pw:HR decoupling, TRIMP,
// zones, best efforts and a pacing profile. Formulas and conventions: docs/metrics.md.
//
// Contract: `compute_metrics` is pure (no I/O) and deterministic; it validates the thresholds
// first (Error(InvalidInput), athlete.hpp) and otherwise never throws. One sample = one second
// (GoldenCheetah: metrics sum samples x 1 s, so gaps left by clean() count for nothing). A value
// that does not apply is NaN (JSON null) — e.g. np_coggan_w under 30 samples — and a whole section
// is std::nullopt when its channel is absent: `power` when no record carries power, `heart_rate`
// when no sample has a heart rate above 0. Power, heart rate in bpm, speed in m/s, distance and
// altitude in m, time in s, work in kJ, temperature in deg C; IF and VI are ratios.
//
//   ActivityMetrics m = compute_metrics(clean(activity, {}), thresholds);
//   std::cout << format_metrics(m);  // or to_json(m).dump(1)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "podium/sensor/athlete.hpp"
#include "podium/sensor/series.hpp"

namespace podium::sensor {

// Seconds (= samples) per zone. Zone i holds values in [lower[i], lower[i + 1]), the last zone is
// open-ended; values below lower[0] count in below_s. Power zones take every sample, so 0 W
// (coasting, dropouts) lands in zone 1 with the default bounds; heart-rate zones skip samples
// without a heart rate (0 bpm).
struct ZoneTimes {
  std::vector<double> lower;  // absolute bounds: W for power, bpm for heart rate
  std::vector<double> seconds;
  double below_s = 0;
};

struct PowerMetrics {
  double ftp_w = kMissing;          // the FTP IF and TSS use (Thresholds::ftp_w)
  double avg_w = kMissing;          // every sample, zeros included (GoldenCheetah average_power)
  double avg_nonzero_w = kMissing;  // samples above 0 W
  double max_w = kMissing;
  double work_kj = kMissing;      // sum of samples x 1 s
  double np_gc_w = kMissing;      // GoldenCheetah IsoPower: 29 partial windows / 30 included
  double np_coggan_w = kMissing;  // Coggan / TrainingPeaks: full 30 s windows only
  double xpower_w = kMissing;     // GoldenCheetah BikeScore xPower: 25 s EWMA, decays over gaps
  double if_gc = kMissing;        // np_gc_w / ftp_w
  double tss_gc = kMissing;       // samples x NP x IF / (FTP x 3600) x 100, NP = np_gc_w
  double if_coggan = kMissing;    // np_coggan_w / ftp_w
  double tss_coggan = kMissing;   // as tss_gc with np_coggan_w
  double xpower_tss = kMissing;   // BikeScore-style: as tss_gc with xpower_w
  double vi = kMissing;           // variability index np_gc_w / avg_w
  ZoneTimes zones;                // Thresholds::power_zones x ftp_w
};

struct HeartRateMetrics {
  double avg_bpm = kMissing;  // samples above 0 bpm (GoldenCheetah average_hr)
  double max_bpm = kMissing;
  std::size_t samples_with_hr = 0;
  // Banister, GoldenCheetah TRIMPPoints: once on the session average, minutes = samples / 60,
  // 0.64 e^(b HRr) for both sexes (b = 1.92 men, 1.67 women), 0 when the average is below rest.
  double trimp_banister_gc = kMissing;
  // Banister per second, summed: HRr clamped at 0, a = 0.64 men / 0.86 women.
  double trimp_banister_integrated = kMissing;
  // Edwards: minutes in 50-60..90-100 % of HRmax weighted 1..5.
  double trimp_edwards = kMissing;
  ZoneTimes zones;  // Thresholds::hr_zones x hr_max_bpm
};

// Pw:HR (or speed:HR for activities without power) over the moving samples that have a heart
// rate, split by count into a first and a second half.
struct Decoupling {
  std::string basis;                   // "power" or "speed"
  double first_half_ratio = kMissing;  // mean power (W) or speed (m/s) / mean heart rate (bpm)
  double second_half_ratio = kMissing;
  double percent = kMissing;  // (first - second) / first x 100; positive = heart rate drifted up
};

// Fastest time over a distance, ending on a sample and starting at the interpolated point where
// the cumulative distance is exactly `distance_m` shorter. Wall time: a pause inside counts.
struct BestEffort {
  double distance_m = 0;
  double time_s = kMissing;
  double start_s = kMissing;  // secs of the start (fractional: interpolated)
};

// Best mean power over a duration on the zero-filled grid (mmp.hpp), earliest window.
struct BestPower {
  std::int32_t duration_s = 0;
  double watts = 0;
  std::int32_t start_s = 0;
};

struct PacingQuarter {
  double power_w = kMissing;         // mean incl. zeros; NaN without power
  double speed_mps = kMissing;       // mean of samples with a speed
  double heart_rate_bpm = kMissing;  // mean of samples above 0 bpm
  std::size_t samples = 0;
};

// Quarters of the total distance when the activity has one ("distance"), else quarters of the
// time from secs 0 to the last sample ("time").
struct PacingProfile {
  std::string basis;
  std::array<PacingQuarter, 4> quarters{};
};

struct ActivityMetrics {
  std::size_t samples = 0;
  double duration_s = 0;  // samples x 1 s (GoldenCheetah), gaps excluded
  double elapsed_s = 0;   // last secs + 1: first to last sample, gaps included
  // Samples moving: speed > 0.5 m/s when the series has any speed, else cadence > 0 or power > 0.
  double moving_s = 0;
  double distance_m = kMissing;        // last - first cumulative distance, else sum of speed x 1 s
  double elevation_gain_m = kMissing;  // climbs counted past a 3 m hysteresis (docs/metrics.md)
  double avg_speed_mps = kMissing;     // distance_m / moving_s
  double max_speed_mps = kMissing;
  double avg_cadence_rpm = kMissing;  // samples above 0
  double max_cadence_rpm = kMissing;
  double avg_temperature_c = kMissing;
  double efficiency_factor = kMissing;  // np_gc_w / heart_rate avg_bpm (power and HR needed)
  std::optional<PowerMetrics> power;
  std::optional<HeartRateMetrics> heart_rate;
  std::optional<Decoupling> decoupling;
  std::vector<BestEffort> best_efforts;  // 400 m .. marathon, those the activity covers
  std::vector<BestPower> best_power;     // 5 s, 1, 5, 20, 60 min, those the activity covers
  std::optional<PacingProfile> pacing;   // absent for an empty series
};

ActivityMetrics compute_metrics(const Series& series, const Thresholds& thresholds);

// Stable snake_case keys with units in the names; NaN -> null; absent sections -> null.
nlohmann::json to_json(const ActivityMetrics& metrics);

// A human-readable table for the terminal, one metric per line.
std::string format_metrics(const ActivityMetrics& metrics);

}  // namespace podium::sensor
