// Seeded synthetic activities for the store tests and the crash child: the same index always
// gives the same record, so a test can rebuild what a killed child was importing and compare.
// Channel values are whole multiples of their scale, so they read back exactly.
#pragma once

#include <cmath>
#include <cstddef>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "podium/core/sha256.hpp"
#include "podium/store/rows.hpp"

namespace podium::store::testkit {

inline constexpr double kSyntheticStartUtcS = 1.7e9;  // 2023-11-14
inline constexpr int kSyntheticChannels = 5;
inline constexpr int kSyntheticMetrics = 4;

inline std::string synthetic_sha256(int index) {
  const std::string label = "synthetic activity " + std::to_string(index);
  return sha256_hex(std::as_bytes(std::span(label.data(), label.size())));
}

inline ActivityRecord synthetic_activity(const std::string& athlete, int index,
                                         std::size_t samples) {
  std::mt19937_64 rng(1000 + index);
  std::uniform_int_distribution<int> watts(0, 600);
  std::uniform_int_distribution<int> drift(-2, 2);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  ActivityRecord r;
  r.athlete_id = athlete;
  r.content_sha256 = synthetic_sha256(index);
  r.file_name = "ride-" + std::to_string(index) + ".fit";
  r.format = "fit";
  r.sport = index % 3 == 0 ? "running" : "cycling";
  r.start_utc_s = kSyntheticStartUtcS + index * 0.7 * 86400.0;  // some days hold two
  r.device = "garmin edge_530";
  r.samples = static_cast<std::int64_t>(samples);
  if (index % 4 == 0) r.warnings = {"byte 1234: record truncated", "byte 99: bad CRC"};
  r.summary_json = "{\"index\":" + std::to_string(index) + "}";

  std::vector<double> power(samples), hr(samples), speed(samples), lat(samples), alt(samples);
  long long hr_q = 120, lat_q = 475000000, alt_q = 50000;
  for (std::size_t i = 0; i < samples; ++i) {
    power[i] = u(rng) < 0.02 ? std::nan("") : watts(rng);
    hr_q += drift(rng);
    hr[i] = static_cast<double>(hr_q);
    speed[i] = static_cast<double>(8000 + 50 * drift(rng)) * 0.001;
    lat_q += 30 + drift(rng);
    lat[i] = static_cast<double>(lat_q) * 1e-7;
    alt_q += drift(rng);
    alt[i] = static_cast<double>(alt_q) * 0.01;
  }
  r.channels = {{"power_w", 1.0, power},
                {"heart_rate_bpm", 1.0, hr},
                {"speed_mps", 0.001, speed},
                {"lat_deg", 1e-7, lat},
                {"altitude_m", 0.01, alt}};
  // Stored sorted by name (the order the store reads them back in).
  r.metrics = {{"best_300s_w", 300.0 + index},
               {"duration_s", static_cast<double>(samples)},
               {"np_gc_w", 250.5 + index},
               {"tss_gc", 40.0 + 0.25 * index}};
  r.mmp_w.resize(std::min<std::size_t>(samples, 3600));
  for (std::size_t i = 0; i < r.mmp_w.size(); ++i)
    r.mmp_w[i] = static_cast<double>(100000 - 2 * static_cast<long long>(i)) * 0.01;
  return r;
}

}  // namespace podium::store::testkit
