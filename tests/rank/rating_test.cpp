// TrueSkill (rating.hpp): the published update numbers for two and more players (Herbrich et al.'s
// factor graph with the default parameters, as the reference implementations' test suites list
// them), draws, the order of updates in a multi-rider race, the replay over a results table
// (prior for unknown riders, leakage, DNF/DNS rows) and the Ranker wrapper.
#include "podium/rank/rating.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "podium/core/error.hpp"
#include "podium/rank/features.hpp"
#include "podium/rank/races.hpp"
#include "rank/synthetic.hpp"

namespace podium::rank {
namespace {

using career::Day;
using career::EventKind;
using career::Status;

constexpr double kTol = 1e-3;  // the published numbers' precision
const Rating kNew{};

std::vector<Rating> rate(const std::vector<Rating>& players, const std::vector<std::int32_t>& ranks,
                         const TrueSkillOptions& o = {}) {
  return trueskill_update(players, ranks, o);
}

TEST(TrueSkill, TwoPlayersGiveThePublishedUpdate) {
  const auto r = rate({kNew, kNew}, {1, 2});
  EXPECT_NEAR(r[0].mu, 29.396, kTol);
  EXPECT_NEAR(r[1].mu, 20.604, kTol);
  EXPECT_NEAR(r[0].sigma, 7.171, kTol);
  EXPECT_NEAR(r[1].sigma, 7.171, kTol);
  // Order of the inputs does not matter, only the ranks.
  const auto swapped = rate({kNew, kNew}, {2, 1});
  EXPECT_NEAR(swapped[1].mu, 29.396, kTol);
  EXPECT_NEAR(swapped[0].mu, 20.604, kTol);
}

TEST(TrueSkill, TwoPlayerDrawAndAnUpsetDraw) {
  const auto d = rate({kNew, kNew}, {1, 1});
  EXPECT_NEAR(d[0].mu, 25.0, kTol);
  EXPECT_NEAR(d[1].mu, 25.0, kTol);
  EXPECT_NEAR(d[0].sigma, 6.458, kTol);
  const auto u = rate({kNew, {50.0, 12.5}}, {1, 1});
  EXPECT_NEAR(u[0].mu, 31.662, kTol);
  EXPECT_NEAR(u[0].sigma, 7.137, kTol);
  EXPECT_NEAR(u[1].mu, 35.010, kTol);
  EXPECT_NEAR(u[1].sigma, 7.910, kTol);
}

TEST(TrueSkill, MultiPlayerRacesGiveThePublishedUpdates) {
  const auto three = rate({kNew, kNew, kNew}, {1, 2, 3});
  EXPECT_NEAR(three[0].mu, 31.675, kTol);
  EXPECT_NEAR(three[0].sigma, 6.656, kTol);
  EXPECT_NEAR(three[1].mu, 25.000, kTol);
  EXPECT_NEAR(three[1].sigma, 6.208, kTol);
  EXPECT_NEAR(three[2].mu, 18.325, kTol);
  EXPECT_NEAR(three[2].sigma, 6.656, kTol);

  const auto four = rate({kNew, kNew, kNew, kNew}, {1, 2, 3, 4});
  const double mu4[] = {33.207, 27.401, 22.599, 16.793};
  const double sigma4[] = {6.348, 5.787, 5.787, 6.348};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(four[i].mu, mu4[i], kTol) << i;
    EXPECT_NEAR(four[i].sigma, sigma4[i], kTol) << i;
  }

  std::vector<Rating> sixteen(16, kNew);
  std::vector<std::int32_t> ranks(16);
  for (std::size_t i = 0; i < 16; ++i)
    ranks[i] = static_cast<std::int32_t>(i + 1);
  const auto s = rate(sixteen, ranks);
  EXPECT_NEAR(s[0].mu, 40.539, kTol);
  EXPECT_NEAR(s[0].sigma, 5.276, kTol);
  EXPECT_NEAR(s[7].mu, 25.766, kTol);
  EXPECT_NEAR(s[7].sigma, 4.322, kTol);
  EXPECT_NEAR(s[15].mu, 9.461, kTol);
  EXPECT_NEAR(s[15].sigma, 5.276, kTol);
}

// The favourites finishing last: every rating moves towards the observed order.
TEST(TrueSkill, EightPlayerUpsetGivesThePublishedUpdate) {
  std::vector<Rating> players;
  players.reserve(8);
  for (int i = 0; i < 8; ++i)
    players.push_back({10.0 + 5.0 * i, 8.0 - i});
  const auto r = rate(players, {1, 2, 3, 4, 5, 6, 7, 8});
  const double mu[] = {35.135, 32.585, 31.329, 30.984, 31.751, 34.051, 38.263, 44.118};
  const double sigma[] = {4.506, 4.037, 3.756, 3.453, 3.064, 2.541, 1.849, 0.983};
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_NEAR(r[i].mu, mu[i], kTol) << i;
    EXPECT_NEAR(r[i].sigma, sigma[i], kTol) << i;
  }
}

TEST(TrueSkill, ThreeWayDrawKeepsTheMeans) {
  const auto r = rate({kNew, kNew, kNew}, {1, 1, 1});
  for (const Rating& x : r)
    EXPECT_NEAR(x.mu, 25.0, kTol);
  EXPECT_NEAR(r[0].sigma, 5.698, kTol);
  EXPECT_NEAR(r[1].sigma, 5.695, kTol);
}

// A race of 150: the winner gains most, the last loses most, means fall with the finishing
// position, and a favourite who wins gains less than an outsider who wins.
TEST(TrueSkill, LargeRaceOrdersTheUpdates) {
  const std::size_t n = 150;
  std::vector<Rating> players(n, kNew);
  std::vector<std::int32_t> ranks(n);
  for (std::size_t i = 0; i < n; ++i)
    ranks[i] = static_cast<std::int32_t>(i + 1);
  const auto r = rate(players, ranks);
  EXPECT_GT(r.front().mu, 25.0);
  EXPECT_LT(r.back().mu, 25.0);
  for (std::size_t i = 1; i < n; ++i) {
    EXPECT_LT(r[i].mu, r[i - 1].mu) << i;
    EXPECT_LT(r[i].sigma, kNew.sigma) << i;
    EXPECT_TRUE(std::isfinite(r[i].mu) && std::isfinite(r[i].sigma)) << i;
  }
  std::vector<Rating> favourite = players;
  favourite[0] = {35.0, 3.0};
  std::vector<Rating> outsider = players;
  outsider[0] = {15.0, 3.0};
  const double gain_favourite = rate(favourite, ranks)[0].mu - 35.0;
  const double gain_outsider = rate(outsider, ranks)[0].mu - 15.0;
  EXPECT_GT(gain_favourite, 0.0);
  EXPECT_GT(gain_outsider, gain_favourite);
}

TEST(TrueSkill, ExtremeUpsetsStayFinite) {
  const auto r = rate({{0.0, 0.5}, {200.0, 0.5}}, {1, 2});
  EXPECT_TRUE(std::isfinite(r[0].mu) && std::isfinite(r[1].mu));
  EXPECT_GT(r[0].mu, 0.0);
  EXPECT_LT(r[1].mu, 200.0);
  EXPECT_GT(r[0].sigma, 0.0);
  const auto d = rate({{0.0, 0.5}, {200.0, 0.5}}, {1, 1});
  EXPECT_TRUE(std::isfinite(d[0].mu) && std::isfinite(d[1].mu));
}

TEST(TrueSkill, OnePlayerAndBadInput) {
  const auto one = rate({{30.0, 2.0}}, {1});
  EXPECT_EQ(one[0].mu, 30.0);
  EXPECT_EQ(one[0].sigma, 2.0);
  EXPECT_THROW(rate({kNew, kNew}, {1}), Error);
  EXPECT_THROW(rate({kNew, {25.0, 0.0}}, {1, 2}), Error);
  TrueSkillOptions bad;
  bad.beta = 0.0;
  try {
    rate({kNew, kNew}, {1, 2}, bad);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_THAT(e.what(), testing::HasSubstr("beta"));
  }
  bad = {};
  bad.draw_probability = 1.0;
  EXPECT_THROW(rate({kNew, kNew}, {1, 2}, bad), Error);
}

// A hand table: riders 0..3; race A (day 10): 0 wins, 1 second, 2 DNF, 3 DNS; race B (day 20):
// everyone has a row, it is the race scored.
career::ResultsTable hand_table() {
  career::ResultsTable t;
  for (int a = 0; a < 5; ++a)
    t.athletes.push_back({"r" + std::to_string(a), std::nullopt});
  const Day jan1 = *career::day_from_ymd(2020, 1, 1);
  const auto event = [&t](Day day, EventKind kind) {
    career::Event e;
    e.name = "race-" + std::to_string(t.events.size());
    e.kind = kind;
    e.start_day = e.end_day = day;
    e.season = 2020;
    t.events.push_back(e);
    return static_cast<std::int32_t>(t.events.size() - 1);
  };
  const auto row = [&t](std::int32_t e, std::int32_t a, Status s, std::int32_t rank) {
    t.results.push_back({.event = e,
                         .athlete = a,
                         .day = t.events[static_cast<std::size_t>(e)].start_day,
                         .status = s,
                         .rank = rank});
  };
  const std::int32_t a = event(jan1 + 10, EventKind::OneDay);
  row(a, 0, Status::Ranked, 1);
  row(a, 1, Status::Ranked, 2);
  row(a, 2, Status::Dnf, 0);
  row(a, 3, Status::Dns, 0);
  const std::int32_t b = event(jan1 + 20, EventKind::OneDay);
  for (std::int32_t r = 0; r < 5; ++r)
    row(b, r, Status::Ranked, 5 - r);  // the order race B itself gives must not leak
  const std::int32_t c = event(jan1 + 20, EventKind::OneDay);  // same day as B: not seen
  row(c, 4, Status::Ranked, 1);
  row(c, 0, Status::Ranked, 2);
  return t;
}

TEST(TrueSkillHistory, RatingsBeforeTheRaceOnlyFromRankedRows) {
  const career::ResultsTable t = hand_table();
  const RankDataset d = build_dataset(FeatureBuilder(t), {1}, {});
  ASSERT_EQ(d.rows(), 5u);
  const std::vector<float> s = trueskill_scores(t, d, {});
  const auto after_a = rate({kNew, kNew}, {1, 2});
  const auto conservative = [](const Rating& r) { return static_cast<float>(r.mu - 3 * r.sigma); };
  EXPECT_FLOAT_EQ(s[0], conservative(after_a[0]));
  EXPECT_FLOAT_EQ(s[1], conservative(after_a[1]));
  // The DNF, the DNS and the rider only in same-day race C are at the prior.
  for (const std::size_t i : {2u, 3u, 4u})
    EXPECT_FLOAT_EQ(s[i], conservative(kNew)) << i;
  EXPECT_GT(s[0], s[1]);
  // 20.604 - 3 * 7.171 < 25 - 3 * 8.333: one defeat costs more than the certainty gained.
  EXPECT_LT(s[1], s[4]);

  TrueSkillOptions mean_only;
  mean_only.k = 0.0;
  const std::vector<float> m = trueskill_scores(t, d, mean_only);
  EXPECT_FLOAT_EQ(m[1], static_cast<float>(after_a[1].mu));
  EXPECT_FLOAT_EQ(m[4], 25.0F);
}

TEST(TrueSkillHistory, DeletingTheFutureChangesNothing) {
  const career::ResultsTable t = test::synthetic_table(31, {.athletes = 60, .seasons = 6});
  const std::vector<std::int32_t> races = one_day_races(t, 2014, 2015, {});
  ASSERT_FALSE(races.empty());
  const FeatureBuilder builder(t);
  const RankDataset d = build_dataset(builder, races, {});
  const std::vector<float> full = trueskill_scores(t, d, {});
  for (std::size_t q = 0; q < d.queries(); q += 3) {
    const Day day = t.events[static_cast<std::size_t>(d.events[q])].start_day;
    career::ResultsTable past = t;
    std::erase_if(past.results,
                  [&](const career::Result& r) { return r.day >= day && r.event != d.events[q]; });
    const RankDataset one = build_dataset(FeatureBuilder(past), {d.events[q]}, {});
    const std::vector<float> s = trueskill_scores(past, one, {});
    ASSERT_EQ(s.size(), d.query_size(q));
    for (std::size_t i = 0; i < s.size(); ++i)
      EXPECT_EQ(s[i], full[d.query_offsets[q] + i]) << "query " << q << " row " << i;
  }
  // Scores move with the history: not all riders are at the prior.
  std::size_t rated = 0;
  for (const float x : full)
    rated += x != static_cast<float>(kNew.mu - 3 * kNew.sigma);
  EXPECT_GT(rated, full.size() / 2);
  EXPECT_EQ(trueskill_scores(t, d, {}), full);  // deterministic
}

TEST(TrueSkillRanker, NeedsNoTrainingAndExplainsNothing) {
  const career::ResultsTable t = hand_table();
  const RankDataset d = build_dataset(FeatureBuilder(t), {1}, {});
  const std::unique_ptr<Ranker> r = make_trueskill_ranker(t);
  EXPECT_EQ(r->kind(), RankerKind::TrueSkill);
  EXPECT_EQ(r->score(d), trueskill_scores(t, d, {}));
  EXPECT_EQ(r->card()["rating"], "trueskill");
  EXPECT_EQ(r->card()["k"], 3.0);
  EXPECT_EQ(r->explanation_method(), ExplanationMethod::None);
  EXPECT_THROW(r->train(d, nullptr, {}), Error);
  EXPECT_THROW(r->save(), Error);
  EXPECT_THROW(r->explain(std::span(d.row(0), d.features())), Error);
  EXPECT_TRUE(is_baseline(RankerKind::TrueSkill));
  EXPECT_EQ(parse_ranker_kind("trueskill"), RankerKind::TrueSkill);
  EXPECT_STREQ(ranker_kind_name(RankerKind::TrueSkill), "trueskill");
  EXPECT_THROW(create_ranker(RankerKind::TrueSkill), Error);

  RankDataset broken = d;
  broken.athletes[2] = 99;
  try {
    r->score(broken);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_THAT(e.what(), testing::HasSubstr("athlete = 99"));
  }
}

}  // namespace
}  // namespace podium::rank
