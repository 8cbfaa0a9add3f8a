// The traditional baselines as evaluation models (evaluation.hpp): k-NN with DTW over normalised
// joint trajectories (knn_dtw.hpp) and XGBoost multi:softprob on hand-crafted features
// (features.hpp, learn/xgboost_classifier.hpp), plus the XGBoost baseline's feature importances.
//
// Contract:
// - make_knn_dtw_model(options): fit keeps the training sequences (KnnDtw::train); predict gives
//   each evaluation class its vote share (0 for a class the training set lacks).
// - make_xgboost_model(options): fit builds feature_matrix() of the training sequences and
//   trains XgbClassifier over all the evaluation's classes for a fixed number of rounds (no
//   validation split, so no early stopping), with balanced class weights when `balanced`
//   (balance.hpp: each class the same total weight) so a majority class does not drown the
//   others; predict gives its softmax probabilities.
// - xgboost_importances(sequences, options): one XGBoost model trained the same way on all the
//   sequences; per feature its gain importance (average gain of its splits) and its mean |SHAP|
//   (TreeSHAP contributions, the mean over sequences and classes of the absolute value), sorted
//   by mean |SHAP| descending, ties by name. These describe what the model uses, not held-out
//   performance.
// Errors: what KnnDtw, feature_matrix and XgbClassifier throw (InvalidInput naming the field).
//
//   auto xgb = make_xgboost_model({});
//   const Evaluation e = evaluate(*xgb, clips, folds);
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "podium/action/evaluation.hpp"
#include "podium/action/knn_dtw.hpp"
#include "podium/learn/xgboost_classifier.hpp"

namespace podium::action {

struct XgbBaselineOptions {
  learn::XgbClassifierOptions classifier;
  bool balanced = true;
};

std::unique_ptr<ActionModel> make_knn_dtw_model(const KnnOptions& options);
std::unique_ptr<ActionModel> make_xgboost_model(const XgbBaselineOptions& options);

struct FeatureImportance {
  std::string feature;
  double gain = 0;
  double mean_abs_shap = 0;
};

std::vector<FeatureImportance> xgboost_importances(std::span<const PoseSequence> sequences,
                                                   const XgbBaselineOptions& options);

}  // namespace podium::action
