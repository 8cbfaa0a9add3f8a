// NDCG@k (linear gains) and correct top-k against cases worked by hand.
#include "podium/rank/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/random.hpp"

namespace podium::rank {
namespace {

using V = std::vector<float>;

TEST(RankMetrics, PerfectOrderIsOne) {
  const V labels = {10, 9, 8, 0, 0};
  const V scores = {5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(ndcg_at_k(scores, labels, 10), 1.0);
  EXPECT_DOUBLE_EQ(ndcg_at_k(scores, labels, 2), 1.0);
  EXPECT_EQ(correct_top_k(scores, labels, 3), 3);
}

TEST(RankMetrics, WorkedByHand) {
  // Predicted order 0, 1, 2 (labels 3, 0, 10): DCG@3 = 3/log2(2) + 0/log2(3) + 10/log2(4) = 8.
  // Ideal order 10, 3, 1: IDCG@3 = 10 + 3/log2(3) + 1/2 = 12.392789; NDCG@3 = 0.6455367.
  const V scores = {0.9F, 0.8F, 0.7F, 0.6F};
  const V labels = {3, 0, 10, 1};
  EXPECT_NEAR(dcg_at_k(scores, labels, 3), 8.0, 1e-12);
  EXPECT_NEAR(ideal_dcg_at_k(labels, 3), 12.392789260714373, 1e-12);
  EXPECT_NEAR(ndcg_at_k(scores, labels, 3), 0.6455366771514717, 1e-12);
  EXPECT_EQ(correct_top_k(scores, labels, 3), 2);
}

TEST(RankMetrics, ReversedOrder) {
  // Order 1, 0: DCG = 9 + 10/log2(3); IDCG = 10 + 9/log2(3); ratio 0.9764599.
  EXPECT_NEAR(ndcg_at_k(V{1, 2}, V{10, 9}, 2), 0.9764599063144255, 1e-12);
  const V labels = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0};
  V reversed(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
    reversed[i] = static_cast<float>(i);
  EXPECT_LT(ndcg_at_k(reversed, labels, 10), 0.5);
  EXPECT_EQ(correct_top_k(reversed, labels, 10), 8);  // the two zeros take two places
}

TEST(RankMetrics, TiesKeepRowOrder) {
  // All scores equal: order 0, 1, 2. DCG@2 = 0 + 5/log2(3); IDCG@2 = 10 + 5/log2(3).
  EXPECT_NEAR(ndcg_at_k(V{1, 1, 1}, V{0, 5, 10}, 2), 0.23981246656813146, 1e-12);
  EXPECT_EQ(predicted_order(V{2, 1, 2, 1}), (std::vector<std::size_t>{0, 2, 1, 3}));
}

TEST(RankMetrics, NanScoresRankLast) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(predicted_order(V{nan, 1, nan, 3}), (std::vector<std::size_t>{3, 1, 0, 2}));
}

TEST(RankMetrics, KLargerThanTheList) {
  const V scores = {1, 2};
  const V labels = {10, 9};
  EXPECT_DOUBLE_EQ(ndcg_at_k(scores, labels, 10), ndcg_at_k(scores, labels, 2));
  EXPECT_EQ(correct_top_k(scores, labels, 10), 2);
}

TEST(RankMetrics, NoRelevantRiderIsNan) {
  EXPECT_TRUE(std::isnan(ndcg_at_k(V{3, 2, 1}, V{0, 0, 0}, 10)));
  EXPECT_EQ(correct_top_k(V{3, 2, 1}, V{0, 0, 0}, 10), 0);
  EXPECT_TRUE(std::isnan(ndcg_at_k(V{}, V{}, 10)));
}

TEST(RankMetrics, SizeMismatchIsInvalidInput) {
  try {
    ndcg_at_k(V{1, 2}, V{1}, 10);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  }
}

// Seeded random queries: NDCG stays in [0, 1] and does not depend on row order when scores are
// distinct (a permutation of rows with their scores).
TEST(RankMetrics, RandomQueriesAreBoundedAndPermutationInvariant) {
  Rng rng(17);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 1 + rng.below(40);
    V scores(n);
    V labels(n, 0.0F);
    for (std::size_t i = 0; i < n; ++i)
      scores[i] = static_cast<float>(i) + 0.5F;
    for (std::size_t i = n; i > 1; --i)
      std::swap(scores[i - 1], scores[rng.below(i)]);
    for (std::size_t i = 0; i < std::min<std::size_t>(n, 10); ++i) {
      labels[rng.below(n)] = static_cast<float>(10 - i);
    }
    const double q = ndcg_at_k(scores, labels, 10);
    if (std::isnan(q)) continue;
    EXPECT_GE(q, 0.0);
    EXPECT_LE(q, 1.0 + 1e-12);
    V s2 = scores;
    V l2 = labels;
    std::reverse(s2.begin(), s2.end());
    std::reverse(l2.begin(), l2.end());
    EXPECT_NEAR(ndcg_at_k(s2, l2, 10), q, 1e-12);
  }
}

}  // namespace
}  // namespace podium::rank
