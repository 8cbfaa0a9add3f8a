#include "rank_pipeline.hpp"

#include <chrono>

#include "podium/core/error.hpp"
#include "podium/core/plugin.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/rating.hpp"
#include "podium/rank/xgboost_ranker.hpp"
#include "results_store.hpp"

namespace podium::app {
namespace {

// " --features -form,-history" for an ablation, "" otherwise.
std::string features_flag(const rank::FeatureOptions& groups) {
  std::string flag;
  for (const std::string& g : rank::dropped_feature_groups(groups))
    flag.append(flag.empty() ? " --features -" : ",-").append(g);
  return flag;
}

}  // namespace

std::unique_ptr<RankInputs> load_rank_inputs(const store::Store& db) {
  using Clock = std::chrono::steady_clock;
  auto in = std::make_unique<RankInputs>();
  const auto t0 = Clock::now();
  in->table = load_results(db);
  const auto t1 = Clock::now();
  if (in->table.results.empty()) {
    throw Error(ErrorKind::NotFound,
                db.path() + ": no results stored; run `podium results import` first");
  }
  in->builder.emplace(in->table);
  const auto t2 = Clock::now();
  in->load_seconds = std::chrono::duration<double>(t1 - t0).count();
  in->index_seconds = std::chrono::duration<double>(t2 - t1).count();
  return in;
}

std::unique_ptr<rank::Ranker> make_ranker(rank::RankerKind kind) {
  rank::register_xgboost_rankers();
  if (kind == rank::RankerKind::Neural) {
    // The neural ranker's library links libtorch: loaded only when a neural ranker is asked for,
    // so the XGBoost and baseline commands start without it (neural_ranker_plugin.hpp).
    using Register = void (*)();
    reinterpret_cast<Register>(
        plugin_symbol("podium_rank_neural", "podium_register_neural_ranker"))();
  }
  return rank::create_ranker(kind);
}

std::string stored_model_name(rank::RankerKind kind, int year,
                              const rank::FeatureOptions& options) {
  std::string name = rank::model_name(kind, year);
  const std::vector<std::string> dropped = rank::dropped_feature_groups(options);
  if (!dropped.empty()) name.append("-without");
  for (const std::string& g : dropped)
    name.append("-").append(g);
  return name;
}

std::unique_ptr<rank::Ranker> open_ranker(const store::Store& db, const RankInputs& in,
                                          rank::RankerKind kind, int year,
                                          const std::vector<std::string>& features) {
  if (kind == rank::RankerKind::TrueSkill) return rank::make_trueskill_ranker(in.table);
  std::unique_ptr<rank::Ranker> ranker = make_ranker(kind);
  if (rank::is_baseline(kind)) return ranker;
  const rank::FeatureOptions groups = rank::feature_options_from_names(features);
  const std::string name = stored_model_name(kind, year, groups);
  const std::optional<store::RankModelRow> row = db.rank_model(name);
  if (!row) {
    throw Error(ErrorKind::NotFound,
                db.path() + ": no model \"" + name +
                    "\"; train it with `podium rank train --year " + std::to_string(year) +
                    " --model " + rank::ranker_kind_name(kind) + features_flag(groups) + "`");
  }
  ranker->load(std::string(row->blob.begin(), row->blob.end()), features);
  return ranker;
}

}  // namespace podium::app
