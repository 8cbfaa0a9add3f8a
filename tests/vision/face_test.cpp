// BlazeFace: the pure decoder on synthetic outputs (anchor layout, letterbox mapping, weighted
// suppression, thresholds, bad shapes), the same decoder on TF.js's golden outputs, and the
// detector on real photos (one face where the face is, none in a tree or a blank frame). The
// blurs that anonymise frames: face_blur_test.cpp.
#include "podium/vision/face.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/vision/image.hpp"
#include "podium/vision/overlay.hpp"
#include "podium/vision/video.hpp"
#include "testkit/throws_error.hpp"

namespace podium::vision {
namespace {

namespace fs = std::filesystem;
const std::string kOpencvData = "/usr/share/doc/opencv-doc/examples/data/";
constexpr int kN16 = 512, kN32 = 384, kValues = 16;

std::string shared_data() {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return std::string(env ? env : "../shared/data");
}
const std::string kGoldenPng = "/vision/basketball1-face_256.png";
const std::string kGoldenJson = "/vision/basketball1-face_256.blazeface.cpu.json";

bool model_ready() {
  const auto* e = nn::ModelManifest::builtin().find("blazeface");
  return nn::check_model(*e, nn::models_dir()).state == nn::ModelState::Ok;
}

#define REQUIRE_MODEL() \
  if (!model_ready()) GTEST_SKIP() << "model blazeface not installed: run `podium models fetch`"

double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}

// The four outputs, every anchor unlikely and at its anchor.
struct Raw {
  nn::HostTensor s16 = nn::HostTensor::zeros(nn::DType::Float32, {1, kN16, 1});
  nn::HostTensor r16 = nn::HostTensor::zeros(nn::DType::Float32, {1, kN16, kValues});
  nn::HostTensor s32 = nn::HostTensor::zeros(nn::DType::Float32, {1, kN32, 1});
  nn::HostTensor r32 = nn::HostTensor::zeros(nn::DType::Float32, {1, kN32, kValues});
  Raw() {
    for (auto* s : {&s16, &s32}) {
      auto v = s->values<float>();
      std::fill(v.begin(), v.end(), -10.0f);
    }
  }
  // Anchor `i` (0..895) gets `logit`, box centre offset (dx, dy) and size `side`, all in model
  // pixels; keypoint k sits at (dx + k, dy - k).
  void set(int i, float logit, float dx, float dy, float side) {
    const bool fine = i < kN16;
    const int j = fine ? i : i - kN16;
    (fine ? s16 : s32).values<float>()[static_cast<std::size_t>(j)] = logit;
    float* r = (fine ? r16 : r32).values<float>().data() + static_cast<std::ptrdiff_t>(j) * kValues;
    r[0] = dx;
    r[1] = dy;
    r[2] = side;
    r[3] = side;
    for (int k = 0; k < kFaceKeypoints; ++k) {
      r[4 + 2 * k] = dx + static_cast<float>(k);
      r[5 + 2 * k] = dy - static_cast<float>(k);
    }
  }
  std::vector<Face> decode(const Letterbox& lb, double min_score) const {
    return decode_faces({s16, r16, s32, r32}, lb, min_score);
  }
};

cv::Point2d centre(const cv::Rect2d& r) {
  return {r.x + r.width / 2, r.y + r.height / 2};
}

TEST(FaceAnchors, FollowTheBackModelLayout) {
  const auto& a = face_anchors();
  ASSERT_EQ(a.size(), 896u);  // 16*16*2 + 8*8*6
  EXPECT_NEAR(a[0].x, 0.5 / 16, 1e-12);
  EXPECT_NEAR(a[1].x, 0.5 / 16, 1e-12);  // two anchors per stride-16 cell
  EXPECT_NEAR(a[2].x, 1.5 / 16, 1e-12);
  EXPECT_NEAR(a[32].y, 1.5 / 16, 1e-12);  // second row
  EXPECT_NEAR(a[512].x, 0.5 / 8, 1e-12);  // first stride-32 anchor
  EXPECT_NEAR(a[517].x, 0.5 / 8, 1e-12);  // six per stride-32 cell
  EXPECT_NEAR(a[518].x, 1.5 / 8, 1e-12);
  EXPECT_NEAR(a.back().x, 7.5 / 8, 1e-12);
  EXPECT_NEAR(a.back().y, 7.5 / 8, 1e-12);
}

TEST(FaceDecode, OneConfidentAnchorIsOneFaceInOriginalPixels) {
  // 640x480 letterboxed to 256: 80 px of padding on top, 0.4 model pixels per original pixel.
  const Letterbox lb = Letterbox::fit(640, 480, 256, 256);
  Raw raw;
  // Stride-32 cell (col 3, row 2), its second anchor: centre (112, 80) model pixels.
  const int i = kN16 + (2 * 8 + 3) * 6 + 1;
  raw.set(i, 3.0f, 8.0f, -4.0f, 40.0f);
  const auto faces = raw.decode(lb, 0.5);
  ASSERT_EQ(faces.size(), 1u);
  const Face& f = faces[0];
  EXPECT_NEAR(f.score, sigmoid(3.0), 1e-9);
  // Centre (120, 76) model pixels -> (300, 190 - 80) original; side 40 / 0.4.
  EXPECT_NEAR(centre(f.box).x, 300, 1e-4);
  EXPECT_NEAR(centre(f.box).y, 110, 1e-4);
  EXPECT_NEAR(f.box.width, 100, 1e-4);
  EXPECT_NEAR(f.box.height, 100, 1e-4);
  for (int k = 0; k < kFaceKeypoints; ++k) {
    EXPECT_NEAR(f.keypoints[static_cast<std::size_t>(k)].x, (120 + k) / 0.4, 1e-4) << k;
    EXPECT_NEAR(f.keypoints[static_cast<std::size_t>(k)].y, (76 - k) / 0.4 - 80, 1e-4) << k;
  }
  // A stride-16 anchor: cell (col 5, row 9) centre (88, 152) model pixels.
  Raw fine;
  fine.set((9 * 16 + 5) * 2, 2.0f, 0.0f, 0.0f, 20.0f);
  const auto g = fine.decode(lb, 0.5);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NEAR(centre(g[0].box).x, 88 / 0.4, 1e-4);
  EXPECT_NEAR(centre(g[0].box).y, 152 / 0.4 - 80, 1e-4);
}

TEST(FaceDecode, OverlappingDetectionsMergeWeightedByScore) {
  const Letterbox lb = Letterbox::fit(256, 256, 256, 256);
  Raw raw;
  // Two anchors of one stride-16 cell (centre (136, 120)) on nearly the same face, and a
  // stride-32 anchor far away.
  raw.set(241, 2.0f, 0.0f, 0.0f, 50.0f);
  raw.set(240, 1.0f, 4.0f, 0.0f, 50.0f);
  raw.set(kN16 + 8 * 6, 0.5f, 0.0f, 0.0f, 30.0f);  // cell (0, 1): centre (16, 48)
  const auto faces = raw.decode(lb, 0.5);
  ASSERT_EQ(faces.size(), 2u);
  const double w1 = sigmoid(2.0), w2 = sigmoid(1.0);
  EXPECT_NEAR(faces[0].score, w1, 1e-9);  // the merged face keeps the best score
  EXPECT_NEAR(centre(faces[0].box).x, 136 + 4 * w2 / (w1 + w2), 1e-4);
  EXPECT_NEAR(centre(faces[0].box).y, 120, 1e-4);
  EXPECT_NEAR(faces[0].box.width, 50, 1e-4);
  EXPECT_NEAR(faces[0].keypoints[2].x, 138 + 4 * w2 / (w1 + w2), 1e-4);
  EXPECT_NEAR(faces[1].score, sigmoid(0.5), 1e-9);
  EXPECT_NEAR(centre(faces[1].box).x, 16, 1e-4);
  EXPECT_NEAR(centre(faces[1].box).y, 48, 1e-4);
}

TEST(FaceDecode, BelowMinScoreAndNonFiniteAreDropped) {
  const Letterbox lb = Letterbox::fit(256, 256, 256, 256);
  Raw raw;
  raw.set(100, 0.0f, 0.0f, 0.0f, 30.0f);  // 0.5
  raw.set(700, 0.7f, 0.0f, 0.0f, 30.0f);  // 0.668
  raw.set(300, std::nanf(""), 0.0f, 0.0f, 30.0f);
  raw.set(400, 5.0f, std::numeric_limits<float>::infinity(), 0.0f, 30.0f);
  auto faces = raw.decode(lb, 0.65);
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_NEAR(faces[0].score, sigmoid(0.7), 1e-6);
  EXPECT_EQ(raw.decode(lb, 0.5).size(), 2u);  // >= min_score is kept
  EXPECT_TRUE(raw.decode(lb, 0.7).empty());
  // Logits past the clip saturate instead of overflowing.
  raw.set(100, 1e30f, 0.0f, 0.0f, 30.0f);
  faces = raw.decode(lb, 0.99);
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_DOUBLE_EQ(faces[0].score, 1.0);
}

TEST(FaceDecode, WrongOutputShapesAreOneLineModelErrors) {
  const Letterbox lb = Letterbox::fit(256, 256, 256, 256);
  const Raw ok;
  const auto bad = [&](const FaceRaw& raw, const std::string& expect) {
    EXPECT_THAT(
        [&] { decode_faces(raw, lb, 0.5); },
        testkit::ThrowsError(ErrorKind::Model, testkit::OneLine(::testing::HasSubstr(expect))));
  };
  const auto short_regs = nn::HostTensor::zeros(nn::DType::Float32, {1, kN16, 15});
  bad({ok.s16, short_regs, ok.s32, ok.r32},
      "blazeface: output Identity_2 got float32[1,512,15], expected float32[1,512,16]");
  // The outputs in TF.js's size order instead of by name.
  bad({ok.s32, ok.r32, ok.s16, ok.r16}, "output Identity got float32[1,384,1]");
  const auto ints = nn::HostTensor::zeros(nn::DType::Int32, {1, kN32, 1});
  bad({ok.s16, ok.r16, ints, ok.r32}, "output Identity_1 got int32[1,384,1]");
  const auto flat = nn::HostTensor::zeros(nn::DType::Float32, {std::int64_t{kN32} * kValues});
  bad({ok.s16, ok.r16, ok.s32, flat}, "output Identity_3 got float32[6144]");
}

// TF.js's outputs for the golden face crop, by output name.
std::map<std::string, nn::HostTensor> golden_outputs(const std::string& path) {
  std::ifstream in(path);
  const auto j = nlohmann::json::parse(in);
  std::map<std::string, nn::HostTensor> out;
  for (const auto& o : j["outputs"]) {
    auto t = nn::HostTensor::zeros(nn::DType::Float32, o["shape"].get<std::vector<std::int64_t>>());
    const auto& v = o["values"];
    EXPECT_EQ(static_cast<std::int64_t>(v.size()), t.numel()) << o["name"];
    for (std::size_t i = 0; i < v.size(); ++i)
      t.set(static_cast<std::int64_t>(i), v[i].get<double>());
    out[o["name"].get<std::string>()] = std::move(t);
  }
  return out;
}

// The golden PNG is basketball1.png's square (5, 40, 160, 160) at 256x256; the man's face is
// around (95-165, 90-160) in it.
const cv::Rect2d kGoldenFaceArea(95, 85, 70, 75);

TEST(FaceDecode, TfjsGoldenOutputsGiveOneFaceWhereTheFaceIs) {
  const std::string path = shared_data() + kGoldenJson;
  if (!fs::exists(path)) GTEST_SKIP() << "shared goldens not found: " << path;
  auto g = golden_outputs(path);
  const auto faces =
      decode_faces({g.at("Identity"), g.at("Identity_2"), g.at("Identity_1"), g.at("Identity_3")},
                   Letterbox::fit(256, 256, 256, 256), 0.65);
  ASSERT_EQ(faces.size(), 1u);
  const Face& f = faces[0];
  EXPECT_NEAR(f.score, 0.849, 1e-3);  // sigmoid of the largest logit, 1.72451
  EXPECT_TRUE(kGoldenFaceArea.contains(centre(f.box))) << f.box;
  EXPECT_NEAR(f.box.width, 54, 2);
  // Eyes above the nose above the mouth; the subject's right eye on the image's left.
  const auto& k = f.keypoints;
  EXPECT_LT(k[0].x, k[1].x);
  EXPECT_LT(std::max(k[0].y, k[1].y), k[2].y);
  EXPECT_LT(k[2].y, k[3].y);
  for (const auto& p : k)
    EXPECT_TRUE(f.box.contains(p) || kGoldenFaceArea.contains(p)) << p;
}

TEST(FaceDetector, FindsTheOneFaceInTheGoldenCropAsTfjs) {
  REQUIRE_MODEL();
  const std::string png = shared_data() + kGoldenPng, json = shared_data() + kGoldenJson;
  if (!fs::exists(png) || !fs::exists(json)) GTEST_SKIP() << "shared data not found: " << png;
  auto g = golden_outputs(json);
  const Letterbox lb = Letterbox::fit(256, 256, 256, 256);
  const auto want = decode_faces(
      {g.at("Identity"), g.at("Identity_2"), g.at("Identity_1"), g.at("Identity_3")}, lb, 0.65);
  ASSERT_EQ(want.size(), 1u);
  auto det = FaceDetector::create({});
  const auto faces = det.detect(read_image_rgb(png));
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_NEAR(faces[0].score, want[0].score, 1e-4);
  EXPECT_NEAR(faces[0].box.x, want[0].box.x, 0.05);
  EXPECT_NEAR(faces[0].box.y, want[0].box.y, 0.05);
  EXPECT_NEAR(faces[0].box.width, want[0].box.width, 0.05);
  for (std::size_t k = 0; k < kFaceKeypoints; ++k)
    EXPECT_NEAR(cv::norm(faces[0].keypoints[k] - want[0].keypoints[k]), 0, 0.05) << k;
}

TEST(FaceDetector, FindsTheFaceInFullPhotos) {
  REQUIRE_MODEL();
  if (!fs::exists(kOpencvData + "messi5.jpg")) GTEST_SKIP() << "Debian package opencv-doc missing";
  auto det = FaceDetector::create({});
  // messi5.jpg (548x342): the player's face around (225-255, 97-131). basketball1.png (640x480):
  // the player on the left faces the camera (72-101, 102-131); the one on the right is seen from
  // behind.
  for (const auto& [photo, area] : {std::pair{"messi5.jpg", cv::Rect2d(225, 97, 30, 34)},
                                    std::pair{"basketball1.png", cv::Rect2d(72, 102, 29, 29)}}) {
    const auto faces = det.detect(read_image_rgb(kOpencvData + photo));
    ASSERT_EQ(faces.size(), 1u) << photo;
    EXPECT_GT(faces[0].score, 0.8) << photo;
    EXPECT_TRUE(area.contains(centre(faces[0].box))) << photo << " " << faces[0].box;
    EXPECT_NEAR(faces[0].box.width, area.width, 0.3 * area.width) << photo;
  }
}

TEST(FaceDetector, NoFaceInATreeOrABlankFrame) {
  REQUIRE_MODEL();
  auto det = FaceDetector::create({});
  EXPECT_TRUE(det.detect(cv::Mat(480, 640, CV_8UC3, cv::Scalar(128, 128, 128))).empty());
  EXPECT_TRUE(det.detect(cv::Mat(240, 320, CV_8UC3, cv::Scalar(0, 0, 0))).empty());
  if (!fs::exists(kOpencvData + "tree.avi")) GTEST_SKIP() << "Debian package opencv-doc missing";
  VideoReader in = VideoReader::open(kOpencvData + "tree.avi");
  int frames = 0;
  for (Frame f; in.next(f);) {
    if (f.index % 10 != 0) continue;
    EXPECT_TRUE(det.detect(f.rgb).empty()) << "tree.avi frame " << f.index;
    ++frames;
  }
  EXPECT_GE(frames, 6);
}

TEST(FaceDetector, ASquareAroundTheHeadFindsAFaceTooSmallForTheWholeFrame) {
  REQUIRE_MODEL();
  const std::string png = shared_data() + kGoldenPng;
  if (!fs::exists(png)) GTEST_SKIP() << "shared data not found: " << png;
  // The golden crop shrunk to 160 px (a 34 px face) in a 1800x1000 frame: 5 px at 256.
  cv::Mat small;
  cv::resize(read_image_rgb(png), small, cv::Size(160, 160), 0, 0, cv::INTER_AREA);
  cv::Mat frame(1000, 1800, CV_8UC3, cv::Scalar(90, 110, 90));
  small.copyTo(frame(cv::Rect(700, 100, 160, 160)));
  const cv::Point2d face(700 + 130 * 160 / 256.0, 100 + 124 * 160 / 256.0);
  auto det = FaceDetector::create({});
  EXPECT_TRUE(det.detect(frame).empty());
  const int side = 320;  // ten face widths
  const auto faces = det.detect(frame, cv::Rect(cvRound(face.x) - side / 2 + 20,
                                                cvRound(face.y) - side / 2 - 30, side, side));
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_NEAR(centre(faces[0].box).x, face.x, 4);
  EXPECT_NEAR(centre(faces[0].box).y, face.y, 4);
  EXPECT_THROW(det.detect(frame, cv::Rect(0, 0, 100, 90)), Error);
  EXPECT_THROW(det.detect(frame, cv::Rect(0, 0, 0, 0)), Error);
  EXPECT_THROW(det.detect(cv::Mat()), Error);
}

TEST(FaceDetector, MissingModelAndBadOptionsNameTheFix) {
  const fs::path empty = fs::temp_directory_path() / ("podium-face-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  try {
    FaceDetector::create({.models_dir = empty.string()});
    ADD_FAILURE() << "no error for a missing model";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(std::string(e.what()).find("podium models fetch"), std::string::npos) << e.what();
  }
  // The overlay loads it before opening the video or writing anything.
  AnalyzeOptions analyze;
  analyze.models_dir = empty.string();
  const fs::path out = empty / "overlay.mp4";
  try {
    render_overlay("missing.mp4", {}, analyze, out.string(), {.anonymize = true});
    ADD_FAILURE() << "no error for a missing model";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("blazeface"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("podium models fetch"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(empty);
  for (double bad : {-0.1, 1.5, std::nan("")}) {
    EXPECT_THAT([&] { FaceDetector::create({.min_score = bad}); },
                testkit::ThrowsError(
                    ErrorKind::InvalidInput,
                    "face detector: min_score = " + number_text(bad) + ": must be within 0..1"));
  }
}

}  // namespace
}  // namespace podium::vision
