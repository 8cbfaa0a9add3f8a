#include "podium/rank/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>

#include "podium/core/error.hpp"

namespace podium::rank {

namespace {

void check_sizes(std::span<const float> scores, std::span<const float> labels) {
  if (scores.size() != labels.size()) {
    throw Error(ErrorKind::InvalidInput, "ranking metric: " + std::to_string(scores.size()) +
                                             " scores for " + std::to_string(labels.size()) +
                                             " labels");
  }
}

double discounted_sum(const std::vector<float>& gains_in_order, std::size_t k) {
  double sum = 0.0;
  for (std::size_t i = 0; i < std::min(k, gains_in_order.size()); ++i) {
    sum += gains_in_order[i] / std::log2(static_cast<double>(i) + 2.0);
  }
  return sum;
}

}  // namespace

std::vector<std::size_t> predicted_order(std::span<const float> scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&scores](std::size_t a, std::size_t b) {
    const bool nan_a = std::isnan(scores[a]);
    const bool nan_b = std::isnan(scores[b]);
    if (nan_a || nan_b) return !nan_a && nan_b;
    return scores[a] > scores[b];
  });
  return order;
}

double dcg_at_k(std::span<const float> scores, std::span<const float> labels, std::size_t k) {
  check_sizes(scores, labels);
  std::vector<float> gains;
  for (const std::size_t i : predicted_order(scores))
    gains.push_back(labels[i]);
  return discounted_sum(gains, k);
}

double ideal_dcg_at_k(std::span<const float> labels, std::size_t k) {
  std::vector<float> gains(labels.begin(), labels.end());
  std::sort(gains.begin(), gains.end(), std::greater<>());
  return discounted_sum(gains, k);
}

double ndcg_at_k(std::span<const float> scores, std::span<const float> labels, std::size_t k) {
  const double ideal = ideal_dcg_at_k(labels, k);
  const double dcg = dcg_at_k(scores, labels, k);
  return ideal > 0.0 ? dcg / ideal : std::numeric_limits<double>::quiet_NaN();
}

int correct_top_k(std::span<const float> scores, std::span<const float> labels, std::size_t k) {
  check_sizes(scores, labels);
  const std::vector<std::size_t> order = predicted_order(scores);
  int hits = 0;
  for (std::size_t i = 0; i < std::min(k, order.size()); ++i)
    hits += labels[order[i]] > 0 ? 1 : 0;
  return hits;
}

}  // namespace podium::rank
