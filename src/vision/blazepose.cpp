#include "podium/vision/blazepose.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"

namespace podium::vision::blazepose {
namespace {

constexpr int kValuesPerAnchor = 13;  // score logit, box (4), 4 keypoints (x, y)
constexpr double kScoreClip = 100.0;
constexpr double kNmsIou = 0.3;
constexpr double kRoiScale = 1.25;
constexpr int kLandmarkValues = 5;  // x, y, z, visibility logit, presence logit
constexpr int kBodyLandmarks = 33;

double sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

std::vector<Anchor> ssd_anchors(std::span<const int> strides, int input_size) {
  std::vector<Anchor> out;
  std::size_t layer = 0;
  while (layer < strides.size()) {
    std::size_t last = layer;
    while (last + 1 < strides.size() && strides[last + 1] == strides[layer])
      ++last;
    const int per_cell = static_cast<int>(2 * (last - layer + 1));
    const int fm = (input_size + strides[layer] - 1) / strides[layer];
    for (int y = 0; y < fm; ++y) {
      for (int x = 0; x < fm; ++x) {
        for (int a = 0; a < per_cell; ++a)
          out.push_back({(x + 0.5) / fm, (y + 0.5) / fm});
      }
    }
    layer = last + 1;
  }
  return out;
}

const std::vector<Anchor>& detector_anchors() {
  static constexpr std::array<int, 5> kStrides = {8, 16, 32, 32, 32};
  static const std::vector<Anchor> anchors = ssd_anchors(kStrides, 224);
  return anchors;
}

std::vector<Detection> decode_detections(const nn::HostTensor& raw, double min_score,
                                         int input_size) {
  const auto& anchors = detector_anchors();
  const auto n = static_cast<std::int64_t>(anchors.size());
  if (raw.dtype != nn::DType::Float32 || raw.shape.size() != 3 || raw.shape[0] != 1 ||
      raw.shape[1] != n || raw.shape[2] != kValuesPerAnchor) {
    throw Error(ErrorKind::Model, "blazepose-detector: output got " + nn::shape_string(raw.shape) +
                                      ", expected [1," + std::to_string(n) + ",13]");
  }
  const auto v = raw.values<float>();
  const double s = input_size;
  std::vector<Detection> cands;
  for (std::int64_t i = 0; i < n; ++i) {
    const float* r = v.data() + i * kValuesPerAnchor;
    const double score = sigmoid(std::clamp<double>(r[0], -kScoreClip, kScoreClip));
    if (score < min_score) continue;
    const Anchor& a = anchors[static_cast<std::size_t>(i)];
    Detection d;
    d.score = score;
    const double cx = r[1] / s + a.x, cy = r[2] / s + a.y, w = r[3] / s, h = r[4] / s;
    d.box = cv::Rect2d(cx - w / 2, cy - h / 2, w, h);
    for (int k = 0; k < 4; ++k)
      d.keypoints[k] = {r[5 + 2 * k] / s + a.x, r[6 + 2 * k] / s + a.y};
    cands.push_back(d);
  }
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  std::vector<Detection> kept;
  for (const Detection& d : cands) {
    const bool suppressed = std::any_of(kept.begin(), kept.end(), [&](const Detection& k) {
      return box_iou(to_box(k.box), to_box(d.box)) > kNmsIou;
    });
    if (!suppressed) kept.push_back(d);
  }
  return kept;
}

RotatedRoi roi_from_alignment(cv::Point2d hip_centre, cv::Point2d scale_point) {
  RotatedRoi roi;
  roi.centre = hip_centre;
  const double dx = scale_point.x - hip_centre.x, dy = scale_point.y - hip_centre.y;
  roi.size = 2.0 * std::hypot(dx, dy) * kRoiScale;
  // Target angle 90°: an upright body (scale point straight above the hips) needs no rotation.
  double r = std::numbers::pi / 2 - std::atan2(-dy, dx);
  r -= 2 * std::numbers::pi * std::floor((r + std::numbers::pi) / (2 * std::numbers::pi));
  roi.rotation = r;
  return roi;
}

cv::Matx23d roi_to_crop(const RotatedRoi& roi, int size) {
  // Crop pixel (u, v) maps to centre + (u/size - 1/2) * side * ex + (v/size - 1/2) * side * ey,
  // ex = (cos r, sin r), ey = (-sin r, cos r).
  const double c = std::cos(roi.rotation), s = std::sin(roi.rotation);
  const double k = roi.size / size;
  const cv::Matx23d crop_to_image(k * c, -k * s, roi.centre.x - roi.size / 2 * (c - s),  //
                                  k * s, k * c, roi.centre.y - roi.size / 2 * (s + c));
  cv::Matx23d inv;
  cv::invertAffineTransform(crop_to_image, inv);
  return inv;
}

std::vector<Keypoint> decode_landmarks(const nn::HostTensor& ld_3d, const cv::Matx23d& to_crop) {
  if (ld_3d.dtype != nn::DType::Float32 ||
      ld_3d.numel() < std::int64_t{kBodyLandmarks} * kLandmarkValues) {
    throw Error(ErrorKind::Model,
                "blazepose: ld_3d got " + nn::shape_string(ld_3d.shape) + ", expected [1,195]");
  }
  cv::Matx23d to_image;
  cv::invertAffineTransform(to_crop, to_image);
  // Image pixels per crop pixel, to bring z to image scale like x and y.
  const double scale =
      std::sqrt(std::abs(to_image(0, 0) * to_image(1, 1) - to_image(0, 1) * to_image(1, 0)));
  const auto v = ld_3d.values<float>();
  std::vector<Keypoint> out;
  for (int k = 0; k < kBodyLandmarks; ++k) {
    const float* r = v.data() + static_cast<std::ptrdiff_t>(k) * kLandmarkValues;
    const double x = to_image(0, 0) * r[0] + to_image(0, 1) * r[1] + to_image(0, 2);
    const double y = to_image(1, 0) * r[0] + to_image(1, 1) * r[1] + to_image(1, 2);
    out.push_back({x, y, sigmoid(r[3]), r[2] * scale});
  }
  return out;
}

}  // namespace podium::vision::blazepose
