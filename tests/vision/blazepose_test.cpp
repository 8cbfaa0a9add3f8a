#include "podium/vision/blazepose.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace podium::vision::blazepose {
namespace {

TEST(BlazePoseAnchors, CountAndCentresFollowTheSsdLayout) {
  const auto& a = detector_anchors();
  ASSERT_EQ(a.size(), 2254u);  // 28*28*2 + 14*14*2 + 7*7*6
  EXPECT_NEAR(a[0].x, 0.5 / 28, 1e-12);
  EXPECT_NEAR(a[0].y, 0.5 / 28, 1e-12);
  EXPECT_NEAR(a[1].x, 0.5 / 28, 1e-12);  // two anchors per stride-8 cell
  EXPECT_NEAR(a[2].x, 1.5 / 28, 1e-12);
  EXPECT_NEAR(a[1568].x, 0.5 / 14, 1e-12);  // first stride-16 anchor
  EXPECT_NEAR(a[1960].x, 0.5 / 7, 1e-12);   // first stride-32 anchor
  EXPECT_NEAR(a[1965].x, 0.5 / 7, 1e-12);   // six per stride-32 cell
  EXPECT_NEAR(a[1966].x, 1.5 / 7, 1e-12);
  EXPECT_NEAR(a.back().x, 6.5 / 7, 1e-12);
  EXPECT_NEAR(a.back().y, 6.5 / 7, 1e-12);
}

TEST(BlazePoseDetections, DecodeRelativeToAnchorThenSuppress) {
  nn::HostTensor raw = nn::HostTensor::zeros(nn::DType::Float32, {1, 2254, 13});
  auto v = raw.values<float>();
  std::fill(v.begin(), v.end(), 0.0f);
  for (std::size_t i = 0; i < 2254; ++i)
    v[i * 13] = -10.0f;  // everything unlikely
  auto set = [&](std::size_t i, float logit, float dx, float w) {
    float* r = v.data() + i * 13;
    r[0] = logit;
    r[1] = dx;
    r[2] = 0;
    r[3] = w;
    r[4] = w;
    r[5] = 2 * dx;  // keypoint 0
    r[7] = 0;
    r[8] = -22.4f;  // keypoint 1: 0.1 above the anchor
  };
  set(1960, 3.0f, 22.4f, 44.8f);  // anchor (0.5/7, 0.5/7), box centre +0.1, size 0.2
  set(1961, 2.0f, 22.4f, 44.8f);  // same box, lower score: suppressed
  set(2253, 1.0f, 0.0f, 22.4f);   // elsewhere: kept
  const auto dets = decode_detections(raw, 0.5);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_NEAR(dets[0].score, 1 / (1 + std::exp(-3.0)), 1e-9);
  EXPECT_NEAR(dets[0].box.x + dets[0].box.width / 2, 0.5 / 7 + 0.1, 1e-6);
  EXPECT_NEAR(dets[0].box.width, 0.2, 1e-6);
  EXPECT_NEAR(dets[0].keypoints[0].x, 0.5 / 7 + 0.2, 1e-6);
  EXPECT_NEAR(dets[0].keypoints[1].y, 0.5 / 7 - 0.1, 1e-6);
  EXPECT_NEAR(dets[1].box.x + dets[1].box.width / 2, 6.5 / 7, 1e-6);
}

TEST(BlazePoseRoi, UprightBodyHasNoRotationAndScaledSide) {
  const RotatedRoi roi = roi_from_alignment({100, 200}, {100, 120});
  EXPECT_NEAR(roi.rotation, 0, 1e-12);
  EXPECT_NEAR(roi.size, 2 * 80 * 1.25, 1e-9);
  EXPECT_EQ(roi.centre, cv::Point2d(100, 200));
  // A body lying with its head to the right is turned by +90°.
  EXPECT_NEAR(roi_from_alignment({100, 200}, {180, 200}).rotation, std::numbers::pi / 2, 1e-12);
  EXPECT_NEAR(std::abs(roi_from_alignment({100, 200}, {100, 280}).rotation), std::numbers::pi,
              1e-12);
}

TEST(BlazePoseRoi, CropMapsRoiCornersAndCentreAndRoundTrips) {
  for (double r : {0.0, 0.3, -1.2, std::numbers::pi / 2}) {
    const RotatedRoi roi{{300, 150}, 200, r};
    const cv::Matx23d to_crop = roi_to_crop(roi, 256);
    const cv::Vec3d centre(300, 150, 1);
    const cv::Vec2d c = to_crop * centre;
    EXPECT_NEAR(c[0], 128, 1e-9);
    EXPECT_NEAR(c[1], 128, 1e-9);
    // The point at "up" from the centre (half a side along -ey) is the crop's top middle.
    const cv::Vec3d up(300 + 100 * std::sin(r), 150 - 100 * std::cos(r), 1);
    const cv::Vec2d t = to_crop * up;
    EXPECT_NEAR(t[0], 128, 1e-9) << r;
    EXPECT_NEAR(t[1], 0, 1e-9) << r;
  }
}

TEST(BlazePoseLandmarks, MapBackThroughTheInverseCrop) {
  const RotatedRoi roi{{300, 150}, 128, 0.4};
  const cv::Matx23d to_crop = roi_to_crop(roi, 256);
  nn::HostTensor ld = nn::HostTensor::zeros(nn::DType::Float32, {1, 195});
  auto v = ld.values<float>();
  v[0] = 128;  // landmark 0 at the crop centre
  v[1] = 128;
  v[3] = 2.0f;  // visibility logit
  v[5] = 0;     // landmark 1 at the crop's top-left corner
  v[6] = 0;
  const auto kps = decode_landmarks(ld, to_crop);
  ASSERT_EQ(kps.size(), 33u);
  EXPECT_NEAR(kps[0].x, 300, 1e-6);
  EXPECT_NEAR(kps[0].y, 150, 1e-6);
  EXPECT_NEAR(kps[0].score, 1 / (1 + std::exp(-2.0)), 1e-6);
  const cv::Vec2d back = to_crop * cv::Vec3d(kps[1].x, kps[1].y, 1);
  EXPECT_NEAR(back[0], 0, 1e-6);
  EXPECT_NEAR(back[1], 0, 1e-6);
}

}  // namespace
}  // namespace podium::vision::blazepose
