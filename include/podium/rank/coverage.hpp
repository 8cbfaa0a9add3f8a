// How much of a race's result the data holds, which races are too damaged to score, and the
// paper-comparable NDCG: the fixed ideal DCG of the re-implementation in the notes
// (shared/notes/cycling-papers.md) and its six spring classics.
//
// Contract:
// - fixed_ideal_dcg_at_k(k) is the DCG@k of a full top k with relevances 10, 9, ... (linear gains,
//   metrics.hpp): 29.97 for k = 10, whether or not those riders are in the data; k in [1, 10]
//   (else Error InvalidInput). ndcg_fixed_ideal_at_k = dcg_at_k / fixed_ideal_dcg_at_k: a race
//   whose winner has no row can no longer reach 1, and a race without a relevant candidate scores
//   0 (not NaN). Scores and labels as in metrics.hpp (same length, else Error InvalidInput).
// - top10_places_present(table) counts, per event index, the result rows ranked 1..10 (ties
//   included, at most 10): how many of the actual top 10 the data has a row for. A rider without a
//   results file has no row; so has a rider whose file lacks the race (E3 and Dwars door
//   Vlaanderen 2022: ranks 11 and below are there, places 1-10 all but one missing, although
//   several of those riders have files).
// - mark_damaged applies the damage rule to evaluated races: a race with fewer than
//   `min_top10_present` (default kDamagedBelowTop10) of its top-10 places in the data is damaged.
//   The rule reads only the data, never a score; evaluate.hpp's summarize/compare leave damaged
//   races out of the means and count them. at_least_top10 keeps the races with at least `n` places
//   present (the sensitivity table, kSensitivityTop10 = 9); paper_races keeps the six classics.
//
//   auto rows = evaluate_races(table, test, scores, 10);
//   mark_damaged(rows);                        // E3 2022 (0 of 10), Dwars 2022 (1 of 10)
//   EvaluationSummary all = summarize(rows, 10);
//   EvaluationSummary paper = summarize(paper_races(rows, table), 10);  // mean_ndcg_fixed
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/rank/evaluate.hpp"

namespace podium::rank {

// Fewer of the top-10 places than this in the data: the race is damaged. The healthy races of
// 2018-2022 have 7-10; the damaged ones 0 and 1 (docs/science.md).
inline constexpr int kDamagedBelowTop10 = 5;
// The sensitivity table keeps races with at least this many of the top 10 in the data.
inline constexpr int kSensitivityTop10 = 9;

double fixed_ideal_dcg_at_k(std::size_t k);
double ndcg_fixed_ideal_at_k(std::span<const float> scores, std::span<const float> labels,
                             std::size_t k);

// The race_keys of the six classics of the re-implementation: E3, Gent-Wevelgem, La Flèche
// Wallonne, Liège-Bastogne-Liège, Paris-Roubaix, Ronde van Vlaanderen.
const std::vector<std::string>& paper_race_keys();
bool is_paper_race(std::string_view race_key);

// Per event index of `table`: result rows ranked 1..10, at most 10.
std::vector<int> top10_places_present(const career::ResultsTable& table);

void mark_damaged(std::vector<RaceEvaluation>& rows, int min_top10_present = kDamagedBelowTop10);
std::vector<RaceEvaluation> at_least_top10(const std::vector<RaceEvaluation>& rows, int n);
std::vector<RaceEvaluation> paper_races(const std::vector<RaceEvaluation>& rows,
                                        const career::ResultsTable& table);

}  // namespace podium::rank
