// One activity through the whole sensor pipeline, and the thresholds it runs with: the
// developer-power fallback, cleaning, metrics and — within GoldenCheetah's two-day limit —
// mean-maximal power, CP fits (linear, GC CP2/CP3, Morton) and W'bal (integral, differential).
//
// Contract: pure (no I/O), deterministic. `analyze_activity` cleans the activity with
// `options.clean`; a file that carries power only in a developer field named "Power" in watts
// (Stryd running power) has that field used as power. Past kMaxCurveSeconds of series the curve,
// the fits and W'bal stay empty. `notes` says each decision taken, one line each (no records,
// developer power, curve skipped). The only error: Error(InvalidInput) for invalid thresholds
// (athlete.hpp). `resolve_thresholds` takes, in precedence order: overrides (NaN = not given),
// the stored athlete settings, the device's threshold power (device_threshold_power; a stored
// activity has none), the defaults; an FTP override also moves CP when CP was equal to FTP and
// has no override of its own. Validated; `source` names what was used.
//
//   auto t = resolve_thresholds({.ftp_w = 280}, std::nullopt, device_threshold_power(activity));
//   ActivityAnalysis a = analyze_activity(activity, t.thresholds, {});  // then to_json(a)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "podium/sensor/activity.hpp"
#include "podium/sensor/athlete.hpp"
#include "podium/sensor/cp.hpp"
#include "podium/sensor/metrics.hpp"
#include "podium/sensor/mmp.hpp"
#include "podium/sensor/series.hpp"
#include "podium/sensor/wbal.hpp"

namespace podium::sensor {

// GoldenCheetah skips the power-duration curve for rides past two days (RideFileCache).
inline constexpr std::int32_t kMaxCurveSeconds = 2 * 24 * 3600;

struct AnalysisOptions {
  CleanOptions clean;
};

struct ActivityAnalysis {
  Thresholds thresholds;
  Series series;
  ActivityMetrics metrics;
  MmpCurve mmp;  // empty without power or past kMaxCurveSeconds
  std::optional<CpFit> cp2_linear, cp2_cherrypick, cp3_cherrypick, morton3;
  std::optional<WbalSeries> wbal_integral, wbal_differential;
  std::vector<std::string> notes;
};

ActivityAnalysis analyze_activity(const Activity& activity, const Thresholds& thresholds,
                                  const AnalysisOptions& options);
// The same from an already cleaned series (e.g. the 1 Hz channels a store kept).
ActivityAnalysis analyze_series(Series series, const Thresholds& thresholds);

struct ThresholdOverrides {
  double ftp_w = kMissing;
  double cp_w = kMissing;
  double wprime_j = kMissing;
  double hr_max_bpm = kMissing;
  double hr_rest_bpm = kMissing;
};

struct ResolvedThresholds {
  Thresholds thresholds;
  // "athlete settings", "device threshold power" or "defaults", then " + command line" when an
  // override was given.
  std::string source;
};

ResolvedThresholds resolve_thresholds(const ThresholdOverrides& overrides,
                                      const std::optional<Thresholds>& stored,
                                      std::optional<double> device_threshold_w);

// The threshold power the device wrote (first FIT session with one, activity-ref's --auto).
std::optional<double> device_threshold_power(const Activity& activity);

// ---- output (analysis_json.cpp) ----

// Durations (s) the JSON and the table list from the full power-duration curve.
inline constexpr std::int32_t kCurveDurations[] = {1,   5,   10,   15,   30,   60,   120,  180, 300,
                                                   600, 720, 1200, 1800, 2400, 3600, 5400, 7200};

// {"thresholds", "series", "metrics", "mmp_w", "cp", "wbal"}: stable snake_case keys, NaN -> null,
// a fit or W'bal that was not computed -> null. "mmp_w" maps kCurveDurations the curve reaches.
nlohmann::json to_json(const ActivityAnalysis& analysis);

// What a file says about itself beyond its samples: {"sport", "start" (ISO UTC, "" unknown),
// "device" {manufacturer, product, software}, "laps", "pauses" (counts), "developer_channels"
// (names), "sessions" [{sport, sub_sport, start, device: the device's own summary}]}.
nlohmann::json summary_json(const Activity& activity);

// The terminal table: format_metrics, then the curve at kCurveDurations, the CP fits and the
// W'bal minima (each section only when computed).
std::string format_analysis(const ActivityAnalysis& analysis);

}  // namespace podium::sensor
