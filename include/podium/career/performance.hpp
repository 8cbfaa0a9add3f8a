// Yearly performance per athlete and season, and the cohort of a peak-age study (Kholkine et al.
// 2023): athletes with a birth day whose points in the season window exceed a threshold.
//
// Contract: pure functions of a ResultsTable. A result belongs to its event's `season`. A row
// "enters" its race unless it is a DNS (DNF, OTL, DSQ and unranked rows count as entered). A race
// is a one-day event or a stage race: stages and classifications count for their parent, once
// however many rows the athlete has in it. A race day is a one-day event or a stage
// (classifications are not days). Age is the age on 1 July of the season, in years (the middle of
// the road season, so a rider's season has one age). Seasons without any entered race, and
// seasons where the chosen measure's denominator is 0, give no row.
//
//   Cohort c = select_cohort(table, {.from_season = 1993, .to_season = 2021});
//   for (const AthleteSeason& s : c.seasons) fit(s.age, s.performance);
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "podium/career/results.hpp"

namespace podium::career {

enum class PerformanceMeasure {
  PointsPerRace,     // season points / races entered (the paper's definition)
  TotalPoints,       // season points
  PointsPerRaceDay,  // season points / (one-day races + stages) entered
};
const char* performance_measure_name(PerformanceMeasure m);  // "points-per-race", ...
std::optional<PerformanceMeasure> parse_performance_measure(std::string_view name);

struct CohortOptions {
  int from_season = 1993;     // inclusive
  int to_season = 2021;       // inclusive
  double min_points = 700.0;  // total window points must be strictly greater
  // Keep only athletes who were, in at least one window season, among the top_n of that season's
  // points over all athletes of the table (ties at the cut are kept). Approximates the paper's
  // "yearly PCS top-500 ranking" from the results alone (the ranking itself is not in the data).
  // 0 = no such filter.
  int top_n = 500;
  PerformanceMeasure measure = PerformanceMeasure::PointsPerRace;
  // Leave junior and under-23 events (youth_events()) out of every count, points and share: the
  // PCS histories start in the junior years, where a few wins in few races give points per race
  // no professional season matches.
  bool elite_only = true;
  // Leave out seasons in which the athlete was younger than this by UCI's rule (season minus year
  // of birth): 19 drops the junior (17-18) seasons, whose few recorded races sit in ordinary
  // classes (a junior 2.1) that elite_only cannot see. 0 = keep every season.
  int min_season_age = 19;
};

struct AthleteSeason {
  std::int32_t athlete = 0;  // ResultsTable index
  int season = 0;
  double age = 0.0;          // years, on 1 July of the season
  double points = 0.0;       // sum of the season's result points (all rows, DNS included)
  int races = 0;             // one-day races + stage races entered
  int race_days = 0;         // one-day races + stages entered
  double performance = 0.0;  // the chosen measure
};

struct Cohort {
  std::vector<std::int32_t> athletes;  // ResultsTable indices, ascending
  std::vector<double> window_points;   // per entry of `athletes`: total points in the window
  std::vector<AthleteSeason> seasons;  // sorted by (athlete, season)
};

// Every athlete-season of the table in [from_season, to_season] with its counts and measure,
// sorted by (athlete, season); age is NaN for athletes without a birth day. Throws
// Error(InvalidInput) naming the field when from_season > to_season.
std::vector<AthleteSeason> yearly_performance(const ResultsTable& table,
                                              const CohortOptions& options);

// The athletes passing the birth-day, min_points and top_n filters, with their seasons.
Cohort select_cohort(const ResultsTable& table, const CohortOptions& options);

}  // namespace podium::career
