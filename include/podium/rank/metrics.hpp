// Ranking quality of one query (race): NDCG@k with linear gains and correct top-k picks.
//
// Contract: `scores` and `labels` have one entry per rider (same length, else Error
// InvalidInput). The predicted order is by score descending; equal scores keep the lower row
// index first, so a constant scorer ranks riders in row order (NaN scores rank last). With
// labels as relevances (10 for the winner ... 1 for 10th, 0 otherwise):
//   DCG@k  = sum_{i < min(k, n)} label_(i) / log2(i + 2), label_(i) = label of the i-th predicted
//   IDCG@k = the same sum over the labels sorted descending (the best possible order)
//   NDCG@k = DCG@k / IDCG@k in [0, 1]; NaN when IDCG@k = 0 (no relevant rider in the query):
//   such queries are excluded from means and counted by evaluate.hpp.
// correct_top_k = how many of the predicted top min(k, n) have label > 0 (finished top 10).
//
//   double q = ndcg_at_k(scores, labels, 10);   // 1 for a perfect order
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace podium::rank {

// Row indices in predicted order (score descending, ties by lower index, NaN last).
std::vector<std::size_t> predicted_order(std::span<const float> scores);
double dcg_at_k(std::span<const float> scores, std::span<const float> labels, std::size_t k);
double ideal_dcg_at_k(std::span<const float> labels, std::size_t k);
double ndcg_at_k(std::span<const float> scores, std::span<const float> labels, std::size_t k);
int correct_top_k(std::span<const float> scores, std::span<const float> labels, std::size_t k);

}  // namespace podium::rank
