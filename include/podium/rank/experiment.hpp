// The experiment policy of race ranking: which races a model for season `year` trains and is
// tested on, how its held-back races are chosen, what a trained model is called and what its card
// says about the experiment.
//
// Contract: training races are the one-day races (races.hpp) of the `train_classes` set in
// seasons [first_training_season(e), year - 1] (first = train_from, or year - 15 when 0); every
// fifth of them (by date, dataset.hpp split_for_validation) is held back for early stopping, the
// same split for every ranker; fewer than 5 training races is Error(NotFound) naming `source` (the
// results' store) and what to do. Test races are one-day races of `year`: with `race` set, the
// editions of one race picked by race_key or else by a case-insensitive part of its name (none:
// Error(NotFound); several race_keys: Error(InvalidInput) listing them); otherwise by `test_races`:
// the WorldTour ones (class 1.UWT), the eleven spring classics of the shared derived file (by
// race_key), both (Default), or every one-day race of any class (AllOneDay). A model is stored as
// "<kind>-<year>" ("xgboost-ndcg-2019", "neural-2019").
//
//   Experiment e{.year = 2019};
//   TrainingSets t = training_sets(builder, e, db.path());
//   RankDataset test = test_dataset(builder, e);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/career/results.hpp"
#include "podium/rank/dataset.hpp"
#include "podium/rank/features.hpp"
#include "podium/rank/races.hpp"
#include "podium/rank/ranker.hpp"

namespace podium::rank {

enum class TestRaces { Default, WorldTour, Classics, AllOneDay };
// "default" | "worldtour" | "classics" | "all"; nullopt otherwise.
std::optional<TestRaces> parse_test_races(std::string_view name);

struct Experiment {
  int year = 0;        // the test season
  int train_from = 0;  // first training season; 0 = year - 15
  RaceClassSet train_classes = RaceClassSet::Professional;
  TestRaces test_races = TestRaces::Default;
  std::string race;  // a race_key or part of a race name; "" = the whole test set
  FeatureOptions features;
  std::uint64_t seed = 42;
};

int first_training_season(const Experiment& e);

// The race_keys of the shared derived classics file (its 11 spring classics).
const std::vector<std::string>& classics_race_keys();

std::vector<std::int32_t> training_races(const career::ResultsTable& table, const Experiment& e);
std::vector<std::int32_t> test_races(const career::ResultsTable& table, const Experiment& e);

struct TrainingSets {
  RankDataset fit;
  RankDataset validation;
};
TrainingSets training_sets(const FeatureBuilder& builder, const Experiment& e,
                           std::string_view source);
RankDataset test_dataset(const FeatureBuilder& builder, const Experiment& e);

std::string model_name(RankerKind kind, int year);
// The ranker's own card plus the experiment: model name, test year, training seasons and
// classes, race and row counts, the leakage rule.
nlohmann::json experiment_card(const nlohmann::json& ranker_card, const Experiment& e,
                               RankerKind kind, const TrainingSets& sets);

}  // namespace podium::rank
