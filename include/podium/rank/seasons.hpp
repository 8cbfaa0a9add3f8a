// Seasons as the unit of replication (issue 15): a ranker's per-race results against the points
// baseline, compared season by season and with each season left out in turn, and Holm's
// correction over every comparison reported.
//
// Contract: `model` and `baseline` are the per-race rows of two rankers on the same races in the
// same order (evaluate_races; Error(InvalidInput) naming the position when an event differs). Each
// comparison is evaluate.hpp's compare() on a subset of the races: mean per-race difference
// model − baseline, 95 % bootstrap interval resampling races, two-sided sign-flip p (exact up to
// 20 races). per_season: one comparison per season present, ascending; leave_one_out: for each
// season S (only with three seasons or more: with two it would repeat the other season's
// comparison), the comparison over the races of every other season — "the gain without S". pooled:
// every race. A race without a relevant rider is dropped from every comparison (compare's NaN
// rule). p_holm is NaN until holm_over() runs, which adjusts by Holm (core/holm.hpp). holm_over:
// the family is every per-season and every leave-one-out comparison of
// every report (the pooled comparisons are not in it: they are the old headline, kept for
// reference). Deterministic for a seed.
//
//   SeasonReport r = season_report(rows, base_rows, Metric::Ndcg, 42);
//   std::vector<SeasonReport> all{r};  holm_over(all);
//   r.per_season[0].comparison.mean_difference;  all[0].leave_one_out[0].p_holm;
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "podium/core/numbers.hpp"
#include "podium/rank/evaluate.hpp"

namespace podium::rank {

struct SeasonComparison {
  int season = 0;  // the season compared, or the one left out
  PairedComparison comparison;
  double p_holm = kNaN;  // set by holm_over()
};

struct SeasonReport {
  std::vector<SeasonComparison> per_season;
  std::vector<SeasonComparison> leave_one_out;
  PairedComparison pooled;
};

SeasonReport season_report(const std::vector<RaceEvaluation>& model,
                           const std::vector<RaceEvaluation>& baseline, Metric metric,
                           std::uint64_t seed);

// Fills p_holm of every per-season and leave-one-out comparison; returns the family size.
std::size_t holm_over(std::span<SeasonReport> reports);

}  // namespace podium::rank
