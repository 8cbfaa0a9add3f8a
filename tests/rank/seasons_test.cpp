// Seasons as the unit of replication: per-season and leave-one-season-out comparisons on a
// synthetic case whose answer is known in closed form, and Holm's adjustment by hand.
#include "podium/rank/seasons.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/holm.hpp"
#include "podium/core/numbers.hpp"

namespace podium::rank {
namespace {

struct SeasonsCase {
  std::vector<RaceEvaluation> model, baseline;
};

// Season 2016: 5 races, the model +0.10 on each; 2017: 4 races, +0.30 each; 2018: 3 races,
// −0.20 each, plus one race without a relevant rider (NaN for both: dropped everywhere).
SeasonsCase seasons_case() {
  SeasonsCase c;
  std::int32_t event = 0;
  const auto add = [&](int season, int races, double gain) {
    for (int i = 0; i < races; ++i, ++event) {
      const double base = 0.3 + 0.01 * i;
      c.baseline.push_back({.event = event, .season = season, .ndcg = base, .correct = 3});
      c.model.push_back({.event = event, .season = season, .ndcg = base + gain, .correct = 4});
    }
  };
  add(2016, 5, 0.10);
  add(2017, 4, 0.30);
  add(2018, 3, -0.20);
  c.baseline.push_back({.event = event, .season = 2018, .ndcg = kNaN});
  c.model.push_back({.event = event, .season = 2018, .ndcg = kNaN});
  return c;
}

TEST(RankSeasons, PerSeasonAndLeaveOneOutHaveTheClosedFormAnswer) {
  const SeasonsCase c = seasons_case();
  const SeasonReport r = season_report(c.model, c.baseline, Metric::Ndcg, 7);
  ASSERT_EQ(r.per_season.size(), 3u);
  ASSERT_EQ(r.leave_one_out.size(), 3u);
  const double expected_mean[] = {0.10, 0.30, -0.20};
  const std::size_t expected_races[] = {5, 4, 3};
  for (std::size_t i = 0; i < 3; ++i) {
    const PairedComparison& s = r.per_season[i].comparison;
    EXPECT_EQ(r.per_season[i].season, 2016 + static_cast<int>(i));
    EXPECT_EQ(s.races, expected_races[i]);
    EXPECT_NEAR(s.mean_difference, expected_mean[i], 1e-12);
    // A constant difference: every bootstrap mean is that difference.
    EXPECT_NEAR(s.ci_low, expected_mean[i], 1e-12);
    EXPECT_NEAR(s.ci_high, expected_mean[i], 1e-12);
    // Exact sign flip with n equal differences: only all-plus and all-minus are as extreme.
    EXPECT_TRUE(s.exact);
    EXPECT_NEAR(s.p_value, 2.0 / std::pow(2.0, static_cast<double>(expected_races[i])), 1e-12);
  }
  EXPECT_EQ(r.per_season[2].comparison.dropped, 1u);
  // Without 2016: 4 x 0.3 and 3 x -0.2 -> 0.6 / 7; without 2017: (0.5 - 0.6) / 8; without
  // 2018: (0.5 + 1.2) / 9.
  EXPECT_EQ(r.leave_one_out[0].season, 2016);
  EXPECT_EQ(r.leave_one_out[0].comparison.races, 7u);
  EXPECT_NEAR(r.leave_one_out[0].comparison.mean_difference, 0.6 / 7.0, 1e-12);
  EXPECT_NEAR(r.leave_one_out[1].comparison.mean_difference, -0.1 / 8.0, 1e-12);
  EXPECT_EQ(r.leave_one_out[2].comparison.races, 9u);
  EXPECT_NEAR(r.leave_one_out[2].comparison.mean_difference, 1.7 / 9.0, 1e-12);
  // Without 2018 every difference is positive: p = 2 / 2^9.
  EXPECT_NEAR(r.leave_one_out[2].comparison.p_value, 2.0 / 512.0, 1e-12);
  EXPECT_EQ(r.pooled.races, 12u);
  EXPECT_TRUE(std::isnan(r.per_season[0].p_holm));
}

TEST(RankSeasons, CorrectPicksAndTwoSeasonsHaveNoLeaveOneOut) {
  SeasonsCase c = seasons_case();
  c.model.resize(9);  // 2016 and 2017: leaving one out would repeat the other
  c.baseline.resize(9);
  const SeasonReport r = season_report(c.model, c.baseline, Metric::Correct, 7);
  ASSERT_EQ(r.per_season.size(), 2u);
  EXPECT_TRUE(r.leave_one_out.empty());
  EXPECT_DOUBLE_EQ(r.per_season[0].comparison.mean_difference, 1.0);
  EXPECT_EQ(r.pooled.races, 9u);
}

TEST(RankSeasons, MismatchedRacesAreRejected) {
  SeasonsCase c = seasons_case();
  c.baseline[3].event = 99;
  EXPECT_THROW(season_report(c.model, c.baseline, Metric::Ndcg, 7), Error);
  c = seasons_case();
  c.baseline.pop_back();
  EXPECT_THROW(season_report(c.model, c.baseline, Metric::Ndcg, 7), Error);
}

TEST(RankSeasons, HolmByHand) {
  // Sorted: 0.01 x 4 = 0.04; 0.03 x 3 = 0.09; 0.04 x 2 = 0.08 -> 0.09 (monotone); 0.5 x 1.
  const std::vector<double> p = {0.04, 0.5, 0.01, 0.03};
  const std::vector<double> adjusted = holm_adjust(p);
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.09, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.5, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.04, 1e-12);
  EXPECT_NEAR(adjusted[3], 0.09, 1e-12);
  // Capped at 1; NaN is not a member of the family (m = 2 here).
  const std::vector<double> q = {0.6, kNaN, 0.2};
  const std::vector<double> aq = holm_adjust(q);
  EXPECT_NEAR(aq[0], 0.6, 1e-12);
  EXPECT_TRUE(std::isnan(aq[1]));
  EXPECT_NEAR(aq[2], 0.4, 1e-12);
  EXPECT_NEAR(holm_adjust(std::vector<double>{0.7, 0.8})[1], 1.0, 1e-12);
  EXPECT_TRUE(holm_adjust(std::vector<double>{}).empty());
}

TEST(RankSeasons, HolmOverEveryReportedComparison) {
  const SeasonsCase c = seasons_case();
  std::vector<SeasonReport> reports = {season_report(c.model, c.baseline, Metric::Ndcg, 7),
                                       season_report(c.model, c.baseline, Metric::Ndcg, 7)};
  // Two models x (3 seasons + 3 left out) = 12 comparisons.
  EXPECT_EQ(holm_over(reports), 12u);
  // The smallest p (without 2018, 2/512, twice) is multiplied by 12, the tie by 11 -> 12.
  EXPECT_NEAR(reports[0].leave_one_out[2].p_holm, 12.0 * 2.0 / 512.0, 1e-12);
  EXPECT_NEAR(reports[1].leave_one_out[2].p_holm, 12.0 * 2.0 / 512.0, 1e-12);
  for (const SeasonReport& r : reports) {
    for (const SeasonComparison& s : r.per_season) {
      EXPECT_GE(s.p_holm, s.comparison.p_value);
      EXPECT_LE(s.p_holm, 1.0);
    }
  }
}

}  // namespace
}  // namespace podium::rank
