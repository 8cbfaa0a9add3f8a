// The seasons section of `podium rank evaluate` (issue 15): per model, the gain over the points
// baseline in each test season and with each season left out, Holm-adjusted over every
// comparison printed, as a table and as JSON.
//
// The out-of-sample season (--pcs2023 DIR): the store's results with the 2023 scrape appended
// (rank/seasons_outside.hpp) as the inputs of the rank commands; `season` keeps the rest
// (candidates, reconciliation counts) with an empty table. Errors are the reader's and the store's.
//
// Contract: `labels[i]` names `reports[i]` (rank/seasons.hpp, NDCG@10 comparisons); holm_over()
// has run on `reports` and returned `family`. Output only, no errors of its own.
//
//   std::vector<rank::SeasonReport> r = ...;  const std::size_t m = rank::holm_over(r);
//   print_seasons(labels, r, m);  nlohmann::json j = seasons_json(labels, r, m);
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podium/rank/seasons.hpp"
#include "podium/rank/seasons_outside.hpp"
#include "podium/store/store.hpp"
#include "rank_pipeline.hpp"

namespace podium::app {

void print_seasons(const std::vector<std::string>& labels,
                   const std::vector<rank::SeasonReport>& reports, std::size_t family);

// {"metric", "correction", "family", "models": [{model, per_season: [{season, races, mean,
// baseline_mean, mean_difference, ci95, p_value, p_holm, exact, wins, ties, losses}],
// leave_one_season_out: [{left_out, ...the same}]}]}
nlohmann::json seasons_json(const std::vector<std::string>& labels,
                            const std::vector<rank::SeasonReport>& reports, std::size_t family);

std::unique_ptr<RankInputs> load_pcs2023_inputs(const store::Store& db, const std::string& dir,
                                                rank::OutsideSeason& season);
// {source, candidate_rule, riders, riders_matched, match: {reason: count}, candidates, finishers,
// finishers_in_history, finishers_candidates, races_skipped, points_imputed}
nlohmann::json outside_json(const std::string& dir, const rank::OutsideSeason& season);
void print_outside(const std::string& dir, const rank::OutsideSeason& season);

}  // namespace podium::app
