// A learning-to-rank dataset: one query per race, one row of features per rider in it, and the
// rider's relevance label. What the feature builder produces and every ranker (XGBoost, neural,
// baselines) consumes.
//
// Contract: `x` is row-major, rows() x feature_names.size(), float; NaN = missing (XGBoost treats
// it as missing, the neural ranker imputes it). Queries are contiguous: query q covers rows
// [query_offsets[q], query_offsets[q + 1]). Labels are relevances: 10 for the winner, 9 for 2nd,
// ..., 1 for 10th, 0 otherwise (relevance_from_rank). `athletes[i]` / `events[q]` index the
// ResultsTable the dataset was built from, so a prediction can be named and explained.
// select_queries copies whole queries (in the given order); split_for_validation holds back every
// fifth query by position (queries 4, 9, 14, ...) for early stopping, the same split for every
// ranker. check_dataset throws Error(InvalidInput) naming the dataset (`what`: "training set"),
// the query/row/feature and the value.
//
//   RankDataset d = build_dataset(table, races, options);
//   for (std::size_t q = 0; q < d.queries(); ++q) score(d.row(d.query_offsets[q]),
//   d.query_size(q));
//   auto [fit, validation] = split_for_validation(d);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace podium::rank {

// 11 - rank for ranks 1..10, 0 for anything else (later places, DNF, DNS, unranked).
constexpr float relevance_from_rank(std::int32_t rank) {
  return rank >= 1 && rank <= 10 ? static_cast<float>(11 - rank) : 0.0F;
}

struct RankDataset {
  std::vector<std::string> feature_names;
  std::vector<float> x;
  std::vector<float> labels;
  std::vector<std::int32_t> athletes;         // per row
  std::vector<std::int32_t> events;           // per query
  std::vector<std::size_t> query_offsets{0};  // queries() + 1 entries

  std::size_t features() const { return feature_names.size(); }
  std::size_t rows() const { return labels.size(); }
  std::size_t queries() const { return query_offsets.size() - 1; }
  std::size_t query_size(std::size_t q) const { return query_offsets[q + 1] - query_offsets[q]; }
  const float* row(std::size_t i) const { return x.data() + i * features(); }
};

// Upper bound on any label: XGBoost's ndcg gain 2^label - 1 overflows a 32-bit unsigned at 32.
inline constexpr float kMaxRankLabel = 31.0F;

// Non-empty, x sized rows x features, labels finite in [0, kMaxRankLabel], query_offsets from 0
// to rows and strictly increasing (no empty query), no infinite feature value (NaN = missing).
void check_dataset(const RankDataset& data, std::string_view what);

// The queries `queries` (indices into d) of d, in that order, with their rows, athletes, events.
RankDataset select_queries(const RankDataset& d, const std::vector<std::size_t>& queries);

struct ValidationSplit {
  RankDataset fit;
  RankDataset validation;
};
ValidationSplit split_for_validation(const RankDataset& d);

}  // namespace podium::rank
