// The experiment policy on a seeded synthetic table (seasons 2010-2014; per season one-day races
// classic-0..5 of classes 1.UWT, 1.HC, 1.1 in turn, classic-5 a time trial; stage races).
#include "podium/rank/experiment.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "podium/core/error.hpp"
#include "rank/synthetic.hpp"
#include "testkit/throws_error.hpp"

namespace podium::rank {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

const career::ResultsTable& table() {
  static const career::ResultsTable t = test::synthetic_table(5);
  return t;
}

TEST(Experiment, TrainingRacesAreOneDayRacesOfTheClassesBeforeTheYear) {
  const Experiment e{.year = 2014, .train_from = 2011, .train_classes = RaceClassSet::Top};
  const std::vector<std::int32_t> races = training_races(table(), e);
  EXPECT_EQ(races.size(), 3U * 4U);  // classic-0, 1, 3, 4 in 2011-2013 (1.1 and the TT out)
  for (const std::int32_t r : races) {
    const career::Event& ev = table().events[r];
    EXPECT_GE(ev.season, 2011);
    EXPECT_LE(ev.season, 2013);
    EXPECT_TRUE(ev.event_class == "1.UWT" || ev.event_class == "1.HC") << ev.event_class;
  }
  EXPECT_EQ(first_training_season(e), 2011);
  EXPECT_EQ(first_training_season({.year = 2014}), 1999);
}

TEST(Experiment, TestRacesFollowTheSet) {
  Experiment e{.year = 2014};
  e.test_races = TestRaces::WorldTour;
  EXPECT_EQ(test_races(table(), e).size(), 2U);  // classic-0, classic-3
  e.test_races = TestRaces::Default;             // WorldTour or one of the 11 classics (none here)
  EXPECT_EQ(test_races(table(), e).size(), 2U);
  e.test_races = TestRaces::Classics;
  EXPECT_TRUE(test_races(table(), e).empty());
  e.test_races = TestRaces::AllOneDay;
  EXPECT_EQ(test_races(table(), e).size(), 5U);
  EXPECT_EQ(classics_race_keys().size(), 11U);
  EXPECT_EQ(parse_test_races("classics"), TestRaces::Classics);
  EXPECT_EQ(parse_test_races("all"), TestRaces::AllOneDay);
  EXPECT_FALSE(parse_test_races("most"));
}

TEST(Experiment, OneRaceByKeyOrByPartOfItsName) {
  Experiment e{.year = 2013, .race = "classic-1"};
  std::vector<std::int32_t> races = test_races(table(), e);
  ASSERT_EQ(races.size(), 1U);
  EXPECT_EQ(table().events[races[0]].race_key, "classic-1");
  e.race = "CLASSIC 4";
  races = test_races(table(), e);
  ASSERT_EQ(races.size(), 1U);
  EXPECT_EQ(table().events[races[0]].race_key, "classic-4");
  e.race = "classic";
  EXPECT_THAT([&] { test_races(table(), e); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("matches several races of 2013: classic-0, classic-1")));
  e.race = "tour de nowhere";
  EXPECT_THAT(
      [&] { test_races(table(), e); },
      ThrowsError(ErrorKind::NotFound,
                  HasSubstr("--race \"tour de nowhere\": no one-day race of 2013 matches")));
}

TEST(Experiment, TrainingSetsHoldBackEveryFifthRaceAndNeedFive) {
  const FeatureBuilder builder(table());
  const Experiment e{.year = 2014, .train_from = 2010, .train_classes = RaceClassSet::All};
  const std::size_t races = training_races(table(), e).size();
  ASSERT_EQ(races, 20U);
  const TrainingSets sets = training_sets(builder, e, "store.db");
  EXPECT_EQ(sets.validation.queries(), 4U);
  EXPECT_EQ(sets.fit.queries(), 16U);
  const RankDataset all = build_dataset(builder, training_races(table(), e), e.features);
  EXPECT_EQ(sets.validation.events[0], all.events[4]);
  EXPECT_EQ(sets.validation.events[1], all.events[9]);
  EXPECT_EQ(sets.fit.events[4], all.events[5]);

  const Experiment few{.year = 2012, .train_from = 2011, .train_classes = RaceClassSet::WorldTour};
  EXPECT_THAT([&] { training_sets(builder, few, "store.db"); },
              ThrowsError(ErrorKind::NotFound,
                          HasSubstr("store.db: only 2 training races before 2012 (need 5)")));
  EXPECT_EQ(test_dataset(builder, {.year = 2014}).queries(), 2U);
}

TEST(Experiment, CardAddsTheExperimentToTheRankersCard) {
  const FeatureBuilder builder(table());
  const Experiment e{.year = 2014, .train_from = 2010, .train_classes = RaceClassSet::All};
  const TrainingSets sets = training_sets(builder, e, "store.db");
  const nlohmann::json card =
      experiment_card({{"kind", "toy"}}, e, RankerKind::XgboostPairwise, sets);
  EXPECT_EQ(card["kind"], "toy");
  EXPECT_EQ(card["podium_model"], "xgboost-pairwise-2014");
  EXPECT_EQ(card["test_year"], 2014);
  EXPECT_EQ(card["train_seasons"], (std::vector<int>{2010, 2013}));
  EXPECT_EQ(card["train_classes"], "all");
  EXPECT_EQ(card["train_races"], 16);
  EXPECT_EQ(card["validation_races"], 4);
  EXPECT_EQ(card["train_rows"], sets.fit.rows());
  EXPECT_EQ(model_name(RankerKind::Neural, 2019), "neural-2019");
}

}  // namespace
}  // namespace podium::rank
