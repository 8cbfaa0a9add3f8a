// k-means with k-means++ seeding (fixed seed, several restarts, best inertia kept), k fixed or
// chosen by the mean silhouette; shared by rider types (career) and kit-colour teams (vision).
//
// Contract: pure and deterministic for a given seed. Clusters are numbered in a canonical order
// (larger first, then centroid lexicographically descending) so labels do not depend on the
// seeding. When the points have fewer distinct values than k, k shrinks to that count (reported
// in KMeansResult::k). Throws Error(InvalidInput) naming the field for bad options, no points,
// ragged rows or non-finite values.
//
//   KMeansResult km = kmeans(points, {.k = 4, .seed = 1});
//   int cluster_of_first = km.labels[0];
#pragma once

#include <cstdint>
#include <vector>

namespace podium::learn {

struct KMeansOptions {
  int k = 4;  // 1.. ; 0 = choose by mean silhouette over k_min..k_max
  int k_min = 2;
  int k_max = 8;
  int restarts = 10;  // k-means++ seedings; the lowest inertia wins
  int max_iterations = 300;
  std::uint64_t seed = 1;
};

struct KMeansResult {
  int k = 0;
  std::vector<std::vector<double>> centroids;  // k x dims
  std::vector<int> labels;                     // per point, 0..k-1
  std::vector<int> sizes;                      // per cluster
  double inertia = 0.0;                        // sum of squared distances to the own centroid
  double silhouette = 0.0;  // mean silhouette (0 when k == 1); the auto criterion
};

KMeansResult kmeans(const std::vector<std::vector<double>>& points, const KMeansOptions& options);

// Mean silhouette coefficient of a labelling (exact, O(n^2)); 0 for one cluster.
double mean_silhouette(const std::vector<std::vector<double>>& points,
                       const std::vector<int>& labels, int k);

}  // namespace podium::learn
