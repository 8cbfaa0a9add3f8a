// ActivityAnalysis and Activity summaries out: JSON (stable keys) and the terminal table.
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "podium/core/calendar.hpp"
#include "podium/core/json.hpp"
#include "podium/sensor/analysis.hpp"

namespace podium::sensor {
namespace {

using nlohmann::json;
using podium::json::number_or_null;

json fit_json(const std::optional<CpFit>& fit) {
  if (!fit) return nullptr;
  return {{"model", fit->model},
          {"cp_w", number_or_null(fit->cp_w)},
          {"wprime_j", number_or_null(fit->wprime_j)},
          {"pmax_w", number_or_null(fit->pmax_w)},
          {"k_s", number_or_null(fit->k_s)},
          {"points", fit->points},
          {"rmse_w", number_or_null(fit->rmse_w)},
          {"r2", number_or_null(fit->r2)},
          {"cp_se_w", number_or_null(fit->cp_se_w)},
          {"wprime_se_j", number_or_null(fit->wprime_se_j)}};
}

json wbal_json(const std::optional<WbalSeries>& w) {
  if (!w) return nullptr;
  return {{"min_j", number_or_null(w->min_j)},
          {"min_at_s", w->min_at_s},
          {"end_j", number_or_null(w->end_j)},
          {"tau_s", number_or_null(w->tau_s)}};
}

json device_summary_json(const DeviceSummary& d) {
  return {{"elapsed_s", number_or_null(d.elapsed_s)},
          {"timer_s", number_or_null(d.timer_s)},
          {"distance_m", number_or_null(d.distance_m)},
          {"avg_power_w", number_or_null(d.avg_power_w)},
          {"max_power_w", number_or_null(d.max_power_w)},
          {"normalized_power_w", number_or_null(d.normalized_power_w)},
          {"training_stress_score", number_or_null(d.training_stress_score)},
          {"intensity_factor", number_or_null(d.intensity_factor)},
          {"threshold_power_w", number_or_null(d.threshold_power_w)},
          {"avg_heart_rate_bpm", number_or_null(d.avg_heart_rate_bpm)},
          {"max_heart_rate_bpm", number_or_null(d.max_heart_rate_bpm)}};
}

}  // namespace

nlohmann::json to_json(const ActivityAnalysis& a) {
  json curve = json::object();
  for (std::int32_t d : kCurveDurations) {
    if (static_cast<std::size_t>(d) < a.mmp.watts.size())
      curve[std::to_string(d)] = a.mmp.watts[static_cast<std::size_t>(d)];
  }
  const Thresholds& t = a.thresholds;
  return {
      {"thresholds",
       {{"ftp_w", t.ftp_w},
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
      {"metrics", to_json(a.metrics)},
      {"mmp_w", curve},
      {"cp",
       {{"cp2_linear", fit_json(a.cp2_linear)},
        {"cp2_cherrypick", fit_json(a.cp2_cherrypick)},
        {"cp3_cherrypick", fit_json(a.cp3_cherrypick)},
        {"morton3", fit_json(a.morton3)}}},
      {"wbal",
       {{"integral_skiba2012", wbal_json(a.wbal_integral)},
        {"differential_skiba2015", wbal_json(a.wbal_differential)}}},
  };
}

nlohmann::json summary_json(const Activity& activity) {
  json sessions = json::array();
  for (const Session& s : activity.sessions) {
    sessions.push_back({{"sport", s.sport},
                        {"sub_sport", s.sub_sport},
                        {"start", iso_utc_time(s.start_utc_s)},
                        {"device", device_summary_json(s.device)}});
  }
  json developer = json::array();
  for (const NamedChannel& c : activity.developer)
    developer.push_back(c.name);
  return {{"sport", activity.sport},
          {"start", iso_utc_time(activity.start_utc_s)},
          {"device",
           {{"manufacturer", activity.device.manufacturer},
            {"product", activity.device.product},
            {"software", activity.device.software}}},
          {"laps", activity.laps.size()},
          {"pauses", activity.pauses.size()},
          {"developer_channels", developer},
          {"sessions", sessions}};
}

std::string format_analysis(const ActivityAnalysis& a) {
  std::ostringstream o;
  o << format_metrics(a.metrics);
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
  const auto fit_line = [&](const char* name, const std::optional<CpFit>& f) {
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
  return o.str();
}

}  // namespace podium::sensor
