// Person detection with the real models: the decoders on TF.js's golden outputs beside our
// runtime's outputs on the same PNGs, and the detector on Debian's opencv-doc photos and video
// (persons counted by eye), plus a photo with nobody.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "podium/nn/model.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/nn/preprocess.hpp"
#include "podium/vision/detect.hpp"
#include "podium/vision/image.hpp"
#include "podium/vision/video.hpp"
#include "testkit/shared_data.hpp"

namespace podium::vision {
namespace {

namespace fs = std::filesystem;
const std::string kOpencvData = "/usr/share/doc/opencv-doc/examples/data/";

bool models_ready() {
  for (const char* name : {"nanodet", "centernet"}) {
    const auto* e = nn::ModelManifest::builtin().find(name);
    if (nn::check_model(*e, nn::models_dir()).state != nn::ModelState::Ok) return false;
  }
  return true;
}

#define REQUIRE_MODELS()                                                                      \
  if (!models_ready()) GTEST_SKIP() << "nanodet/centernet not installed: run `podium models " \
                                       "fetch`"

bool contains(const Box& b, double x, double y) {
  return x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height;
}

// Our runtime's outputs on a golden PNG (already at model size), by output name.
std::map<std::string, nn::HostTensor> run_on_png(const char* model, const fs::path& png) {
  const auto* entry = nn::ModelManifest::builtin().find(model);
  nn::Model m = nn::Model::load(nn::resolve_model(model));
  const cv::Mat rgb = read_image_rgb(png.string());
  EXPECT_EQ(rgb.cols, entry->input.width);
  auto out = m.run({nn::make_input(rgb.data, rgb.rows, rgb.cols, rgb.step, entry->input)});
  std::map<std::string, nn::HostTensor> named;
  for (std::size_t i = 0; i < out.size(); ++i)
    named[m.outputs()[i].name] = std::move(out[i]);
  return named;
}

nlohmann::json golden_output(const fs::path& json, const std::string& name) {
  std::ifstream in(json);
  const nlohmann::json j = nlohmann::json::parse(in);
  for (const auto& o : j["outputs"]) {
    if (o["name"] == name) return o;
  }
  ADD_FAILURE() << name << " not in " << json;
  return {};
}

// CenterNet's graph decodes itself: the golden detections tensor is whole, so both decode.
TEST(CenterNetGolden, OurRuntimeDecodesToTfjsBoxes) {
  REQUIRE_MODELS();
  for (const char* stem : {"messi5_512", "vtest-f0100_512"}) {
    const fs::path png = testkit::shared_data("vision") / (std::string(stem) + ".png");
    const fs::path json =
        testkit::shared_data("vision") / (std::string(stem) + ".centernet.cpu.json");
    if (!fs::exists(png) || !fs::exists(json)) GTEST_SKIP() << "shared goldens not found: " << json;
    const nlohmann::json g = golden_output(json, "tower_0/detections");
    auto golden = nn::HostTensor::zeros(nn::DType::Float32, {1, 100, 6});
    ASSERT_EQ(g["values"].size(), 600u);
    for (std::int64_t i = 0; i < 600; ++i)
      golden.set(i, g["values"][static_cast<std::size_t>(i)].get<double>());
    const auto ours = run_on_png("centernet", png);
    const Letterbox identity = Letterbox::fit(512, 512, 512, 512);
    const auto want = decode_centernet(golden, identity, 0.2);
    const auto got = decode_centernet(ours.at("tower_0/detections"), identity, 0.2);
    ASSERT_EQ(got.size(), want.size()) << stem;
    ASSERT_GE(want.size(), 10u);
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].label, want[i].label) << stem << " " << i;
      EXPECT_NEAR(got[i].score, want[i].score, 1e-3) << stem << " " << i;
      // TF.js's own cpu and wasm backends differ by 8e-4 px here.
      EXPECT_NEAR(got[i].box.x, want[i].box.x, 0.05) << stem << " " << i;
      EXPECT_NEAR(got[i].box.y, want[i].box.y, 0.05) << stem << " " << i;
      EXPECT_NEAR(got[i].box.width, want[i].box.width, 0.05) << stem << " " << i;
      EXPECT_NEAR(got[i].box.height, want[i].box.height, 0.05) << stem << " " << i;
    }
    if (std::string(stem) == "messi5_512") {
      // Messi first, around (72..423, 158..402) of the letterboxed photo, and the ball.
      EXPECT_EQ(want[0].label, kCocoPersonClass);
      EXPECT_TRUE(contains(want[0].box, 250, 280));
      EXPECT_TRUE(std::any_of(want.begin(), want.end(), [](const Detection& d) {
        return d.label == 32 && contains(d.box, 338, 388);
      }));
    }
  }
}

// NanoDet's golden keeps every value of the smallest output only and a strided sample of the
// others (past 8192 values), so the raw outputs are compared where the golden has them, then
// ours are decoded: with the outputs equal, so are the boxes.
TEST(NanoDetGolden, OurOutputsMatchTfjsAndDecodeToTheTwoPlayers) {
  REQUIRE_MODELS();
  const fs::path png = testkit::shared_data("vision/basketball1_416.png");
  const fs::path json = testkit::shared_data("vision/basketball1_416.nanodet.cpu.json");
  if (!fs::exists(png) || !fs::exists(json)) GTEST_SKIP() << "shared goldens not found: " << json;
  const auto ours = run_on_png("nanodet", png);
  for (const char* name :
       {"Identity", "Identity_1", "Identity_2", "Identity_3", "Identity_4", "Identity_5"}) {
    const nlohmann::json g = golden_output(json, name);
    const auto v = ours.at(name).values<float>();
    const bool whole = g.contains("values");
    const auto& values = whole ? g["values"] : g["sample"]["values"];
    const std::size_t stride = whole ? 1 : g["sample"]["stride"].get<std::size_t>();
    ASSERT_GT(values.size(), 1000u) << name;
    for (std::size_t i = 0; i < values.size(); ++i) {
      ASSERT_NEAR(v[i * stride], values[i].get<double>(), 1e-4) << name << " at " << i * stride;
    }
    const auto argmax = static_cast<std::size_t>(std::max_element(v.begin(), v.end()) - v.begin());
    EXPECT_EQ(argmax, g["stats"]["argmax"].get<std::size_t>()) << name;
  }
  const auto found = non_max_suppression(
      decode_nanodet({ours.at("Identity"), ours.at("Identity_1"), ours.at("Identity_2"),
                      ours.at("Identity_3"), ours.at("Identity_4"), ours.at("Identity_5")},
                     Letterbox::fit(416, 416, 416, 416), 0.35),
      0.5);
  // basketball1.png (640x480) letterboxed: scale 0.65, 80 px of padding on top. The man with the
  // ball is centred near (99, 280) of the photo, the man on the right near (529, 250).
  std::vector<Detection> persons;
  for (const Detection& d : found) {
    if (d.label == kCocoPersonClass) persons.push_back(d);
  }
  ASSERT_EQ(persons.size(), 2u);
  EXPECT_TRUE(contains(persons[0].box, 99 * 0.65, (280 + 80) * 0.65));
  EXPECT_TRUE(contains(persons[1].box, 529 * 0.65, (250 + 80) * 0.65));
  EXPECT_NEAR(persons[0].score, 0.714, 1e-3);  // the golden's max of Identity_1
}

class DetectorPhotos : public ::testing::TestWithParam<DetectorModel> {
 protected:
  void SetUp() override {
    if (!models_ready())
      GTEST_SKIP() << "nanodet/centernet not installed: run `podium models fetch`";
    if (!fs::exists(kOpencvData + "basketball1.png") || !fs::exists(kOpencvData + "vtest.avi")) {
      GTEST_SKIP() << "opencv-doc examples not installed (apt-get install opencv-doc)";
    }
  }
};

TEST_P(DetectorPhotos, TwoPlayersMessiAndNobodyInFruit) {
  PersonDetector det = PersonDetector::create({.model = GetParam()});
  const auto confident = [](std::vector<Detection> ds, double min_score) {
    std::erase_if(ds, [&](const Detection& d) { return d.score < min_score; });
    return ds;
  };
  const auto players = confident(det.detect(read_image_rgb(kOpencvData + "basketball1.png")), 0.35);
  ASSERT_EQ(players.size(), 2u);
  EXPECT_TRUE(contains(players[0].box, 99, 280));  // the man with the ball, most confident
  EXPECT_TRUE(contains(players[1].box, 529, 250));
  for (const Detection& d : players)
    EXPECT_GT(d.box.height, 350);  // whole men, head to feet (the photo is 480 high)
  // messi5.jpg (548x342): Messi first, from his outstretched hand to his boots.
  const auto messi = det.detect(read_image_rgb(kOpencvData + "messi5.jpg"));
  ASSERT_FALSE(messi.empty());
  EXPECT_GT(messi[0].score, 0.6);
  EXPECT_TRUE(contains(messi[0].box, 250, 200));
  EXPECT_GT(messi[0].box.width, 330);
  EXPECT_TRUE(confident(det.detect(read_image_rgb(kOpencvData + "fruits.jpg")), 0.3).empty());
}

// vtest.avi frame 100 (768x576): seven pedestrians, counted by eye; one stands behind a sign.
TEST_P(DetectorPhotos, VtestFrameHasItsSixVisiblePedestrians) {
  VideoReader reader = VideoReader::open(kOpencvData + "vtest.avi");
  Frame frame;
  for (int i = 0; i <= 100; ++i)
    ASSERT_TRUE(reader.next(frame));
  PersonDetector det = PersonDetector::create({.model = GetParam()});
  const auto found = det.detect(frame.rgb);
  const std::vector<std::pair<double, double>> visible = {{229, 80},  {364, 235}, {392, 220},
                                                          {505, 185}, {528, 185}, {603, 195}};
  const std::pair<double, double> behind_sign = {446, 214};
  for (const auto& [x, y] : visible) {
    EXPECT_TRUE(
        std::any_of(found.begin(), found.end(),
                    [&](const Detection& d) { return d.score >= 0.4 && contains(d.box, x, y); }))
        << detector_model_name(GetParam()) << ": nobody at " << x << "," << y;
  }
  // Nothing confident where there is nobody.
  for (const Detection& d : found) {
    if (d.score < 0.5) continue;
    auto people = visible;
    people.push_back(behind_sign);
    EXPECT_TRUE(std::any_of(people.begin(), people.end(),
                            [&](const auto& p) { return contains(d.box, p.first, p.second); }))
        << d.box.x << "," << d.box.y << " " << d.score;
  }
  // The region and size filters.
  PersonDetector left = PersonDetector::create(
      {.model = GetParam(), .min_box_height_px = 50, .region = Box{300, 0, 468, 576}});
  for (const Detection& d : left.detect(frame.rgb)) {
    EXPECT_GE(d.box.height, 50);
    EXPECT_GE(d.box.x + d.box.width / 2, 300);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, DetectorPhotos,
                         ::testing::Values(DetectorModel::NanoDet, DetectorModel::CenterNet),
                         [](const auto& info) {
                           return std::string(detector_model_name(info.param));
                         });

}  // namespace
}  // namespace podium::vision
