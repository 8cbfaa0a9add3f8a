// Neural listwise ranker (libtorch) on the same RankDataset features as the XGBoost ranker, with
// integrated-gradients explanations.
//
// Contract: inputs are standardised with means and standard deviations fitted on the training
// rows (NaN skipped); a missing value (NaN) becomes the training mean, i.e. 0 after
// standardisation; the stats are part of the model. An MLP (features -> hidden... -> 1, SiLU,
// dropout while training) scores each row; only the order of scores within a query means
// anything. Loss, averaged over a batch of queries (Adam): top-k ListMLE (default; the
// Plackett-Luce likelihood of the order of the rows with a positive label, the rest unordered) or
// ListNet top-one (cross-entropy between softmax(labels) and softmax(scores)); docs/rankers.md.
// Early stopping on mean NDCG@k (linear gains, the labels themselves) over validation queries: the
// given validation set, or else a seeded split of `validation_fraction` of the training queries;
// the best epoch's weights are kept. Deterministic for a fixed seed: training seeds libtorch's
// global generator and sets its global thread count to `threads`. Saved bytes are learn's
// saved-model container (magic, model card with the stats, torch archive, sha256). Errors:
// podium::Error InvalidInput (options, datasets, row counts), Format (bytes), Model (architecture
// or feature mismatch).
//
//   NeuralRanker m = NeuralRanker::train(train_set, {});
//   IntegratedGradients ig = m.integrated_gradients(std::span(test_set.row(0), m.features()));
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/learn/integrated_gradients.hpp"
#include "podium/rank/dataset.hpp"

namespace podium::rank {

enum class NeuralLoss { ListMleTopK, ListNet };

struct NeuralRankerOptions {
  NeuralLoss loss = NeuralLoss::ListMleTopK;
  std::vector<int> hidden{64, 32};   // 1..4 hidden layers of 1..1024 units
  double dropout = 0.1;              // [0, 0.9), after each hidden layer while training
  double learning_rate = 1e-3;       // Adam, (0, 1]
  double weight_decay = 1e-4;        // Adam L2, [0, 1]
  int max_epochs = 100;              // 1..10000
  int patience = 10;                 // epochs without validation gain before stopping; 0 = off
  int queries_per_batch = 16;        // 1..4096
  double validation_fraction = 0.2;  // [0, 0.5] of training queries, when no validation set
  int ndcg_at = 10;                  // 1..1000
  std::uint64_t seed = 42;
  int threads = 1;  // 1..256 (libtorch intra-op threads while training)
};

// Throws Error(InvalidInput) naming the first field that breaks its rule, with its value.
void validate(const NeuralRankerOptions& options);

const char* loss_name(NeuralLoss loss);  // "listmle-topk", "listnet-top1"

// Integrated gradients of one row's score (learn/integrated_gradients.hpp), in score units.
using learn::IntegratedGradients;

class NeuralRanker {
 public:
  static NeuralRanker train(const RankDataset& train, const NeuralRankerOptions& options,
                            const RankDataset* validation = nullptr);
  // Bytes from save(); a model trained on other features (count, names, order) is Error(Model).
  static NeuralRanker load(std::string_view bytes,
                           const std::vector<std::string>& expected_features);

  NeuralRanker(NeuralRanker&&) noexcept;
  NeuralRanker& operator=(NeuralRanker&&) noexcept;
  ~NeuralRanker();

  // x: rows x features(), row-major, NaN = missing. One score per row.
  std::vector<float> score(std::span<const float> x, std::size_t rows) const;
  // Same, after checking the dataset's feature names against the model's.
  std::vector<float> score(const RankDataset& data) const;
  // Baseline: the training means (all zeros after standardisation). NaN in row/baseline = mean.
  // steps: 1..100000.
  IntegratedGradients integrated_gradients(std::span<const float> row, int steps = 64) const;
  IntegratedGradients integrated_gradients(std::span<const float> row,
                                           std::span<const float> baseline, int steps = 64) const;

  std::string save() const;
  // Model card: kind, feature names, options, standardisation, training rows/queries, best
  // epoch, validation NDCG, seconds, seed.
  const nlohmann::json& card() const;
  const std::vector<std::string>& feature_names() const;
  std::size_t features() const { return feature_names().size(); }

 private:
  struct Impl;
  explicit NeuralRanker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::rank
