// COCO keypoints: PCK normalised by the ground-truth box.
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

}  // namespace
}  // namespace podium::vision
