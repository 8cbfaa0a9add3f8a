// What the `podium rank` commands share beyond parsing: the stored results with their feature
// index, rankers made by kind (the one place that loads the neural ranker's library), and stored
// models opened for scoring. The experiment policy itself is rank/experiment.hpp.
//
// Contract: stored models are named stored_model_name(kind, year, groups); a missing one is
// Error(NotFound) naming the command that trains it. open_ranker returns a baseline as is (it needs
// no model), TrueSkill bound to the inputs' table (which must outlive it) and any other kind loaded
// from the store for the given features.
//
//   auto in = load_rank_inputs(db);
//   auto r = open_ranker(db, *in, rank::RankerKind::XgboostNdcg, 2019, test.feature_names);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/rank/features.hpp"
#include "podium/rank/ranker.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

// The stored results and their feature index, built once per command (the builder points into
// the table, so the pair never moves). Error(NotFound) when the store has no results.
struct RankInputs {
  career::ResultsTable table;
  std::optional<rank::FeatureBuilder> builder;
  double load_seconds = 0.0;
  double index_seconds = 0.0;
};
std::unique_ptr<RankInputs> load_rank_inputs(const store::Store& db);

// An empty ranker of `kind`, its library registered first.
std::unique_ptr<rank::Ranker> make_ranker(rank::RankerKind kind);

// rank::model_name(kind, year), plus "-without-<group>-<group>" for an ablation, so that an
// ablated model never replaces the full one ("linear-2019-without-form-history").
std::string stored_model_name(rank::RankerKind kind, int year, const rank::FeatureOptions& options);

// A ranker ready to score `features`: a baseline, TrueSkill over `in`'s table (rating.hpp), or
// the stored model of `kind` for `year` trained on the same feature groups.
std::unique_ptr<rank::Ranker> open_ranker(const store::Store& db, const RankInputs& in,
                                          rank::RankerKind kind, int year,
                                          const std::vector<std::string>& features);

}  // namespace podium::app
