#include "podium/rank/seasons.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/holm.hpp"
#include "podium/core/numbers.hpp"

namespace podium::rank {

namespace {

// The rows of `rows` whose season is (keep == true) or is not (keep == false) `season`.
std::vector<RaceEvaluation> seasons_select(const std::vector<RaceEvaluation>& rows, int season,
                                           bool keep) {
  std::vector<RaceEvaluation> out;
  for (const RaceEvaluation& r : rows) {
    if ((r.season == season) == keep) out.push_back(r);
  }
  return out;
}

SeasonComparison seasons_compare(const std::vector<RaceEvaluation>& model,
                                 const std::vector<RaceEvaluation>& baseline, int season, bool keep,
                                 Metric metric, std::uint64_t seed) {
  return {.season = season,
          .comparison = compare(seasons_select(model, season, keep),
                                seasons_select(baseline, season, keep), metric, seed),
          .p_holm = kNaN};
}

}  // namespace

SeasonReport season_report(const std::vector<RaceEvaluation>& model,
                           const std::vector<RaceEvaluation>& baseline, Metric metric,
                           std::uint64_t seed) {
  if (model.size() != baseline.size()) {
    throw Error(ErrorKind::InvalidInput, "season_report: " + std::to_string(model.size()) +
                                             " races vs " + std::to_string(baseline.size()));
  }
  // compare() checks that the events pair up; seasons come from the model's rows.
  for (std::size_t i = 0; i < model.size(); ++i) {
    if (model[i].event != baseline[i].event || model[i].season != baseline[i].season) {
      throw Error(ErrorKind::InvalidInput, "season_report: race " + std::to_string(i) +
                                               " is event " + std::to_string(model[i].event) +
                                               " vs " + std::to_string(baseline[i].event));
    }
  }
  std::set<int> seasons;
  for (const RaceEvaluation& r : model)
    seasons.insert(r.season);
  SeasonReport report;
  for (const int s : seasons)
    report.per_season.push_back(seasons_compare(model, baseline, s, true, metric, seed));
  // With two seasons, "without S" is the other season's comparison again: not a new test.
  if (seasons.size() >= 3) {
    for (const int s : seasons)
      report.leave_one_out.push_back(seasons_compare(model, baseline, s, false, metric, seed));
  }
  report.pooled = compare(model, baseline, metric, seed);
  return report;
}

std::size_t holm_over(std::span<SeasonReport> reports) {
  std::vector<SeasonComparison*> family;
  for (SeasonReport& r : reports) {
    for (SeasonComparison& c : r.per_season)
      family.push_back(&c);
    for (SeasonComparison& c : r.leave_one_out)
      family.push_back(&c);
  }
  std::vector<double> p;
  p.reserve(family.size());
  for (const SeasonComparison* c : family)
    p.push_back(c->comparison.p_value);
  const std::vector<double> adjusted = holm_adjust(p);
  for (std::size_t i = 0; i < family.size(); ++i)
    family[i]->p_holm = adjusted[i];
  return static_cast<std::size_t>(
      std::count_if(p.begin(), p.end(), [](double x) { return !std::isnan(x); }));
}

}  // namespace podium::rank
