#include "activity_analysis.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "podium/core/calendar.hpp"
#include "podium/core/file.hpp"
#include "podium/core/sha256.hpp"
#include "podium/sensor/read.hpp"

namespace podium::app {
namespace {

using nlohmann::json;

// GoldenCheetah skips the power-duration curve for rides past two days (RideFileCache).
constexpr std::int32_t kMaxCurveSeconds = 2 * 24 * 3600;
// Durations the JSON and the terminal table list from the full curve.
constexpr std::int32_t kCurveDurations[] = {1,   5,   10,   15,   30,   60,   120,  180, 300,
                                            600, 720, 1200, 1800, 2400, 3600, 5400, 7200};

json num(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Stryd (and other running pods) can carry power only as a developer field; a coach expects
// running power in the metrics, so it fills power where the file has no native power at all.
void use_developer_power(LoadedFile& f) {
  auto& records = f.activity.records;
  const bool native = std::any_of(records.begin(), records.end(),
                                  [](const sensor::Record& r) { return !std::isnan(r.power_w); });
  if (native) return;
  for (const sensor::NamedChannel& c : f.activity.developer) {
    const std::string units = lower(c.units);
    if (lower(c.name) != "power" || (units != "watts" && units != "w")) continue;
    if (c.values.size() != records.size()) continue;
    for (std::size_t i = 0; i < records.size(); ++i)
      records[i].power_w = c.values[i];
    f.notes.push_back("power taken from the developer field '" + c.name + "' (" + c.units +
                      "): the file has no native power");
    return;
  }
}

json fit_json(const std::optional<sensor::CpFit>& fit) {
  if (!fit) return nullptr;
  return {{"model", fit->model},
          {"cp_w", num(fit->cp_w)},
          {"wprime_j", num(fit->wprime_j)},
          {"pmax_w", num(fit->pmax_w)},
          {"k_s", num(fit->k_s)},
          {"points", fit->points},
          {"rmse_w", num(fit->rmse_w)},
          {"r2", num(fit->r2)},
          {"cp_se_w", num(fit->cp_se_w)},
          {"wprime_se_j", num(fit->wprime_se_j)}};
}

json wbal_json(const std::optional<sensor::WbalSeries>& w) {
  if (!w) return nullptr;
  return {{"min_j", num(w->min_j)},
          {"min_at_s", w->min_at_s},
          {"end_j", num(w->end_j)},
          {"tau_s", num(w->tau_s)}};
}

json device_json(const sensor::DeviceSummary& d) {
  return {{"elapsed_s", num(d.elapsed_s)},
          {"timer_s", num(d.timer_s)},
          {"distance_m", num(d.distance_m)},
          {"avg_power_w", num(d.avg_power_w)},
          {"max_power_w", num(d.max_power_w)},
          {"normalized_power_w", num(d.normalized_power_w)},
          {"training_stress_score", num(d.training_stress_score)},
          {"intensity_factor", num(d.intensity_factor)},
          {"threshold_power_w", num(d.threshold_power_w)},
          {"avg_heart_rate_bpm", num(d.avg_heart_rate_bpm)},
          {"max_heart_rate_bpm", num(d.max_heart_rate_bpm)}};
}

void add_channel(store::ActivityRecord& r, const std::string& name, double scale,
                 const std::vector<double>& values) {
  if (std::none_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) {
    return;
  }
  r.channels.push_back({name, scale, values});
}

}  // namespace

FileBytes read_activity_bytes(const std::string& path) {
  FileBytes b;
  b.path = path;
  b.file_name = std::filesystem::path(path).filename().string();
  b.bytes = read_file(path);
  b.sha256 = sha256_hex(std::as_bytes(std::span(b.bytes.data(), b.bytes.size())));
  return b;
}

LoadedFile decode_activity(FileBytes file, bool strict) {
  LoadedFile f;
  f.path = file.path;
  f.file_name = std::move(file.file_name);
  f.sha256 = std::move(file.sha256);
  f.activity = sensor::read_activity(sensor::Source::from_memory(file.path, std::move(file.bytes)),
                                     {.strict = strict});
  f.record_count = f.activity.records.size();
  if (f.record_count == 0)
    f.notes.push_back("the file has no records: only the device's own summaries, no metrics");
  use_developer_power(f);
  return f;
}

LoadedFile load_activity_file(const std::string& path, bool strict) {
  return decode_activity(read_activity_bytes(path), strict);
}

std::optional<double> device_threshold_power(const sensor::Activity& activity) {
  for (const sensor::Session& s : activity.sessions) {
    const double t = s.device.threshold_power_w;
    if (std::isfinite(t) && t > 0) return t;
  }
  return std::nullopt;
}

ActivityAnalysis analyze(LoadedFile file, const sensor::Thresholds& thresholds,
                         const std::string& thresholds_source) {
  sensor::Series series = sensor::clean(file.activity, {});
  return analyze_series(std::move(file), std::move(series), thresholds, thresholds_source);
}

ActivityAnalysis analyze_series(LoadedFile file, sensor::Series series,
                                const sensor::Thresholds& thresholds,
                                const std::string& thresholds_source) {
  ActivityAnalysis a;
  a.file = std::move(file);
  a.thresholds = thresholds;
  a.thresholds_source = thresholds_source;
  a.series = std::move(series);
  a.metrics = sensor::compute_metrics(a.series, thresholds);
  if (!a.series.has_power || a.series.size() == 0) return a;
  if (a.series.secs.back() > kMaxCurveSeconds) {
    a.file.notes.push_back(
        "power-duration curve, CP and W'bal skipped: the series spans more "
        "than two days (GoldenCheetah's limit)");
    return a;
  }
  const std::vector<std::int32_t> grid = sensor::zero_filled_power(a.series);
  a.mmp = sensor::mean_max_power(grid);
  a.cp2_linear = sensor::fit_cp2_linear(a.mmp);
  a.cp2_cherrypick = sensor::fit_cp2_cherrypick(a.mmp);
  a.cp3_cherrypick = sensor::fit_cp3_cherrypick(a.mmp);
  a.morton3 = sensor::fit_morton3(a.mmp, 1, 1200);
  a.wbal_integral = sensor::wbal_integral(grid, thresholds.cp_w, thresholds.wprime_j);
  a.wbal_differential = sensor::wbal_differential(grid, thresholds.cp_w, thresholds.wprime_j);
  return a;
}

std::vector<std::string> warning_lines(const ActivityAnalysis& a) {
  std::vector<std::string> out;
  for (const sensor::ReadWarning& w : a.file.activity.warnings)
    out.push_back(a.file.file_name + ": byte " + std::to_string(w.offset) + ": " + w.message);
  return out;
}

json analysis_json(const ActivityAnalysis& a) {
  const sensor::Activity& act = a.file.activity;
  json sessions = json::array();
  for (const sensor::Session& s : act.sessions) {
    sessions.push_back({{"sport", s.sport},
                        {"sub_sport", s.sub_sport},
                        {"start", iso_utc_time(s.start_utc_s)},
                        {"device", device_json(s.device)}});
  }
  json curve = json::object();
  for (std::int32_t d : kCurveDurations) {
    if (static_cast<std::size_t>(d) < a.mmp.watts.size())
      curve[std::to_string(d)] = a.mmp.watts[static_cast<std::size_t>(d)];
  }
  const sensor::Thresholds& t = a.thresholds;
  return {
      {"file",
       {{"name", a.file.file_name},
        {"sha256", a.file.sha256},
        {"format", sensor::file_format_name(act.format)}}},
      {"sport", act.sport},
      {"start", iso_utc_time(act.start_utc_s)},
      {"device",
       {{"manufacturer", act.device.manufacturer},
        {"product", act.device.product},
        {"software", act.device.software}}},
      {"records", a.file.record_count},
      {"laps", act.laps.size()},
      {"pauses", act.pauses.size()},
      {"developer_channels",
       [&] {
         json names = json::array();
         for (const auto& c : act.developer)
           names.push_back(c.name);
         return names;
       }()},
      {"warnings", warning_lines(a)},
      {"notes", a.file.notes},
      {"thresholds",
       {{"source", a.thresholds_source},
        {"ftp_w", t.ftp_w},
        {"cp_w", t.cp_w},
        {"wprime_j", t.wprime_j},
        {"hr_max_bpm", t.hr_max_bpm},
        {"hr_rest_bpm", t.hr_rest_bpm},
        {"female", t.female}}},
      {"series",
       {{"samples", a.series.size()},
        {"interpolated", a.series.interpolated},
        {"dropped_records", a.series.dropped_records},
        {"gaps", a.series.gaps.size()},
        {"power_spikes", a.series.power_spikes},
        {"heart_rate_spikes", a.series.heart_rate_spikes}}},
      {"metrics", sensor::to_json(a.metrics)},
      {"mmp_w", curve},
      {"cp",
       {{"cp2_linear", fit_json(a.cp2_linear)},
        {"cp2_cherrypick", fit_json(a.cp2_cherrypick)},
        {"cp3_cherrypick", fit_json(a.cp3_cherrypick)},
        {"morton3", fit_json(a.morton3)}}},
      {"wbal",
       {{"integral_skiba2012", wbal_json(a.wbal_integral)},
        {"differential_skiba2015", wbal_json(a.wbal_differential)}}},
      {"sessions", sessions},
  };
}

std::string analysis_text(const ActivityAnalysis& a) {
  const sensor::Activity& act = a.file.activity;
  std::ostringstream o;
  o << a.file.file_name << "  " << sensor::file_format_name(act.format) << "  "
    << (act.sport.empty() ? "sport unknown" : act.sport) << "  " << iso_utc_time(act.start_utc_s)
    << "\n";
  o << "device " << act.device.manufacturer << " " << act.device.product << ", "
    << a.file.record_count << " records, " << act.laps.size() << " laps, " << act.pauses.size()
    << " pauses\n";
  o << "FTP " << a.thresholds.ftp_w << " W, CP " << a.thresholds.cp_w << " W, W' "
    << a.thresholds.wprime_j << " J (" << a.thresholds_source << ")\n\n";
  o << sensor::format_metrics(a.metrics);
  if (!a.mmp.watts.empty()) {
    o << "\nmean-maximal power\n";
    for (std::int32_t d : kCurveDurations) {
      if (static_cast<std::size_t>(d) >= a.mmp.watts.size()) break;
      char line[64];
      std::snprintf(line, sizeof line, "  %6d s  %7.1f W\n", d,
                    a.mmp.watts[static_cast<std::size_t>(d)]);
      o << line;
    }
  }
  const auto fit_line = [&](const char* name, const std::optional<sensor::CpFit>& f) {
    if (!f) return;
    char line[160];
    std::snprintf(line, sizeof line, "  %-16s CP %6.1f W  W' %7.0f J  RMSE %5.1f W  R2 %.3f\n",
                  name, f->cp_w, f->wprime_j, f->rmse_w, f->r2);
    o << line;
  };
  if (a.cp2_linear || a.cp2_cherrypick || a.cp3_cherrypick || a.morton3) {
    o << "\ncritical power (this ride's curve)\n";
    fit_line("2-p linear", a.cp2_linear);
    fit_line("2-p GC", a.cp2_cherrypick);
    fit_line("3-p GC", a.cp3_cherrypick);
    fit_line("3-p Morton", a.morton3);
  }
  if (a.wbal_integral && a.wbal_differential) {
    o << "\nW'bal minimum: integral " << std::lround(a.wbal_integral->min_j) << " J at "
      << a.wbal_integral->min_at_s << " s, differential " << std::lround(a.wbal_differential->min_j)
      << " J at " << a.wbal_differential->min_at_s << " s\n";
  }
  for (const std::string& n : a.file.notes)
    o << "note: " << n << "\n";
  for (const std::string& w : warning_lines(a))
    o << "warning: " << w << "\n";
  return o.str();
}

std::pair<LoadedFile, sensor::Series> from_store_record(const store::ActivityRecord& r) {
  LoadedFile f;
  f.path = f.file_name = r.file_name;
  f.sha256 = r.content_sha256;
  f.activity.name = r.file_name;
  f.activity.format = r.format == "tcx"   ? sensor::FileFormat::Tcx
                      : r.format == "gpx" ? sensor::FileFormat::Gpx
                                          : sensor::FileFormat::Fit;
  f.activity.sport = r.sport;
  f.record_count = static_cast<std::size_t>(r.samples);
  f.activity.start_utc_s = r.start_utc_s;
  f.activity.device.product = r.device;
  f.notes.push_back("from the store (activity " + std::to_string(r.id) + ", " +
                    std::to_string(r.samples) + " records at import)");
  for (const std::string& w : r.warnings)
    f.notes.push_back("import warning: " + w);
  sensor::Series s;
  s.start_utc_s = r.start_utc_s;
  const auto find = [&](const std::string& name) -> const std::vector<double>* {
    for (const store::Channel& c : r.channels)
      if (c.name == name) return &c.values;
    return nullptr;
  };
  const std::vector<double>* secs = find("secs");
  const std::size_t n = secs ? secs->size() : 0;
  for (std::size_t i = 0; i < n; ++i)
    s.secs.push_back(static_cast<std::int32_t>(std::lround((*secs)[i])));
  const auto fill = [&](const std::string& name, std::vector<double>& out, double absent) {
    const std::vector<double>* v = find(name);
    if (v && v->size() == n) {
      out = *v;
      return true;
    }
    out.assign(n, absent);
    return false;
  };
  s.has_power = fill("power_w", s.power_w, 0.0);
  s.has_heart_rate = fill("heart_rate_bpm", s.heart_rate_bpm, 0.0);
  fill("cadence_rpm", s.cadence_rpm, sensor::kMissing);
  fill("speed_mps", s.speed_mps, sensor::kMissing);
  fill("distance_m", s.distance_m, sensor::kMissing);
  fill("altitude_m", s.altitude_m, sensor::kMissing);
  fill("lat_deg", s.lat_deg, sensor::kMissing);
  fill("lon_deg", s.lon_deg, sensor::kMissing);
  fill("temperature_c", s.temperature_c, sensor::kMissing);
  s.flags.assign(n, 0);
  return {std::move(f), std::move(s)};
}

store::ActivityRecord to_store_record(const ActivityAnalysis& a, const std::string& athlete) {
  const sensor::Activity& act = a.file.activity;
  store::ActivityRecord r;
  r.athlete_id = athlete;
  r.content_sha256 = a.file.sha256;
  r.file_name = a.file.file_name;
  r.format = sensor::file_format_name(act.format);
  r.sport = act.sport;
  r.start_utc_s = act.start_utc_s;
  r.device = act.device.manufacturer + " " + act.device.product;
  r.samples = static_cast<std::int64_t>(act.records.size());
  r.warnings = warning_lines(a);
  r.summary_json = analysis_json(a).dump();

  const sensor::Series& s = a.series;
  std::vector<double> secs(s.secs.begin(), s.secs.end());
  add_channel(r, "secs", 1, secs);
  // Interpolated samples carry fractions: 0.1 keeps them within the scale the store promises.
  // The series fills absent power and heart rate with 0: keep them only when the file has them.
  if (s.has_power) add_channel(r, "power_w", 0.1, s.power_w);
  if (s.has_heart_rate) add_channel(r, "heart_rate_bpm", 0.1, s.heart_rate_bpm);
  add_channel(r, "cadence_rpm", 0.1, s.cadence_rpm);
  add_channel(r, "speed_mps", 0.001, s.speed_mps);
  add_channel(r, "distance_m", 0.01, s.distance_m);
  add_channel(r, "altitude_m", 0.01, s.altitude_m);
  add_channel(r, "lat_deg", 1e-7, s.lat_deg);
  add_channel(r, "lon_deg", 1e-7, s.lon_deg);
  add_channel(r, "temperature_c", 0.1, s.temperature_c);

  const auto metric = [&](const std::string& name, double v) {
    if (std::isfinite(v)) r.metrics.emplace_back(name, v);
  };
  const sensor::ActivityMetrics& m = a.metrics;
  metric("duration_s", m.duration_s);
  metric("elapsed_s", m.elapsed_s);
  metric("moving_s", m.moving_s);
  metric("distance_m", m.distance_m);
  metric("elevation_gain_m", m.elevation_gain_m);
  if (m.power) {
    metric("avg_power_w", m.power->avg_w);
    metric("np_gc_w", m.power->np_gc_w);
    metric("np_coggan_w", m.power->np_coggan_w);
    metric("xpower_w", m.power->xpower_w);
    metric("if_gc", m.power->if_gc);
    metric("tss_gc", m.power->tss_gc);
    metric("tss_coggan", m.power->tss_coggan);
    metric("work_kj", m.power->work_kj);
  }
  if (m.heart_rate) {
    metric("avg_hr_bpm", m.heart_rate->avg_bpm);
    metric("trimp_banister_gc", m.heart_rate->trimp_banister_gc);
    metric("trimp_edwards", m.heart_rate->trimp_edwards);
  }
  for (std::int32_t d : {5, 60, 300, 1200, 3600}) {
    if (static_cast<std::size_t>(d) < a.mmp.watts.size())
      metric("mmp_" + std::to_string(d) + "_w", a.mmp.watts[static_cast<std::size_t>(d)]);
  }
  if (a.wbal_integral) metric("wbal_min_j", a.wbal_integral->min_j);
  if (a.mmp.watts.size() > 1) r.mmp_w.assign(a.mmp.watts.begin() + 1, a.mmp.watts.end());
  return r;
}

}  // namespace podium::app
