// BlazePose's two stages as MediaPipe runs them: the person detector (SSD anchors, alignment
// keypoints) gives a rotated square region of interest; the landmark model runs on that region
// warped to 256x256; its landmarks are mapped back through the inverse warp.
//
// Contract: all functions are pure. Detector coordinates are normalised to the detector input
// (0..1); RotatedRoi and landmarks are in the pixels of the image the ROI was cut from.
#pragma once

#include <opencv2/core.hpp>
#include <span>
#include <vector>

#include "podium/nn/tensor.hpp"
#include "podium/vision/pose.hpp"

namespace podium::vision::blazepose {

struct Anchor {
  double x = 0, y = 0;  // centre, normalised
};

// MediaPipe's SSD anchors of fixed size, as its BlazePose and BlazeFace detectors use them: per
// stride a square grid of ceil(input_size / stride) cells; consecutive layers of equal stride
// share the grid, two anchors per layer, interleaved per cell; centres at the cell centres.
std::vector<Anchor> ssd_anchors(std::span<const int> strides, int input_size);

// The detector's 2254 SSD anchors (224x224 input: strides 8, 16, 32, 32, 32; 2 anchors per cell,
// the three stride-32 layers merged into 6).
const std::vector<Anchor>& detector_anchors();

struct Detection {
  double score = 0;
  cv::Rect2d box;                        // normalised
  std::array<cv::Point2d, 4> keypoints;  // normalised; 0 = hip centre, 1 = full-body scale/rotation
};

// Decodes [1,2254,13] raw detector output; returns detections with score >= min_score after
// non-maximum suppression (IoU > 0.3 suppressed), best first.
std::vector<Detection> decode_detections(const nn::HostTensor& raw, double min_score,
                                         int input_size = 224);

struct RotatedRoi {
  cv::Point2d centre;
  double size = 0;      // square side
  double rotation = 0;  // radians, counter-clockwise positive as MediaPipe (image y down)
};

// MediaPipe's alignment: centre at keypoint 0, side 2 * |kp1 - kp0| * 1.25, rotation so that
// kp0 -> kp1 points up. Points are in pixels.
RotatedRoi roi_from_alignment(cv::Point2d hip_centre, cv::Point2d scale_point);

// Affine map from the image to the size x size crop of the ROI (and its inverse).
cv::Matx23d roi_to_crop(const RotatedRoi& roi, int size);

// ld_3d [1,195] (39 x (x, y, z, visibility logit, presence logit) in crop pixels) -> 33 body
// keypoints in image pixels via the inverse of `to_crop`.
std::vector<Keypoint> decode_landmarks(const nn::HostTensor& ld_3d, const cv::Matx23d& to_crop);

}  // namespace podium::vision::blazepose
