// podium eval pose on the real COCO sample (shared/data, mmpose's test_coco.json: 4 images, 14
// people): AP pinned so that a regression anywhere between pixels and keypoints fails here; the
// same on detected boxes (nanodet, centernet) there and on the PoseTrack18 sample.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/cli.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary

std::string mmpose_dir() {
  const char* d = std::getenv("PODIUM_SHARED_DATA");
  return std::string(d ? d : "../shared/data") + "/vision/real/mmpose_testdata";
}
std::string coco_dir() {
  return mmpose_dir() + "/coco";
}

class Eval : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
    if (!fs::exists(coco_dir() + "/test_coco.json")) {
      GTEST_SKIP() << coco_dir() << " missing (set PODIUM_SHARED_DATA)";
    }
  }
};

// Measured by bench/accuracy.sh (docs/accuracy.md); 0.01 absorbs float differences between
// machines, far less than any real change (one keypoint of one person moves AP by ~0.02 here).
TEST_F(Eval, CocoSampleApIsPinned) {
  for (const auto& [model, ap, pck] :
       {std::tuple{"movenet-thunder", 0.754, 0.912}, std::tuple{"movenet-lightning", 0.651, 0.912},
        std::tuple{"movenet-multipose", 0.442, 0.961}}) {
    const Result r = run(std::string("eval pose --gt ") + coco_dir() + "/test_coco.json --images " +
                         coco_dir() + " --model " + model + " --json --out " + path("pred.json"));
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_NEAR(j["AP"].get<double>(), ap, 0.01) << model;
    EXPECT_NEAR(j["PCK@0.2"].get<double>(), pck, 0.01) << model;
    EXPECT_TRUE(fs::exists(path("pred.json")));
  }
}

// Measured by bench/accuracy.sh (docs/accuracy.md): Thunder on each detector's boxes, and the
// detector's person-box AP. PoseTrack18 is the issue's target (>= 0.40; MultiPose 0.072).
TEST_F(Eval, DetectedBoxesApIsPinned) {
  const std::string posetrack = mmpose_dir() + "/posetrack18";
  for (const auto& [set, detector, ap, box_ap] :
       {std::tuple{"coco", "nanodet", 0.755, 0.550}, std::tuple{"coco", "centernet", 0.738, 0.729},
        std::tuple{"posetrack18", "nanodet", 0.481, 0.099}}) {
    const std::string dir = mmpose_dir() + "/" + set;
    const std::string gt = std::string(set) == "coco"
                               ? dir + "/test_coco.json"
                               : dir + "/annotations/test_posetrack18_val.json";
    if (!fs::exists(gt)) GTEST_SKIP() << gt << " missing (set PODIUM_SHARED_DATA)";
    const Result r =
        run("eval pose --gt " + gt + " --images " + dir +
            " --model movenet-thunder --boxes detector --detector " + detector + " --json");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_NEAR(j["AP"].get<double>(), ap, 0.01) << set << " " << detector;
    EXPECT_NEAR(j["box"]["AP"].get<double>(), box_ap, 0.01) << set << " " << detector;
    EXPECT_EQ(j["protocol"], std::string("top-down on ") + detector + " boxes x1.25");
  }
}

TEST_F(Eval, BadBoxOptionsAreOneLineAndExit2) {
  const std::string base = "eval pose --gt " + coco_dir() + "/test_coco.json --images " +
                           coco_dir() + " --out " + path("pred.json");
  for (const auto& [args, message] :
       {std::pair{" --boxes guessed", "--boxes = guessed: must be gt or detector"},
        std::pair{" --boxes detector --detector yolo", "unknown detector 'yolo'"},
        std::pair{" --boxes detector --model movenet-multipose", "is bottom-up"},
        std::pair{" --boxes detector --tiles 9", "tiles = 9"}}) {
    const Result r = run(base + args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(path("pred.json")));
  }
}

TEST_F(Eval, BadGroundTruthIsOneLineAndExit2) {
  std::ofstream(path("gt.json"))
      << R"({"images": [], "annotations": [{"id": 1}], "categories": []})";
  Result r = run("eval pose --gt " + path("gt.json") + " --images " + coco_dir());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_NE(r.out.find("gt.json: annotations[0]"), std::string::npos) << r.out;
  r = run("eval pose --gt " + path("none.json") + " --images " + coco_dir());
  EXPECT_EQ(r.code, 3) << r.out;
  r = run("eval pose --gt " + coco_dir() + "/test_coco.json --images " + path("") + " --out " +
          path("pred.json"));
  EXPECT_EQ(r.code, 3) << r.out;  // the images are not there
  EXPECT_FALSE(fs::exists(path("pred.json")));
}

}  // namespace
