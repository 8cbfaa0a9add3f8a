// Per-race evaluation, means, and the paired comparison (bootstrap CI, sign-flip p-value).
#include "podium/rank/evaluate.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "podium/core/error.hpp"
#include "podium/core/random.hpp"

namespace podium::rank {
namespace {

career::ResultsTable three_events() {
  career::ResultsTable t;
  for (int e = 0; e < 3; ++e) {
    career::Event event;
    event.name = "Race " + std::to_string(e);
    event.season = 2019;
    t.events.push_back(event);
  }
  return t;
}

RankDataset three_races() {
  RankDataset d;
  d.feature_names = {"f"};
  d.x = {0, 0, 0, 0, 0, 0, 0};
  d.labels = {10, 0, 9, /* race 1: nobody relevant */ 0, 0, /* race 2 */ 0, 10};
  d.athletes = {0, 1, 2, 0, 1, 0, 1};
  d.events = {2, 0, 1};
  d.query_offsets = {0, 3, 5, 7};
  return d;
}

TEST(RankEvaluate, PerRaceRowsAndMeans) {
  const RankDataset d = three_races();
  // Race 2 (rows 0-2): perfect. Race 0: no relevant rider. Race 1: winner ranked 2nd of 2.
  const std::vector<float> scores = {3, 1, 2, 5, 4, 2, 1};
  const auto rows = evaluate_races(three_events(), d, scores, 10);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].event, 2);
  EXPECT_EQ(rows[0].name, "Race 2");
  EXPECT_EQ(rows[0].season, 2019);
  EXPECT_EQ(rows[0].riders, 3u);
  EXPECT_EQ(rows[0].relevant, 2u);
  EXPECT_DOUBLE_EQ(rows[0].ndcg, 1.0);
  EXPECT_EQ(rows[0].correct, 2);
  EXPECT_TRUE(std::isnan(rows[1].ndcg));
  EXPECT_EQ(rows[1].relevant, 0u);
  // DCG = 0 + 10/log2(3), IDCG = 10.
  EXPECT_NEAR(rows[2].ndcg, 1.0 / std::log2(3.0), 1e-12);
  const EvaluationSummary s = summarize(rows, 10);
  EXPECT_EQ(s.races, 3u);
  EXPECT_EQ(s.races_without_relevant, 1u);
  EXPECT_NEAR(s.mean_ndcg, (1.0 + 1.0 / std::log2(3.0)) / 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.mean_correct, 1.5);
  EXPECT_THROW(evaluate_races(three_events(), d, std::vector<float>(3), 10), Error);
}

TEST(RankCompare, ThreeRacesExactByHand) {
  // Differences 0.1, 0, 0.2 (mean 0.1). Of the 8 sign patterns, 4 reach |sum| >= 0.3: p = 0.5.
  const std::vector<double> a = {0.5, 0.6, 0.7};
  const std::vector<double> b = {0.4, 0.6, 0.5};
  const PairedComparison c = compare(a, b, 1);
  EXPECT_EQ(c.races, 3u);
  EXPECT_NEAR(c.mean_difference, 0.1, 1e-12);
  EXPECT_NEAR(c.mean_a, 0.6, 1e-12);
  EXPECT_NEAR(c.mean_b, 0.5, 1e-12);
  EXPECT_EQ(c.wins, 2u);
  EXPECT_EQ(c.ties, 1u);
  EXPECT_EQ(c.losses, 0u);
  EXPECT_TRUE(c.exact);
  EXPECT_DOUBLE_EQ(c.p_value, 0.5);
  // Bootstrap means of {0.1, 0, 0.2} lie in [0, 0.2].
  EXPECT_GE(c.ci_low, -1e-12);
  EXPECT_LE(c.ci_high, 0.2 + 1e-12);
  EXPECT_LT(c.ci_low, c.ci_high);
}

TEST(RankCompare, NanPairsAreDroppedAndEmptyIsNan) {
  const double nan = std::nan("");
  const PairedComparison c =
      compare(std::vector<double>{nan, 1.0}, std::vector<double>{0.5, 0.5}, 1);
  EXPECT_EQ(c.races, 1u);
  EXPECT_EQ(c.dropped, 1u);
  EXPECT_DOUBLE_EQ(c.p_value, 1.0);  // one race: both signs as extreme
  const PairedComparison none = compare(std::vector<double>{nan}, std::vector<double>{nan}, 1);
  EXPECT_EQ(none.races, 0u);
  EXPECT_TRUE(std::isnan(none.p_value));
}

TEST(RankCompare, MonteCarloBeyondTwentyRacesAndDeterministic) {
  std::vector<double> a(30, 0.6);
  std::vector<double> b(30, 0.5);
  const PairedComparison c = compare(a, b, 9);
  EXPECT_FALSE(c.exact);
  EXPECT_LT(c.p_value, 1e-4);  // only the 2 all-same-sign patterns of 2^30 are as extreme
  EXPECT_GT(c.p_value, 0.0);
  Rng rng(5);
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<double>(rng.below(1000)) / 1000.0;
    b[i] = static_cast<double>(rng.below(1000)) / 1000.0;
  }
  const PairedComparison r1 = compare(a, b, 9);
  const PairedComparison r2 = compare(a, b, 9);
  EXPECT_EQ(r1.p_value, r2.p_value);
  EXPECT_EQ(r1.ci_low, r2.ci_low);
  EXPECT_GT(r1.p_value, 0.01);  // no real difference
}

// Exact enumeration at 20 races vs Monte Carlo on the same differences plus one zero (which
// changes no pattern's sum): the two p-values agree within Monte Carlo error.
TEST(RankCompare, MonteCarloAgreesWithExact) {
  Rng rng(11);
  std::vector<double> d(20);
  for (double& x : d)
    x = (static_cast<double>(rng.below(1000)) - 400.0) / 1000.0;
  const std::vector<double> zero(20, 0.0);
  const PairedComparison exact = compare(d, zero, 3);
  std::vector<double> d21 = d;
  d21.push_back(0.0);
  const PairedComparison mc = compare(d21, std::vector<double>(21, 0.0), 3);
  ASSERT_TRUE(exact.exact);
  ASSERT_FALSE(mc.exact);
  EXPECT_NEAR(mc.p_value, exact.p_value, 0.01);
}

// Coverage of the 95 % bootstrap interval on synthetic differences with a known mean.
TEST(RankCompare, BootstrapIntervalCoversTheTrueMean) {
  Rng rng(23);
  const double true_mean = 0.05;
  int covered = 0;
  constexpr int kTrials = 200;
  for (int t = 0; t < kTrials; ++t) {
    std::vector<double> a(15);
    for (double& x : a) {
      // Sum of 4 uniforms: roughly normal, mean 2, sd 0.577; shifted and scaled.
      double s = 0.0;
      for (int k = 0; k < 4; ++k)
        s += static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
      x = true_mean + 0.1 * (s - 2.0);
    }
    const PairedComparison c = compare(a, std::vector<double>(a.size(), 0.0), 100 + t);
    covered += c.ci_low <= true_mean && true_mean <= c.ci_high ? 1 : 0;
  }
  // Percentile intervals undercover a little at n = 15 (about 0.92).
  EXPECT_GE(covered, static_cast<int>(0.85 * kTrials));
  EXPECT_LE(covered, static_cast<int>(0.99 * kTrials));
}

TEST(RankCompare, RowsMustNameTheSameRaces) {
  std::vector<RaceEvaluation> a(2);
  std::vector<RaceEvaluation> b(2);
  a[0].ndcg = 0.5;
  a[1].ndcg = 0.7;
  b[0].ndcg = 0.4;
  b[1].ndcg = 0.7;
  a[0].correct = 4;
  b[0].correct = 3;
  a[1].event = b[1].event = 5;
  const PairedComparison c = compare(a, b, Metric::Correct, 1);
  EXPECT_DOUBLE_EQ(c.mean_difference, 0.5);
  b[1].event = 6;
  EXPECT_THROW(compare(a, b, Metric::Ndcg, 1), Error);
}

}  // namespace
}  // namespace podium::rank
