// The thin adapter between sensor types and the store's rows (the store includes no sensor
// header and sensor no store header). One table of channel names and quanta, one of metric names,
// and one of settings fields drive both directions, so the two sides cannot drift apart.
//
// Contract: a row keeps the series' 1 Hz channels quantised to each channel's quantum (secs 1 s,
// power and heart rate 0.1, cadence 0.1 rpm, speed 0.001 m/s, distance and altitude 0.01 m,
// lat/lon 1e-7 deg, temperature 0.1 C); a channel with no finite sample, and power or heart rate
// the file did not carry, are left out. Back from a row, a missing power or heart rate is all 0
// with has_power / has_heart_rate false, any other missing channel all NaN. Metrics: the finite
// ones of the table below (their names are what `podium load --metric/--marker` take).
//
//   store::ActivityRecord r = to_store_record(file, activity, analysis, "A0001");
//   sensor::Series s = series_from_store(*st.activity(id, true));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "podium/sensor/activity.hpp"
#include "podium/sensor/analysis.hpp"
#include "podium/sensor/athlete.hpp"
#include "podium/store/rows.hpp"

namespace podium::app {

// A file's name and content hash, as the store keys it.
struct FileIdentity {
  std::string file_name;  // base name: the only part of the path the store keeps
  std::string sha256;     // of the file's bytes as stored on disk
};

// Each reader warning's line, "NAME: byte N: problem" (ReadWarning::text).
std::vector<std::string> warning_lines(const std::string& file_name,
                                       const sensor::Activity& activity);

// summary_json holds sensor::summary_json(activity): what the file said beyond its samples.
store::ActivityRecord to_store_record(const FileIdentity& file, const sensor::Activity& activity,
                                      const sensor::ActivityAnalysis& analysis,
                                      const std::string& athlete);
sensor::Series series_from_store(const store::ActivityRecord& record);

sensor::Thresholds to_thresholds(const store::AthleteSettings& settings);
store::AthleteSettings to_settings(const sensor::Thresholds& thresholds,
                                   std::int32_t effective_from_day);

}  // namespace podium::app
