// Multi-class gradient-boosted classifier (XGBoost multi:softprob) on learn's XGBoost handles:
// trained with an optional validation set and early stopping on its multi-class log loss,
// predicting class probabilities, with gain importance and per-row TreeSHAP contributions, saved
// in learn's model container (kind "xgboost-softprob") like the rankers.
//
// Contract:
// - A ClassDataset is a dense row-major matrix x (rows x feature_names.size(), NaN = missing:
//   XGBoost learns a default direction per split), one label per row (the class index, an integer
//   in 0..classes-1, held as float as XGBoost takes it) and optional per-row weights (empty = 1
//   each; action/balance.hpp makes balanced ones). check() rejects the first broken row with
//   Error(InvalidInput) placed at the set's name, the row (record) and the field.
// - predict(): rows x classes probabilities, each row summing to 1. margins(): rows x classes
//   untransformed scores (probabilities are their softmax). contributions(): rows x classes x
//   (features + 1) TreeSHAP values, the last of each block the bias: block c of a row sums to the
//   row's margin of class c. gain_importance(): per feature the average gain of its splits (0 if
//   never split on).
// - Options: rounds, early stopping, and the tree settings shared with the rankers
//   (xgb::TreeParams, max_depth 4 by default: small data). Deterministic for a fixed tree.seed
//   and tree.nthread (1 makes training bit-for-bit reproducible); a loaded model predicts on one
//   thread.
// - save()/load(): the container with the card (class and feature names, options, training
//   summary); load needs the caller's feature names to equal the model's (Error(Model)), refuses
//   a booster whose class or feature count disagrees with its card, and bytes that are not the
//   container (Error(Format)). Options: Error(InvalidInput) "xgboost classifier options: ...".
// Lifetime: never keep one in static storage (see xgboost.hpp).
//
//   XgbClassifier m = XgbClassifier::train(train, {"jab", "hook"}, {}, &valid);
//   std::vector<float> p = m.predict(x, rows);  // p[r * 2 + 1]: P(hook) of row r
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

namespace podium::learn {

struct ClassDataset {
  std::string name = "dataset";  // where check() places errors: "training set"
  std::vector<std::string> feature_names;
  std::vector<float> x;        // rows() x features(), row-major, NaN = missing
  std::vector<float> labels;   // class index per row
  std::vector<float> weights;  // empty, or one finite weight >= 0 per row

  std::size_t rows() const { return labels.size(); }
  std::size_t features() const { return feature_names.size(); }
};

// Throws Error(InvalidInput) for x not rows x features values, a label that is not an integer in
// 0..classes-1 (NaN included), or weights of the wrong count, negative or not finite.
void check(const ClassDataset& data, std::size_t classes);

struct XgbClassifierOptions {
  int rounds = 200;  // boosting rounds, 1..100000 (upper bound with early stopping)
  xgb::TreeParams tree = {.max_depth = 4};
  int early_stopping_rounds = 20;  // 0 = off; only used with a validation set
};

void validate(const XgbClassifierOptions& options);

class XgbClassifier {
 public:
  // class_names: at least 2, one per label value.
  static XgbClassifier train(const ClassDataset& train, const std::vector<std::string>& class_names,
                             const XgbClassifierOptions& options,
                             const ClassDataset* validation = nullptr);
  static XgbClassifier load(std::string_view bytes,
                            const std::vector<std::string>& expected_features);

  XgbClassifier(XgbClassifier&&) noexcept;
  XgbClassifier& operator=(XgbClassifier&&) noexcept;
  ~XgbClassifier();

  std::vector<float> predict(std::span<const float> x, std::size_t rows) const;
  std::vector<float> margins(std::span<const float> x, std::size_t rows) const;
  std::vector<float> contributions(std::span<const float> x, std::size_t rows) const;
  std::vector<double> gain_importance() const;
  std::string save() const;

  const nlohmann::json& card() const;
  const std::vector<std::string>& feature_names() const;
  const std::vector<std::string>& class_names() const;
  std::size_t features() const { return feature_names().size(); }
  std::size_t classes() const { return class_names().size(); }

 private:
  struct Impl;
  explicit XgbClassifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::learn
