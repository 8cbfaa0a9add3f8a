#include "podium/career/performance.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::career {
namespace {

struct SeasonTally {
  double points = 0.0;
  std::set<std::int32_t> races;
  std::set<std::int32_t> race_days;
};

// The race a row counts for: its stage race when it has one, else the event itself.
std::int32_t race_of(const ResultsTable& table, std::int32_t event) {
  const Event& e = table.events[static_cast<std::size_t>(event)];
  return e.parent >= 0 ? e.parent : event;
}

void validate(const ResultsTable& table, const CohortOptions& o) {
  if (o.from_season > o.to_season) {
    throw Error(ErrorKind::InvalidInput, "cohort: from_season " + std::to_string(o.from_season) +
                                             " is after to_season " + std::to_string(o.to_season));
  }
  require_option(o.top_n >= 0, "cohort", "top_n", o.top_n, "must be >= 0 (0 = no filter)");
  require_option(std::isfinite(o.min_points), "cohort", "min_points", o.min_points,
                 "must be finite");
  for (std::size_t i = 0; i < table.results.size(); ++i) {
    const Result& r = table.results[i];
    if (r.event < 0 || static_cast<std::size_t>(r.event) >= table.events.size() || r.athlete < 0 ||
        static_cast<std::size_t>(r.athlete) >= table.athletes.size()) {
      throw Error(ErrorKind::InvalidInput, "results table: result " + std::to_string(i) +
                                               " indexes a missing event/athlete");
    }
  }
}

double measure(PerformanceMeasure m, const AthleteSeason& s) {
  switch (m) {
    case PerformanceMeasure::PointsPerRace:
      return s.races > 0 ? s.points / s.races : NAN;
    case PerformanceMeasure::TotalPoints:
      return s.points;
    case PerformanceMeasure::PointsPerRaceDay:
      return s.race_days > 0 ? s.points / s.race_days : NAN;
  }
  return NAN;
}

// Athletes in some window season's top_n by points (ties at the cut kept).
std::set<std::int32_t> top_athletes(const std::vector<AthleteSeason>& seasons, int top_n) {
  std::map<int, std::vector<std::pair<double, std::int32_t>>> by_season;
  for (const auto& s : seasons)
    by_season[s.season].emplace_back(s.points, s.athlete);
  std::set<std::int32_t> out;
  for (auto& [season, list] : by_season) {
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    const std::size_t cut = std::min(list.size(), static_cast<std::size_t>(top_n));
    if (cut == 0) continue;
    const double threshold = list[cut - 1].first;
    for (const auto& [points, athlete] : list)
      if (points >= threshold && points > 0.0) out.insert(athlete);
  }
  return out;
}

}  // namespace

const char* performance_measure_name(PerformanceMeasure m) {
  switch (m) {
    case PerformanceMeasure::PointsPerRace:
      return "points-per-race";
    case PerformanceMeasure::TotalPoints:
      return "total-points";
    case PerformanceMeasure::PointsPerRaceDay:
      return "points-per-race-day";
  }
  return "points-per-race";
}

std::optional<PerformanceMeasure> parse_performance_measure(std::string_view name) {
  for (auto m : {PerformanceMeasure::PointsPerRace, PerformanceMeasure::TotalPoints,
                 PerformanceMeasure::PointsPerRaceDay}) {
    if (name == performance_measure_name(m)) return m;
  }
  return std::nullopt;
}

namespace {

// Every athlete-season with a row in the window, including DNS-only seasons and seasons whose
// measure is undefined (NaN): points totals and the top-N cut count all points.
std::vector<AthleteSeason> tally_seasons(const ResultsTable& table, const CohortOptions& options) {
  validate(table, options);
  std::map<std::pair<std::int32_t, int>, SeasonTally> tally;
  const std::vector<bool> youth =
      options.elite_only ? youth_events(table) : std::vector<bool>(table.events.size(), false);
  for (const Result& r : table.results) {
    const Event& e = table.events[static_cast<std::size_t>(r.event)];
    if (e.season < options.from_season || e.season > options.to_season) continue;
    if (youth[static_cast<std::size_t>(r.event)]) continue;
    const std::optional<Day>& birth = table.athletes[static_cast<std::size_t>(r.athlete)].birth_day;
    if (birth && e.season - civil_from_day(*birth).year < options.min_season_age) continue;
    SeasonTally& t = tally[{r.athlete, e.season}];
    t.points += r.points;
    if (!started(r)) continue;
    t.races.insert(race_of(table, r.event));
    if (is_race_day(e, r)) t.race_days.insert(r.event);
  }
  std::vector<AthleteSeason> out;
  out.reserve(tally.size());
  for (const auto& [key, t] : tally) {
    AthleteSeason s;
    s.athlete = key.first;
    s.season = key.second;
    const auto& birth = table.athletes[static_cast<std::size_t>(s.athlete)].birth_day;
    const auto july_first = day_from_ymd(s.season, 7, 1);
    s.age = birth && july_first ? age_years(*birth, *july_first) : NAN;
    s.points = t.points;
    s.races = static_cast<int>(t.races.size());
    s.race_days = static_cast<int>(t.race_days.size());
    s.performance = measure(options.measure, s);
    out.push_back(s);
  }
  return out;
}

}  // namespace

std::vector<AthleteSeason> yearly_performance(const ResultsTable& table,
                                              const CohortOptions& options) {
  std::vector<AthleteSeason> out = tally_seasons(table, options);
  std::erase_if(out,
                [](const AthleteSeason& s) { return s.races == 0 || std::isnan(s.performance); });
  return out;
}

Cohort select_cohort(const ResultsTable& table, const CohortOptions& options) {
  const std::vector<AthleteSeason> all = tally_seasons(table, options);
  const std::set<std::int32_t> top =
      options.top_n > 0 ? top_athletes(all, options.top_n) : std::set<std::int32_t>{};
  std::map<std::int32_t, double> window_points;
  for (const auto& s : all)
    window_points[s.athlete] += s.points;
  Cohort c;
  for (const auto& [athlete, points] : window_points) {
    if (!table.athletes[static_cast<std::size_t>(athlete)].birth_day) continue;
    if (!(points > options.min_points)) continue;
    if (options.top_n > 0 && top.count(athlete) == 0) continue;
    c.athletes.push_back(athlete);
    c.window_points.push_back(points);
  }
  const std::set<std::int32_t> kept(c.athletes.begin(), c.athletes.end());
  for (const auto& s : all)
    if (kept.count(s.athlete) > 0 && s.races > 0 && !std::isnan(s.performance))
      c.seasons.push_back(s);
  return c;
}

}  // namespace podium::career
