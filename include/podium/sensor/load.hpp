// Training load over days: daily totals, the Performance Manager Chart (CTL / ATL / TSB, ramp,
// Foster monotony and strain), the Banister fitness-fatigue model (Ceres fit + forecast) and the
// plan file that carries a planned load. Equations, conventions and golden checks: docs/load.md.
//
// Contract: days are integer days since 1970-01-01 (UTC), no time zones. Every daily series
// starts at `first_day` and has one value per calendar day (rest days 0). Loads are TSS-like
// numbers >= 0. Everything here is a pure function except that parse_plan_csv takes a name for
// its messages; bad input throws Error(InvalidInput) naming field, value and rule (Error(Format)
// with file and line for dates and plan files).
//
//   auto days = pmc(day_from_iso("2024-01-01", "start"), daily_tss, PmcOptions{});
//   double form_today = days.back().tsb_yesterday;  // what GoldenCheetah shows as SB
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "podium/core/calendar.hpp"

namespace podium::sensor {

// ---- days (dates as text: day_from_iso / iso_from_day in podium/core/calendar.hpp) ----

// Longest day range daily_totals builds (about 270 years): a bogus date cannot allocate gigabytes.
inline constexpr std::int64_t kMaxLoadDays = 100000;

// One value per day from first_day to last_day (inclusive), each the sum of the entries dated
// that day (several activities a day add up). Throws Error(InvalidInput) when last_day <
// first_day, the range exceeds kMaxLoadDays, an entry lies outside the range or a value is not
// finite and >= 0.
std::vector<double> daily_totals(std::int32_t first_day, std::int32_t last_day,
                                 std::span<const std::pair<std::int32_t, double>> entries);

// ---- Performance Manager Chart ----

enum class PmcConvention {
  Exponential,  // GoldenCheetah: CTL += (TSS - CTL)(1 - e^(-1/tau))
  Linear,       // TrainingPeaks: CTL += (TSS - CTL) / tau
};

// Validated by pmc(): time constants finite and > 0 (>= 1 for Linear, where 1/tau is a gain),
// seeds finite and >= 0.
struct PmcOptions {
  double ctl_days = 42;  // chronic training load ("fitness") time constant
  double atl_days = 7;   // acute training load ("fatigue") time constant
  double ctl_seed = 0;   // CTL and ATL the day before first_day
  double atl_seed = 0;
  PmcConvention convention = PmcConvention::Exponential;
};

struct PmcDay {
  std::int32_t day = 0;
  double tss = 0;            // that day's load
  double ctl = 0;            // after that day's load
  double atl = 0;            // after that day's load
  double tsb_yesterday = 0;  // yesterday's CTL - ATL: what GoldenCheetah shows as SB
  double tsb_today = 0;      // today's CTL - ATL
  double ramp_7d = 0;        // CTL - CTL seven days before (ctl_seed before first_day)
  double monotony = 0;       // Foster: mean / population SD of the 7 loads ending today;
                             // NaN in the first 6 days and when the SD is 0
  double strain = 0;         // the 7 loads' sum x monotony (NaN with monotony)
};

// One PmcDay per element of daily_tss (each finite and >= 0), day = first_day + index.
std::vector<PmcDay> pmc(std::int32_t first_day, std::span<const double> daily_tss,
                        const PmcOptions& options);

// ---- Banister fitness-fatigue model ----

// A measured performance (e.g. best 5-min power of a week) on a day.
struct PerformanceMarker {
  std::int32_t day = 0;
  double value = 0;
};

// p(t) = p0 + k1 sum_{s<t} w(s) e^(-(t-s)/tau1) - k2 sum_{s<t} w(s) e^(-(t-s)/tau2): the load w of
// day s counts from day s + 1 on. Units: p0 those of the markers, k per load unit, tau in days.
struct BanisterParams {
  double p0 = 0;
  double k1 = 0;  // fitness gain
  double tau1_days = 42;
  double k2 = 0;  // fatigue gain
  double tau2_days = 7;
};

// Bounds of the fit: k1, k2 >= 0, tau1 in [tau1_min, tau1_max], tau2 in [tau2_min, tau2_max] and
// tau2 < tau1 (fatigue fades faster than fitness). Validated by fit_banister.
struct BanisterOptions {
  double tau1_min_days = 7;
  double tau1_max_days = 90;
  double tau2_min_days = 1;
  double tau2_max_days = 30;
  int max_iterations = 200;  // per start
};

struct BanisterFit {
  BanisterParams params;
  double rmse = 0;  // root mean square residual over the markers, marker units
  double r2 = 0;    // 1 - SSR / SST (SST about the markers' mean)
  int points = 0;   // markers fitted
  // Standard errors of p0, k1, tau1, k2, tau2: sqrt(diag((J^T J)^-1) x SSR / (points - 5)) from
  // ceres::Covariance at the optimum; all NaN when J^T J is singular (markers do not determine
  // the five parameters).
  std::array<double, 5> se{};
  bool converged = false;  // the best start's solver reported convergence
  std::string summary;     // one line: starts, best parameters, fit quality, solver termination
};

// Least-squares fit of BanisterParams to the markers given daily_load from first_day (each load
// finite and >= 0; every marker day in [first_day, first_day + daily_load.size()], every value
// finite). Deterministic: a fixed grid of (tau1, tau2) starts, each with the linear parameters
// solved exactly, refined by Ceres on one thread; the lowest cost wins. Throws
// Error(InvalidInput) with fewer than 6 markers (more markers than parameters are needed for an
// error estimate) or bad options.
BanisterFit fit_banister(std::int32_t first_day, std::span<const double> daily_load,
                         std::span<const PerformanceMarker> markers,
                         const BanisterOptions& options);

// p(t) for every day t from from_day to to_day (inclusive), daily_load (history and plan)
// starting at first_day. Needs first_day <= from_day <= to_day <= first_day +
// daily_load.size(), loads finite and >= 0, tau1 and tau2 > 0; throws Error(InvalidInput)
// otherwise.
std::vector<double> banister_predict(const BanisterParams& params, std::int32_t first_day,
                                     std::span<const double> daily_load, std::int32_t from_day,
                                     std::int32_t to_day);

// Markers from per-activity values (day, value): per ISO week (Monday to Sunday) the largest
// value, dated the day it happened (the earliest of equal ones); non-finite values are skipped.
// Sorted by day.
std::vector<PerformanceMarker> weekly_best(
    std::span<const std::pair<std::int32_t, double>> per_activity_value);

// ---- plan file ----

inline constexpr double kPlanMaxTss = 2000.0;

// A planned load, CSV: first non-blank, non-comment line the header `date,tss`; then one
// `YYYY-MM-DD,TSS` per line, dates in any order but each at most once, TSS in [0, 2000]. Blank
// lines and lines starting with '#' are skipped; CRLF, spaces around fields and a UTF-8 BOM are
// accepted. Returns (day, tss) sorted by day. Throws Error(Format) placed at the line and field,
// "NAME: line N: tss: 'abc' is not a number" and the like, one class per rule (docs/load.md).
std::vector<std::pair<std::int32_t, double>> parse_plan_csv(std::string_view text,
                                                            const std::string& name);

// ---- the load pipeline (`podium load`) ----

// Fewest weekly markers a Banister fit is tried with (fit_banister's own minimum).
inline constexpr std::size_t kMinBanisterMarkers = 6;

struct LoadOptions {
  PmcOptions pmc;
  BanisterOptions banister;
};

// First and last day of history and plan together; nullopt when both are empty.
std::optional<std::pair<std::int32_t, std::int32_t>> load_day_range(
    std::span<const std::pair<std::int32_t, double>> history,
    std::span<const std::pair<std::int32_t, double>> plan);

struct LoadAnalysis {
  std::vector<PmcDay> days;         // first_day .. last_day
  std::vector<bool> planned;        // per day: the plan has that day
  std::vector<double> performance;  // per day: the Banister prediction, NaN without a fit
  std::optional<BanisterFit> banister;
  std::size_t markers = 0;  // weekly markers within the range's recorded days
};

// The PMC over first_day..last_day of the recorded `history` (day, load; ascending by day) plus
// the `plan` (day, planned load), entries outside the range left out; and a Banister model fitted
// on the recorded days only (up to the last day of history) to the weekly bests (weekly_best) of
// `marker_values` (day, value per activity) on those days — when there are at least
// kMinBanisterMarkers — then predicted over the whole range, plan included. Errors as pmc,
// daily_totals and fit_banister.
LoadAnalysis analyze_load(std::span<const std::pair<std::int32_t, double>> history,
                          std::span<const std::pair<std::int32_t, double>> plan,
                          std::span<const std::pair<std::int32_t, double>> marker_values,
                          std::int32_t first_day, std::int32_t last_day,
                          const LoadOptions& options);

}  // namespace podium::sensor
