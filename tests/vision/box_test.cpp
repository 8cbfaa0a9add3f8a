// person.hpp's Box against OpenCV's cv::Rect2d, which it replaced in Person: the IoU must agree to
// the last bit, or tracker associations (and every output after them) would change.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <random>

#include "podium/vision/person.hpp"
#include "podium/vision/pose.hpp"

namespace podium::vision {
namespace {

double cv_iou(const cv::Rect2d& a, const cv::Rect2d& b) {
  const double inter = (a & b).area();
  const double uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0;
}

TEST(Box, IouIsBitIdenticalToOpenCvOnSeededRandomBoxes) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> corner(-50, 150), size(-5, 80);
  std::uniform_int_distribution<int> snap(0, 3);
  for (int trial = 0; trial < 20000; ++trial) {
    // Snapped values make touching edges, equal corners and zero sizes common.
    const auto value = [&](std::uniform_real_distribution<double>& d) {
      const double v = d(rng);
      return snap(rng) == 0 ? std::round(v / 10) * 10 : v;
    };
    const Box a{value(corner), value(corner), value(size), value(size)};
    const Box b{value(corner), value(corner), value(size), value(size)};
    const double want = cv_iou(to_cv_rect(a), to_cv_rect(b));
    EXPECT_EQ(box_iou(a, b), want) << trial;
    EXPECT_EQ(box_iou(b, a), cv_iou(to_cv_rect(b), to_cv_rect(a))) << trial;
  }
}

TEST(Box, IouOfEmptyOrDisjointBoxesIsZero) {
  EXPECT_EQ(box_iou({}, {}), 0);
  EXPECT_EQ(box_iou({0, 0, 10, 10}, {20, 0, 10, 10}), 0);
  EXPECT_EQ(box_iou({0, 0, 10, 10}, {0, 0, 10, 10}), 1);
  EXPECT_DOUBLE_EQ(box_iou({0, 0, 10, 10}, {5, 0, 10, 10}), 50.0 / 150.0);
}

TEST(Box, KeypointBoxSpansConfidentKeypointsOnly) {
  const std::vector<Keypoint> kps = {{10, 20, 0.9}, {30, 5, 0.5}, {100, 100, 0.1}};
  const Box b = keypoint_box(kps, 0.3);
  EXPECT_EQ(b.x, 10);
  EXPECT_EQ(b.y, 5);
  EXPECT_EQ(b.width, 20);
  EXPECT_EQ(b.height, 15);
  EXPECT_TRUE(keypoint_box(kps, 0.6).empty());  // one keypoint is no box
}

TEST(Box, ConvertsToAndFromOpenCvExactly) {
  const Box b{1.25, -3.5, 7.125, 0.1};
  const cv::Rect2d r = to_cv_rect(b);
  EXPECT_EQ(r, cv::Rect2d(1.25, -3.5, 7.125, 0.1));
  const Box back = to_box(r);
  EXPECT_EQ(back.x, b.x);
  EXPECT_EQ(back.y, b.y);
  EXPECT_EQ(back.width, b.width);
  EXPECT_EQ(back.height, b.height);
}

TEST(HeadCircle, FromHeadKeypointsElseTheTopOfTheBox) {
  Person p;
  p.layout = Layout::Coco17;
  p.box = {100, 50, 40, 200};
  p.keypoints.assign(17, Keypoint{});
  p.keypoints[1] = {110, 60, 0.9};  // left eye
  p.keypoints[2] = {130, 60, 0.9};  // right eye
  p.keypoints[0] = {120, 70, 0.1};  // nose, below min_score: ignored
  auto h = head_circle(p, 0.3);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->from_keypoints);
  EXPECT_DOUBLE_EQ(h->x, 120);
  EXPECT_DOUBLE_EQ(h->y, 60);
  EXPECT_DOUBLE_EQ(h->radius, 0.12 * 200);  // the box floor beats 0.6 x the 20 px eye span
  // No head keypoint (a person seen from behind, or a box-only detection): the top of the box.
  p.keypoints.clear();
  h = head_circle(p, 0.3);
  ASSERT_TRUE(h);
  EXPECT_FALSE(h->from_keypoints);
  EXPECT_DOUBLE_EQ(h->x, 120);
  EXPECT_DOUBLE_EQ(h->y, 70);
  EXPECT_DOUBLE_EQ(h->radius, 14);
  p.box = {};
  EXPECT_FALSE(head_circle(p, 0.3));
}

}  // namespace
}  // namespace podium::vision
