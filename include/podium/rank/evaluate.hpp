// Evaluation of a ranker on held-out races: per-race NDCG@k and correct top-k picks, their means,
// and a paired comparison of two rankers over the same races.
//
// Contract: `scores` has one entry per dataset row (metrics.hpp defines NDCG@k, ties and NaN).
// A race without a relevant rider (no top-10 finisher among its candidates) has ndcg = NaN; it
// is listed but left out of the means and counted in `races_without_relevant`. A race marked
// damaged (coverage.hpp mark_damaged: too few of its top 10 in the data) is left out of the means
// and of compare() too, counted in `races_damaged`. Each row also carries NDCG@k with the fixed
// ideal DCG of the paper's re-implementation (`ndcg_fixed`, Metric::NdcgFixedIdeal) and how many of
// the top-10 places have a row in the data (`top10_present`). compare() pairs
// races by position, drops pairs with a NaN, and reports mean(a - b), a 95 % percentile
// bootstrap interval resampling races (10 000 resamples), a two-sided sign-flip permutation
// p-value (exact over all 2^n sign patterns for n <= 20 races, else 100 000 seeded Monte Carlo
// patterns, p = (1 + hits) / (1 + patterns)), and wins/ties/losses of a against b. Same inputs
// and seed, same result.
//
//   auto rows = evaluate_races(table, test, scores, 10);
//   PairedComparison c = compare(rows, evaluate_races(table, test, base, 10), Metric::Ndcg, 7);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/rank/dataset.hpp"

namespace podium::rank {

struct RaceEvaluation {
  std::int32_t event = 0;  // index in the ResultsTable
  std::string name;
  int season = 0;
  std::size_t riders = 0;    // candidates (rows of the query)
  std::size_t relevant = 0;  // of them with label > 0
  double ndcg = 0.0;         // NDCG@k, NaN without a relevant rider
  int correct = 0;           // correct top-k picks
  double ndcg_fixed = 0.0;   // NDCG@k over the fixed ideal DCG (coverage.hpp), never NaN
  int top10_present = 0;     // places 1-10 of the race with a row in the results table
  bool damaged = false;      // set by mark_damaged (coverage.hpp): out of means and comparisons
};

struct EvaluationSummary {
  std::size_t k = 10;
  std::size_t races = 0;                   // all listed races
  std::size_t races_without_relevant = 0;  // left out of the means
  std::size_t races_damaged = 0;           // left out of the means (mark_damaged)
  double mean_ndcg = 0.0;                  // NaN when no race counts
  double mean_correct = 0.0;
  double mean_ndcg_fixed = 0.0;  // over the same races as mean_ndcg
};

std::vector<RaceEvaluation> evaluate_races(const career::ResultsTable& table,
                                           const RankDataset& data, std::span<const float> scores,
                                           std::size_t k);
EvaluationSummary summarize(const std::vector<RaceEvaluation>& races, std::size_t k);

enum class Metric { Ndcg, Correct, NdcgFixedIdeal };

struct PairedComparison {
  std::size_t races = 0;    // pairs compared
  std::size_t dropped = 0;  // pairs with a NaN
  double mean_a = 0.0, mean_b = 0.0;
  double mean_difference = 0.0;  // mean(a - b)
  double ci_low = 0.0, ci_high = 0.0;
  double p_value = 1.0;
  bool exact = true;  // p-value by full enumeration
  std::size_t wins = 0, ties = 0, losses = 0;
};

PairedComparison compare(std::span<const double> a, std::span<const double> b, std::uint64_t seed);
// Pairs per-race rows of two rankers; Error(InvalidInput) when their races differ.
PairedComparison compare(const std::vector<RaceEvaluation>& a, const std::vector<RaceEvaluation>& b,
                         Metric metric, std::uint64_t seed);

// A model's rows against a baseline's on the same races: both summaries and the three paired
// comparisons (NDCG@k, NDCG@k over the fixed ideal DCG, correct picks), all with `seed`.
struct PairedEvaluation {
  EvaluationSummary model, baseline;
  PairedComparison ndcg, ndcg_fixed, correct;
};
PairedEvaluation paired_evaluation(const std::vector<RaceEvaluation>& model,
                                   const std::vector<RaceEvaluation>& baseline, std::size_t k,
                                   std::uint64_t seed);

}  // namespace podium::rank
