// The paper-comparable NDCG (fixed ideal DCG), the top-10 coverage of a race, the damage rule and
// what summarize/compare do with damaged races, on hand-made races.
#include "podium/rank/coverage.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/rank/dataset.hpp"
#include "podium/rank/metrics.hpp"

namespace podium::rank {
namespace {

// sum_{i=0..9} (10 - i) / log2(i + 2), written out.
double hand_fixed_ideal() {
  double sum = 0.0;
  for (int i = 0; i < 10; ++i)
    sum += (10.0 - i) / std::log2(i + 2.0);
  return sum;
}

TEST(RankCoverage, FixedIdealDcgIsTheNotesValue) {
  EXPECT_NEAR(fixed_ideal_dcg_at_k(10), 29.97, 0.005);  // shared/notes/cycling-papers.md
  EXPECT_NEAR(fixed_ideal_dcg_at_k(10), hand_fixed_ideal(), 1e-12);
  EXPECT_DOUBLE_EQ(fixed_ideal_dcg_at_k(1), 10.0);
  EXPECT_THROW(fixed_ideal_dcg_at_k(0), Error);
  EXPECT_THROW(fixed_ideal_dcg_at_k(11), Error);
}

TEST(RankCoverage, FixedIdealNdcgAgainstTheRaceIdeal) {
  // A full top 10 in perfect order: 1 with either ideal.
  std::vector<float> labels = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0};
  std::vector<float> scores = {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_NEAR(ndcg_fixed_ideal_at_k(scores, labels, 10), 1.0, 1e-12);
  EXPECT_NEAR(ndcg_at_k(scores, labels, 10), 1.0, 1e-12);
  // The winner has no row: the race's own ideal still allows 1, the fixed one does not.
  labels.erase(labels.begin());
  scores.erase(scores.begin());
  double dcg = 0.0;
  for (int i = 0; i < 9; ++i)
    dcg += (9.0 - i) / std::log2(i + 2.0);
  EXPECT_NEAR(ndcg_at_k(scores, labels, 10), 1.0, 1e-12);
  EXPECT_NEAR(ndcg_fixed_ideal_at_k(scores, labels, 10), dcg / hand_fixed_ideal(), 1e-12);
  // Only the 2nd (relevance 9) present and picked 3rd: 9 / log2(4) / 29.97.
  const std::vector<float> one = {0, 0, 9};
  const std::vector<float> order = {3, 2, 1};
  EXPECT_NEAR(ndcg_fixed_ideal_at_k(order, one, 10), 4.5 / hand_fixed_ideal(), 1e-12);
  // Nobody relevant: 0 with the fixed ideal, NaN with the race's own.
  const std::vector<float> none = {0, 0};
  const std::vector<float> two = {1, 2};
  EXPECT_EQ(ndcg_fixed_ideal_at_k(two, none, 10), 0.0);
  EXPECT_TRUE(std::isnan(ndcg_at_k(two, none, 10)));
  EXPECT_THROW(ndcg_fixed_ideal_at_k(two, one, 10), Error);
}

career::Result ranked(std::int32_t event, std::int32_t athlete, std::int32_t rank) {
  return {.event = event, .athlete = athlete, .rank = rank};
}

// Event 0: a full top 10. Event 1: places 11-20 and a DNF (the top 10 lost, like E3 2022).
// Event 2: 1st, 3rd, 12th and a DNS. Event 3: places 1-9 and two riders tied 10th.
career::ResultsTable coverage_table() {
  career::ResultsTable t;
  for (int e = 0; e < 4; ++e) {
    career::Event ev;
    ev.name = "Race " + std::to_string(e);
    ev.race_key = e == 2 ? "paris-roubaix" : "race-" + std::to_string(e);
    ev.season = 2022;
    t.events.push_back(ev);
  }
  for (int r = 1; r <= 10; ++r)
    t.results.push_back(ranked(0, r, r));
  for (int r = 11; r <= 20; ++r)
    t.results.push_back(ranked(1, r, r));
  t.results.push_back({.event = 1, .athlete = 30, .status = career::Status::Dnf});
  t.results.push_back(ranked(2, 1, 1));
  t.results.push_back(ranked(2, 2, 3));
  t.results.push_back(ranked(2, 3, 12));
  t.results.push_back({.event = 2, .athlete = 4, .status = career::Status::Dns});
  for (int r = 1; r <= 9; ++r)
    t.results.push_back(ranked(3, r, r));
  t.results.push_back(ranked(3, 10, 10));
  t.results.push_back(ranked(3, 11, 10));
  return t;
}

TEST(RankCoverage, TopTenPlacesWithARow) {
  const std::vector<int> present = top10_places_present(coverage_table());
  EXPECT_EQ(present, (std::vector<int>{10, 0, 2, 10}));
}

// One query per event of coverage_table(), labels from the ranks, scored in row order.
RankDataset coverage_dataset(const career::ResultsTable& t) {
  RankDataset d;
  d.feature_names = {"f"};
  for (std::int32_t e = 0; e < 4; ++e) {
    for (const career::Result& r : t.results) {
      if (r.event != e) continue;
      d.x.push_back(0.0F);
      d.labels.push_back(relevance_from_rank(r.rank));
      d.athletes.push_back(r.athlete);
    }
    d.events.push_back(e);
    d.query_offsets.push_back(d.labels.size());
  }
  return d;
}

TEST(RankCoverage, DamagedRacesAreOutOfMeansAndComparisons) {
  const career::ResultsTable t = coverage_table();
  const RankDataset d = coverage_dataset(t);
  // Row order is the actual order: every race with a relevant rider is ranked perfectly.
  std::vector<float> scores(d.rows());
  for (std::size_t i = 0; i < scores.size(); ++i)
    scores[i] = -static_cast<float>(i);
  std::vector<RaceEvaluation> rows = evaluate_races(t, d, scores, 10);
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].top10_present, 10);
  EXPECT_EQ(rows[1].top10_present, 0);
  EXPECT_EQ(rows[2].top10_present, 2);
  EXPECT_NEAR(rows[0].ndcg_fixed, 1.0, 1e-12);
  EXPECT_EQ(rows[1].ndcg_fixed, 0.0);
  EXPECT_NEAR(rows[2].ndcg_fixed, (10.0 + 8.0 / std::log2(3.0)) / hand_fixed_ideal(), 1e-12);

  // Before the rule: race 1 has no relevant rider, race 2 counts with NDCG 1.
  EvaluationSummary before = summarize(rows, 10);
  EXPECT_EQ(before.races_damaged, 0U);
  EXPECT_EQ(before.races_without_relevant, 1U);
  EXPECT_NEAR(before.mean_ndcg, 1.0, 1e-12);

  mark_damaged(rows);  // fewer than 5 of 10: races 1 and 2
  EXPECT_FALSE(rows[0].damaged);
  EXPECT_TRUE(rows[1].damaged);
  EXPECT_TRUE(rows[2].damaged);
  EXPECT_FALSE(rows[3].damaged);
  const EvaluationSummary s = summarize(rows, 10);
  EXPECT_EQ(s.races, 4U);
  EXPECT_EQ(s.races_damaged, 2U);
  EXPECT_EQ(s.races_without_relevant, 0U);
  // Race 3: ten relevant riders, the tied 10th (relevance 1) twice; row order is ideal.
  EXPECT_NEAR(s.mean_ndcg, 1.0, 1e-12);
  EXPECT_NEAR(s.mean_ndcg_fixed, (1.0 + rows[3].ndcg_fixed) / 2.0, 1e-12);

  // The rule is a threshold: with 2 required, race 2 is back.
  std::vector<RaceEvaluation> lenient = rows;
  mark_damaged(lenient, 2);
  EXPECT_FALSE(lenient[2].damaged);
  EXPECT_EQ(summarize(lenient, 10).races_damaged, 1U);

  // A damaged race is dropped from the paired comparison under every metric.
  std::vector<RaceEvaluation> worse = rows;
  for (RaceEvaluation& r : worse) {
    r.ndcg = std::isnan(r.ndcg) ? r.ndcg : r.ndcg / 2;
    r.ndcg_fixed /= 2;
  }
  for (const Metric m : {Metric::Ndcg, Metric::NdcgFixedIdeal, Metric::Correct}) {
    const PairedComparison c = compare(rows, worse, m, 1);
    EXPECT_EQ(c.races, 2U);
    EXPECT_EQ(c.dropped, 2U);
  }
  const PairedEvaluation p = paired_evaluation(rows, worse, 10, 1);
  EXPECT_EQ(p.ndcg_fixed.races, 2U);
  EXPECT_GT(p.ndcg_fixed.mean_difference, 0.0);
  EXPECT_EQ(p.correct.mean_difference, 0.0);

  // The sensitivity selection and the six classics.
  EXPECT_EQ(at_least_top10(rows, kSensitivityTop10).size(), 2U);
  const std::vector<RaceEvaluation> paper = paper_races(rows, t);
  ASSERT_EQ(paper.size(), 1U);
  EXPECT_EQ(paper[0].event, 2);
  EXPECT_EQ(paper_race_keys().size(), 6U);
  EXPECT_TRUE(is_paper_race("e3-harelbeke"));
  EXPECT_FALSE(is_paper_race("milano-sanremo"));
}

}  // namespace
}  // namespace podium::rank
