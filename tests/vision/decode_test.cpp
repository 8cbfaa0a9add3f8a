#include <gtest/gtest.h>

#include "podium/core/error.hpp"
#include "podium/vision/pose.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {
namespace {

nn::HostTensor tensor(std::vector<std::int64_t> shape, const std::vector<float>& v) {
  nn::HostTensor t = nn::HostTensor::zeros(nn::DType::Float32, std::move(shape));
  std::copy(v.begin(), v.end(), t.values<float>().begin());
  return t;
}

TEST(MoveNet, SinglePoseMapsNormalisedYxToOriginalPixels) {
  // A 400x200 image letterboxed into 192: side 400, 100 px of padding above.
  const Letterbox lb = Letterbox::fit(400, 200, 192, 192);
  std::vector<float> v(51, 0.0f);
  for (int k = 0; k < 17; ++k) {
    v[3 * k] = 0.25f + 0.01f * k;  // y
    v[3 * k + 1] = 0.5f;           // x
    v[3 * k + 2] = k < 10 ? 0.9f : 0.1f;
  }
  const Person p = decode_movenet_single(tensor({1, 1, 17, 3}, v), lb);
  ASSERT_EQ(p.keypoints.size(), 17u);
  EXPECT_NEAR(p.keypoints[0].x, 200.0, 1e-3);
  EXPECT_NEAR(p.keypoints[0].y, 0.25 * 400 - 100, 1e-3);
  EXPECT_NEAR(p.keypoints[5].y, 0.30 * 400 - 100, 1e-3);
  EXPECT_NEAR(p.score, (10 * 0.9 + 7 * 0.1) / 17, 1e-6);
  EXPECT_EQ(p.layout, Layout::Coco17);
}

TEST(MoveNet, SinglePoseRejectsWrongShape) {
  const Letterbox lb = Letterbox::fit(10, 10, 192, 192);
  EXPECT_THROW(decode_movenet_single(tensor({1, 17, 3}, std::vector<float>(51)), lb), Error);
}

TEST(MoveNet, MultiPoseKeepsPeopleAboveThresholdBestFirst) {
  const Letterbox lb = Letterbox::fit(256, 256, 256, 256);
  std::vector<float> v(6 * 56, 0.0f);
  auto person = [&](int i, float score, float y0, float x0) {
    float* r = v.data() + i * 56;
    for (int k = 0; k < 17; ++k) {
      r[3 * k] = y0;
      r[3 * k + 1] = x0;
      r[3 * k + 2] = 0.8f;
    }
    r[51] = y0;
    r[52] = x0;
    r[53] = y0 + 0.25f;
    r[54] = x0 + 0.125f;
    r[55] = score;
  };
  person(0, 0.3f, 0.1f, 0.1f);
  person(1, 0.05f, 0.2f, 0.2f);
  person(3, 0.9f, 0.5f, 0.25f);
  const auto people = decode_movenet_multi(tensor({1, 6, 56}, v), lb, 0.2);
  ASSERT_EQ(people.size(), 2u);
  EXPECT_FLOAT_EQ(people[0].score, 0.9f);
  EXPECT_NEAR(people[0].box.x, 64, 1e-3);
  EXPECT_NEAR(people[0].box.y, 128, 1e-3);
  EXPECT_NEAR(people[0].box.width, 32, 1e-3);
  EXPECT_NEAR(people[0].box.height, 64, 1e-3);
  EXPECT_FLOAT_EQ(people[1].score, 0.3f);
}

TEST(Pose, ModelNamesRoundTripAndUnknownIsRejected) {
  for (auto m : {PoseModel::MoveNetLightning, PoseModel::MoveNetThunder,
                 PoseModel::MoveNetMultiPose, PoseModel::BlazePose}) {
    EXPECT_EQ(parse_pose_model(pose_model_name(m)), m);
  }
  EXPECT_THROW(parse_pose_model("openpose"), Error);
}

// A standing athlete: hips at y 300, shoulders at y 200, nose at y 150, centred on x 320.
Person standing(double keypoint_score) {
  Person p;
  p.keypoints.assign(17, Keypoint{320, 250, 0.0, 0});
  p.keypoints[0] = {320, 150, keypoint_score, 0};   // nose
  p.keypoints[5] = {300, 200, keypoint_score, 0};   // left shoulder
  p.keypoints[6] = {340, 200, keypoint_score, 0};   // right shoulder
  p.keypoints[11] = {300, 300, keypoint_score, 0};  // left hip
  p.keypoints[12] = {340, 300, keypoint_score, 0};  // right hip
  return p;
}

TEST(MoveNet, CropFollowsTheTorsoAsGoogleDoes) {
  // half = max(torso 20 x 1.9, 100 x 1.9, body 20 x 1.2, 150 x 1.2) = 190 around (320, 300).
  const auto crop = movenet_crop(standing(0.9), 640, 480, 192, 192);
  ASSERT_TRUE(crop.has_value());
  EXPECT_EQ(crop->side, 380);
  EXPECT_EQ(crop->pad_left, -130);
  EXPECT_EQ(crop->pad_top, -110);
  const cv::Point2d hip_centre = crop->to_model({320, 300});
  EXPECT_NEAR(hip_centre.x, 96, 1e-9);
  EXPECT_NEAR(hip_centre.y, 96, 1e-9);
  // Torso unseen: search the whole frame.
  EXPECT_FALSE(movenet_crop(standing(0.1), 640, 480, 192, 192).has_value());
  // A crop wider than the frame is no crop.
  EXPECT_FALSE(movenet_crop(standing(0.9), 300, 200, 192, 192).has_value());
  Person blaze = standing(0.9);
  blaze.layout = Layout::BlazePose33;
  EXPECT_FALSE(movenet_crop(blaze, 640, 480, 192, 192).has_value());
}

}  // namespace
}  // namespace podium::vision
