// The pure building blocks compute_metrics (metrics.hpp) assembles, exposed for their own tests.
// Inputs are the Series channels (one value per sample = one second); NaN means "not applicable".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "podium/sensor/athlete.hpp"
#include "podium/sensor/metrics.hpp"

namespace podium::sensor::detail {

bool any_finite(std::span<const double> values);

// The first and last finite values (NaN, NaN when there is none): a cumulative channel's span.
std::pair<double, double> first_last_finite(std::span<const double> values);

// GoldenCheetah IsoPower (Coggan.cpp): 30-sample ring buffer starting at zero; NaN when empty.
double np_gc(std::span<const double> power_w);

// Coggan / TrainingPeaks: mean of the 4th powers of full 30-sample rolling means; NaN under 30.
double np_coggan(std::span<const double> power_w);

// GoldenCheetah BikeScore XPower: w <- w 25/26 + P/26 per sample; over a gap the EWMA keeps
// decaying one step per missing second while w > 0.1 W, and those values count too.
double xpower_gc(std::span<const std::int32_t> secs, std::span<const double> power_w);

// samples x np x (np / ftp) / (ftp x 3600) x 100.
double training_stress(double samples, double np_w, double ftp_w);

struct Trimp {
  double banister_gc = 0;
  double banister_integrated = 0;
  double edwards = 0;
};

// Banister (GoldenCheetah session-average and per-second forms) and Edwards, from the heart rate
// channel (0 = absent); `samples` is the session length the GoldenCheetah form multiplies by.
// nullopt when no sample has a heart rate.
std::optional<Trimp> trimp(std::span<const double> heart_rate_bpm, std::size_t samples,
                           const Thresholds& thresholds);

// Seconds per zone (metrics.hpp ZoneTimes); `skip_zero` drops samples of exactly 0 (no reading).
ZoneTimes zone_times(std::span<const double> values, const std::vector<double>& lower,
                     bool skip_zero);

// Climbs counted when the altitude rises more than `hysteresis_m` above the last reference point;
// a fall of more than hysteresis_m moves the reference down. NaN samples are skipped; NaN when
// no sample has an altitude.
double elevation_gain(std::span<const double> altitude_m, double hysteresis_m);

// Fastest time over each distance (metrics.hpp BestEffort) the cumulative distance covers.
std::vector<BestEffort> best_efforts(std::span<const std::int32_t> secs,
                                     std::span<const double> distance_m,
                                     std::span<const double> distances_m);

// Pw:HR or speed:HR decoupling over the samples where moving[i] and heart rate > 0.
std::optional<Decoupling> decoupling(const Series& series, const std::vector<bool>& moving);

// Quarters by distance when the series has a distance, else by time.
PacingProfile pacing_profile(const Series& series);

}  // namespace podium::sensor::detail
