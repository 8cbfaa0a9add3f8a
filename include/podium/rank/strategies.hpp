// "Effective strategies": how factors a team controls (race days before a race, rest, form
// build-up) go with a ranker's predictions, from per-row SHAP values — SHAP dependence per value
// bin with bootstrap intervals, and a short plain-text report stated as association, not cause.
//
// Contract: `shap` is row-major, data.rows() x (data.features() + 1), the last column the bias
// (XGBoost's pred_contribs layout); Error(InvalidInput) on another size, an unknown factor or a
// zero option. Per factor, rows with a NaN value are counted as `missing` and left out. Bins:
// a factor whose values are all whole numbers with at most `max_integer_bins` distinct values
// gets one bin per value, otherwise `quantile_bins` bins of about equal counts (equal values
// never split); then bins with fewer than `min_bin_rows` rows merge into their smaller
// neighbour. Per bin: n, mean SHAP, a 95 % percentile bootstrap interval of it resampling races
// (queries) with replacement, and the share of its rows with label > 0 (finished top 10).
// Deterministic for a seed.
//
//   auto deps = shap_dependence(test, shap, {});
//   std::cout << strategy_report(deps);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "podium/rank/dataset.hpp"

namespace podium::rank {

struct StrategyOptions {
  std::vector<std::string> factors = {"race_days_14d", "race_days_28d", "days_since_last_race",
                                      "trend_points_42d"};
  std::size_t quantile_bins = 5;
  std::size_t max_integer_bins = 8;
  std::size_t min_bin_rows = 20;
  std::size_t resamples = 1000;
  std::uint64_t seed = 1;
};

struct DependenceBin {
  double lo = 0.0, hi = 0.0;  // smallest and largest factor value in the bin
  std::string label;          // "3", "3-5", "-20 to 0" (whole numbers) or "[-12.5, 40]"
  std::size_t n = 0;
  double mean_shap = 0.0;
  double ci_low = 0.0, ci_high = 0.0;
  double top10_share = 0.0;
};

struct FactorDependence {
  std::string factor;
  bool integer_bins = false;  // one bin per whole value (before merging)
  std::size_t missing = 0;
  std::vector<DependenceBin> bins;  // ascending values
};

std::vector<FactorDependence> shap_dependence(const RankDataset& data, std::span<const float> shap,
                                              const StrategyOptions& options);
// A few sentences per factor: the bins with the highest and lowest mean SHAP, their intervals
// and top-10 shares, and whether the intervals separate; ends with the association caveat.
std::string strategy_report(const std::vector<FactorDependence>& dependences);

}  // namespace podium::rank
