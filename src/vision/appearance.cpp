#include "podium/vision/appearance.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"

namespace podium::vision {
namespace {

// OpenCV's 8-bit HSV: hue 0..179 (degrees / 2), saturation and value 0..255.
constexpr double kAppearanceHueRange = 180;
// Below this value a pixel is black whatever its hue: in shadow the sensor's hue is noise.
constexpr int kAppearanceDarkValue = 50;
// Below this saturation a pixel is grey or white: its hue is too faint to name a colour.
constexpr int kAppearanceGreySaturation = 50;
// Unsaturated pixels at least this bright are white (a white kit in the shade stays above it).
constexpr int kAppearanceWhiteValue = 170;
// Saturation bin edges of the coloured pixels: pastel, medium, vivid.
constexpr std::array<int, 2> kAppearanceSaturationEdges = {120, 190};
// The quad is shrunk by this fraction towards its centre.
constexpr double kAppearanceTorsoShrink = 1.0 / 6;

// The torso quad (shoulders then hips, going round) in image pixels, or nothing.
std::vector<cv::Point2f> appearance_torso_quad(const Person& p) {
  if (p.keypoints.size() != layout_info(p.layout).keypoints.size()) return {};
  const std::array<int, 17>& coco = coco17_index(p.layout);
  // COCO-17: left shoulder 5, right shoulder 6, left hip 11, right hip 12.
  std::vector<cv::Point2f> quad;
  for (const int c : {5, 6, 12, 11}) {
    const int k = coco[static_cast<std::size_t>(c)];
    if (k < 0) return {};
    const Keypoint& kp = p.keypoints[static_cast<std::size_t>(k)];
    if (kp.score < kTorsoKeypointScore) return {};
    quad.emplace_back(static_cast<float>(kp.x), static_cast<float>(kp.y));
  }
  cv::Point2f centre(0, 0);
  for (const cv::Point2f& q : quad)
    centre += q * 0.25F;
  for (cv::Point2f& q : quad)
    q = centre + (q - centre) * static_cast<float>(1 - kAppearanceTorsoShrink);
  std::vector<cv::Point2f> hull;
  cv::convexHull(quad, hull);
  if (cv::contourArea(hull) < kMinTorsoPixels) return {};
  return hull;
}

void appearance_vote(std::vector<float>& h, const cv::Vec3b& hsv) {
  const int hue = hsv[0], sat = hsv[1], val = hsv[2];
  const std::size_t achromatic = kAppearanceHueBins * kAppearanceSaturationBins;
  if (val < kAppearanceDarkValue) {
    h[achromatic] += 1;
    return;
  }
  if (sat < kAppearanceGreySaturation) {
    h[achromatic + (val < kAppearanceWhiteValue ? 1 : 2)] += 1;
    return;
  }
  const std::size_t s = sat < kAppearanceSaturationEdges[0]   ? 0
                        : sat < kAppearanceSaturationEdges[1] ? 1
                                                              : 2;
  // Bin centres at (b + 0.5) * width; a hue between two centres is shared between them, round
  // the circle.
  const double pos = hue * (kAppearanceHueBins / kAppearanceHueRange) - 0.5;
  const double lower = std::floor(pos);
  const double w = pos - lower;
  const auto bin = [&](double b) {
    const auto n = static_cast<double>(kAppearanceHueBins);
    return static_cast<std::size_t>(std::fmod(b + n, n)) * kAppearanceSaturationBins + s;
  };
  h[bin(lower)] += static_cast<float>(1 - w);
  h[bin(lower + 1)] += static_cast<float>(w);
}

}  // namespace

std::vector<float> torso_histogram(const cv::Mat& rgb, const Person& p) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput,
                "torso histogram: the image must be non-empty 8-bit RGB (CV_8UC3)");
  }
  std::vector<cv::Point2f> region = appearance_torso_quad(p);
  if (region.empty()) {
    const Box& b = p.box;
    const auto x0 = static_cast<float>(b.x + 0.3 * b.width);
    const auto x1 = static_cast<float>(b.x + 0.7 * b.width);
    const auto y0 = static_cast<float>(b.y + 0.2 * b.height);
    const auto y1 = static_cast<float>(b.y + 0.5 * b.height);
    region = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
  }
  const cv::Rect bounds = cv::boundingRect(region) & cv::Rect(0, 0, rgb.cols, rgb.rows);
  if (bounds.empty()) return {};
  cv::Mat mask = cv::Mat::zeros(bounds.size(), CV_8UC1);
  std::vector<cv::Point> local;
  local.reserve(region.size());
  for (const cv::Point2f& q : region) {
    local.emplace_back(cvRound(q.x) - bounds.x, cvRound(q.y) - bounds.y);
  }
  cv::fillConvexPoly(mask, local, cv::Scalar(255));
  cv::Mat hsv;
  cv::cvtColor(rgb(bounds), hsv, cv::COLOR_RGB2HSV);
  std::vector<float> h(kAppearanceBins, 0);
  double total = 0;
  for (int y = 0; y < hsv.rows; ++y) {
    const auto* px = hsv.ptr<cv::Vec3b>(y);
    const auto* in = mask.ptr<std::uint8_t>(y);
    for (int x = 0; x < hsv.cols; ++x) {
      if (in[x] == 0) continue;
      appearance_vote(h, px[x]);
      total += 1;
    }
  }
  if (total == 0) return {};
  for (float& v : h)
    v = static_cast<float>(v / total);
  return h;
}

}  // namespace podium::vision
