// Input checks shared by the rankers (XGBoost, neural): a RankDataset is well formed before any
// library sees it, and a model is only applied to the features it was trained on. Every check
// throws Error(InvalidInput), or Error(Model) for a feature mismatch, naming the dataset (`what`:
// "training set", "validation set"), the query/row/feature and the value.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/rank/dataset.hpp"

namespace podium::rank {

// Upper bound on any label: XGBoost's ndcg gain 2^label - 1 overflows a 32-bit unsigned at 32.
inline constexpr float kMaxRankLabel = 31.0F;

// Non-empty, x sized rows x features, labels finite in [0, kMaxRankLabel], query_offsets from 0
// to rows and strictly increasing (no empty query), no infinite feature value (NaN = missing).
void check_dataset(const RankDataset& data, std::string_view what);
// x holds exactly rows x features values.
void check_matrix(std::span<const float> x, std::size_t rows, std::size_t features);
// The model's feature names equal `actual` (count first, then the first differing name).
void check_feature_names(const std::vector<std::string>& model,
                         const std::vector<std::string>& actual, std::string_view what);

}  // namespace podium::rank
