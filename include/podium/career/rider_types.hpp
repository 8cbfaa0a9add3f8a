// Rider types from data: each athlete's share of window points per race type, k-means with
// k-means++ seeding (fixed seed, several restarts, best inertia kept), k fixed or chosen by the
// mean silhouette, clusters named from their centroids, and the top/bottom-50 % split by points.
//
// Contract: pure and deterministic for a given seed. Shares are fractions in [0, 1] in the order
// of kTypeShareNames (RaceType::Other is dropped; an athlete whose points are all Other gets all
// zeros). Clusters are numbered in a canonical order (larger first, then centroid
// lexicographically descending) so labels do not depend on the seeding. When the points have
// fewer distinct values than k, k shrinks to that count (reported in KMeansResult::k).
//
//   auto shares = type_shares(table, cohort, options);
//   KMeansResult km = kmeans(shares, {.k = 4, .seed = 1});
//   std::vector<std::string> names = name_clusters(km.centroids, column_means(shares));
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "podium/career/performance.hpp"
#include "podium/career/results.hpp"

namespace podium::career {

constexpr int kTypeShareCount = 6;
// Column order of type shares and centroids.
constexpr std::array<RaceType, kTypeShareCount> kTypeShareTypes = {
    RaceType::OneDay,    RaceType::GeneralClassification,
    RaceType::Stage,     RaceType::Points,
    RaceType::Mountains, RaceType::TimeTrial};

// Per cohort athlete (same order as cohort.athletes): points by race type / typed points, over
// results of window seasons (options.from_season..to_season).
std::vector<std::vector<double>> type_shares(const ResultsTable& table, const Cohort& cohort,
                                             const CohortOptions& options);

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

// Throws Error(InvalidInput) naming the field for bad options, no points, or ragged rows.
KMeansResult kmeans(const std::vector<std::vector<double>>& points, const KMeansOptions& options);

// Mean silhouette coefficient of a labelling (exact, O(n^2)); 0 for one cluster.
double mean_silhouette(const std::vector<std::vector<double>>& points,
                       const std::vector<int>& labels, int k);

std::vector<double> column_means(const std::vector<std::vector<double>>& points);

// Minimum excess over the population mean share (fraction) for a cluster to take a speciality name.
constexpr double kNameMinExcess = 0.05;

// Names from centroids of type shares (column order kTypeShareTypes). Each cluster scores each
// speciality by its centroid's excess over the population mean: "one-day" (one-day share), "GC"
// (GC share), "sprinter" (stage + points shares), "climber" (mountains share), "time-trial" (TT
// share). Pairs (cluster, name) are taken greedily by score, highest first, each name and cluster
// once, when the score is at least kNameMinExcess; clusters left over are "all-rounder",
// "all-rounder-2", ... A single cluster is "all".
std::vector<std::string> name_clusters(const std::vector<std::vector<double>>& centroids,
                                       const std::vector<double>& population_mean);

// Top half of `points` by value: true for the ceil(n/2) largest (ties broken by position, earlier
// first), false for the rest.
std::vector<bool> top_half(const std::vector<double>& points);

}  // namespace podium::career
