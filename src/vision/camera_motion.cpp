#include "podium/vision/camera_motion.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::vision {
namespace {

constexpr const char* kCameraOwner = "camera motion";
// People boxes grow by this fraction of their size on each side before masking: a detector's
// box cuts off elbows and feet.
constexpr double kCameraPeopleMargin = 0.1;
// Shi-Tomasi quality (of the best corner's) and spacing (scaled pixels): spread-out corners
// keep one textured patch from outvoting the rest.
constexpr double kCameraCornerQuality = 0.01;
constexpr double kCameraCornerSpacingPx = 8;
// Cells per side of the corner grid.
constexpr int kCameraGridCells = 4;
// Lucas-Kanade window and pyramid levels above the frame: a half-window of 7 px at the third
// level is ~60 scaled pixels a frame (a fifth of the picture's width), far beyond a pan.
constexpr int kCameraFlowWindowPx = 15;
constexpr int kCameraFlowLevels = 3;
constexpr int kCameraRansacIterations = 2000;
// The background corners that agreed with the last motion are followed into the next frame
// instead of searched again (the search is about half the cost) while at least this share of
// max_corners is left, and for at most this many frames, so that the corners stay spread over the
// grid as the view changes.
constexpr double kCameraKeepShare = 0.5;
constexpr int kCameraKeepFrames = 10;
constexpr double kCameraRansacConfidence = 0.99;

}  // namespace

CameraMotionEstimator::CameraMotionEstimator(const CameraMotionOptions& options)
    : options_(options) {
  const CameraMotionOptions& o = options;
  require_option(o.max_side_px >= 64 && o.max_side_px <= 4096, kCameraOwner, "max_side_px",
                 o.max_side_px, "must be within [64, 4096]");
  require_option(o.max_corners >= 10 && o.max_corners <= 10000, kCameraOwner, "max_corners",
                 o.max_corners, "must be within [10, 10000]");
  require_option(o.ransac_px > 0 && o.ransac_px <= 100, kCameraOwner, "ransac_px", o.ransac_px,
                 "must be within (0, 100]");
  require_option(o.min_inliers >= 3 && o.min_inliers <= o.max_corners, kCameraOwner, "min_inliers",
                 o.min_inliers,
                 "must be within [3, max_corners = " + std::to_string(o.max_corners) + "]");
  require_option(o.max_scale >= 1 && o.max_scale <= 10, kCameraOwner, "max_scale", o.max_scale,
                 "must be within [1, 10]");
}

CameraMotion CameraMotionEstimator::estimate(const cv::Mat& rgb, const std::vector<Box>& people) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput,
                "camera motion: the frame must be non-empty 8-bit RGB (CV_8UC3)");
  }
  const double scale =
      std::min(1.0, options_.max_side_px / static_cast<double>(std::max(rgb.cols, rgb.rows)));
  cv::Mat grey, small;
  cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
  if (scale < 1) {
    cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
  } else {
    small = grey;
  }
  cv::Mat previous = std::move(previous_);
  const std::vector<Box> previous_people = std::move(previous_people_);
  std::vector<cv::Point2f> kept = std::move(kept_);
  kept_.clear();
  const bool same_size = previous_size_ == rgb.size();
  previous_ = small;
  previous_size_ = rgb.size();
  previous_people_ = people;
  const CameraMotion identity;
  if (previous.empty() || !same_size) return identity;

  cv::Mat mask(previous.size(), CV_8UC1, cv::Scalar(255));
  for (const Box& b : previous_people) {
    const double mx = kCameraPeopleMargin * b.width, my = kCameraPeopleMargin * b.height;
    const cv::Point a(static_cast<int>(std::floor((b.x - mx) * scale)),
                      static_cast<int>(std::floor((b.y - my) * scale)));
    const cv::Point c(static_cast<int>(std::ceil((b.x + b.width + mx) * scale)),
                      static_cast<int>(std::ceil((b.y + b.height + my) * scale)));
    cv::rectangle(mask, a, c, cv::Scalar(0), cv::FILLED);
  }
  // Corners per cell of a grid, each cell's quality relative to its own best corner: one
  // high-contrast patch (a scoreboard, a logo, a watermark: static while the camera pans) would
  // otherwise take most of the corners and outvote the background in RANSAC.
  std::vector<cv::Point2f> from;
  for (const cv::Point2f& q : kept) {
    const int x = static_cast<int>(q.x), y = static_cast<int>(q.y);
    if (x >= 0 && y >= 0 && x < mask.cols && y < mask.rows && mask.at<std::uint8_t>(y, x) != 0)
      from.push_back(q);
  }
  const bool search = static_cast<double>(from.size()) < kCameraKeepShare * options_.max_corners ||
                      kept_frames_ >= kCameraKeepFrames;
  if (search) {
    from.clear();
    kept_frames_ = 0;
  } else {
    ++kept_frames_;
  }
  const int per_cell = std::max(1, options_.max_corners / (kCameraGridCells * kCameraGridCells));
  for (int gy = 0; search && gy < kCameraGridCells; ++gy) {
    for (int gx = 0; gx < kCameraGridCells; ++gx) {
      const cv::Rect cell(
          gx * previous.cols / kCameraGridCells, gy * previous.rows / kCameraGridCells,
          (gx + 1) * previous.cols / kCameraGridCells - gx * previous.cols / kCameraGridCells,
          (gy + 1) * previous.rows / kCameraGridCells - gy * previous.rows / kCameraGridCells);
      if (cv::countNonZero(mask(cell)) == 0) continue;
      std::vector<cv::Point2f> found_here;
      cv::goodFeaturesToTrack(previous(cell), found_here, per_cell, kCameraCornerQuality,
                              kCameraCornerSpacingPx, mask(cell));
      for (const cv::Point2f& q : found_here)
        from.emplace_back(q.x + static_cast<float>(cell.x), q.y + static_cast<float>(cell.y));
    }
  }
  if (static_cast<int>(from.size()) < options_.min_inliers) return identity;
  std::vector<cv::Point2f> to;
  std::vector<std::uint8_t> found;
  std::vector<float> error;
  cv::calcOpticalFlowPyrLK(previous, small, from, to, found, error,
                           cv::Size(kCameraFlowWindowPx, kCameraFlowWindowPx), kCameraFlowLevels);
  std::vector<cv::Point2f> a, b;
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (found[i] == 0) continue;
    a.push_back(from[i]);
    b.push_back(to[i]);
  }
  if (static_cast<int>(a.size()) < options_.min_inliers) return identity;
  std::vector<std::uint8_t> inliers;
  const cv::Mat m = cv::estimateAffinePartial2D(a, b, inliers, cv::RANSAC, options_.ransac_px,
                                                kCameraRansacIterations, kCameraRansacConfidence);
  if (m.empty() || cv::countNonZero(inliers) < options_.min_inliers) return identity;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (inliers[i] != 0) kept_.push_back(b[i]);
  }
  const double zoom = std::hypot(m.at<double>(0, 0), m.at<double>(1, 0));
  if (!(zoom >= 1 / options_.max_scale && zoom <= options_.max_scale)) return identity;
  // Scaled pixels -> full pixels: the linear part is the same, the shift grows by 1 / scale.
  CameraMotion out;
  for (int r = 0; r < 2; ++r) {
    out.m[r][0] = m.at<double>(r, 0);
    out.m[r][1] = m.at<double>(r, 1);
    out.m[r][2] = m.at<double>(r, 2) / scale;
  }
  return out;
}

}  // namespace podium::vision
