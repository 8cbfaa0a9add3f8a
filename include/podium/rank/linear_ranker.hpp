// A linear pairwise ranker: L2-regularised logistic regression on within-race pairs of feature
// differences (RankNet with a linear score), the reviewer's baseline between the one-column
// points baseline and the boosted and neural rankers, on the same features.
//
// Contract: features are standardised on the training rows (z = (x - mean) / sd, NaN -> z = 0,
// i.e. the training mean; a constant or all-missing column gets sd 1); score(row) = w . z. Pairs:
// within each query every (i, j) with label_i > label_j; loss = mean over pairs of
// log(1 + exp(-w . (z_i - z_j))) + l2 / 2 * |w|^2, minimised by Newton's method (exact Hessian,
// step halving until the loss falls) from w = 0: deterministic, no seed. Training needs at least
// one such pair (else Error(InvalidInput)). Explanations are exact: attribution_j = w_j * z_j,
// base 0 (the training-mean rider), their sum is the score. Saved bytes are learn's model
// container (kind "linear-pairwise-logistic") holding the means, sds and weights; they load only
// for the same feature names in the same order (Error(Model)); damaged bytes are Error(Format).
// The kind "linear" is built into rank's ranker registry (ranker.hpp), no library to load.
//
//   LinearRanker m = LinearRanker::train(train_set, {.l2 = 1e-3});
//   std::vector<float> s = m.predict(test_set);
//   std::vector<double> why = m.contributions(test_set.row(0));  // sums to s[0]
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/rank/dataset.hpp"
#include "podium/rank/ranker.hpp"

namespace podium::rank {

struct LinearRankerOptions {
  double l2 = 1e-3;          // ridge penalty on standardised weights, >= 0 (fixed, not tuned)
  int max_iterations = 50;   // Newton steps, 1..1000
  double tolerance = 1e-10;  // stop when the loss falls by less than this (relative)
};

// Throws Error(InvalidInput) naming the first field that breaks its rule, with its value.
void validate(const LinearRankerOptions& options);

class LinearRanker {
 public:
  static LinearRanker train(const RankDataset& train, const LinearRankerOptions& options = {});
  static LinearRanker load(std::string_view bytes,
                           const std::vector<std::string>& expected_features);

  std::vector<float> predict(const RankDataset& data) const;  // checks the feature names
  double score(std::span<const float> row) const;
  // w_j * z_j per feature; their sum is score(row).
  std::vector<double> contributions(std::span<const float> row) const;

  std::string save() const;
  // kind, feature names, options, training rows/queries/pairs, iterations, loss, seconds, and
  // the standardised weights by feature name.
  const nlohmann::json& card() const { return card_; }
  const std::vector<std::string>& feature_names() const { return names_; }
  const std::vector<double>& weights() const { return weights_; }  // on standardised features
  const std::vector<double>& means() const { return means_; }
  const std::vector<double>& sds() const { return sds_; }

 private:
  // clang-tidy 14 takes nlohmann::json's destructor for a throwing one (model_container.hpp).
  // NOLINTNEXTLINE(bugprone-exception-escape)
  LinearRanker() = default;
  void finish_card();

  std::vector<std::string> names_;
  std::vector<double> means_, sds_, weights_;
  nlohmann::json card_;
};

// The Ranker of kind RankerKind::Linear (the registry's factory calls it).
std::unique_ptr<Ranker> make_linear_ranker();

}  // namespace podium::rank
