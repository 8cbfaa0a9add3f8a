#include "podium/career/rider_types.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "podium/core/error.hpp"

namespace podium::career {
namespace {

using Points = std::vector<std::vector<double>>;

// Planted specialists (columns: one-day, GC, stage, points, mountains, TT), shares with noise
// renormalised to sum 1.
Points planted(int per_cluster, std::uint32_t seed, std::vector<int>& truth) {
  const std::vector<std::vector<double>> centres = {
      {0.70, 0.05, 0.10, 0.05, 0.05, 0.05},  // one-day
      {0.15, 0.55, 0.05, 0.00, 0.15, 0.10},  // GC
      {0.25, 0.00, 0.40, 0.30, 0.00, 0.05},  // sprinter
      {0.20, 0.15, 0.10, 0.00, 0.50, 0.05},  // climber
  };
  std::mt19937 gen(seed);
  std::normal_distribution<double> noise(0.0, 0.03);
  Points p;
  for (int c = 0; c < 4; ++c) {
    for (int i = 0; i < per_cluster; ++i) {
      std::vector<double> row = centres[static_cast<std::size_t>(c)];
      double sum = 0.0;
      for (double& v : row)
        sum += (v = std::max(0.0, v + noise(gen)));
      for (double& v : row)
        v /= sum;
      p.push_back(row);
      truth.push_back(c);
    }
  }
  return p;
}

TEST(KMeans, RecoversAndNamesPlantedClusters) {
  std::vector<int> truth;
  const Points p = planted(50, 7, truth);
  const KMeansResult km = kmeans(p, {.k = 4, .seed = 3});
  ASSERT_EQ(km.k, 4);
  // Every planted cluster lands in exactly one found cluster, and vice versa.
  std::map<int, std::set<int>> found_of;
  for (std::size_t i = 0; i < p.size(); ++i)
    found_of[truth[i]].insert(km.labels[i]);
  std::set<int> used;
  for (const auto& [t, f] : found_of) {
    ASSERT_EQ(f.size(), 1U) << "planted cluster " << t << " split";
    used.insert(*f.begin());
  }
  EXPECT_EQ(used.size(), 4U);
  EXPECT_EQ(km.sizes, (std::vector<int>{50, 50, 50, 50}));
  const auto names = name_clusters(km.centroids, column_means(p));
  const char* expected[] = {"one-day", "GC", "sprinter", "climber"};
  for (const auto& [t, f] : found_of)
    EXPECT_EQ(names[static_cast<std::size_t>(*f.begin())], expected[t]);
  EXPECT_GT(km.silhouette, 0.5);
}

TEST(KMeans, DeterministicForSeedAndCanonicalOrder) {
  std::vector<int> truth;
  const Points p = planted(30, 11, truth);
  const KMeansResult a = kmeans(p, {.k = 4, .seed = 5});
  const KMeansResult b = kmeans(p, {.k = 4, .seed = 5});
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.centroids, b.centroids);
  // Another seed finds the same partition; the canonical order makes the labels equal too.
  const KMeansResult c = kmeans(p, {.k = 4, .seed = 99});
  EXPECT_EQ(a.labels, c.labels);
}

TEST(KMeans, AutoChoosesPlantedK) {
  std::vector<int> truth;
  Points p = planted(40, 5, truth);
  Points three;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (truth[i] != 3) three.push_back(p[i]);
  EXPECT_EQ(kmeans(three, {.k = 0, .seed = 1}).k, 3);
  EXPECT_EQ(kmeans(p, {.k = 0, .seed = 1}).k, 4);
}

TEST(KMeans, OneClusterAndTooFewDistinctPoints) {
  const Points same(10, std::vector<double>{1, 0, 0, 0, 0, 0});
  const KMeansResult one = kmeans(same, {.k = 1});
  EXPECT_EQ(one.k, 1);
  EXPECT_EQ(one.sizes, std::vector<int>{10});
  EXPECT_DOUBLE_EQ(one.silhouette, 0.0);
  EXPECT_EQ(name_clusters(one.centroids, column_means(same)), std::vector<std::string>{"all"});
  // k = 4 on identical points shrinks to one cluster instead of inventing empty ones.
  EXPECT_EQ(kmeans(same, {.k = 4}).k, 1);
  EXPECT_EQ(kmeans(same, {.k = 0}).k, 1);
}

TEST(Naming, FallsBackToUniqueAllRounders) {
  const std::vector<double> mean = {0.3, 0.2, 0.2, 0.1, 0.1, 0.1};
  // Cluster 0: GC +0.30; cluster 1: GC +0.20 too, but GC is taken and nothing else is clearly
  // above the mean; cluster 2: all at the mean.
  const Points centroids = {
      {0.2, 0.5, 0.1, 0.05, 0.1, 0.05}, {0.3, 0.4, 0.1, 0.1, 0.06, 0.04}, mean};
  EXPECT_EQ(name_clusters(centroids, mean),
            (std::vector<std::string>{"GC", "all-rounder", "all-rounder-2"}));
  // Stage and points shares add up for "sprinter": +0.03 each is not enough alone, +0.06 is.
  const Points sprint = {{0.27, 0.2, 0.23, 0.13, 0.07, 0.1}, {0.30, 0.2, 0.17, 0.07, 0.16, 0.1}};
  EXPECT_EQ(name_clusters(sprint, mean), (std::vector<std::string>{"sprinter", "climber"}));
}

TEST(TopHalf, CeilHalfByPointsTiesByPosition) {
  EXPECT_EQ(top_half({5, 1, 3}), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(top_half({2, 2, 2, 2}), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(top_half({7}), std::vector<bool>{true});
  EXPECT_TRUE(top_half({}).empty());
}

TEST(TypeShares, SplitsWindowPointsByRaceType) {
  ResultsTable t;
  t.athletes = {{"a", day_from_ymd(1990, 1, 1)}};
  const auto add = [&](EventKind kind, Classification c, bool tt, int season, double points) {
    Event e;
    e.kind = kind;
    e.classification = c;
    e.time_trial = tt;
    e.season = season;
    t.events.push_back(e);
    t.results.push_back(
        {static_cast<std::int32_t>(t.events.size() - 1), 0, 0, Status::Ranked, 1, points});
  };
  add(EventKind::OneDay, Classification::None, false, 2010, 60);
  add(EventKind::Classification, Classification::General, false, 2010, 20);
  add(EventKind::Stage, Classification::None, true, 2010, 20);              // time trial
  add(EventKind::Classification, Classification::Youth, false, 2010, 500);  // Other: dropped
  add(EventKind::OneDay, Classification::None, false, 2030, 900);           // outside the window
  Cohort c;
  c.athletes = {0};
  CohortOptions o;
  o.from_season = 2000;
  o.to_season = 2020;
  const auto shares = type_shares(t, c, o);
  ASSERT_EQ(shares.size(), 1U);
  EXPECT_EQ(shares[0], (std::vector<double>{0.6, 0.2, 0.0, 0.0, 0.0, 0.2}));
}

}  // namespace
}  // namespace podium::career
