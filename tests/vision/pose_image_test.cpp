// Pose on real photos with the real models: podium's letterbox + MoveNet reproduces TF.js's
// keypoints, every model finds the player, and an image with nobody in it yields nobody.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "podium/nn/model_store.hpp"
#include "podium/vision/image.hpp"
#include "podium/vision/pose.hpp"

namespace podium::vision {
namespace {

namespace fs = std::filesystem;
const std::string kOpencvData = "/usr/share/doc/opencv-doc/examples/data/";

bool models_ready() {
  for (const char* m : {"movenet-thunder", "movenet-lightning", "movenet-multipose",
                        "blazepose-detector", "blazepose-full"}) {
    const auto* e = nn::ModelManifest::builtin().find(m);
    if (nn::check_model(*e, nn::models_dir()).state != nn::ModelState::Ok) return false;
  }
  return true;
}

#define REQUIRE_MODELS_AND_PHOTOS()                                                       \
  if (!models_ready()) GTEST_SKIP() << "models not installed: run `podium models fetch`"; \
  if (!fs::exists(kOpencvData + "messi5.jpg"))                                            \
  GTEST_SKIP() << "Debian package opencv-doc not installed (sample photos)"

TEST(PoseImage, ThunderMatchesTheTfjsGoldenInOriginalPixels) {
  REQUIRE_MODELS_AND_PHOTOS();
  const char* shared = std::getenv("PODIUM_SHARED_DATA");
  const std::string golden = std::string(shared ? shared : "../shared/data") +
                             "/vision/messi5_256.movenet-thunder.cpu.json";
  if (!fs::exists(golden)) GTEST_SKIP() << "shared goldens not found: " << golden;
  std::ifstream in(golden);
  const auto g = nlohmann::json::parse(in)["outputs"][0]["values"];
  auto est = PoseEstimator::create({.model = PoseModel::MoveNetThunder});
  const auto people = est.estimate(read_image_rgb(kOpencvData + "messi5.jpg"));
  ASSERT_EQ(people.size(), 1u);
  // The golden PNG is messi5.jpg (548x342) letterboxed to 548x548 (103 px above) and resized
  // by another resampler; 3 px covers that difference.
  int compared = 0;
  for (int k = 0; k < 17; ++k) {
    const double gy = g[3 * k].get<double>() * 548 - 103, gx = g[3 * k + 1].get<double>() * 548;
    if (g[3 * k + 2].get<double>() < 0.3) continue;
    EXPECT_NEAR(people[0].keypoints[static_cast<std::size_t>(k)].x, gx, 3.0) << "keypoint " << k;
    EXPECT_NEAR(people[0].keypoints[static_cast<std::size_t>(k)].y, gy, 3.0) << "keypoint " << k;
    ++compared;
  }
  EXPECT_GE(compared, 15);
}

TEST(PoseImage, EveryModelFindsThePlayer) {
  REQUIRE_MODELS_AND_PHOTOS();
  const cv::Mat rgb = read_image_rgb(kOpencvData + "messi5.jpg");
  // The player's hips are around (250-300, 230-250) in messi5.jpg.
  const cv::Rect2d hips(220, 200, 110, 80);
  for (auto m : {PoseModel::MoveNetLightning, PoseModel::MoveNetThunder,
                 PoseModel::MoveNetMultiPose, PoseModel::BlazePose}) {
    auto est = PoseEstimator::create({.model = m});
    const auto people = est.estimate(rgb);
    ASSERT_GE(people.size(), 1u) << pose_model_name(m);
    const auto& p = people[0];
    const auto& lh = p.keypoints[p.layout == Layout::Coco17 ? 11 : 23];
    const auto& rh = p.keypoints[p.layout == Layout::Coco17 ? 12 : 24];
    EXPECT_TRUE(hips.contains({lh.x, lh.y})) << pose_model_name(m) << " " << lh.x << "," << lh.y;
    EXPECT_TRUE(hips.contains({rh.x, rh.y})) << pose_model_name(m) << " " << rh.x << "," << rh.y;
  }
}

TEST(PoseImage, MultiPoseFindsBothBasketballPlayers) {
  REQUIRE_MODELS_AND_PHOTOS();
  auto est = PoseEstimator::create({.model = PoseModel::MoveNetMultiPose, .min_score = 0.2});
  const auto people = est.estimate(read_image_rgb(kOpencvData + "basketball1.png"));
  ASSERT_GE(people.size(), 2u);
  EXPECT_LT(people[0].box.x + people[0].box.width / 2, 320);  // the player on the left first
}

TEST(PoseImage, NobodyInAPlainImage) {
  REQUIRE_MODELS_AND_PHOTOS();
  const cv::Mat grey(240, 320, CV_8UC3, cv::Scalar(128, 128, 128));
  for (auto m : {PoseModel::MoveNetLightning, PoseModel::MoveNetThunder,
                 PoseModel::MoveNetMultiPose, PoseModel::BlazePose}) {
    auto est = PoseEstimator::create({.model = m});
    EXPECT_TRUE(est.estimate(grey).empty()) << pose_model_name(m);
  }
}

}  // namespace
}  // namespace podium::vision
