// evaluate_mot's rules before the metrics: the MOTChallenge ground-truth rule (conf 0, classes,
// distractors), the frame-range rule and the row checks on rows made in memory.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "podium/vision/mot.hpp"
#include "vision/mot_test_util.hpp"

namespace podium::vision {
namespace {

using mot_test::error_of;
using mot_test::row;

MotRow gt_row(std::int64_t frame, std::int64_t id, double x, double conf, int object_class) {
  MotRow r = row(frame, id, x);
  r.score = conf;
  r.object_class = object_class;
  r.visibility = 1;
  return r;
}

TEST(MotEval, GroundTruthMarkedZeroIsIgnored) {
  // Id 2 is marked 0 (and 0.7 truncates to 0, as TrackEval reads it): its prediction is a false
  // positive, not a match.
  const std::vector<MotRow> gt = {gt_row(1, 1, 0, 1, -1), gt_row(1, 2, 50, 0, -1),
                                  gt_row(1, 3, 100, 0.7, -1)};
  const std::vector<MotRow> pred = {row(1, 1, 0), row(1, 2, 50)};
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.gt_ignored, 2);
  EXPECT_EQ(m.gt_boxes, 1);
  EXPECT_EQ(m.tp, 1);
  EXPECT_EQ(m.fp, 1);
}

TEST(MotEval, ClassesKeepPedestriansAndDropPredictionsOnDistractors) {
  // MOT17 ground truth: a pedestrian (1), a static person (7, a distractor) and a car (3).
  const std::vector<MotRow> gt = {gt_row(1, 1, 0, 1, 1), gt_row(1, 2, 50, 1, 7),
                                  gt_row(1, 3, 100, 1, 3)};
  const std::vector<MotRow> pred = {row(1, 1, 0), row(1, 2, 50), row(1, 3, 100)};
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.gt_ignored, 2);    // the static person and the car
  EXPECT_EQ(m.pred_removed, 1);  // the box on the static person
  EXPECT_EQ(m.tp, 1);
  EXPECT_EQ(m.fp, 1);  // the box on the car stays: a car is no distractor
  EXPECT_EQ(m.pred_boxes, 2);

  // Off: every row with conf != 0 counts, whatever its class.
  const MotMetrics all = evaluate_mot(gt, pred, {.gt_classes = false});
  EXPECT_EQ(all.gt_ignored, 0);
  EXPECT_EQ(all.pred_removed, 0);
  EXPECT_EQ(all.tp, 3);
}

TEST(MotEval, NonMotVehicleIsADistractorOnlyForMot20) {
  const std::vector<MotRow> gt = {gt_row(1, 1, 0, 1, 1), gt_row(1, 2, 50, 1, 6)};
  const std::vector<MotRow> pred = {row(1, 1, 0), row(1, 2, 50)};
  EXPECT_EQ(evaluate_mot(gt, pred).fp, 1);
  const MotMetrics mot20 = evaluate_mot(gt, pred, {.mot20_distractors = true});
  EXPECT_EQ(mot20.fp, 0);
  EXPECT_EQ(mot20.pred_removed, 1);
}

TEST(MotEval, AClassOutsideMotChallengeIsRefused) {
  std::vector<MotRow> gt = {gt_row(1, 1, 0, 1, 14)};
  gt[0].line = 7;
  EXPECT_EQ(
      error_of([&] { evaluate_mot(gt, {}, {.gt_source = "gt.txt"}); }, ErrorKind::InvalidInput),
      "gt.txt: line 7: class = 14: not a MOTChallenge class (1..13); evaluate without the "
      "class rule to keep it");
  EXPECT_NO_THROW(evaluate_mot(gt, {}, {.gt_classes = false}));
}

TEST(MotEval, PredictionsAfterTheLastGroundTruthFrameAreRefused) {
  const std::vector<MotRow> gt = {row(1, 1, 0), row(3, 1, 0)};
  std::vector<MotRow> pred = {row(2, 1, 0), row(4, 1, 0)};
  pred[1].line = 2;
  EXPECT_EQ(
      error_of([&] { evaluate_mot(gt, pred, {.gt_source = "gt.txt", .pred_source = "p.txt"}); },
               ErrorKind::InvalidInput),
      "p.txt: line 2: frame 4 is after the last frame of gt.txt (3): the predictions are not "
      "of this sequence or not 1-based");
}

TEST(MotEval, RangesWithoutACommonFrameAreRefused) {
  const std::vector<MotRow> gt = {row(10, 1, 0), row(20, 1, 0)};
  const std::vector<MotRow> pred = {row(1, 1, 0), row(5, 1, 0)};
  EXPECT_EQ(
      error_of([&] { evaluate_mot(gt, pred, {.gt_source = "gt.txt", .pred_source = "p.txt"}); },
               ErrorKind::InvalidInput),
      "p.txt: frames end at 5, before the first frame of gt.txt (10): no frame in common");
  // Starting before the ground truth but reaching into it is fine (people may enter later).
  const std::vector<MotRow> early = {row(1, 1, 0), row(10, 1, 0)};
  EXPECT_EQ(evaluate_mot(gt, early).tp, 1);
}

TEST(MotEval, IgnoredGroundTruthStillSetsTheRange) {
  // The last ground-truth frame holds only an ignored row: predictions there are in range.
  const std::vector<MotRow> gt = {gt_row(1, 1, 0, 1, -1), gt_row(3, 2, 0, 0, -1)};
  const std::vector<MotRow> pred = {row(3, 1, 0)};
  EXPECT_EQ(evaluate_mot(gt, pred).fp, 1);
}

TEST(MotEval, RowsMadeInMemoryAreChecked) {
  const std::vector<MotRow> gt = {row(1, 1, 0)}, pred = {row(1, 1, 0), row(1, 1, 5)};
  EXPECT_EQ(error_of([&] { evaluate_mot(gt, pred); }, ErrorKind::InvalidInput),
            "predictions: record 2: frame 1 has id 1 twice (first at record 1)");
}

TEST(MotEval, EmptyGroundTruthMakesEveryPredictionFalse) {
  const MotMetrics m = evaluate_mot({}, std::vector<MotRow>{row(1, 1, 0), row(2, 1, 0)});
  EXPECT_EQ(m.fp, 2);
  EXPECT_DOUBLE_EQ(m.mota, -2);  // (0 - 2 - 0) / max(1, 0)
  EXPECT_DOUBLE_EQ(m.hota, 0);
}

}  // namespace
}  // namespace podium::vision
