// The camera's motion from frame to frame (pan, tilt, zoom, roll), from sparse optical flow on the
// background: what the tracker needs to keep ids through a panning shot (FrameCues::camera).
//
// Contract: estimate() takes the frames of one clip in order (8-bit RGB, CV_8UC3, one size) and
// this frame's people boxes (pixels; the athletes move on their own, so their pixels are kept
// out) and returns the map from the previous frame's pixels to this frame's, a partial affine
// (rotation, uniform scale, translation). Identity for the first frame, after a change of frame
// size, and whenever it cannot tell: too little texture outside the people, too few points
// agreeing, or an implausible zoom (scale outside [1 / max_scale, max_scale]).
// How: the previous frame in grey, scaled so its longer side is at most max_side_px; up to
// max_corners Shi-Tomasi corners outside the previous frame's people boxes (grown by a tenth),
// taken per cell of a 4x4 grid so that a static caption or logo cannot outvote the background;
// pyramidal Lucas-Kanade flow into this frame; estimateAffinePartial2D with RANSAC
// (ransac_px in the scaled frame) and its Levenberg-Marquardt refinement on the inliers. The
// inliers are followed into the next frame instead of searching again, while at least half of
// max_corners of them are left outside the people and for at most 10 frames.
// Throws Error(InvalidInput) for an image that is not non-empty CV_8UC3 or an invalid option.
//
//   CameraMotionEstimator camera;
//   for (Frame f; in.next(f);)
//     frame_ids = tracker.update(f.time_s, people, {.camera = camera.estimate(f.rgb, boxes)});
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "podium/vision/person.hpp"
#include "podium/vision/tracker.hpp"

namespace podium::vision {

struct CameraMotionOptions {
  // [64, 4096]: the flow runs on a frame this small whatever the source (2.9 ms CPU a frame on
  // one thread for 1280x720 with 200 corners against 6.7 ms at 480 and 400 corners:
  // build/bench/podium_bench_tracking), and still recovers a 960x540 pan within 0.2 px
  // (camera_motion_test.cpp).
  int max_side_px = 320;
  int max_corners = 200;    // [10, 10000]: corners tracked; RANSAC needs far fewer
  double ransac_px = 1.0;   // (0, 100]: inlier distance in the scaled frame
  int min_inliers = 20;     // [3, max_corners]: fewer agreeing points: identity
  double max_scale = 1.25;  // [1, 10]: a larger zoom in one frame is a cut, not a camera
};

class CameraMotionEstimator {
 public:
  // Throws Error(InvalidInput) naming field, value and rule.
  explicit CameraMotionEstimator(const CameraMotionOptions& options = {});
  CameraMotion estimate(const cv::Mat& rgb, const std::vector<Box>& people);

 private:
  CameraMotionOptions options_;
  cv::Mat previous_;                  // scaled grey
  std::vector<cv::Point2f> kept_;     // last motion's inliers, in previous_'s pixels
  int kept_frames_ = 0;               // frames the kept corners have been followed
  cv::Size previous_size_;            // the full frame's
  std::vector<Box> previous_people_;  // full-frame pixels
};

}  // namespace podium::vision
