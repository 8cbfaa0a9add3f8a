// COCO keypoints: OKS, pycocotools-exact evaluation, PCK, the two parsers and the export.
// Expected values are computed by hand in the comments, or (golden cases) by pycocotools'
// COCOeval algorithm run on the same files.
#include "podium/vision/coco.hpp"

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

namespace podium::vision {
namespace {

using Json = nlohmann::json;
using Keypoints = std::array<double, kCocoKeypointValues>;

constexpr double kTight = 1e-12;
constexpr std::size_t kKeypoints = kCocoKeypointCount;

// A person: keypoint i at (cx + 3 (i % 5) - 6, cy + 4 (i / 5) - 8), all visible.
Keypoints body(double cx, double cy, double v = 2) {
  Keypoints k{};
  for (std::size_t i = 0; i < kKeypoints; ++i) {
    const std::size_t column = i % 5, row = i / 5;
    k[3 * i] = cx + 3.0 * static_cast<double>(column) - 6;
    k[3 * i + 1] = cy + 4.0 * static_cast<double>(row) - 8;
    k[3 * i + 2] = v;
  }
  return k;
}

CocoAnnotation annotation(std::int64_t id, std::int64_t image, const Keypoints& kp, double area) {
  CocoAnnotation a;
  a.id = id;
  a.image_id = image;
  a.category_id = 1;
  a.keypoints = kp;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    a.num_keypoints += kp[3 * i + 2] > 0 ? 1 : 0;
  a.area = area;
  const double side = std::sqrt(area);
  a.bbox = {kp[0] - side / 2, kp[1] - side / 2, side, side};
  return a;
}

CocoResult detection(std::int64_t image, const Keypoints& kp, double score) {
  CocoResult r;
  r.image_id = image;
  r.keypoints = kp;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    r.keypoints[3 * i + 2] = 0.5;
  r.score = score;
  return r;
}

CocoGroundTruth ground_truth(const std::vector<std::int64_t>& images,
                             std::vector<CocoAnnotation> anns) {
  CocoGroundTruth gt;
  gt.source = "gt.json";
  for (std::int64_t id : images)
    gt.images.push_back({id, "", 0, 0});
  gt.categories.push_back({1, "person"});
  gt.annotations = std::move(anns);
  return gt;
}

std::string shared_data() {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return env != nullptr ? env : "../shared/data";
}

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
// PCK

TEST(CocoPck, HandExample) {
  // Image 1: box 100 x 50 -> radius 0.2 * 100 = 20 px; four labelled keypoints predicted at
  // distances 0, 10, 20 (not strictly within) and 25. Image 2: two labelled keypoints, no
  // prediction: two misses. A crowd and an unlabelled person do not count.
  Keypoints kp = body(0, 0, 0);
  const double xs[] = {10, 30, 50, 70};
  for (std::size_t i = 0; i < 4; ++i) {
    kp[3 * i] = xs[i];
    kp[3 * i + 1] = 10;
    kp[3 * i + 2] = 2;
  }
  CocoAnnotation a = annotation(1, 1, kp, 5000);
  a.bbox = {0, 0, 100, 50};
  Keypoints kp2 = body(0, 0, 0);
  kp2[2] = kp2[5] = 1;
  CocoAnnotation b = annotation(2, 2, kp2, 5000);
  CocoAnnotation crowd = annotation(3, 2, body(50, 50), 5000);
  crowd.iscrowd = true;
  const auto gt = ground_truth({1, 2}, {a, b, crowd, annotation(4, 2, body(0, 0, 0), 100)});
  Keypoints pred = kp;
  pred[3 * 1 + 1] = 20;  // 10 px
  pred[3 * 2 + 1] = 30;  // 20 px
  pred[3 * 3 + 1] = 35;  // 25 px
  const std::vector<CocoResult> res = {detection(1, pred, 0.9)};
  const CocoPck p = coco_pck(gt, res);
  EXPECT_EQ(p.total, 6u);
  EXPECT_EQ(p.correct, 2u);
  EXPECT_DOUBLE_EQ(p.pck, 2.0 / 6);
  EXPECT_EQ(coco_pck(gt, res, 0.3).correct, 4u);  // radius 30
  EXPECT_EQ(coco_pck(gt, {}).correct, 0u);
  EXPECT_EQ(coco_pck(ground_truth({1}, {}), {}).pck, -1);
  EXPECT_THROW(coco_pck(gt, res, 0), Error);
}

TEST(CocoPck, PairsOneToOneByOks) {
  // Two people, predictions given in the other order: each finds its own person.
  const auto gt = ground_truth(
      {1}, {annotation(1, 1, body(100, 100), 10000), annotation(2, 1, body(200, 100), 10000)});
  const std::vector<CocoResult> res = {detection(1, gt.annotations[1].keypoints, 0.9),
                                       detection(1, gt.annotations[0].keypoints, 0.8)};
  EXPECT_DOUBLE_EQ(coco_pck(gt, res).pck, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Parsing

Json valid_gt() {
  Json kp = Json::array();
  for (std::size_t i = 0; i < kKeypoints; ++i)
    kp.insert(kp.end(), {10 + i, 20 + i, 2});
  return {{"images", {{{"id", 1}, {"file_name", "1.jpg"}, {"width", 64}, {"height", 48}}}},
          {"categories", {{{"id", 1}, {"name", "person"}}}},
          {"annotations",
           {{{"id", 1},
             {"image_id", 1},
             {"category_id", 1},
             {"keypoints", kp},
             {"num_keypoints", 17},
             {"area", 400.5},
             {"bbox", {5, 6, 30, 40}},
             {"iscrowd", 0}}}}};
}

Json valid_results() {
  Json kp = Json::array();
  for (std::size_t i = 0; i < kKeypoints; ++i)
    kp.insert(kp.end(), {10.5 + i, 20 + i, 0.5});
  return Json::array({{{"image_id", 1}, {"category_id", 1}, {"keypoints", kp}, {"score", 0.9}}});
}

// The Error message parsing `bytes` gives, checked to be a one-line Format error.
std::string gt_error(const std::string& bytes) {
  try {
    parse_coco_ground_truth(bytes, "gt.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.what();
  }
  ADD_FAILURE() << "parsed: " << bytes;
  return "";
}

std::string results_error(const std::string& bytes) {
  try {
    parse_coco_results(bytes, "res.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.what();
  }
  ADD_FAILURE() << "parsed: " << bytes;
  return "";
}

std::string gt_error(const std::function<void(Json&)>& corrupt) {
  Json j = valid_gt();
  corrupt(j);
  return gt_error(j.dump());
}

std::string results_error(const std::function<void(Json&)>& corrupt) {
  Json j = valid_results();
  corrupt(j);
  return results_error(j.dump());
}

TEST(CocoParse, ValidFilesParse) {
  const auto gt = parse_coco_ground_truth(valid_gt().dump(), "gt.json");
  EXPECT_EQ(gt.source, "gt.json");
  ASSERT_EQ(gt.images.size(), 1u);
  EXPECT_EQ(gt.images[0].file_name, "1.jpg");
  EXPECT_EQ(gt.images[0].width, 64);
  ASSERT_EQ(gt.annotations.size(), 1u);
  const CocoAnnotation& a = gt.annotations[0];
  EXPECT_EQ(a.keypoints[48], 26);
  EXPECT_EQ(a.num_keypoints, 17);
  EXPECT_EQ(a.area, 400.5);
  EXPECT_EQ(a.bbox[3], 40);
  EXPECT_FALSE(a.iscrowd);
  const auto res = parse_coco_results(valid_results().dump(), "res.json");
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].keypoints[0], 10.5);
  EXPECT_EQ(res[0].score, 0.9);
  EXPECT_FALSE(res[0].bbox.has_value());
  EXPECT_TRUE(parse_coco_results("[]", "res.json").empty());
  // PoseTrack18-style: no "area", the box's stands in.
  Json no_area = valid_gt();
  no_area["annotations"][0].erase("area");
  const auto b = parse_coco_ground_truth(no_area.dump(), "gt.json").annotations[0].bbox;
  EXPECT_EQ(parse_coco_ground_truth(no_area.dump(), "gt.json").annotations[0].area, b[2] * b[3]);
}

TEST(CocoParse, SyntaxErrorsGiveTheByteLineAndColumn) {
  EXPECT_EQ(gt_error(R"({"images": [})"),
            "gt.json: byte 13 (line 1, column 13): not valid JSON: syntax error while parsing "
            "value - unexpected '}'; expected '[', '{', or a literal");
  const std::string e = gt_error("{\n  \"images\": [\n    {\"id\": 1,}\n  ]\n}");
  EXPECT_EQ(e.rfind("gt.json: byte 30 (line 3, column 14): not valid JSON: ", 0), 0u) << e;
  EXPECT_EQ(gt_error("").rfind("gt.json: byte 1 (line 1, column 1): not valid JSON: ", 0), 0u);
  EXPECT_NE(gt_error(R"({"images": []} x)").find("not valid JSON"), std::string::npos);
}

TEST(CocoParse, NonFiniteNumbersAreNamed) {
  // Python's json.dump writes NaN; JSON has no such number.
  const std::string nan = results_error(R"([{"image_id": 1, "category_id": 1, "score": NaN}])");
  EXPECT_EQ(nan.rfind("res.json: byte 45 (line 1, column 45): not valid JSON: ", 0), 0u) << nan;
  EXPECT_NE(nan.find("(NaN and Infinity are not JSON numbers)"), std::string::npos) << nan;
  EXPECT_NE(results_error(R"([{"score": -Infinity}])").find("NaN and Infinity"), std::string::npos);
  EXPECT_NE(results_error(R"([{"score": nan}])").find("NaN and Infinity"), std::string::npos);
  const std::string big = results_error(R"([{"score": 1e999}])");
  EXPECT_NE(
      big.find("byte 16 (line 1, column 16): not valid JSON: number overflow parsing '1e999'"),
      std::string::npos)
      << big;
}

TEST(CocoParse, StructureErrorsNameThePath) {
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["keypoints"].erase(50); }),
            "gt.json: annotations[0].keypoints: expected 51 numbers, got 50");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0].erase("bbox"); }),
            "gt.json: annotations[0]: missing \"bbox\"");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["keypoints"][7] = nullptr; }),
            "gt.json: annotations[0].keypoints[7]: expected a number, got null");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["area"] = -5; }),
            "gt.json: annotations[0].area: expected a number >= 0, got -5");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["keypoints"][2] = 3; }),
            "gt.json: annotations[0].keypoints[2]: visibility 3, expected 0, 1 or 2");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["num_keypoints"] = 18; }),
            "gt.json: annotations[0].num_keypoints: expected an integer in [0, 17], got 18");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["iscrowd"] = 2; }),
            "gt.json: annotations[0].iscrowd: expected an integer in [0, 1], got 2");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["bbox"][2] = -1; }),
            "gt.json: annotations[0].bbox[2]: expected a number >= 0, got -1");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["id"] = 0; }),
            "gt.json: annotations[0].id: expected an integer in [1, 9223372036854775807], got 0");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["image_id"] = 99; }),
            "gt.json: annotations[0].image_id: 99 is not the id of an image");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["category_id"] = "1"; }),
            "gt.json: annotations[0].category_id: expected an integer, got string");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"].push_back(j["annotations"][0]); }),
            "gt.json: annotations[1].id: 1 repeats annotations[0].id");
  EXPECT_EQ(gt_error([](Json& j) { j["images"].push_back(j["images"][0]); }),
            "gt.json: images[1].id: 1 repeats images[0].id");
  EXPECT_EQ(gt_error([](Json& j) { j["images"][0]["id"] = 1.5; }),
            "gt.json: images[0].id: expected an integer, got 1.5");
  EXPECT_EQ(gt_error([](Json& j) { j["images"][0]["width"] = -1; }),
            "gt.json: images[0].width: expected an integer in [0, 2147483647], got -1");
  EXPECT_EQ(gt_error([](Json& j) {
              j["categories"][0]["keypoints"] = {"nose", "neck"};
            }),
            "gt.json: categories[0].keypoints: expected 17 names (COCO-17), got 2");
  EXPECT_EQ(gt_error([](Json& j) { j.erase("images"); }), "gt.json: missing \"images\"");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"] = Json::object(); }),
            "gt.json: annotations: expected an array, got object");
  EXPECT_EQ(gt_error("[]"), "gt.json: expected a JSON object at the top level, got array");

  EXPECT_EQ(results_error([](Json& j) { j[0]["score"] = "0.9"; }),
            "res.json: [0].score: expected a number, got string");
  EXPECT_EQ(results_error([](Json& j) { j[0]["keypoints"].push_back(1); }),
            "res.json: [0].keypoints: expected 51 numbers, got 52");
  EXPECT_EQ(results_error([](Json& j) { j[0].erase("image_id"); }),
            "res.json: [0]: missing \"image_id\"");
  EXPECT_EQ(results_error([](Json& j) {
              j[0]["bbox"] = {1, 2, 3};
            }),
            "res.json: [0].bbox: expected 4 numbers, got 3");
  EXPECT_EQ(results_error([](Json& j) {
              j.push_back(j[0]);
              j[0]["bbox"] = {1, 2, 3, 4};
            }),
            "res.json: [1]: no \"bbox\", but [0] has one (pycocotools then takes every area from "
            "bbox)");
  EXPECT_EQ(results_error([](Json& j) { j[0] = 7; }),
            "res.json: [0]: expected an object, got number");
  EXPECT_EQ(results_error("{}"), "res.json: expected a JSON array of results, got object");
  EXPECT_EQ(results_error(std::string(100, '[') + std::string(100, ']')),
            "res.json: not valid COCO JSON: nested deeper than 64 levels");
}

TEST(CocoParse, IntegralFloatIdsAndEmptyBoxesAreAccepted) {
  // pycocotools (Python) treats 1.0 as the key 1 and "bbox": [] as no box.
  Json j = valid_results();
  j[0]["image_id"] = 1.0;
  j[0]["bbox"] = Json::array();
  const auto res = parse_coco_results(j.dump(), "res.json");
  EXPECT_EQ(res[0].image_id, 1);
  EXPECT_FALSE(res[0].bbox.has_value());
}

TEST(CocoParse, RealCrowdPoseFileIsRejectedForItsLayout) {
  const std::string path =
      shared_data() + "/vision/real/mmpose_testdata/crowdpose/test_crowdpose.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data missing: " << path;
  EXPECT_EQ(gt_error(read_file(path)),
            "gt.json: categories[0].keypoints: expected 17 names (COCO-17), got 14");
}

// ---------------------------------------------------------------------------------------------
// Export

Person coco_person(double score, double offset) {
  Person p;
  p.score = score;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    p.keypoints.push_back({offset + i * 1.25, offset + 2.0 * i, 0.01 * i});
  return p;
}

TEST(CocoExport, RoundTripsThroughTheResultsParser) {
  const std::vector<Person> people = {coco_person(0.9, 10), coco_person(0.123456789, 1e-7)};
  std::vector<CocoResult> results = coco_results_from_people(42, people);
  const auto more = coco_results_from_people(43, std::vector{coco_person(1, -3.5)});
  results.insert(results.end(), more.begin(), more.end());
  const std::string bytes = write_coco_results(results);
  EXPECT_EQ(bytes, write_coco_results(results));  // deterministic
  const auto back = parse_coco_results(bytes, "export.json");
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].image_id, results[i].image_id);
    EXPECT_EQ(back[i].category_id, 1);
    EXPECT_EQ(back[i].keypoints, results[i].keypoints);  // bit-exact
    EXPECT_EQ(back[i].score, results[i].score);
  }
  EXPECT_EQ(back[1].keypoints[6], 1e-7 + 2 * 1.25);
  EXPECT_EQ(back[1].keypoints[3 * 2 + 2], 0.02);
  EXPECT_EQ(back[2].image_id, 43);
}

TEST(CocoExport, WritesOneSortedResultPerLine) {
  CocoResult r;
  r.image_id = 7;
  for (int i = 0; i < kCocoKeypointValues; ++i)
    r.keypoints[i] = i % 3 == 2 ? 0.5 : i;
  r.score = 0.25;
  std::string kp;
  for (int i = 0; i < kCocoKeypointValues; ++i) {
    if (i > 0) kp += ',';
    kp += i % 3 == 2 ? "0.5" : std::to_string(i) + ".0";
  }
  const std::string line =
      R"({"category_id":1,"image_id":7,"keypoints":[)" + kp + R"(],"score":0.25})";
  EXPECT_EQ(write_coco_results(std::vector{r, r}), "[\n" + line + ",\n" + line + "\n]\n");
  EXPECT_EQ(write_coco_results({}), "[]\n");
  r.score = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(write_coco_results(std::vector{r}), Error);
}

TEST(CocoExport, BlazePoseIsMappedToCoco17) {
  Person p;
  p.layout = Layout::BlazePose33;
  p.score = 0.5;
  for (int i = 0; i < 33; ++i)
    p.keypoints.push_back({static_cast<double>(i), 100.0 + i, 0.5});
  const auto r = coco_results_from_people(1, std::vector{p});
  for (std::size_t i = 0; i < kKeypoints; ++i)
    EXPECT_EQ(r[0].keypoints[3 * i], blazepose_to_coco17()[i]) << i;
}

TEST(CocoExport, BadPeopleAreRejectedByName) {
  Person short_one = coco_person(0.9, 0);
  short_one.keypoints.resize(12);
  try {
    coco_results_from_people(3, std::vector{coco_person(0.9, 0), short_one});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_STREQ(e.what(), "image 3, person 1: 12 keypoints, expected 17 for layout coco17");
  }
  Person nan = coco_person(0.9, 0);
  nan.keypoints[5].y = std::numeric_limits<double>::quiet_NaN();
  try {
    coco_results_from_people(3, std::vector{nan});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(
        std::string(e.what()).rfind("image 3, person 0: keypoint left_shoulder is not finite", 0),
        0u)
        << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// Fuzz inputs

// Every fuzz seed and every crash input the COCO fuzzer ever found goes through both parsers in
// the normal test run: each must parse or be rejected with a one-line podium::Error.
TEST(CocoFuzzCorpus, EveryKeptInputParsesOrIsRejectedCleanly) {
  const std::filesystem::path src = PODIUM_SOURCE_DIR;
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(src / "fuzz/corpus/coco"))
    files.push_back(f.path());
  for (const auto& f : std::filesystem::directory_iterator(src / "fuzz/regressions")) {
    if (f.path().filename().string().rfind("coco-", 0) == 0) files.push_back(f.path());
  }
  int parsed = 0;
  for (const auto& path : files) {
    const std::string bytes = read_file(path.string());
    for (int which = 0; which < 2; ++which) {
      try {
        if (which == 0) {
          const auto gt = parse_coco_ground_truth(bytes, path.filename().string());
          std::vector<CocoResult> res;
          for (const auto& a : gt.annotations)
            res.push_back(detection(a.image_id, a.keypoints, 1));
          evaluate_coco_keypoints(gt, res);
        } else {
          parse_coco_results(bytes, path.filename().string());
        }
        ++parsed;
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_GE(files.size(), 7u);  // the seeds at least
  EXPECT_GE(parsed, 7);
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
