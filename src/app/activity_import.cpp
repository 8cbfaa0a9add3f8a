#include "activity_import.hpp"

#include <cmath>
#include <span>

#include "podium/core/calendar.hpp"
#include "podium/core/sha256.hpp"
#include "sensor_rows.hpp"

namespace podium::app {

FileBytes activity_bytes_in_memory(const std::string& file_name, std::string bytes) {
  FileBytes b;
  b.path = file_name;
  b.identity.file_name = file_name;
  b.bytes = std::move(bytes);
  b.identity.sha256 = sha256_hex(std::as_bytes(std::span(b.bytes.data(), b.bytes.size())));
  return b;
}

std::optional<sensor::Thresholds> settings_on(const store::Store& st, const std::string& athlete,
                                              double start_utc_s) {
  const auto settings =
      st.settings_at(athlete, std::isfinite(start_utc_s) ? day_of_utc(start_utc_s) : 0);
  if (!settings) return std::nullopt;
  return to_thresholds(*settings);
}

ImportOutcome import_activity_file(store::Store& st, const std::string& athlete, FileBytes file,
                                   bool strict) {
  ImportOutcome out;
  out.file_name = file.identity.file_name;
  if (const auto id = st.find_activity(athlete, file.identity.sha256)) {
    out.id = *id;
    out.duplicate = true;
    out.known_hash = true;
    return out;
  }
  const FileIdentity identity = file.identity;
  const sensor::Activity activity = decode_activity(std::move(file), strict);
  const sensor::ResolvedThresholds th = sensor::resolve_thresholds(
      {}, settings_on(st, athlete, activity.start_utc_s), sensor::device_threshold_power(activity));
  const store::ImportResult r = st.import_activity(to_store_record(
      identity, activity, sensor::analyze_activity(activity, th.thresholds, {}), athlete));
  out.id = r.id;
  out.duplicate = r.duplicate;
  out.records = activity.records.size();
  out.warnings = warning_lines(identity.file_name, activity);
  return out;
}

}  // namespace podium::app
