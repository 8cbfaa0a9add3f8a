// COCO keypoints: OKS and pycocotools-exact evaluation. Expected values are computed by hand in the
// comments, or (golden cases) by pycocotools' COCOeval algorithm run on the same files.
#include "podium/vision/coco_eval.hpp"
#include "podium/vision/coco_pck.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/vision/person.hpp"
#include "podium/vision/skeleton.hpp"

#include "vision/coco_test_util.hpp"

namespace podium::vision {
namespace {

using namespace coco_test;

// ---------------------------------------------------------------------------------------------
// OKS

TEST(CocoOks, HandExampleWithTwoLabelledKeypoints) {
  // Nose (sigma .026) labelled and 1 px off; left shoulder (sigma .079) labelled and exact; the
  // rest unlabelled and ignored. area 100: e_nose = 1 / (2σ)² / 100 / 2 = 1 / 0.5408.
  CocoAnnotation gt = annotation(1, 1, body(50, 50, 0), 100);
  gt.keypoints[2] = 2;
  gt.keypoints[5 * 3 + 2] = 1;
  Keypoints dt = gt.keypoints;
  dt[0] += 1;
  dt[30] += 500;  // unlabelled in the ground truth: does not count
  const double oks = coco_oks(gt, dt);
  EXPECT_NEAR(oks, (std::exp(-1 / 0.5408) + 1) / 2, kTight);
  EXPECT_NEAR(oks, 0.57869, 1e-5);  // (0.15738 + 1) / 2
}

TEST(CocoOks, IdenticalKeypointsScoreOne) {
  const CocoAnnotation gt = annotation(1, 1, body(80, 60), 900);
  EXPECT_EQ(coco_oks(gt, gt.keypoints), 1.0);
}

TEST(CocoOks, WithoutLabelledKeypointsMeasuresDistanceOutsideTheGrownBox) {
  // bbox (10, 10, 10, 10) grown by its size on every side: x and y in [0, 30].
  CocoAnnotation gt = annotation(1, 1, body(0, 0, 0), 100);
  gt.bbox = {10, 10, 10, 10};
  Keypoints inside{};
  for (std::size_t i = 0; i < kKeypoints; ++i)
    inside[3 * i] = inside[3 * i + 1] = 29;
  EXPECT_EQ(coco_oks(gt, inside), 1.0);
  Keypoints outside = inside;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    outside[3 * i] = 35;  // 5 px right of the box
  double expected = 0;
  for (double s : coco_keypoint_sigmas())
    expected += std::exp(-25 / (4 * s * s) / 100 / 2);
  EXPECT_NEAR(coco_oks(gt, outside), expected / kCocoKeypointCount, kTight);
}

TEST(CocoOks, SigmasAreCocos) {
  const auto& s = coco_keypoint_sigmas();
  EXPECT_DOUBLE_EQ(s[0], 0.026);   // nose
  EXPECT_DOUBLE_EQ(s[5], 0.079);   // left shoulder
  EXPECT_DOUBLE_EQ(s[11], 0.107);  // left hip
  EXPECT_DOUBLE_EQ(s[16], 0.089);  // right ankle
}

// ---------------------------------------------------------------------------------------------
// Evaluation

TEST(CocoEval, PerfectPredictionsScoreOne) {
  // One medium and two large people on two images, predicted exactly.
  const auto gt = ground_truth(
      {1, 2}, {annotation(1, 1, body(100, 100), 10000), annotation(2, 1, body(300, 100), 2000),
               annotation(3, 2, body(100, 100), 40000)});
  std::vector<CocoResult> res;
  for (const auto& a : gt.annotations)
    res.push_back(detection(a.image_id, a.keypoints, 0.9));
  const CocoKeypointStats s = evaluate_coco_keypoints(gt, res);
  for (double v : {s.ap, s.ap50, s.ap75, s.ap_medium, s.ap_large, s.ar, s.ar50, s.ar75, s.ar_medium,
                   s.ar_large}) {
    EXPECT_DOUBLE_EQ(v, 1.0);
  }
}

TEST(CocoEval, TwoImagesOneMissOneFalsePositiveWithTheHighestScore) {
  // Image 1: people A, B; image 2: person C; all large (area 10000). Detections: a false positive
  // on image 1 scoring 0.95 (keypoints spread 50 x 50, far from everyone), A exact at 0.9, C exact
  // at 0.8; B is missed. At every OKS threshold, best score first: FP, TP, TP.
  //   recall    0, 1/3, 2/3;  precision 0, 1/2, 2/3 -> interpolated 2/3, 2/3, 2/3
  //   recall points 0.00..0.66 (67 of 101) -> 2/3, the rest 0:  AP = 67/101 * 2/3 = 134/303
  //   AR = 2/3. For "large" the false positive (area 2500, unmatched, out of range) is ignored:
  //   precision 1, 1 -> AP_L = 67/101. No medium ground truth: AP_M = AR_M = -1.
  const auto gt = ground_truth(
      {1, 2}, {annotation(1, 1, body(100, 100), 10000), annotation(2, 1, body(300, 100), 10000),
               annotation(3, 2, body(100, 100), 10000)});
  Keypoints spread = body(0, 0);
  for (std::size_t i = 0; i < kKeypoints; ++i) {
    spread[3 * i] = 500 + (i % 2) * 50;
    spread[3 * i + 1] = 400 + (i % 3 == 0 ? 50 : 0);
  }
  const std::vector<CocoResult> res = {detection(1, gt.annotations[0].keypoints, 0.9),
                                       detection(2, gt.annotations[2].keypoints, 0.8),
                                       detection(1, spread, 0.95)};
  const CocoKeypointStats s = evaluate_coco_keypoints(gt, res);
  EXPECT_NEAR(s.ap, 134.0 / 303, kTight);
  EXPECT_NEAR(s.ap50, 134.0 / 303, kTight);
  EXPECT_NEAR(s.ap75, 134.0 / 303, kTight);
  EXPECT_NEAR(s.ap_large, 67.0 / 101, kTight);
  EXPECT_EQ(s.ap_medium, -1);
  EXPECT_NEAR(s.ar, 2.0 / 3, kTight);
  EXPECT_NEAR(s.ar50, 2.0 / 3, kTight);
  EXPECT_NEAR(s.ar75, 2.0 / 3, kTight);
  EXPECT_NEAR(s.ar_large, 2.0 / 3, kTight);
  EXPECT_EQ(s.ar_medium, -1);
}

TEST(CocoEval, AnnotationWithoutKeypointsAbsorbsTheDetectionOnIt) {
  // Z has num_keypoints 0: ignored; a detection inside its grown box matches it and is ignored
  // too, instead of being a false positive that outscores the true positive on P.
  CocoAnnotation z = annotation(2, 1, body(0, 0, 0), 300);
  z.bbox = {400, 400, 20, 20};
  const auto gt = ground_truth({1}, {annotation(1, 1, body(100, 100), 10000), z});
  Keypoints on_z{};
  for (std::size_t i = 0; i < kKeypoints; ++i)
    on_z[3 * i] = on_z[3 * i + 1] = 410;
  const std::vector<CocoResult> res = {detection(1, on_z, 0.9),
                                       detection(1, gt.annotations[0].keypoints, 0.5)};
  const CocoKeypointStats s = evaluate_coco_keypoints(gt, res);
  EXPECT_DOUBLE_EQ(s.ap, 1.0);
  EXPECT_DOUBLE_EQ(s.ar, 1.0);
  // Without Z the same detection is a false positive ranked first: precision 0, 1/2 -> 1/2 at
  // every recall point.
  const auto without_z = ground_truth({1}, {gt.annotations[0]});
  EXPECT_DOUBLE_EQ(evaluate_coco_keypoints(without_z, res).ap, 0.5);
}

TEST(CocoEval, CrowdAnnotationAbsorbsEveryDetectionOnIt) {
  // Two detections on a crowd region: both match it (a crowd can be matched again) and are
  // ignored.
  CocoAnnotation crowd = annotation(2, 1, body(300, 300), 20000);
  crowd.iscrowd = true;
  const auto gt = ground_truth({1}, {annotation(1, 1, body(100, 100), 10000), crowd});
  const std::vector<CocoResult> res = {detection(1, crowd.keypoints, 0.9),
                                       detection(1, crowd.keypoints, 0.8),
                                       detection(1, gt.annotations[0].keypoints, 0.5)};
  EXPECT_DOUBLE_EQ(evaluate_coco_keypoints(gt, res).ap, 1.0);
  // Not a crowd: first detection TP, second a duplicate FP, third TP (2 people).
  //   recall .5, .5, 1; precision 1, 1/2, 2/3 -> 1, 2/3, 2/3
  //   AP = (51 * 1 + 50 * 2/3) / 101 = 253/303.
  auto not_crowd = gt;
  not_crowd.annotations[1].iscrowd = false;
  const CocoKeypointStats s = evaluate_coco_keypoints(not_crowd, res);
  EXPECT_NEAR(s.ap, 253.0 / 303, kTight);
  EXPECT_DOUBLE_EQ(s.ar, 1.0);
}

TEST(CocoEval, ScoreOrderDecides) {
  // People A and B; an exact detection of A and a false positive far away.
  const auto gt = ground_truth(
      {1}, {annotation(1, 1, body(100, 100), 10000), annotation(2, 1, body(300, 100), 10000)});
  const Keypoints far = body(600, 400);
  const auto ap = [&](double tp_score, double fp_score, bool fp_first) {
    std::vector<CocoResult> res = {detection(1, gt.annotations[0].keypoints, tp_score),
                                   detection(1, far, fp_score)};
    if (fp_first) std::swap(res[0], res[1]);
    return evaluate_coco_keypoints(gt, res).ap;
  };
  // TP first: recall .5, .5; precision 1, 1/2 -> 1 up to recall .5 (51 points): AP = 51/101.
  EXPECT_NEAR(ap(0.9, 0.1, false), 51.0 / 101, kTight);
  // FP first: recall 0, .5; precision 0, 1/2 -> 1/2, 1/2: AP = 51/202.
  EXPECT_NEAR(ap(0.1, 0.9, false), 51.0 / 202, kTight);
  // Equal scores keep the file's order (pycocotools sorts with a stable mergesort).
  EXPECT_NEAR(ap(0.5, 0.5, false), 51.0 / 101, kTight);
  EXPECT_NEAR(ap(0.5, 0.5, true), 51.0 / 202, kTight);
}

TEST(CocoEval, OnlyTheTwentyBestDetectionsOfAnImageCount) {
  const auto gt = ground_truth({1}, {annotation(1, 1, body(100, 100), 10000)});
  const auto recall_with = [&](int false_positives) {
    std::vector<CocoResult> res;
    res.reserve(static_cast<std::size_t>(false_positives) + 1);
    for (int i = 0; i < false_positives; ++i)
      res.push_back(detection(1, body(500, 20.0 * i), 0.9));
    res.push_back(detection(1, gt.annotations[0].keypoints, 0.1));
    return evaluate_coco_keypoints(gt, res).ar;
  };
  EXPECT_DOUBLE_EQ(recall_with(19), 1.0);  // the true positive is the 20th
  EXPECT_DOUBLE_EQ(recall_with(20), 0.0);  // the 21st: dropped
}

TEST(CocoEval, NothingToFindIsMinusOneAndNothingFoundIsZero) {
  const auto gt = ground_truth({1}, {annotation(1, 1, body(100, 100), 10000)});
  const CocoKeypointStats none = evaluate_coco_keypoints(gt, {});
  EXPECT_EQ(none.ap, 0);
  EXPECT_EQ(none.ar, 0);
  EXPECT_EQ(none.ap_medium, -1);
  const auto empty = ground_truth({1}, {});
  EXPECT_EQ(evaluate_coco_keypoints(empty, std::vector{detection(1, body(9, 9), 1)}).ap, -1);
}

TEST(CocoEval, ResultOnAnImageNotInTheGroundTruthIsRejected) {
  const auto gt = ground_truth({1}, {annotation(1, 1, body(100, 100), 10000)});
  try {
    evaluate_coco_keypoints(gt,
                            std::vector{detection(1, body(9, 9), 1), detection(5, body(9, 9), 1)});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_STREQ(e.what(), "results[1].image_id 5 is not an image of gt.json");
  }
}

TEST(CocoEval, GoldenCaseMatchesPycocotools) {
  // fuzz/corpus/coco/golden_*: 3 images, 7 people (a crowd, one without keypoints, areas from
  // 0 to 30000 including the 9216 boundary), 30 detections (22 on one image, tied scores, a
  // duplicate). Expected: pycocotools' COCOeval on the same two files.
  const std::string dir = std::string(PODIUM_SOURCE_DIR) + "/fuzz/corpus/coco/";
  const auto gt = parse_coco_ground_truth(read_file(dir + "golden_gt.json"), "golden_gt.json");
  const auto res =
      parse_coco_results(read_file(dir + "golden_results.json"), "golden_results.json");
  const CocoKeypointStats s = evaluate_coco_keypoints(gt, res);
  EXPECT_NEAR(s.ap, 0.41645450259311645, kTight);
  EXPECT_NEAR(s.ap50, 0.5813295615275813, kTight);
  EXPECT_NEAR(s.ap75, 0.5813295615275813, kTight);
  EXPECT_NEAR(s.ap_medium, 0.3887788778877888, kTight);
  EXPECT_NEAR(s.ap_large, 0.7019801980198018, kTight);
  EXPECT_NEAR(s.ar, 0.58, kTight);
  EXPECT_NEAR(s.ar50, 0.8, kTight);
  EXPECT_NEAR(s.ar75, 0.8, kTight);
  EXPECT_NEAR(s.ar_medium, 2.0 / 3, kTight);
  EXPECT_NEAR(s.ar_large, 0.85, kTight);
}

TEST(CocoEval, DetectionAreasComeFromBoxesWhenTheFirstResultHasOne) {
  // results_bbox.json: a perfect detection and one on the unlabelled person, both with boxes.
  const std::string dir = std::string(PODIUM_SOURCE_DIR) + "/fuzz/corpus/coco/";
  const auto gt = parse_coco_ground_truth(read_file(dir + "gt_ignored.json"), "gt_ignored.json");
  auto res = parse_coco_results(read_file(dir + "results_bbox.json"), "results_bbox.json");
  ASSERT_TRUE(res[0].bbox.has_value());
  EXPECT_DOUBLE_EQ(evaluate_coco_keypoints(gt, res).ap, 1.0);
  res[1].bbox.reset();
  EXPECT_THROW(evaluate_coco_keypoints(gt, res), Error);
}

TEST(CocoEval, ReportReadsLikePycocotools) {
  CocoKeypointStats s;
  s.ap = 0.6514;
  const std::string report = coco_keypoint_stats_report(s);
  EXPECT_EQ(report.substr(0, report.find('\n')),
            " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.651");
  EXPECT_NE(report.find(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = "
                        "-1.000"),
            std::string::npos);
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), 10);
}

// ---------------------------------------------------------------------------------------------
// Real data: mmpose's COCO val2017 sample (4 images, 14 people, 2 of them without keypoints)

class CocoRealData : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = shared_data() + "/vision/real/mmpose_testdata/coco/test_coco.json";
    if (!std::filesystem::exists(path_)) {
      GTEST_SKIP() << "shared data missing: " << path_
                   << " (set PODIUM_SHARED_DATA to the folder holding vision/real/)";
    }
    gt_ = parse_coco_ground_truth(read_file(path_), "test_coco.json");
  }
  std::string path_;
  CocoGroundTruth gt_;
};

TEST_F(CocoRealData, Parses) {
  EXPECT_EQ(gt_.images.size(), 4u);
  EXPECT_EQ(gt_.annotations.size(), 14u);
  EXPECT_EQ(gt_.annotations[0].id, 442619);
  EXPECT_EQ(gt_.annotations[0].keypoints[0], 367);
  EXPECT_EQ(gt_.annotations[3].num_keypoints, 0);
}

TEST_F(CocoRealData, GroundTruthAsPredictionsScoresOne) {
  std::vector<CocoResult> res;
  for (const auto& a : gt_.annotations) {
    if (a.num_keypoints > 0 && !a.iscrowd) res.push_back(detection(a.image_id, a.keypoints, 1));
  }
  const CocoKeypointStats s = evaluate_coco_keypoints(gt_, res);
  for (double v : {s.ap, s.ap50, s.ap75, s.ap_medium, s.ap_large, s.ar, s.ar50, s.ar75, s.ar_medium,
                   s.ar_large}) {
    EXPECT_DOUBLE_EQ(v, 1.0);
  }
  EXPECT_DOUBLE_EQ(coco_pck(gt_, res).pck, 1.0);
}

TEST_F(CocoRealData, PerturbedPredictionsMatchPycocotools) {
  // The 12 labelled people, person 2 missed, the others shifted by up to 9 px, and a false
  // positive scoring 0.95 on the first image. Expected: pycocotools' COCOeval on the same input.
  std::vector<CocoResult> res;
  int j = -1;
  std::int64_t first_image = 0;
  for (const auto& a : gt_.annotations) {
    if (a.num_keypoints == 0 || a.iscrowd) continue;
    if (++j == 0) first_image = a.image_id;
    if (j == 2) continue;
    CocoResult r = detection(a.image_id, a.keypoints, 1 - 0.07 * j);
    for (std::size_t x = 0; x < kKeypoints; ++x) {
      const int k = static_cast<int>(x);
      r.keypoints[3 * x] += ((k % 5) - 2) * 1.5 * (j % 3 + 1);
      r.keypoints[3 * x + 1] += ((k % 3) - 1) * 2.0 * (j % 2 + 1);
    }
    res.push_back(r);
  }
  Keypoints fp{};
  for (std::size_t x = 0; x < kKeypoints; ++x) {
    fp[3 * x] = 10 + 3.0 * static_cast<double>(x);
    fp[3 * x + 1] = 20 + 2.0 * static_cast<double>(x);
  }
  res.push_back(detection(first_image, fp, 0.95));
  const CocoKeypointStats s = evaluate_coco_keypoints(gt_, res);
  EXPECT_NEAR(s.ap, 0.6000900090009, kTight);
  EXPECT_NEAR(s.ap50, 0.8424092409240922, kTight);
  EXPECT_NEAR(s.ap75, 0.5162016201620162, kTight);
  EXPECT_NEAR(s.ap_medium, 0.4654785478547855, kTight);
  EXPECT_NEAR(s.ap_large, 0.7304455445544554, kTight);
  EXPECT_NEAR(s.ar, 0.7083333333333333, kTight);
  EXPECT_NEAR(s.ar50, 0.9166666666666666, kTight);
  EXPECT_NEAR(s.ar75, 0.6666666666666666, kTight);
  EXPECT_NEAR(s.ar_medium, 0.6000000000000001, kTight);
  EXPECT_NEAR(s.ar_large, 0.7857142857142857, kTight);
}

}  // namespace
}  // namespace podium::vision
