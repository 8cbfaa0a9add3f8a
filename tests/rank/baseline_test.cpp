// The two baselines on a hand-made dataset: points in the last 365 days, last edition's result.
#include "podium/rank/baseline.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "podium/core/error.hpp"
#include "podium/rank/metrics.hpp"

namespace podium::rank {
namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();

RankDataset two_races() {
  RankDataset d;
  d.feature_names = {"race_last_edition_rank", "points_365d"};
  // Race 0: riders with last-edition ranks 5, none, 2, none, 5.
  d.x = {5, 100, kNan, 900, 2, 10, kNan, 50, 5, 300,
         // Race 1: two riders, equal points.
         kNan, 20, kNan, 20};
  d.labels = {0, 10, 9, 0, 0, 1, 0};
  d.athletes = {0, 1, 2, 3, 4, 0, 1};
  d.events = {7, 8};
  d.query_offsets = {0, 5, 7};
  return d;
}

TEST(RankBaseline, PointsAreTheColumn) {
  const RankDataset d = two_races();
  EXPECT_EQ(baseline_scores(d, Baseline::Points365d),
            (std::vector<float>{100, 900, 10, 50, 300, 20, 20}));
}

TEST(RankBaseline, LastEditionRanksThenPointsThenRowOrder) {
  const RankDataset d = two_races();
  const std::vector<float> s = baseline_scores(d, Baseline::LastEdition);
  // Race 0 order: rank 2 (row 2), rank 5 with 300 points (row 4), rank 5 with 100 (row 0),
  // then the unranked by points: row 1 (900), row 3 (50).
  const std::vector<float> race0(s.begin(), s.begin() + 5);
  EXPECT_EQ(predicted_order(race0), (std::vector<std::size_t>{2, 4, 0, 1, 3}));
  // Race 1: a full tie keeps row order.
  const std::vector<float> race1(s.begin() + 5, s.end());
  EXPECT_EQ(predicted_order(race1), (std::vector<std::size_t>{0, 1}));
  EXPECT_GT(race1[0], race1[1]);  // no tie left for the metric to break
}

TEST(RankBaseline, MissingColumnIsNamed) {
  RankDataset d = two_races();
  d.feature_names[0] = "something_else";
  try {
    baseline_scores(d, Baseline::LastEdition);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find("race_last_edition_rank"), std::string::npos);
  }
}

TEST(RankBaseline, NamesRoundTrip) {
  for (const Baseline b : {Baseline::Points365d, Baseline::LastEdition}) {
    EXPECT_EQ(parse_baseline(baseline_name(b)), b);
  }
  EXPECT_FALSE(parse_baseline("fans").has_value());
}

}  // namespace
}  // namespace podium::rank
