// The blurs that anonymise frames: faces by their boxes, heads around their keypoints; detail goes
// inside, nothing changes outside.
#include <gtest/gtest.h>

#include <array>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "podium/vision/face.hpp"
#include "podium/vision/overlay.hpp"
#include "podium/vision/person.hpp"

namespace podium::vision {
namespace {

// Seeded noise: every pixel differs from its neighbours, so blurring shows.
cv::Mat noise(int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  cv::RNG rng(7);
  rng.fill(m, cv::RNG::UNIFORM, 0, 256);
  return m;
}

double detail(const cv::Mat& rgb, const cv::Rect& r) {
  cv::Mat grey, lap;
  cv::cvtColor(rgb(r), grey, cv::COLOR_RGB2GRAY);
  cv::Laplacian(grey, lap, CV_64F);
  cv::Scalar mean, sd;
  cv::meanStdDev(lap, mean, sd);
  return sd[0];
}

// Pixels outside `keep` are all unchanged.
void expect_unchanged_outside(const cv::Mat& before, const cv::Mat& after, const cv::Rect& keep) {
  cv::Mat diff;
  cv::absdiff(before, after, diff);
  diff(keep & cv::Rect(0, 0, diff.cols, diff.rows)).setTo(cv::Scalar::all(0));
  EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0);
}

TEST(FaceBlur, FacesLoseDetailAndNothingElseChanges) {
  const cv::Mat before = noise(320, 240);
  cv::Mat after = before.clone();
  Face f;
  f.box = cv::Rect2d(100, 60, 40, 40);
  Face edge;  // partly outside the frame
  edge.box = cv::Rect2d(300, -10, 40, 40);
  blur_faces(after, {f, edge});
  EXPECT_LT(detail(after, cv::Rect(100, 60, 40, 40)),
            0.2 * detail(before, cv::Rect(100, 60, 40, 40)));
  EXPECT_LT(detail(after, cv::Rect(304, 0, 16, 20)),
            0.3 * detail(before, cv::Rect(304, 0, 16, 20)));
  // The blur reaches 1.5x the box about its centre, no further.
  expect_unchanged_outside(before, after, cv::Rect(90, 50, 60, 60) | cv::Rect(290, 0, 30, 40));
}

TEST(FaceBlur, HeadsAroundTheirKeypointsLoseDetailAndNothingElseChanges) {
  const cv::Mat before = noise(320, 240);
  cv::Mat after = before.clone();
  Person p;
  p.layout = Layout::Coco17;
  p.keypoints.resize(17);
  // Nose, eyes and ears of a head centred at (160, 100), 20 px across.
  const std::array<cv::Point2d, 5> head = {
      {{160, 104}, {164, 98}, {156, 98}, {170, 100}, {150, 100}}};
  for (std::size_t k = 0; k < head.size(); ++k)
    p.keypoints[k] = {head[k].x, head[k].y, 0.9, 0};
  Person unseen = p;  // head keypoints below min_score: left alone
  for (auto& k : unseen.keypoints) {
    k.score = 0.1;
    k.x += 100;
  }
  blur_heads(after, {p, unseen}, 0.3);
  EXPECT_LT(detail(after, cv::Rect(154, 95, 12, 12)),
            0.2 * detail(before, cv::Rect(154, 95, 12, 12)));
  // A radius of 0.6 x the 21 px keypoint span about (160.5, 101.5): 12.6 px.
  expect_unchanged_outside(before, after, cv::Rect(147, 88, 27, 27));
}

}  // namespace
}  // namespace podium::vision
