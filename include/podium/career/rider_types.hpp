// Rider types from data: each athlete's share of window points per race type, clustered by
// k-means (learn/kmeans.hpp), clusters named from their centroids, and the top/bottom-50 % split
// by points.
//
// Contract: pure and deterministic for a given seed. Shares are fractions in [0, 1] in the order
// of kTypeShareNames (RaceType::Other is dropped; an athlete whose points are all Other gets all
// zeros).
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
#include "podium/learn/kmeans.hpp"

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

using learn::kmeans;
using learn::KMeansOptions;
using learn::KMeansResult;
using learn::mean_silhouette;

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
