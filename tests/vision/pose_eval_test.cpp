// The pose-evaluation protocol with a fake estimator: crops, shifts, counts and keypoint names,
// without a model.
#include "podium/vision/pose_eval.hpp"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {
namespace {

CocoAnnotation box_annotation(std::int64_t id, std::int64_t image, double x, double y, double w,
                              double h, bool crowd = false) {
  CocoAnnotation a;
  a.id = id;
  a.image_id = image;
  a.category_id = 1;
  a.bbox = {x, y, w, h};
  a.area = w * h;
  a.iscrowd = crowd;
  for (int k = 0; k < kCocoKeypointCount; ++k) {
    a.keypoints[3 * k] = x + w / 2;
    a.keypoints[3 * k + 1] = y + h / 2;
    a.keypoints[3 * k + 2] = 2;
  }
  a.num_keypoints = kCocoKeypointCount;
  return a;
}

CocoGroundTruth two_images() {
  CocoGroundTruth gt;
  gt.source = "gt.json";
  gt.images = {{1, "a.png", 200, 100}, {2, "b.png", 120, 160}};
  gt.categories = {{1, "person", {}}};
  gt.annotations = {box_annotation(1, 1, 10, 20, 40, 80),
                    box_annotation(2, 1, 100, 10, 30, 30, true),  // crowd: no crop
                    box_annotation(3, 2, 50, 60, 0, 20),          // no width: no crop
                    box_annotation(4, 2, 30, 40, 20, 10)};
  return gt;
}

// One person whose keypoints all sit at the middle of the image it is shown, score 0.8.
Person centred_person(const cv::Mat& rgb) {
  Person p;
  p.score = 0.8;
  for (int k = 0; k < kCocoKeypointCount; ++k)
    p.keypoints.push_back({rgb.cols / 2.0, rgb.rows / 2.0, 0.5, 0});
  return p;
}

std::vector<cv::Mat> blank_images(const CocoGroundTruth& gt) {
  std::vector<cv::Mat> out;
  for (const CocoImage& im : gt.images)
    out.emplace_back(im.height, im.width, CV_8UC3, cv::Scalar(0, 0, 0));
  return out;
}

TEST(PoseEval, ProtocolFollowsTheModel) {
  EXPECT_EQ(pose_eval_protocol(PoseModel::MoveNetMultiPose), PoseEvalProtocol::BottomUp);
  for (PoseModel m : {PoseModel::MoveNetLightning, PoseModel::MoveNetThunder, PoseModel::BlazePose})
    EXPECT_EQ(pose_eval_protocol(m), PoseEvalProtocol::TopDownOnBoxes);
}

TEST(PoseEval, TopDownCropIsA125SquareCentredOnTheBox) {
  // 40x80 box at (10, 20): side round(1.25 * 80) = 100 around the centre (30, 60).
  const std::optional<TopDownCrop> c = top_down_crop(box_annotation(1, 1, 10, 20, 40, 80));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->side, 100);
  EXPECT_EQ(c->x0, -20);  // reaches past the image's left edge
  EXPECT_EQ(c->y0, 10);
  EXPECT_EQ(top_down_crop(box_annotation(1, 1, 5, 5, 0.5, 0.5))->side, 2);  // at least 2
  EXPECT_FALSE(top_down_crop(box_annotation(1, 1, 10, 20, 40, 80, true)));
  EXPECT_FALSE(top_down_crop(box_annotation(1, 1, 10, 20, 40, 0)));
}

TEST(PoseEval, TopDownRunsOncePerUsableBoxAndShiftsTheBestPersonBack) {
  const CocoGroundTruth gt = two_images();
  std::vector<cv::Size> seen;
  const PoseEstimate estimate = [&](const cv::Mat& rgb) {
    seen.push_back(rgb.size());
    Person second = centred_person(rgb);
    second.keypoints[0].x = -1;  // only the best person counts
    return std::vector<Person>{centred_person(rgb), second};
  };
  const CocoPredictions p =
      predict_coco_keypoints(gt, blank_images(gt), PoseEvalProtocol::TopDownOnBoxes, estimate);
  EXPECT_EQ(p.inferences, 2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], cv::Size(100, 100));  // 1.25 x 80
  EXPECT_EQ(seen[1], cv::Size(25, 25));    // 1.25 x 20, rounded
  ASSERT_EQ(p.results.size(), 2u);
  EXPECT_EQ(p.results[0].image_id, 1);
  EXPECT_EQ(p.results[0].score, 0.8);
  for (int k = 0; k < kCocoKeypointCount; ++k) {
    EXPECT_EQ(p.results[0].keypoints[3 * k], -20 + 50);  // crop x0 + the crop's centre
    EXPECT_EQ(p.results[0].keypoints[3 * k + 1], 10 + 50);
    EXPECT_EQ(p.results[0].keypoints[3 * k + 2], 0.5);
  }
  EXPECT_EQ(p.results[1].image_id, 2);
  // Box (30, 40, 20, 10): side 25, x0 = round(40 - 12.5) = 28 (half away from zero), y0 = 33.
  EXPECT_EQ(p.results[1].keypoints[0], 28 + 12.5);
  EXPECT_EQ(p.results[1].keypoints[1], 33 + 12.5);
}

TEST(PoseEval, DetectedBoxesGetTheGroundTruthBoxesCropAndScoreBoxTimesPose) {
  // The Box overload is the annotation's crop without the annotation.
  const auto c = top_down_crop(Box{10, 20, 40, 80});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->side, 100);
  EXPECT_EQ(c->x0, -20);
  EXPECT_EQ(c->y0, 10);
  EXPECT_FALSE(top_down_crop(Box{10, 20, 0, 80}));
  const CocoGroundTruth gt = two_images();
  std::vector<cv::Size> seen;
  std::vector<cv::Size> detected_in;
  const PoseEstimate estimate = [&](const cv::Mat& rgb) {
    seen.push_back(rgb.size());
    return std::vector<Person>{centred_person(rgb)};
  };
  // Image 1: the ground truth's box and an empty one; image 2: nobody. The ground truth's own
  // boxes are not used.
  const PersonBoxes detect = [&](const cv::Mat& rgb) {
    detected_in.push_back(rgb.size());
    if (rgb.cols != 200) return std::vector<Detection>{};
    return std::vector<Detection>{{Box{10, 20, 40, 80}, 0.5, 0}, {Box{5, 5, 0, 0}, 0.25, 0}};
  };
  const CocoPredictions p = predict_coco_keypoints(
      gt, blank_images(gt), PoseEvalProtocol::TopDownOnDetections, estimate, detect);
  EXPECT_EQ(detected_in, (std::vector<cv::Size>{{200, 100}, {120, 160}}));
  EXPECT_EQ(seen, std::vector<cv::Size>{cv::Size(100, 100)});
  EXPECT_EQ(p.inferences, 1);
  ASSERT_EQ(p.results.size(), 1u);
  EXPECT_EQ(p.results[0].score, 0.8 * 0.5);
  EXPECT_EQ(p.results[0].keypoints[0], -20 + 50);
  // Every detected box is a box result, the empty one too (it costs AP as any false positive).
  ASSERT_EQ(p.boxes.size(), 2u);
  EXPECT_EQ(p.boxes[0].image_id, 1);
  EXPECT_EQ(p.boxes[0].bbox, (std::array<double, 4>{10, 20, 40, 80}));
  EXPECT_EQ(p.boxes[1].score, 0.25);
}

TEST(PoseEval, NobodyFoundInACropIsNoResultButStillAnInference) {
  const CocoGroundTruth gt = two_images();
  const CocoPredictions p =
      predict_coco_keypoints(gt, blank_images(gt), PoseEvalProtocol::TopDownOnBoxes,
                             [](const cv::Mat&) { return std::vector<Person>{}; });
  EXPECT_EQ(p.inferences, 2);
  EXPECT_TRUE(p.results.empty());
}

TEST(PoseEval, BottomUpRunsOncePerWholeImageAndKeepsEveryone) {
  const CocoGroundTruth gt = two_images();
  std::vector<cv::Size> seen;
  const PoseEstimate estimate = [&](const cv::Mat& rgb) {
    seen.push_back(rgb.size());
    return std::vector<Person>{centred_person(rgb), centred_person(rgb), centred_person(rgb)};
  };
  const CocoPredictions p =
      predict_coco_keypoints(gt, blank_images(gt), PoseEvalProtocol::BottomUp, estimate);
  EXPECT_EQ(p.inferences, 2);
  EXPECT_EQ(seen, (std::vector<cv::Size>{{200, 100}, {120, 160}}));
  ASSERT_EQ(p.results.size(), 6u);
  EXPECT_EQ(p.results[0].keypoints[0], 100);
  EXPECT_EQ(p.results[5].image_id, 2);
  EXPECT_EQ(p.results[5].keypoints[1], 80);
}

TEST(PoseEval, NonCocoKeypointNamesAreUnlabelledAndRecounted) {
  CocoGroundTruth gt = two_images();
  EXPECT_EQ(unlabel_non_coco_keypoints(gt), 0);  // no names: nothing to compare
  const auto& names = layout_info(Layout::Coco17).keypoints;
  gt.categories[0].keypoints.assign(names.begin(), names.end());
  EXPECT_EQ(unlabel_non_coco_keypoints(gt), 0);
  EXPECT_EQ(gt.annotations[0].num_keypoints, kCocoKeypointCount);
  // PoseTrack18 names its second and third keypoints head_bottom and head_top.
  gt.categories[0].keypoints[1] = "head_bottom";
  gt.categories[0].keypoints[2] = "head_top";
  EXPECT_EQ(unlabel_non_coco_keypoints(gt), 2);
  for (const CocoAnnotation& a : gt.annotations) {
    EXPECT_EQ(a.num_keypoints, kCocoKeypointCount - 2);
    EXPECT_EQ(a.keypoints[3 * 1 + 2], 0);
    EXPECT_EQ(a.keypoints[3 * 2 + 2], 0);
    EXPECT_EQ(a.keypoints[3 * 3 + 2], 2);
  }
}

TEST(PoseEval, AnImageWithoutFileNameIsAFormatErrorNamingIt) {
  CocoGroundTruth gt = two_images();
  gt.images[1].file_name.clear();
  try {
    read_coco_images(gt, "/nonexistent");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    // Image 1 is read first and is missing: NotFound. Without it, image 2's name is the error.
    EXPECT_EQ(e.kind(), ErrorKind::NotFound) << e.what();
  }
  gt.images.erase(gt.images.begin());
  try {
    read_coco_images(gt, "/nonexistent");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_STREQ(e.what(), "gt.json: image 2 has no file_name");
  }
}

}  // namespace
}  // namespace podium::vision
