// Seeded synthetic learning-to-rank data for the ranker tests and benchmarks: relevance is driven
// by known features, so a ranker's quality and its explanations can be checked.
//
// Each query has `rows_per_query` riders (+- 20 %) with standard-normal features. A latent
// strength 2.0 * f0 + 1.0 * f1 + 0.5 * f2 + noise (sd `noise`) orders the riders; the top 10 get
// relevance_from_rank labels (10 .. 1), the rest 0. f0 is the planted, dominant feature; f2 is
// missing (NaN) for about 5 % of rows (counted as 0 in the latent); the other features are noise.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "podium/rank/dataset.hpp"
#include "podium/rank/metrics.hpp"

namespace podium::rank::testing {

inline RankDataset synthetic_ranking(std::size_t queries, std::size_t rows_per_query,
                                     std::size_t features, std::uint64_t seed, double noise = 0.5) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  RankDataset d;
  for (std::size_t f = 0; f < features; ++f) {
    // Appending, not "f" + to_string(f): GCC 12 -Wrestrict false positive on operator+.
    d.feature_names.push_back(std::string(1, 'f').append(std::to_string(f)));
  }
  const auto spread = static_cast<std::size_t>(std::max<double>(1.0, 0.2 * rows_per_query));
  std::uniform_int_distribution<std::size_t> size_dist(rows_per_query - spread + 1,
                                                       rows_per_query + spread);
  for (std::size_t q = 0; q < queries; ++q) {
    const std::size_t n = size_dist(rng);
    std::vector<double> latent(n);
    for (std::size_t i = 0; i < n; ++i) {
      double strength = 0.0;
      for (std::size_t f = 0; f < features; ++f) {
        float v = normal(rng);
        const double weight = f == 0 ? 2.0 : f == 1 ? 1.0 : f == 2 ? 0.5 : 0.0;
        if (f == 2 && unit(rng) < 0.05) {
          v = std::nanf("");
        } else {
          strength += weight * v;
        }
        d.x.push_back(v);
      }
      latent[i] = strength + noise * normal(rng);
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return latent[a] > latent[b]; });
    std::vector<float> labels(n, 0.0F);
    for (std::size_t r = 0; r < n; ++r)
      labels[order[r]] = relevance_from_rank(static_cast<std::int32_t>(r + 1));
    d.labels.insert(d.labels.end(), labels.begin(), labels.end());
    for (std::size_t i = 0; i < n; ++i)
      d.athletes.push_back(static_cast<std::int32_t>(i));
    d.events.push_back(static_cast<std::int32_t>(q));
    d.query_offsets.push_back(d.labels.size());
  }
  return d;
}

// Mean NDCG@10 (metrics.hpp) over the queries; every synthetic query has a winner.
inline double mean_ndcg10(const RankDataset& d, const std::vector<float>& scores) {
  double total = 0.0;
  for (std::size_t q = 0; q < d.queries(); ++q) {
    const std::size_t begin = d.query_offsets[q], n = d.query_size(q);
    total +=
        ndcg_at_k(std::span(scores).subspan(begin, n), std::span(d.labels).subspan(begin, n), 10);
  }
  return total / static_cast<double>(d.queries());
}

// Seeded uniform scores: what a ranker must beat.
inline std::vector<float> random_scores(std::size_t rows, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0.0F, 1.0F);
  std::vector<float> s(rows);
  for (float& v : s)
    v = u(rng);
  return s;
}

}  // namespace podium::rank::testing
