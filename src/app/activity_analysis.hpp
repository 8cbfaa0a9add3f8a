// One activity file through the whole sensor pipeline, for the CLI: read -> clean -> metrics,
// mean-maximal power, CP fits, W'bal -> JSON / terminal text / a store row.
//
// Contract: `load_activity_file` reads leniently unless `strict`; power a file carries only in a
// developer field named "Power" in watts (Stryd running power) is used as power, with a note. The
// power-duration curve, CP fits and W'bal are skipped for series longer than two days
// (GoldenCheetah's limit) and said so in `notes`. Nothing here touches the store.
//
//   ActivityAnalysis a = analyze(load_activity_file("ride.fit", false), thresholds, "--ftp");
//   std::puts(analysis_text(a).c_str());
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "podium/sensor/activity.hpp"
#include "podium/sensor/athlete.hpp"
#include "podium/sensor/cp.hpp"
#include "podium/sensor/metrics.hpp"
#include "podium/sensor/mmp.hpp"
#include "podium/sensor/series.hpp"
#include "podium/sensor/wbal.hpp"
#include "podium/store/rows.hpp"

namespace podium::app {

struct LoadedFile {
  std::string path;
  std::string file_name;  // base name: the only part of the path the store keeps
  std::string sha256;     // of the file's bytes as stored on disk
  sensor::Activity activity;
  std::size_t record_count = 0;    // records the reader produced (a stored one keeps only this)
  std::vector<std::string> notes;  // decisions the pipeline took, one line each
};

// A file's bytes and their content hash, not yet decoded: an import checks the hash against the
// store first, so a file already stored is never decoded again.
struct FileBytes {
  std::string path;
  std::string file_name;  // base name
  std::string sha256;
  std::string bytes;
};
FileBytes read_activity_bytes(const std::string& path);
LoadedFile decode_activity(FileBytes file, bool strict);

// read_activity_bytes + decode_activity.
LoadedFile load_activity_file(const std::string& path, bool strict);

// The FIT session threshold power, if the device wrote one (activity-ref's --auto), so
// `activity show FILE` can use the device's FTP when the user gives none.
std::optional<double> device_threshold_power(const sensor::Activity& activity);

struct ActivityAnalysis {
  LoadedFile file;
  sensor::Series series;
  sensor::Thresholds thresholds;
  std::string thresholds_source;  // where FTP/CP came from, for the reader of the output
  sensor::ActivityMetrics metrics;
  sensor::MmpCurve mmp;  // empty without power or past two days
  std::optional<sensor::CpFit> cp2_linear, cp2_cherrypick, cp3_cherrypick, morton3;
  std::optional<sensor::WbalSeries> wbal_integral, wbal_differential;
};

ActivityAnalysis analyze(LoadedFile file, const sensor::Thresholds& thresholds,
                         const std::string& thresholds_source);
// The same from an already cleaned series (an activity the store kept: `file.activity` then
// holds only its metadata).
ActivityAnalysis analyze_series(LoadedFile file, sensor::Series series,
                                const sensor::Thresholds& thresholds,
                                const std::string& thresholds_source);

// The stored activity's metadata and 1 Hz channels back as a LoadedFile and a Series.
std::pair<LoadedFile, sensor::Series> from_store_record(const store::ActivityRecord& r);

nlohmann::json analysis_json(const ActivityAnalysis& a);
std::string analysis_text(const ActivityAnalysis& a);

// "NAME: byte N: message" for each reader warning.
std::vector<std::string> warning_lines(const ActivityAnalysis& a);

store::ActivityRecord to_store_record(const ActivityAnalysis& a, const std::string& athlete);

}  // namespace podium::app
