#include "activity_view.hpp"

#include <filesystem>
#include <sstream>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/sha256.hpp"
#include "podium/sensor/read.hpp"

namespace podium::app {
namespace {

using Json = nlohmann::json;

// The keys of sensor::summary_json. Rows imported before summary_json held only them kept the
// whole `show --json` object: taking these keys reads both.
constexpr const char* kSummaryKeys[] = {
    "sport", "start", "device", "laps", "pauses", "developer_channels", "sessions"};

Json stored_summary(const store::ActivityRecord& r) {
  const std::string source = "activity " + std::to_string(r.id) + ": summary_json";
  const Json all = json::parse(r.summary_json, source, limits::kStoredJsonBytes);
  const json::Where top(source);
  Json summary = Json::object();
  for (const char* key : kSummaryKeys)
    summary[key] = json::member(all, top.key(key));
  // What view_text reads: a damaged row is an Error here, not a type exception there.
  json::string_value(summary["sport"], top.key("sport"));
  json::string_value(summary["start"], top.key("start"));
  const json::Where device = top.key("device");
  for (const char* key : {"manufacturer", "product"})
    json::string_value(json::member(summary["device"], device.key(key)), device.key(key));
  json::unsigned_integer(summary["laps"], top.key("laps"));
  json::unsigned_integer(summary["pauses"], top.key("pauses"));
  return summary;
}

}  // namespace

FileBytes read_activity_bytes(const std::string& path) {
  FileBytes b;
  b.path = path;
  b.identity.file_name = std::filesystem::path(path).filename().string();
  b.bytes = read_file(path);
  b.identity.sha256 = sha256_hex(std::as_bytes(std::span(b.bytes.data(), b.bytes.size())));
  return b;
}

sensor::Activity decode_activity(FileBytes file, bool strict) {
  return sensor::read_activity(sensor::Source::from_memory(file.path, std::move(file.bytes)),
                               {.strict = strict});
}

ActivityView file_view(const FileIdentity& file, const sensor::Activity& activity,
                       const sensor::ResolvedThresholds& thresholds,
                       sensor::ActivityAnalysis analysis) {
  ActivityView v;
  v.file = file;
  v.format = sensor::file_format_name(activity.format);
  v.records = activity.records.size();
  v.summary = sensor::summary_json(activity);
  v.warnings = warning_lines(file.file_name, activity);
  v.notes = analysis.notes;
  v.thresholds_source = thresholds.source;
  v.analysis = std::move(analysis);
  return v;
}

ActivityView stored_view(const store::ActivityRecord& r,
                         const sensor::ResolvedThresholds& thresholds) {
  ActivityView v;
  v.file = {r.file_name, r.content_sha256};
  v.format = r.format;
  v.records = static_cast<std::size_t>(r.samples);
  v.summary = stored_summary(r);
  v.notes.push_back("from the store (activity " + std::to_string(r.id) + ", " +
                    std::to_string(r.samples) + " records at import)");
  for (const std::string& w : r.warnings)
    v.notes.push_back("import warning: " + w);
  v.thresholds_source = thresholds.source;
  v.analysis = sensor::analyze_series(series_from_store(r), thresholds.thresholds);
  v.notes.insert(v.notes.end(), v.analysis.notes.begin(), v.analysis.notes.end());
  return v;
}

Json view_json(const ActivityView& v) {
  Json j = v.summary;
  j.update(sensor::to_json(v.analysis));
  j["file"] = {{"name", v.file.file_name}, {"sha256", v.file.sha256}, {"format", v.format}};
  j["records"] = v.records;
  j["warnings"] = v.warnings;
  j["notes"] = v.notes;
  j["thresholds"]["source"] = v.thresholds_source;
  return j;
}

std::string view_text(const ActivityView& v) {
  const Json& s = v.summary;
  const std::string sport = s["sport"].get<std::string>();
  const sensor::Thresholds& t = v.analysis.thresholds;
  std::ostringstream o;
  o << v.file.file_name << "  " << v.format << "  " << (sport.empty() ? "sport unknown" : sport)
    << "  " << s["start"].get<std::string>() << "\n";
  o << "device " << s["device"]["manufacturer"].get<std::string>() << " "
    << s["device"]["product"].get<std::string>() << ", " << v.records << " records, "
    << s["laps"].get<std::size_t>() << " laps, " << s["pauses"].get<std::size_t>() << " pauses\n";
  o << "FTP " << t.ftp_w << " W, CP " << t.cp_w << " W, W' " << t.wprime_j << " J ("
    << v.thresholds_source << ")\n\n";
  o << sensor::format_analysis(v.analysis);
  for (const std::string& n : v.notes)
    o << "note: " << n << "\n";
  for (const std::string& w : v.warnings)
    o << "warning: " << w << "\n";
  return o.str();
}

}  // namespace podium::app
