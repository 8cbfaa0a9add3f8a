// What `podium activity show|mmp|import` know about one activity — read from a file or kept by
// the store — and how `show` prints it (JSON for machines, a table for the terminal). The domain
// work is sensor::analyze_activity; this only gathers, converts and formats.
//
// Contract: a file is read leniently unless `strict`; a stored activity comes back with its 1 Hz
// channels (sensor_rows.hpp) and what its file said at import (sensor::summary_json: sessions,
// device summaries, laps, pauses, developer channels), so both print the same keys. A stored
// activity's reader warnings appear as notes ("import warning: ..."). Nothing here writes.
//
//   FileBytes b = read_activity_bytes("ride.fit");  FileIdentity id = b.identity;
//   Activity a = decode_activity(std::move(b), false);  // + resolve_thresholds, analyze_activity
//   std::puts(view_text(file_view(id, a, thresholds, std::move(analysis))).c_str());
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "podium/sensor/activity.hpp"
#include "podium/sensor/analysis.hpp"
#include "podium/store/rows.hpp"
#include "sensor_rows.hpp"

namespace podium::app {

// A file's bytes and their content hash, not yet decoded: an import checks the hash against the
// store first, so a file already stored is never decoded again.
struct FileBytes {
  std::string path;
  FileIdentity identity;
  std::string bytes;
};
FileBytes read_activity_bytes(const std::string& path);
sensor::Activity decode_activity(FileBytes file, bool strict);

struct ActivityView {
  FileIdentity file;
  std::string format;                 // "fit", "tcx" or "gpx"
  std::size_t records = 0;            // records the reader produced
  nlohmann::json summary;             // sensor::summary_json of the file
  std::vector<std::string> warnings;  // "NAME: byte N: message"
  std::vector<std::string> notes;     // where it came from, then the analysis's decisions
  std::string thresholds_source;
  sensor::ActivityAnalysis analysis;
};

ActivityView file_view(const FileIdentity& file, const sensor::Activity& activity,
                       const sensor::ResolvedThresholds& thresholds,
                       sensor::ActivityAnalysis analysis);
// Re-analysed from the kept channels with `thresholds` (resolved from the athlete's settings).
ActivityView stored_view(const store::ActivityRecord& record,
                         const sensor::ResolvedThresholds& thresholds);

nlohmann::json view_json(const ActivityView& view);
std::string view_text(const ActivityView& view);

}  // namespace podium::app
