// What the `podium rank` commands share: which races a model trains and is tested on, the stored
// model's name, and scoring a dataset with a stored model or a baseline.
//
// Contract: training races are the one-day races of the `train_classes` set in seasons
// [train_from, year - 1]; every fifth of them (by date) is held back for early stopping, the same
// split for every model. Test races (`RaceSet`) are one-day races of `year`: the WorldTour ones,
// the eleven spring classics of the shared derived file (by race_key), both (`Default`), or every
// one-day race of any class (`AllOneDay`).
// Stored models are named "<kind>-<year>" ("xgboost-ndcg-2019", "neural-2019") and are what
// `evaluate`, `predict` and `explain` score with; a missing one is Error(NotFound) naming the
// command that trains it.
//
//   RankSetup s{.year = 2019};
//   RankDataset test = build_dataset(builder, test_races(table, s), s.features);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/rank/dataset.hpp"
#include "podium/rank/features.hpp"
#include "podium/rank/races.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

enum class RankModelKind {
  XgboostNdcg,
  XgboostPairwise,
  Neural,
  BaselinePoints,
  BaselineLastEdition
};
// "xgboost" (= xgboost-ndcg), "xgboost-ndcg", "xgboost-pairwise", "neural", "baseline"
// (= points_365d), "baseline-last-edition"; Error(InvalidInput) listing them otherwise.
RankModelKind parse_rank_model(const std::string& name);
const char* rank_model_name(RankModelKind kind);  // canonical: "xgboost-ndcg", ...
bool is_baseline(RankModelKind kind);

enum class RaceSet { Default, WorldTour, Classics, AllOneDay };

struct RankSetup {
  int year = 0;
  int train_from = 0;  // 0 = year - 15
  rank::RaceClassSet train_classes = rank::RaceClassSet::Professional;
  RaceSet test_set = RaceSet::Default;
  std::string race;  // a race_key or part of a race name; "" = the whole test set
  rank::FeatureOptions features;
  std::uint64_t seed = 42;
};

// The race_keys of the shared derived classics file (its 11 spring classics).
const std::vector<std::string>& classics_race_keys();

std::vector<std::int32_t> training_races(const career::ResultsTable& table, const RankSetup& s);
// Error(NotFound) when `s.race` matches no race of that year (naming the year and the text).
std::vector<std::int32_t> test_races(const career::ResultsTable& table, const RankSetup& s);

std::string stored_model_name(RankModelKind kind, int year);

// The stored results and their feature index, built once per command (the builder points into
// the table, so the pair never moves). Error(NotFound) when the store has no results.
struct RankInputs {
  career::ResultsTable table;
  std::optional<rank::FeatureBuilder> builder;
  double load_seconds = 0.0;
  double index_seconds = 0.0;
};
std::unique_ptr<RankInputs> load_rank_inputs(const store::Store& db);

// The stored model's bytes; Error(NotFound) naming the command that trains it when absent.
std::string stored_model_bytes(const store::Store& db, RankModelKind kind, int year);

// Scores of every row of `data`: from the stored model (Error(NotFound) with the train command
// when absent) or from the baseline.
std::vector<float> score_dataset(const store::Store& db, RankModelKind kind, int year,
                                 const rank::RankDataset& data);

}  // namespace podium::app
