// What `podium rank predict|explain` and GET /api/v1/rank/predictions share: the test races of a
// season scored by a stored model (or a baseline), each rider's actual result, and the predicted
// ranking of a race as JSON with each listed rider's attributions (TreeSHAP for XGBoost,
// integrated gradients for the neural ranker), as `rank explain --athlete` gives them.
//
// Contract: Error(NotFound) when the season has no race to rank or the model is not trained
// (the message names the command that trains it); Error(InvalidInput) for a bad model or
// option (RankArgs' checks).
//
//   RankArgs a;  a.year = 2019;  a.race = "milano-sanremo";
//   const Scored s = score_races(store, a, a.kind());
//   nlohmann::json j = predictions_json(s, a, true);
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "podium/rank/features.hpp"
#include "podium/rank/ranker.hpp"
#include "podium/store/store.hpp"
#include "rank_args.hpp"
#include "rank_pipeline.hpp"

namespace podium::app {

struct Scored {
  std::unique_ptr<RankInputs> in;
  rank::RankDataset data;
  std::unique_ptr<rank::Ranker> ranker;
  std::vector<float> scores;
};
Scored score_races(const store::Store& db, const RankArgs& a, rank::RankerKind kind);

// Each rider's result in `event` ("3", "DNF"), and one rider's ("-" when none).
std::unordered_map<std::int32_t, std::string> actual_results(const career::ResultsTable& table,
                                                             std::int32_t event);
std::string actual_of(const std::unordered_map<std::int32_t, std::string>& actual,
                      std::int32_t athlete);
const char* method_name(rank::ExplanationMethod m);

// Per race: {race, race_key, date, riders, model, method?, top: [{position, athlete, score,
// actual, base?, features?: [{feature, value, contribution}]}]}, the first `a.top` riders;
// attributions only with `explain` and a model that has them (not a baseline).
nlohmann::json predictions_json(const Scored& s, const RankArgs& a, bool explain);

}  // namespace podium::app
