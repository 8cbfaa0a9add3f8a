// An out-of-sample season appended to a history (rank/seasons_outside.hpp) on a hand-made table:
// riders reconciled or added, one-day races and stages appended with imputed points, candidates
// = the top-500 list, labels from the top 10, features blind to the race day.
#include "podium/rank/seasons_outside.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "podium/core/error.hpp"
#include "podium/rank/experiment.hpp"

namespace podium::rank {
namespace {

career::Day day(int y, int m, int d) {
  return *career::day_from_ymd(y, m, d);
}

// History: two one-day 1.UWT races of 2021 (Paris-Roubaix, E3) won by anna-alpha and bert-beta
// with 400 / 300 points for 1st / 2nd.
career::ResultsTable outside_history() {
  career::ResultsTable t;
  t.athletes = {{.id = "anna-alpha", .birth_day = day(1995, 1, 1)},
                {.id = "bert-beta", .birth_day = day(1996, 2, 2)},
                {.id = "carl-gamma-long", .birth_day = day(1997, 3, 3)}};
  const auto race = [&](const char* name, career::Day d, std::int32_t first, std::int32_t second) {
    t.events.push_back({.name = name,
                        .race_key = career::race_key(name),
                        .event_class = "1.UWT",
                        .start_day = d,
                        .end_day = d,
                        .season = 2021});
    const auto e = static_cast<std::int32_t>(t.events.size() - 1);
    t.results.push_back({.event = e, .athlete = first, .day = d, .rank = 1, .points = 400});
    t.results.push_back({.event = e, .athlete = second, .day = d, .rank = 2, .points = 300});
  };
  race("Paris-Roubaix", day(2021, 4, 11), 0, 1);
  race("E3 Saxo Bank Classic", day(2021, 3, 26), 1, 0);
  return t;
}

career::Pcs2023Season outside_scrape() {
  career::Pcs2023Season s;
  s.riders = {{.uci_rank = 1, .name = "Alpha Anna", .birth_day = day(1995, 1, 1)},
              {.uci_rank = 2, .name = "Gamma Carl", .birth_day = day(1997, 3, 3)},
              {.uci_rank = 3, .name = "Newman Neo", .birth_day = day(2003, 5, 5)}};
  career::Pcs2023Race e3{.name = "E3 Saxo Classic",
                         .race_class = "1.UWT",
                         .kind = career::Pcs2023Kind::OneDay,
                         .day = day(2023, 3, 24)};
  e3.top[0] = "Gamma Carl";
  e3.top[1] = "Beta Bert";     // a history rider outside the top 500: not a candidate
  e3.top[2] = "Stranger Sam";  // nobody known: a new athlete
  e3.top[3] = "Gamma Carl";    // twice: the first place stays
  career::Pcs2023Race stage{.name = "Tour Imaginaire",
                            .race_class = "2.UWT",
                            .kind = career::Pcs2023Kind::Stage,
                            .day = day(2023, 3, 1)};
  stage.top[0] = "Newman Neo";
  career::Pcs2023Race roubaix{.name = "Paris-Roubaix",
                              .race_class = "1.UWT",
                              .kind = career::Pcs2023Kind::OneDay,
                              .day = day(2023, 4, 9)};
  roubaix.top[0] = "Alpha Anna";
  career::Pcs2023Race final{.name = "Finale", .race_class = "Final", .day = day(2023, 5, 1)};
  final.kind = career::Pcs2023Kind::Other;
  s.races = {e3, stage, roubaix, final};
  return s;
}

TEST(RankSeasonsOutside, AppendsTheSeasonAndReconcilesRiders) {
  const career::ResultsTable history = outside_history();
  const OutsideSeason o = append_pcs2023(history, outside_scrape());
  // Anna by name, Carl by birth day (his slug has a third word), Neo new.
  EXPECT_EQ(o.riders.matched(), 2U);
  EXPECT_EQ(o.riders.athlete[1], 2);
  const std::int32_t neo = o.table.find_athlete("pcs2023:neo-newman");
  ASSERT_GE(neo, 0);
  EXPECT_EQ(o.table.athletes[neo].birth_day, day(2003, 5, 5));
  EXPECT_EQ(o.candidates, (std::vector<std::int32_t>{0, 2, neo}));
  EXPECT_GE(o.table.find_athlete("pcs2023:sam-stranger"), 0);
  EXPECT_EQ(o.races_skipped, 1U);
  // E3: 3 places (Carl's second one dropped), stage 1, Roubaix 1.
  EXPECT_EQ(o.finishers, 5U);
  EXPECT_EQ(o.finishers_in_history, 3U);  // Carl, Bert, Anna
  EXPECT_EQ(o.finishers_candidates, 3U);  // Carl, Neo, Anna
  // The 2023 E3 joins the history's key; 1st place gets the median of the history's 1.UWT 1st
  // places (400, 400), 3rd none (no 3rd place in the history), a 2.UWT stage none either.
  const auto e3 = std::find_if(o.table.events.begin(), o.table.events.end(),
                               [](const career::Event& e) { return e.name == "E3 Saxo Classic"; });
  ASSERT_NE(e3, o.table.events.end());
  EXPECT_EQ(e3->race_key, "e3-harelbeke");
  EXPECT_EQ(e3->season, 2023);
  const auto e3_index = static_cast<std::int32_t>(e3 - o.table.events.begin());
  double first_points = -1.0;
  for (const career::Result& r : o.table.results) {
    if (r.event == e3_index && r.rank == 1) first_points = r.points;
  }
  EXPECT_DOUBLE_EQ(first_points, 400.0);
  EXPECT_EQ(o.points_imputed, 3U);  // E3 1st and 2nd, Roubaix 1st
  // The stage hangs under a stage-race header.
  const auto stage =
      std::find_if(o.table.events.begin(), o.table.events.end(),
                   [](const career::Event& e) { return e.kind == career::EventKind::Stage; });
  ASSERT_NE(stage, o.table.events.end());
  ASSERT_GE(stage->parent, 0);
  EXPECT_EQ(o.table.events[stage->parent].kind, career::EventKind::StageRace);
}

TEST(RankSeasonsOutside, CandidateQueriesLabelFromTheTop10AndSeeOnlyTheDaysBefore) {
  const OutsideSeason o = append_pcs2023(outside_history(), outside_scrape());
  const FeatureBuilder builder(o.table);
  const std::vector<std::int32_t> races = test_races(o.table, {.year = 2023});
  ASSERT_EQ(races.size(), 2U);  // E3 (24 March), Roubaix (9 April): the 1.UWT one-day races
  const RankDataset d = build_dataset(builder, races, {}, o.candidates);
  ASSERT_EQ(d.queries(), 2U);
  EXPECT_EQ(d.query_size(0), 3U);
  EXPECT_EQ(d.athletes, (std::vector<std::int32_t>{0, 2, o.candidates[2], 0, 2, o.candidates[2]}));
  // E3: Carl won (10), Anna and Neo not in its top 10. Roubaix: Anna won.
  EXPECT_EQ(d.labels, (std::vector<float>{0, 10, 0, 10, 0, 0}));
  // points_365d before E3 2023 leaves out E3 itself; before Roubaix it holds Carl's E3 win.
  const auto column = static_cast<std::size_t>(
      std::find(d.feature_names.begin(), d.feature_names.end(), "points_365d") -
      d.feature_names.begin());
  ASSERT_LT(column, d.features());
  EXPECT_FLOAT_EQ(d.row(1)[column], 0.0F);    // Carl before E3
  EXPECT_FLOAT_EQ(d.row(4)[column], 400.0F);  // Carl before Roubaix
  EXPECT_THROW(build_dataset(builder, races, {}, std::vector<std::int32_t>{999}), Error);
}

}  // namespace
}  // namespace podium::rank
