// XGBoost LambdaMART ranker (rank:ndcg or rank:pairwise) trained on a RankDataset through the
// XGBoost C API, with per-prediction TreeSHAP explanations.
//
// Contract: one query group per race (RankDataset::query_offsets); NaN features are "missing"
// (XGBoost learns a default direction per split). Scores are margins: only their order within a
// query means anything. rank:ndcg in XGBoost 1.7 weighs pairs with exponential gains 2^label - 1
// (1023 for a winner's label 10, 1 for 10th place), and so does its ndcg@10 metric used for early
// stopping; see docs/rankers.md. `contributions` returns rows x (features + 1) TreeSHAP values,
// the last column being the bias: each row sums to that row's margin. Saved bytes are learn's
// saved-model container (magic, model card, XGBoost UBJSON, sha256) and load only with the same
// feature names in the same order. Training is deterministic for a fixed seed and nthread.
// Every failure is a podium::Error: InvalidInput (options, datasets, row counts), Format (bytes),
// Model (XGBoost refused, feature mismatch).
// register_xgboost_rankers() puts the kinds xgboost-ndcg and xgboost-pairwise into rank's ranker
// registry (ranker.hpp); it may be called any number of times.
// Lifetime: never keep an XgbRanker in static storage; XGBoost 1.7 frees a booster through a
// thread_local that is gone when statics are destroyed at exit (the process aborts).
//
//   XgbRanker m = XgbRanker::train(train_set, {.objective = XgbObjective::Ndcg}, &valid_set);
//   std::vector<float> s = m.predict(test_set);  std::string bytes = m.save();
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/learn/xgboost.hpp"
#include "podium/rank/dataset.hpp"

namespace podium::rank {

enum class XgbObjective { Ndcg, Pairwise };  // rank:ndcg, rank:pairwise

struct XgbRankerOptions {
  XgbObjective objective = XgbObjective::Ndcg;
  int rounds = 200;                // boosting rounds, 1..100000 (upper bound with early stopping)
  learn::xgb::TreeParams tree;     // eta, depth, sampling, regularisation, seed, threads
  int early_stopping_rounds = 20;  // 0 = off; only used when a validation set is given
  int ndcg_at = 10;                // cut-off of the early-stopping metric ndcg@k, 1..1000
};

// Throws Error(InvalidInput) naming the first field that breaks its rule, with its value.
void validate(const XgbRankerOptions& options);

const char* objective_name(XgbObjective objective);  // "rank:ndcg", "rank:pairwise"

void register_xgboost_rankers();

class XgbRanker {
 public:
  // Validates options and both datasets (same feature names), then boosts. With a validation set
  // and early_stopping_rounds > 0, stops when ndcg@k on it has not improved for that many rounds
  // and keeps the trees up to the best round.
  static XgbRanker train(const RankDataset& train, const XgbRankerOptions& options,
                         const RankDataset* validation = nullptr);
  // Bytes from save(). `expected_features` are the names the caller will predict on; a model
  // trained on other features (count, names or order) is Error(Model).
  static XgbRanker load(std::string_view bytes, const std::vector<std::string>& expected_features);

  XgbRanker(XgbRanker&&) noexcept;
  XgbRanker& operator=(XgbRanker&&) noexcept;
  ~XgbRanker();

  // x: rows x features(), row-major. Margins, one per row.
  std::vector<float> predict(std::span<const float> x, std::size_t rows) const;
  // Same, after checking the dataset's feature names against the model's.
  std::vector<float> predict(const RankDataset& data) const;
  // TreeSHAP: rows x (features() + 1), row-major; column features() is the bias.
  std::vector<float> contributions(std::span<const float> x, std::size_t rows) const;
  // Global importance: mean |SHAP| per feature over the given rows (features() values).
  std::vector<double> importance(std::span<const float> x, std::size_t rows) const;

  std::string save() const;
  // Model card: kind, feature names, options, training rows/queries, best round, seconds, seed.
  const nlohmann::json& card() const;
  const std::vector<std::string>& feature_names() const;
  std::size_t features() const { return feature_names().size(); }

 private:
  struct Impl;
  explicit XgbRanker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::rank
