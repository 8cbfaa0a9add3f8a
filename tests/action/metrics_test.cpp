// Classification metrics on hand-computed cases: confusion matrix, accuracy, per-class precision,
// recall and F1, macro-F1 over the classes that occur, pooling by merge, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "podium/action/metrics.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

// truth 0 0 0 1 1 2, predicted 0 0 1 1 2 2:
//   confusion [[2 1 0] [0 1 1] [0 0 1]]; precision 1, 1/2, 1/2; recall 2/3, 1/2, 1;
//   F1 0.8, 0.5, 2/3; macro-F1 (0.8 + 0.5 + 2/3) / 3; accuracy 4/6.
const std::vector<std::size_t> kTruth = {0, 0, 0, 1, 1, 2};
const std::vector<std::size_t> kPredicted = {0, 0, 1, 1, 2, 2};

TEST(ClassificationReport, HandComputedThreeClasses) {
  const ClassificationReport r = classification_report(kTruth, kPredicted, 3);
  EXPECT_EQ(r.confusion, (std::vector<std::int64_t>{2, 1, 0, 0, 1, 1, 0, 0, 1}));
  EXPECT_EQ(r.examples, 6U);
  EXPECT_DOUBLE_EQ(r.accuracy, 4.0 / 6);
  EXPECT_DOUBLE_EQ(r.precision[0], 1.0);
  EXPECT_DOUBLE_EQ(r.precision[1], 0.5);
  EXPECT_DOUBLE_EQ(r.precision[2], 0.5);
  EXPECT_DOUBLE_EQ(r.recall[0], 2.0 / 3);
  EXPECT_DOUBLE_EQ(r.recall[1], 0.5);
  EXPECT_DOUBLE_EQ(r.recall[2], 1.0);
  EXPECT_NEAR(r.f1[0], 0.8, 1e-12);
  EXPECT_NEAR(r.f1[1], 0.5, 1e-12);
  EXPECT_NEAR(r.f1[2], 2.0 / 3, 1e-12);
  EXPECT_NEAR(r.macro_f1, (0.8 + 0.5 + 2.0 / 3) / 3, 1e-12);
  EXPECT_EQ(r.support, (std::vector<std::int64_t>{3, 2, 1}));
}

TEST(ClassificationReport, AClassAbsentFromTruthAndPredictionsDoesNotCount) {
  const ClassificationReport three = classification_report(kTruth, kPredicted, 3);
  const ClassificationReport four = classification_report(kTruth, kPredicted, 4);
  EXPECT_DOUBLE_EQ(four.macro_f1, three.macro_f1);
  EXPECT_EQ(four.support[3], 0);
  EXPECT_EQ(four.f1[3], 0.0);
}

TEST(ClassificationReport, AClassOnlyPredictedCountsWithF1Zero) {
  // truth 0 0 1 1, predicted 0 2 1 1: class 2 is never true but predicted once.
  const std::vector<std::size_t> truth = {0, 0, 1, 1}, predicted = {0, 2, 1, 1};
  const ClassificationReport r = classification_report(truth, predicted, 3);
  EXPECT_EQ(r.precision[2], 0.0);
  EXPECT_EQ(r.recall[2], 0.0);
  // F1: class 0 p 1 r 1/2 -> 2/3; class 1 p 1 r 1 -> 1; class 2 -> 0.
  EXPECT_NEAR(r.macro_f1, (2.0 / 3 + 1 + 0) / 3, 1e-12);
  EXPECT_DOUBLE_EQ(r.accuracy, 0.75);
}

TEST(ClassificationReport, NoExamplesIsNan) {
  const ClassificationReport r = classification_report({}, {}, 2);
  EXPECT_TRUE(std::isnan(r.accuracy));
  EXPECT_TRUE(std::isnan(r.macro_f1));
  EXPECT_EQ(r.confusion, (std::vector<std::int64_t>{0, 0, 0, 0}));
}

TEST(ClassificationReport, MergePoolsTheExamplesOfBothReports) {
  const std::vector<std::size_t> t1 = {0, 0, 0}, p1 = {0, 0, 1};
  const std::vector<std::size_t> t2 = {1, 1, 2}, p2 = {1, 2, 2};
  const ClassificationReport merged =
      merge(classification_report(t1, p1, 3), classification_report(t2, p2, 3));
  const ClassificationReport all = classification_report(kTruth, kPredicted, 3);
  EXPECT_EQ(merged.confusion, all.confusion);
  EXPECT_DOUBLE_EQ(merged.macro_f1, all.macro_f1);
  EXPECT_DOUBLE_EQ(merged.accuracy, all.accuracy);
}

TEST(ClassificationReport, BadInputIsAnError) {
  const std::vector<std::size_t> two = {0, 1}, three = {0, 1, 1}, outside = {0, 3};
  EXPECT_THROW(classification_report(two, three, 2), Error);
  try {
    classification_report(two, outside, 3);
    FAIL() << "a class index outside the classes was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_EQ(e.place().record, 1U);
  }
}

}  // namespace
}  // namespace podium::action
