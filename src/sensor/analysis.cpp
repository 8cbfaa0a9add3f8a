#include "podium/sensor/analysis.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace podium::sensor {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Stryd (and other running pods) can carry power only as a developer field; a coach expects
// running power in the metrics, so it fills power where the file has no native power at all.
const NamedChannel* developer_power(const Activity& activity) {
  const auto& records = activity.records;
  const bool native = std::any_of(records.begin(), records.end(),
                                  [](const Record& r) { return !std::isnan(r.power_w); });
  if (native) return nullptr;
  for (const NamedChannel& c : activity.developer) {
    const std::string units = lower(c.units);
    if (lower(c.name) != "power" || (units != "watts" && units != "w")) continue;
    if (c.values.size() == records.size()) return &c;
  }
  return nullptr;
}

}  // namespace

ActivityAnalysis analyze_activity(const Activity& activity, const Thresholds& thresholds,
                                  const AnalysisOptions& options) {
  std::vector<std::string> notes;
  if (activity.records.empty())
    notes.emplace_back("the file has no records: only the device's own summaries, no metrics");
  Series series;
  if (const NamedChannel* power = developer_power(activity)) {
    Activity with_power = activity;
    for (std::size_t i = 0; i < with_power.records.size(); ++i)
      with_power.records[i].power_w = power->values[i];
    notes.push_back("power taken from the developer field '" + power->name + "' (" + power->units +
                    "): the file has no native power");
    series = clean(with_power, options.clean);
  } else {
    series = clean(activity, options.clean);
  }
  ActivityAnalysis a = analyze_series(std::move(series), thresholds);
  a.notes.insert(a.notes.begin(), notes.begin(), notes.end());
  return a;
}

ActivityAnalysis analyze_series(Series series, const Thresholds& thresholds) {
  ActivityAnalysis a;
  a.thresholds = thresholds;
  a.series = std::move(series);
  a.metrics = compute_metrics(a.series, thresholds);
  if (!a.series.has_power || a.series.size() == 0) return a;
  if (a.series.secs.back() > kMaxCurveSeconds) {
    a.notes.emplace_back(
        "power-duration curve, CP and W'bal skipped: the series spans more "
        "than two days (GoldenCheetah's limit)");
    return a;
  }
  const std::vector<std::int32_t> grid = zero_filled_power(a.series);
  a.mmp = mean_max_power(grid);
  a.cp2_linear = fit_cp2_linear(a.mmp);
  a.cp2_cherrypick = fit_cp2_cherrypick(a.mmp);
  a.cp3_cherrypick = fit_cp3_cherrypick(a.mmp);
  a.morton3 = fit_morton3(a.mmp, 1, 1200);
  a.wbal_integral = wbal_integral(grid, thresholds.cp_w, thresholds.wprime_j);
  a.wbal_differential = wbal_differential(grid, thresholds.cp_w, thresholds.wprime_j);
  return a;
}

std::optional<double> device_threshold_power(const Activity& activity) {
  for (const Session& s : activity.sessions) {
    const double t = s.device.threshold_power_w;
    if (std::isfinite(t) && t > 0) return t;
  }
  return std::nullopt;
}

ResolvedThresholds resolve_thresholds(const ThresholdOverrides& o,
                                      const std::optional<Thresholds>& stored,
                                      std::optional<double> device_threshold_w) {
  ResolvedThresholds r{Thresholds{}, "defaults"};
  Thresholds& t = r.thresholds;
  if (stored) {
    t = *stored;
    r.source = "athlete settings";
  } else if (device_threshold_w) {
    t.ftp_w = t.cp_w = *device_threshold_w;
    r.source = "device threshold power";
  }
  const bool any = !std::isnan(o.ftp_w) || !std::isnan(o.cp_w) || !std::isnan(o.wprime_j) ||
                   !std::isnan(o.hr_max_bpm) || !std::isnan(o.hr_rest_bpm);
  if (any) r.source += " + command line";
  if (!std::isnan(o.ftp_w)) {
    if (std::isnan(o.cp_w) && t.cp_w == t.ftp_w) t.cp_w = o.ftp_w;
    t.ftp_w = o.ftp_w;
  }
  if (!std::isnan(o.cp_w)) t.cp_w = o.cp_w;
  if (!std::isnan(o.wprime_j)) t.wprime_j = o.wprime_j;
  if (!std::isnan(o.hr_max_bpm)) t.hr_max_bpm = o.hr_max_bpm;
  if (!std::isnan(o.hr_rest_bpm)) t.hr_rest_bpm = o.hr_rest_bpm;
  validate(t);
  return r;
}

}  // namespace podium::sensor
