// The leakage rule: a race's features see only results from before its start day. A hand-made
// table checks every feature's value (with same-day and later results that must not count), and
// seeded random tables check that deleting or scrambling everything from the race day on changes
// nothing but the labels.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "podium/core/calendar.hpp"
#include "podium/rank/features.hpp"
#include "rank/synthetic.hpp"
#include "testkit/day.hpp"

namespace podium::rank {
namespace {

using podium::testkit::ymd;

using career::Day;
using career::EventKind;
using career::Status;

struct HandTable {
  career::ResultsTable table;
  std::int32_t race = -1;

  std::int32_t event(const std::string& name, const std::string& key, const std::string& cls,
                     EventKind kind, Day day) {
    career::Event e;
    e.name = name;
    e.race_key = key;
    e.event_class = cls;
    e.kind = kind;
    e.start_day = e.end_day = day;
    e.season = civil_from_day(day).year;
    table.events.push_back(e);
    return static_cast<std::int32_t>(table.events.size() - 1);
  }
  void result(std::int32_t athlete, std::int32_t event, Status status, int rank, double points) {
    const Day day = table.events[static_cast<std::size_t>(event)].start_day;
    table.results.push_back({event, athlete, day, status, rank, points});
  }
};

// Race R = Classic X on 2020-04-05. Rider 0 has a history; rider 1 only a DNS in R; rider 2 won
// the 2018 edition and skipped 2019; rider 3 abandoned the 2019 edition.
HandTable hand_table() {
  HandTable h;
  auto& t = h.table;
  t.athletes = {{"zero", ymd(1990, 1, 1)},
                {"one", std::nullopt},
                {"two", std::nullopt},
                {"three", std::nullopt}};
  const auto x18 = h.event("Classic X", "classic-x", "1.UWT", EventKind::OneDay, ymd(2018, 4, 1));
  const auto x19 = h.event("Classic X", "classic-x", "1.UWT", EventKind::OneDay, ymd(2019, 4, 7));
  const auto y19 = h.event("Race Y", "race-y", "1.HC", EventKind::OneDay, ymd(2019, 6, 1));
  h.event("Tour Z", "tour-z", "2.UWT", EventKind::StageRace, ymd(2020, 3, 1));
  const auto s1 = h.event("Stage 1", "", "", EventKind::Stage, ymd(2020, 3, 1));
  const auto s2 = h.event("Stage 2", "", "", EventKind::Stage, ymd(2020, 3, 2));
  const auto s3 = h.event("Stage 3", "", "", EventKind::Stage, ymd(2020, 3, 3));
  const auto gc =
      h.event("General classification", "tour-z", "", EventKind::Classification, ymd(2020, 3, 3));
  t.events[static_cast<std::size_t>(gc)].classification = career::Classification::General;
  const auto w = h.event("Race W", "race-w", "1.UWT", EventKind::OneDay, ymd(2020, 3, 10));
  const auto v = h.event("Race V", "race-v", "1.1", EventKind::OneDay, ymd(2020, 4, 4));
  h.race = h.event("Classic X", "classic-x", "1.UWT", EventKind::OneDay, ymd(2020, 4, 5));
  const auto u = h.event("Race U", "race-u", "1.UWT", EventKind::OneDay, ymd(2020, 4, 5));
  const auto later = h.event("Race T", "race-t", "1.UWT", EventKind::OneDay, ymd(2020, 5, 1));
  h.result(0, x18, Status::Ranked, 3, 100);
  h.result(0, x19, Status::Ranked, 12, 10);
  h.result(0, y19, Status::Ranked, 1, 50);
  h.result(0, s1, Status::Ranked, 5, 8);
  h.result(0, s2, Status::Ranked, 2, 12);
  h.result(0, s3, Status::Ranked, 20, 0);
  h.result(0, gc, Status::Ranked, 4, 40);
  h.result(0, w, Status::Ranked, 7, 30);
  h.result(0, v, Status::Dnf, 0, 0);
  h.result(0, h.race, Status::Ranked, 2, 200);
  h.result(0, u, Status::Ranked, 1, 500);      // same day as R: unknown at the start
  h.result(0, later, Status::Ranked, 1, 300);  // after R
  h.result(1, h.race, Status::Dns, 0, 0);
  h.result(2, x18, Status::Ranked, 1, 250);
  h.result(2, h.race, Status::Ranked, 1, 250);
  h.result(3, x19, Status::Dnf, 0, 0);
  h.result(3, h.race, Status::Ranked, 30, 0);
  return h;
}

float value(const RankDataset& d, std::size_t row, const std::string& name) {
  const auto it = std::find(d.feature_names.begin(), d.feature_names.end(), name);
  EXPECT_NE(it, d.feature_names.end()) << name;
  return d.row(row)[it - d.feature_names.begin()];
}

TEST(RankFeaturesHand, EveryFeatureOfTheHandMadeTable) {
  const HandTable h = hand_table();
  const FeatureBuilder builder(h.table);
  const RankDataset d = build_dataset(builder, {h.race}, {});
  ASSERT_EQ(d.queries(), 1u);
  ASSERT_EQ(d.athletes, (std::vector<std::int32_t>{0, 1, 2, 3}));
  EXPECT_EQ(d.labels, (std::vector<float>{9, 0, 10, 0}));
  ASSERT_EQ(d.x.size(), 4 * d.features());
  const Day day = ymd(2020, 4, 5);
  const auto years = [day](Day since) { return static_cast<float>((day - since) / 365.2425); };
  // Rider 0. Windows end the day before 2020-04-05; 42 days back = 2020-02-23, 365 days back
  // (leap year) = 2019-04-06, so the 2019 edition (04-07) is inside the year.
  const std::vector<std::pair<std::string, float>> expected = {
      {"age_years", years(ymd(1990, 1, 1))},
      {"career_years", years(ymd(2018, 4, 1))},
      {"points_42d", 8 + 12 + 40 + 30},  // stages, GC, Race W
      {"race_days_42d", 5},              // 03-01, 03-02, 03-03, 03-10, 04-04 (GC day not extra)
      {"best_rank_42d", 2},              // stage 2
      {"days_since_last_race", 1},       // the DNF on 04-04 was a race day
      {"race_days_14d", 1},              // 04-04
      {"race_days_28d", 2},              // 03-10, 04-04
      {"points_season_to_date", 90},
      {"points_365d", 10 + 50 + 90},
      {"points_prev_season_1", 60},
      {"points_prev_season_2", 100},
      {"points_prev_season_3", 0},
      {"points_slope_per_season", 30},  // (60 - 0) / 2
      {"points_mean_per_season", 80},   // (100 + 60) / 2 seasons
      {"one_day_points_365d", 10 + 50 + 30},
      {"one_day_top10s_365d", 2},  // Race Y 1st, Race W 7th
      {"trend_points_42d", 90},    // nothing in the 42 days before that
      {"points_career", 250},
      {"race_editions", 2},
      {"race_top10s", 1},
      {"race_best_rank", 3},
      {"race_years_since_best", years(ymd(2018, 4, 1))},
      {"race_last_edition_rank", 12},
      {"share_points_one_day", 190.0F / 250},
      {"share_points_gc", 40.0F / 250},
      {"share_points_stage", 20.0F / 250},
      {"share_points_points", 0},
      {"share_points_mountains", 0},
      {"share_points_time_trial", 0},
      {"share_points_other", 0},
      {"class_points_365d", 10 + 30},  // 1.UWT one-day: Classic X 2019, Race W
      {"class_top10s_365d", 1},
  };
  ASSERT_EQ(expected.size(), d.features());
  for (const auto& [name, v] : expected)
    EXPECT_FLOAT_EQ(value(d, 0, name), v) << name;

  // Rider 1: nothing before R. Counts and sums are 0, everything else missing.
  const std::vector<std::string> missing = {"age_years",
                                            "career_years",
                                            "best_rank_42d",
                                            "days_since_last_race",
                                            "points_mean_per_season",
                                            "race_best_rank",
                                            "race_years_since_best",
                                            "race_last_edition_rank"};
  for (const std::string& name : d.feature_names) {
    const float x = value(d, 1, name);
    if (name.rfind("share_points_", 0) == 0 ||
        std::find(missing.begin(), missing.end(), name) != missing.end()) {
      EXPECT_TRUE(std::isnan(x)) << name;
    } else {
      EXPECT_EQ(x, 0.0F) << name;
    }
  }
  // Rider 2 won 2018, skipped 2019: no last-edition rank. Rider 3 abandoned 2019: no rank.
  EXPECT_EQ(value(d, 2, "race_editions"), 1);
  EXPECT_EQ(value(d, 2, "race_best_rank"), 1);
  EXPECT_TRUE(std::isnan(value(d, 2, "race_last_edition_rank")));
  EXPECT_EQ(value(d, 3, "race_editions"), 1);
  EXPECT_EQ(value(d, 3, "race_top10s"), 0);
  EXPECT_TRUE(std::isnan(value(d, 3, "race_best_rank")));
  EXPECT_TRUE(std::isnan(value(d, 3, "race_last_edition_rank")));
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

enum class Tamper { Delete, Scramble };

// Everything known from day D on is deleted (R's own rows kept: they name the candidates) or
// gets random ranks, statuses and points.
career::ResultsTable tampered(const career::ResultsTable& t, std::int32_t race, Tamper how,
                              std::uint64_t seed) {
  const Day d = t.events[static_cast<std::size_t>(race)].start_day;
  Rng rng(seed);
  career::ResultsTable out;
  out.athletes = t.athletes;
  out.events = t.events;
  for (career::Result r : t.results) {
    if (r.day >= d) {
      if (how == Tamper::Delete && r.event != race) continue;
      r.status = rng.below(4) == 0 ? Status::Dnf : Status::Ranked;
      r.rank = r.status == Status::Ranked ? static_cast<std::int32_t>(1 + rng.below(20)) : 0;
      r.points = static_cast<double>(rng.below(300));
    }
    out.results.push_back(r);
  }
  return out;
}

TEST(RankLeakage, FeaturesIgnoreEverythingFromTheRaceDayOn) {
  int races_checked = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const career::ResultsTable full = test::synthetic_table(seed);
    const FeatureBuilder builder(full);
    for (std::size_t e = 0; e < full.events.size(); e += 7) {
      const auto race = static_cast<std::int32_t>(e);
      const RankDataset reference = build_dataset(builder, {race}, {});
      if (reference.rows() == 0) continue;
      for (const Tamper how : {Tamper::Delete, Tamper::Scramble}) {
        const career::ResultsTable other = tampered(full, race, how, seed * 1000 + e);
        const RankDataset d = build_dataset(FeatureBuilder(other), {race}, {});
        EXPECT_EQ(d.athletes, reference.athletes) << "seed " << seed << " race " << e;
        EXPECT_TRUE(same_bits(d.x, reference.x)) << "seed " << seed << " race " << e;
      }
      ++races_checked;
    }
  }
  EXPECT_GT(races_checked, 30);
}

// The check can fail: changing the points of earlier results changes the features.
TEST(RankLeakage, TamperingBeforeTheRaceIsSeen) {
  const career::ResultsTable full = test::synthetic_table(3);
  const auto race = static_cast<std::int32_t>(full.events.size() - 20);
  const RankDataset reference = build_dataset(FeatureBuilder(full), {race}, {});
  ASSERT_GT(reference.rows(), 0u);
  career::ResultsTable changed = full;
  const Day d = full.events[static_cast<std::size_t>(race)].start_day;
  for (career::Result& r : changed.results) {
    if (r.day < d) r.points += 1;
  }
  const RankDataset d2 = build_dataset(FeatureBuilder(changed), {race}, {});
  EXPECT_FALSE(same_bits(d2.x, reference.x));
}

}  // namespace
}  // namespace podium::rank
