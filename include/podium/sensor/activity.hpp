// The activity model: what a FIT / TCX / GPX reader produces, before any cleaning.
//
// Contract: `records` are the file's samples in file order, exactly as decoded (no resampling, no
// dropping; a value the file does not carry is NaN). Times are absolute UTC seconds since the Unix
// epoch as double (FIT's 1989 epoch and TCX/GPX ISO-8601 times are converted by the readers); a
// record without a time has NaN. Device-computed summaries (`sessions[i].device`) are kept apart
// from anything podium computes. `warnings` lists what a lenient read skipped, each with its place
// (byte offset); a strict read throws instead (see read.hpp). The 1 Hz channels podium computes on
// are made from this by `clean()` (series.hpp).
//
//   Activity a = read_activity(Source::from_file("ride.fit"), {});
//   for (const Record& r : a.records) total += std::isnan(r.power_w) ? 0 : r.power_w;
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "podium/core/error.hpp"

namespace podium::sensor {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

enum class FileFormat { Fit, Tcx, Gpx };
const char* file_format_name(FileFormat format);

// One sample as the file stores it. Units in the names; NaN = absent.
struct Record {
  double time_utc_s = kMissing;
  double power_w = kMissing;
  double heart_rate_bpm = kMissing;
  double cadence_rpm = kMissing;  // running cadence as the file gives it (FIT: strides/min)
  double speed_mps = kMissing;
  double distance_m = kMissing;  // cumulative
  double altitude_m = kMissing;
  double lat_deg = kMissing;
  double lon_deg = kMissing;
  double temperature_c = kMissing;
};

// A developer (FIT) or extension channel podium has no fixed field for, by name. values[i]
// belongs to records[i] (NaN where that record does not carry it).
struct NamedChannel {
  std::string name;
  std::string units;
  std::vector<double> values;
};

// A FIT field_description: what a developer field is, whether or not any record uses it.
struct DeveloperField {
  int developer_data_index = 0;
  int field_number = 0;
  int base_type = 0;
  int native_message = -1;  // -1: not given
  int native_field = -1;    // -1: not given (e.g. Stryd "Power" sets native_field 7 = power)
  std::string name;
  std::string units;
  std::string application_id;  // hex of the developer_data_id application_id, "" if absent
};

// Summary values a device wrote itself (FIT session / lap, TCX Lap). NaN = not written.
struct DeviceSummary {
  double elapsed_s = kMissing;
  double timer_s = kMissing;
  double distance_m = kMissing;
  double work_j = kMissing;
  double calories_kcal = kMissing;
  double avg_power_w = kMissing;
  double max_power_w = kMissing;
  double normalized_power_w = kMissing;
  double training_stress_score = kMissing;
  double intensity_factor = kMissing;
  double threshold_power_w = kMissing;
  double avg_heart_rate_bpm = kMissing;
  double max_heart_rate_bpm = kMissing;
  double avg_cadence_rpm = kMissing;
  double ascent_m = kMissing;
};

struct Session {
  std::string sport;  // lower-case FIT names: "cycling", "running", "swimming", "transition", ...
  std::string sub_sport;  // "" when absent
  double start_utc_s = kMissing;
  DeviceSummary device;
};

struct Lap {
  double start_utc_s = kMissing;
  DeviceSummary device;
};

// Timer stopped from start to end (absolute UTC seconds). From FIT timer events, TCX/GPX never.
struct Pause {
  double start_utc_s = kMissing;
  double end_utc_s = kMissing;
};

struct Device {
  std::string manufacturer;  // FIT manufacturer name ("garmin") or number as text; TCX Creator
  std::string product;       // FIT product name/number as text; TCX Creator/Name; GPX creator
  std::string serial;        // "" when absent
  std::string software;      // "" when absent
};

// Something a lenient read skipped or repaired: where it was found (always a byte offset in the
// decompressed input; line and column too in TCX/GPX; no source, which the caller knows) and what.
struct ReadWarning {
  Place place;
  std::string problem;

  // The warning's one line, composed like an Error's message: "ride.fit: byte 12: what".
  std::string text(const std::string& source) const;
};

struct Activity {
  std::string name;  // the source's name (file path or memory label), for messages
  FileFormat format = FileFormat::Fit;
  std::string sport;  // first session's sport, "multisport" when sessions differ, "" unknown
  double start_utc_s = kMissing;  // first session start, else first record time
  Device device;
  std::vector<Record> records;
  std::vector<NamedChannel> developer;  // one per developer/extension channel used by records
  std::vector<DeveloperField> developer_fields;
  std::vector<Session> sessions;
  std::vector<Lap> laps;
  std::vector<Pause> pauses;
  std::vector<double> rr_intervals_s;  // FIT hrv messages, in file order
  std::vector<ReadWarning> warnings;
};

}  // namespace podium::sensor
