// COCO box (bbox) evaluation on hand-computed cases: pycocotools' bbIou (crowd too), matching at
// the ten IoU thresholds, ignored crowd, area ranges, the ranking of false positives.
#include <gtest/gtest.h>

#include "coco_test_util.hpp"
#include "podium/core/error.hpp"
#include "podium/vision/coco_eval.hpp"

namespace podium::vision {
namespace {

using coco_test::kTight;

CocoAnnotation person_box(std::int64_t id, std::int64_t image, std::array<double, 4> bbox,
                          bool crowd = false) {
  CocoAnnotation a;
  a.id = id;
  a.image_id = image;
  a.category_id = 1;
  a.bbox = bbox;
  a.area = bbox[2] * bbox[3];
  a.iscrowd = crowd;
  a.num_keypoints = 0;  // box evaluation does not look at keypoints
  return a;
}

CocoBoxResult box_result(std::int64_t image, std::array<double, 4> bbox, double score) {
  return {.image_id = image, .category_id = 1, .bbox = bbox, .score = score};
}

TEST(CocoBoxIou, AsPycocotoolsBbIou) {
  EXPECT_NEAR(coco_box_iou({0, 0, 10, 10}, {0, 0, 10, 10}, false), 1, kTight);
  EXPECT_NEAR(coco_box_iou({0, 0, 10, 10}, {5, 0, 10, 10}, false), 50.0 / 150, kTight);
  EXPECT_EQ(coco_box_iou({0, 0, 10, 10}, {10, 0, 10, 10}, false), 0);  // touching
  EXPECT_EQ(coco_box_iou({0, 0, 10, 10}, {0, 20, 10, 10}, false), 0);
  // Against a crowd the union is the detection's own area.
  EXPECT_NEAR(coco_box_iou({0, 0, 10, 10}, {5, 0, 100, 100}, true), 0.5, kTight);
}

TEST(CocoBoxEval, ExactBoxesScoreOneAndAShiftedOneHalfTheThresholds) {
  const CocoGroundTruth gt = coco_test::ground_truth(
      {1, 2}, {person_box(1, 1, {0, 0, 100, 200}), person_box(2, 2, {50, 50, 100, 100})});
  const std::vector<CocoBoxResult> exact = {box_result(1, {0, 0, 100, 200}, 0.9),
                                            box_result(2, {50, 50, 100, 100}, 0.8)};
  CocoBoxStats s = evaluate_coco_boxes(gt, exact);
  EXPECT_NEAR(s.ap, 1, kTight);
  EXPECT_NEAR(s.ar, 1, kTight);
  EXPECT_EQ(s.ap_small, -1);  // nothing that small
  EXPECT_NEAR(s.ap_large, 1, kTight);
  // The top 100x140 of a 100x200 person: IoU 0.7, matched at 0.50..0.70, five of ten.
  const std::vector<CocoBoxResult> shifted = {box_result(1, {0, 0, 100, 140}, 0.9)};
  const CocoGroundTruth one = coco_test::ground_truth({1}, {person_box(1, 1, {0, 0, 100, 200})});
  s = evaluate_coco_boxes(one, shifted);
  EXPECT_NEAR(s.ap50, 1, kTight);
  EXPECT_NEAR(s.ap75, 0, kTight);
  EXPECT_NEAR(s.ap, 0.5, kTight);
  EXPECT_NEAR(s.ar, 0.5, kTight);
}

TEST(CocoBoxEval, CrowdIsIgnoredAndAFalsePositiveRankedFirstHalvesPrecision) {
  // A crowd region absorbs the detection on it, even ranked first.
  CocoGroundTruth gt = coco_test::ground_truth(
      {1}, {person_box(1, 1, {0, 0, 50, 100}), person_box(2, 1, {200, 0, 300, 300}, true)});
  CocoBoxStats s =
      evaluate_coco_boxes(gt, std::vector<CocoBoxResult>{box_result(1, {250, 50, 50, 100}, 0.95),
                                                         box_result(1, {0, 0, 50, 100}, 0.9)});
  EXPECT_NEAR(s.ap, 1, kTight);
  // Two people, the best-scored detection on nobody, one person found: precision 1/2 up to
  // recall 1/2 (51 of the 101 recall points), then nothing.
  gt = coco_test::ground_truth(
      {1}, {person_box(1, 1, {0, 0, 50, 100}), person_box(2, 1, {100, 0, 50, 100})});
  s = evaluate_coco_boxes(gt, std::vector<CocoBoxResult>{box_result(1, {400, 0, 50, 100}, 0.9),
                                                         box_result(1, {0, 0, 50, 100}, 0.8)});
  EXPECT_NEAR(s.ap, 0.5 * 51 / 101, 1e-12);
  EXPECT_NEAR(s.ar, 0.5, kTight);
  // The same false positive ranked last costs nothing.
  s = evaluate_coco_boxes(gt, std::vector<CocoBoxResult>{box_result(1, {400, 0, 50, 100}, 0.1),
                                                         box_result(1, {0, 0, 50, 100}, 0.8)});
  EXPECT_NEAR(s.ap, 1.0 * 51 / 101, 1e-12);
}

TEST(CocoBoxEval, AreaRangesUseTheGroundTruthAreaAndSmallBoxesCount) {
  // A 20x20 person (small) found, a 50x50 one (medium) missed.
  const CocoGroundTruth gt = coco_test::ground_truth(
      {1}, {person_box(1, 1, {0, 0, 20, 20}), person_box(2, 1, {100, 100, 50, 50})});
  const CocoBoxStats s =
      evaluate_coco_boxes(gt, std::vector<CocoBoxResult>{box_result(1, {0, 0, 20, 20}, 0.9)});
  EXPECT_NEAR(s.ap_small, 1, kTight);
  EXPECT_NEAR(s.ap_medium, 0, kTight);
  EXPECT_EQ(s.ap_large, -1);
  EXPECT_NEAR(s.ar, 0.5, kTight);
}

TEST(CocoBoxEval, ResultOfAnUnknownImageIsRejectedAndTheReportReadsLikePycocotools) {
  const CocoGroundTruth gt = coco_test::ground_truth({1}, {person_box(1, 1, {0, 0, 20, 20})});
  EXPECT_THROW((void)evaluate_coco_boxes(gt, std::vector<CocoBoxResult>{box_result(7, {}, 1)}),
               Error);
  const std::string r = coco_box_stats_report({.ap = 0.5, .ar = 0.25});
  EXPECT_NE(r.find(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = "
                   "0.500\n"),
            std::string::npos)
      << r;
  EXPECT_NE(r.find("(AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.250"),
            std::string::npos);
}

}  // namespace
}  // namespace podium::vision
