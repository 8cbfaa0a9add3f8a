#include "podium/rank/coverage.hpp"

#include <algorithm>
#include <cmath>

#include "podium/core/error.hpp"
#include "podium/rank/dataset.hpp"
#include "podium/rank/metrics.hpp"

namespace podium::rank {

namespace {

constexpr std::size_t kCoverageTopPlaces = 10;

}  // namespace

double fixed_ideal_dcg_at_k(std::size_t k) {
  if (k < 1 || k > kCoverageTopPlaces) {
    throw Error(ErrorKind::InvalidInput,
                "fixed ideal DCG: k = " + std::to_string(k) + ", expected 1..10");
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    sum += relevance_from_rank(static_cast<std::int32_t>(i + 1)) /
           std::log2(static_cast<double>(i) + 2.0);
  }
  return sum;
}

double ndcg_fixed_ideal_at_k(std::span<const float> scores, std::span<const float> labels,
                             std::size_t k) {
  const double ideal = fixed_ideal_dcg_at_k(k);
  return dcg_at_k(scores, labels, k) / ideal;
}

const std::vector<std::string>& paper_race_keys() {
  static const std::vector<std::string> keys = {"e3-harelbeke",       "gent-wevelgem",
                                                "la-fleche-wallonne", "liege-bastogne-liege",
                                                "paris-roubaix",      "ronde-van-vlaanderen"};
  return keys;
}

bool is_paper_race(std::string_view race_key) {
  const auto& keys = paper_race_keys();
  return std::find(keys.begin(), keys.end(), race_key) != keys.end();
}

std::vector<int> top10_places_present(const career::ResultsTable& table) {
  std::vector<int> present(table.events.size(), 0);
  for (const career::Result& r : table.results) {
    if (r.status != career::Status::Ranked || r.rank < 1 ||
        r.rank > static_cast<std::int32_t>(kCoverageTopPlaces)) {
      continue;
    }
    if (r.event < 0 || static_cast<std::size_t>(r.event) >= present.size()) continue;
    int& n = present[static_cast<std::size_t>(r.event)];
    n = std::min(n + 1, static_cast<int>(kCoverageTopPlaces));
  }
  return present;
}

void mark_damaged(std::vector<RaceEvaluation>& rows, int min_top10_present) {
  for (RaceEvaluation& r : rows)
    r.damaged = r.top10_present < min_top10_present;
}

std::vector<RaceEvaluation> at_least_top10(const std::vector<RaceEvaluation>& rows, int n) {
  std::vector<RaceEvaluation> out;
  std::copy_if(rows.begin(), rows.end(), std::back_inserter(out),
               [n](const RaceEvaluation& r) { return r.top10_present >= n; });
  return out;
}

std::vector<RaceEvaluation> paper_races(const std::vector<RaceEvaluation>& rows,
                                        const career::ResultsTable& table) {
  std::vector<RaceEvaluation> out;
  std::copy_if(rows.begin(), rows.end(), std::back_inserter(out),
               [&table](const RaceEvaluation& r) {
                 return is_paper_race(table.events.at(static_cast<std::size_t>(r.event)).race_key);
               });
  return out;
}

}  // namespace podium::rank
