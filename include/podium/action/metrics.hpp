// Classification metrics for the action evaluation protocol (evaluation.hpp): a confusion matrix
// and what is read off it, accuracy, macro-F1 and per-class precision, recall and F1.
//
// Contract: truth and predicted are class indices in 0..classes-1, one each per example, same
// length (Error(InvalidInput) otherwise, naming the first bad example). confusion[t * classes + p]
// counts examples of true class t predicted as p. Per class c: precision = tp / (tp + fp) and
// recall = tp / (tp + fn), 0 when the denominator is 0 (scikit-learn's zero_division = 0); F1 =
// 2pr / (p + r), 0 when both are 0. Macro-F1 is the mean F1 over the classes that occur in truth
// or in predictions (a class absent from both says nothing about the model), so a fold that lacks
// a class is not penalised for it; accuracy is the share of examples predicted as labelled.
// Empty input gives NaN accuracy and macro-F1. Reports add up: merge() sums confusion matrices,
// which is how the overall result of several folds is pooled.
//
//   const ClassificationReport r = classification_report(truth, predicted, 3);
//   // r.accuracy, r.macro_f1, r.recall[c], r.confusion[t * 3 + p]
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace podium::action {

struct ClassificationReport {
  std::size_t classes = 0;
  std::vector<std::int64_t> confusion;  // classes x classes, row = true, column = predicted
  std::size_t examples = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  std::vector<double> precision, recall, f1;  // per class
  std::vector<std::int64_t> support;          // per class: examples of that true class
};

ClassificationReport classification_report(std::span<const std::size_t> truth,
                                           std::span<const std::size_t> predicted,
                                           std::size_t classes);
// The report of a confusion matrix (classes x classes, counts >= 0).
ClassificationReport report_from_confusion(std::vector<std::int64_t> confusion,
                                           std::size_t classes);
// The report of both reports' examples together (same class count).
ClassificationReport merge(const ClassificationReport& a, const ClassificationReport& b);

}  // namespace podium::action
