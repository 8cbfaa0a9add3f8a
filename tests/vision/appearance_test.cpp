// Torso colour histograms: the torso quad or the box's chest, kits told apart and kept under
// changing light, black / grey / white, normalisation, images without the person, bad images.
#include "podium/vision/appearance.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <opencv2/imgproc.hpp>
#include <random>

#include "podium/core/error.hpp"
#include "testkit/throws_error.hpp"
#include "vision/tracker_test_util.hpp"

namespace podium::vision {
namespace {

using tracker_test::person_at;

// A 400 x 300 frame of green grass with seeded noise, an athlete whose box is 80 x 200 at
// (160, 50): head skin-coloured, shirt `shirt` (RGB) over y 90-150, shorts `shorts` below.
cv::Mat athlete_frame(cv::Scalar shirt, cv::Scalar shorts, unsigned seed = 1) {
  cv::Mat img(300, 400, CV_8UC3, cv::Scalar(60, 140, 60));
  cv::Mat noise(img.size(), CV_8UC3);
  cv::theRNG().state = seed;
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(6));
  img += noise;
  cv::rectangle(img, cv::Rect(185, 50, 30, 40), cv::Scalar(220, 180, 150), cv::FILLED);
  cv::rectangle(img, cv::Rect(168, 90, 64, 60), shirt, cv::FILLED);
  cv::rectangle(img, cv::Rect(170, 150, 60, 100), shorts, cv::FILLED);
  return img;
}

Person athlete() {
  return person_at({200, 150}, 80, 200);  // its keypoints: shoulders y 90, hips y 154
}

TEST(TorsoHistogram, TellsKitsApartAndKeepsOneUnderChangingLight) {
  const cv::Scalar red(200, 30, 30), blue(30, 40, 190), black(20, 20, 20);
  const Person p = athlete();
  const std::vector<float> a = torso_histogram(athlete_frame(red, black), p);
  ASSERT_EQ(a.size(), kAppearanceBins);
  EXPECT_NEAR(std::accumulate(a.begin(), a.end(), 0.0), 1, 1e-5);
  // The same kit in the shade (70 % brightness) and another frame's noise.
  const cv::Mat shade = athlete_frame(red, black, 2) * 0.7;
  const double same = appearance_similarity(a, torso_histogram(shade, p));
  const double other = appearance_similarity(a, torso_histogram(athlete_frame(blue, black), p));
  EXPECT_GT(same, 0.8) << same;
  EXPECT_LT(other, 0.3) << other;
  // Unsaturated kits: black, grey and white are three kits, not one.
  const std::vector<float> white = torso_histogram(athlete_frame({235, 235, 235}, black), p);
  const std::vector<float> grey = torso_histogram(athlete_frame({128, 128, 128}, black), p);
  const std::vector<float> dark = torso_histogram(athlete_frame({25, 25, 30}, black), p);
  EXPECT_LT(appearance_similarity(white, grey), 0.3);
  EXPECT_LT(appearance_similarity(grey, dark), 0.3);
  EXPECT_LT(appearance_similarity(white, dark), 0.3);
  EXPECT_GT(white[kAppearanceBins - 1], 0.8);
  EXPECT_GT(dark[kAppearanceBins - 3], 0.8);
  // Hue near a bin edge under a slight shift of shade stays alike (shared between bins).
  const std::vector<float> orange = torso_histogram(athlete_frame({220, 110, 20}, black), p);
  const std::vector<float> orange2 = torso_histogram(athlete_frame({220, 125, 20}, black), p);
  EXPECT_GT(appearance_similarity(orange, orange2), 0.8);
}

TEST(TorsoHistogram, UsesTheShoulderHipQuadWhenConfidentElseTheChest) {
  const cv::Scalar red(200, 30, 30), blue(30, 40, 190);
  cv::Mat img = athlete_frame(red, blue);
  // A bent athlete: keypoints put the torso over the box's lower half, which is blue.
  Person bent = athlete();
  for (const int k : {5, 6, 11, 12})
    bent.keypoints[static_cast<size_t>(k)].y += 100;
  const std::vector<float> quad = torso_histogram(img, bent);
  const std::vector<float> plain_blue = torso_histogram(athlete_frame(blue, blue), athlete());
  EXPECT_GT(appearance_similarity(quad, plain_blue), 0.9);
  // Unsure hips: the box's chest (red) instead.
  for (const int k : {11, 12})
    bent.keypoints[static_cast<size_t>(k)].score = 0.1;
  const std::vector<float> chest = torso_histogram(img, bent);
  const std::vector<float> plain_red = torso_histogram(athlete_frame(red, red), athlete());
  EXPECT_GT(appearance_similarity(chest, plain_red), 0.9);
  // Boxes only, the same.
  Person box = athlete();
  box.keypoints.clear();
  EXPECT_GT(appearance_similarity(torso_histogram(img, box), plain_red), 0.9);
}

TEST(TorsoHistogram, OutsideTheImageIsEmptyAndBadImagesAreErrors) {
  const cv::Mat img = athlete_frame({200, 30, 30}, {20, 20, 20});
  EXPECT_TRUE(torso_histogram(img, person_at({-500, 150}, 80, 200)).empty());
  // Half in the image: the part inside.
  EXPECT_EQ(torso_histogram(img, person_at({0, 150}, 80, 200)).size(), kAppearanceBins);
  const auto bad = [](const cv::Mat& m) {
    EXPECT_THAT([&] { torso_histogram(m, athlete()); },
                testkit::ThrowsError(ErrorKind::InvalidInput, ::testing::HasSubstr("CV_8UC3")));
  };
  bad(cv::Mat());
  bad(cv::Mat(300, 400, CV_8UC1, cv::Scalar(0)));
}

TEST(AppearanceSimilarity, BhattacharyyaCoefficient) {
  const std::vector<float> a = {0.5F, 0.5F, 0}, b = {0, 0.5F, 0.5F}, c = {0, 0, 1};
  EXPECT_NEAR(appearance_similarity(a, a), 1, 1e-7);
  EXPECT_NEAR(appearance_similarity(a, b), 0.5, 1e-7);
  EXPECT_EQ(appearance_similarity(a, c), 0);
  EXPECT_NEAR(appearance_similarity(b, c), std::sqrt(0.5), 1e-7);
  EXPECT_THAT([&] { appearance_similarity(a, std::vector<float>{1}); },
              testkit::ThrowsError(ErrorKind::InvalidInput,
                                   "appearance similarity: descriptor lengths = 3 and 1: must be "
                                   "equal and > 0"));
}

}  // namespace
}  // namespace podium::vision
