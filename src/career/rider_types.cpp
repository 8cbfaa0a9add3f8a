#include "podium/career/rider_types.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/random.hpp"

namespace podium::career {
namespace {

using Points = std::vector<std::vector<double>>;

}  // namespace

std::vector<std::vector<double>> type_shares(const ResultsTable& table, const Cohort& cohort,
                                             const CohortOptions& options) {
  std::map<std::int32_t, std::size_t> row_of;
  for (std::size_t i = 0; i < cohort.athletes.size(); ++i)
    row_of[cohort.athletes[i]] = i;
  Points shares(cohort.athletes.size(), std::vector<double>(kTypeShareCount, 0.0));
  const std::vector<bool> youth =
      options.elite_only ? youth_events(table) : std::vector<bool>(table.events.size(), false);
  for (const Result& r : table.results) {
    const auto it = row_of.find(r.athlete);
    if (it == row_of.end()) continue;
    const Event& e = table.events[static_cast<std::size_t>(r.event)];
    if (e.season < options.from_season || e.season > options.to_season) continue;
    if (youth[static_cast<std::size_t>(r.event)]) continue;
    const std::optional<Day>& birth = table.athletes[static_cast<std::size_t>(r.athlete)].birth_day;
    if (birth && e.season - civil_from_day(*birth).year < options.min_season_age) continue;
    const RaceType type = race_type(e);
    for (std::size_t j = 0; j < kTypeShareTypes.size(); ++j)
      if (kTypeShareTypes[j] == type) shares[it->second][j] += r.points;
  }
  for (auto& row : shares) {
    const double total = std::accumulate(row.begin(), row.end(), 0.0);
    if (total > 0.0)
      for (double& v : row)
        v /= total;
  }
  return shares;
}

std::vector<double> column_means(const Points& points) {
  if (points.empty()) return {};
  std::vector<double> mean(points[0].size(), 0.0);
  for (const auto& p : points)
    for (std::size_t j = 0; j < mean.size(); ++j)
      mean[j] += p[j];
  for (double& v : mean)
    v /= static_cast<double>(points.size());
  return mean;
}

std::vector<std::string> name_clusters(const Points& centroids,
                                       const std::vector<double>& population_mean) {
  if (centroids.size() == 1) return {"all"};
  PODIUM_ASSERT(population_mean.size() == kTypeShareCount);
  struct Speciality {
    const char* name;
    std::vector<std::size_t> columns;
  };
  const std::vector<Speciality> specialities = {
      {"one-day", {0}}, {"GC", {1}}, {"sprinter", {2, 3}}, {"climber", {4}}, {"time-trial", {5}}};
  std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;  // score, cluster, speciality
  for (std::size_t c = 0; c < centroids.size(); ++c) {
    PODIUM_ASSERT(centroids[c].size() == kTypeShareCount);
    for (std::size_t s = 0; s < specialities.size(); ++s) {
      double excess = 0.0;
      for (std::size_t col : specialities[s].columns)
        excess += centroids[c][col] - population_mean[col];
      pairs.emplace_back(excess, c, s);
    }
  }
  // Highest score first; ties by cluster, then speciality, so the result is a function of input.
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    return std::tie(std::get<1>(a), std::get<2>(a)) < std::tie(std::get<1>(b), std::get<2>(b));
  });
  std::vector<std::string> names(centroids.size());
  std::vector<bool> used(specialities.size(), false);
  for (const auto& [score, c, s] : pairs) {
    if (score < kNameMinExcess) break;
    if (!names[c].empty() || used[s]) continue;
    names[c] = specialities[s].name;
    used[s] = true;
  }
  int all_rounders = 0;
  for (auto& n : names) {
    if (!n.empty()) continue;
    ++all_rounders;
    n = all_rounders == 1 ? "all-rounder" : "all-rounder-" + std::to_string(all_rounders);
  }
  return names;
}

std::vector<bool> top_half(const std::vector<double>& points) {
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return points[a] > points[b]; });
  std::vector<bool> top(points.size(), false);
  const std::size_t n_top = (points.size() + 1) / 2;
  for (std::size_t i = 0; i < n_top; ++i)
    top[order[i]] = true;
  return top;
}

}  // namespace podium::career
