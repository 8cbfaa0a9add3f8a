// The action evaluation protocol: the same cross-validation folds (folds.hpp) go to every model
// kind, each trained from scratch on a fold's training sequences and scored on its test ones
// (metrics.hpp). Model kinds share one interface: fit on labelled sequences, predict class
// probabilities. Kinds: k-NN with DTW (knn_dtw.hpp), XGBoost on hand-crafted features
// (xgboost_baseline.hpp), the ST-GCN (stgcn_model.hpp, in podium_action_torch).
//
// Contract: evaluate(model, sequences, folds) with labelled sequences and folds over their
// indices. The classes are the sorted distinct labels of all the sequences (a fold's training set
// may lack one: the model gives it probability 0). Per fold the prediction of a test sequence is
// its most probable class, ties to the lower class index; the fold's report is over its test
// sequences, the overall report pools every fold's confusion matrix (each sequence is tested
// once). Errors: what the model's fit and predict throw; predictions of the wrong size are a bug
// (PODIUM_ASSERT).
//
//   auto knn = make_knn_dtw_model({.k = 1});
//   const Evaluation e = evaluate(*knn, clips, make_folds(clips, {.folds = 0}));
//   // e.overall.accuracy, e.overall.macro_f1, e.folds[0].report.confusion
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "podium/action/folds.hpp"
#include "podium/action/metrics.hpp"
#include "podium/action/sequence.hpp"

namespace podium::action {

class ActionModel {
 public:
  virtual ~ActionModel() = default;
  virtual std::string name() const = 0;  // "knn-dtw", "xgboost", "stgcn"
  // Trains from scratch on labelled sequences; `classes` are every class of the evaluation.
  virtual void fit(std::span<const PoseSequence> train,
                   const std::vector<std::string>& classes) = 0;
  // sequences.size() x classes.size() probabilities, row-major, in fit's class order.
  virtual std::vector<double> predict(std::span<const PoseSequence> sequences) const = 0;
};

struct FoldResult {
  std::vector<std::size_t> test;       // sequence indices
  std::vector<std::size_t> predicted;  // class index per test sequence
  ClassificationReport report;
};

struct Evaluation {
  std::string model;
  std::vector<std::string> classes;
  std::vector<FoldResult> folds;
  ClassificationReport overall;
};

// Called before each fold is trained: its index and the number of folds.
using EvaluationProgress = std::function<void(std::size_t fold, std::size_t folds)>;

std::vector<std::string> class_names(std::span<const PoseSequence> sequences);
Evaluation evaluate(ActionModel& model, std::span<const PoseSequence> sequences,
                    std::span<const Fold> folds, const EvaluationProgress& progress = {});

}  // namespace podium::action
