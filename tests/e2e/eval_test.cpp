// podium eval pose on the real COCO sample (shared/data, mmpose's test_coco.json: 4 images, 14
// people): AP pinned so that a regression anywhere between pixels and keypoints fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/cli.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary

std::string coco_dir() {
  const char* d = std::getenv("PODIUM_SHARED_DATA");
  return std::string(d ? d : "../shared/data") + "/vision/real/mmpose_testdata/coco";
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
