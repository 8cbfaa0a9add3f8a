// Face detection with MediaPipe's BlazeFace (the 256x256 "back camera" model), for anonymising
// exported frames.
//
// Contract: every coordinate a Face carries is in original-image pixels (origin top-left, x
// right, y down); boxes are not clipped to the image. Scores are 0..1. decode_faces is a pure
// function of the model's raw outputs, testable with synthetic tensors; FaceDetector only
// letterboxes, runs the model and calls it.
//
// Anchor layout (MediaPipe's SsdAnchorsCalculator options for face_detection_back: input 256,
// 4 layers with strides 16, 32, 32, 32, aspect ratio 1 plus the interpolated scale, fixed anchor
// size, offset 0.5): layers sharing a stride share a feature map, so the stride-16 layer gives
// 16x16 cells x 2 anchors (512) and the three stride-32 layers 8x8 cells x 6 anchors (384), 896
// in all, centres ((col + 0.5) / n, (row + 0.5) / n). A regressor is (centre x, y, width, height,
// 6 keypoints x (x, y)) in input pixels; centre and keypoints are relative to the anchor.
//
//   auto det = FaceDetector::create({});
//   for (const Face& f : det.detect(rgb)) cv::rectangle(rgb, f.box, {255, 0, 0});
#pragma once

#include <array>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "podium/nn/tensor.hpp"
#include "podium/vision/blazepose.hpp"
#include "podium/vision/letterbox.hpp"

namespace podium::vision {

// MediaPipe's keypoint order; right and left are the subject's.
enum class FaceKeypoint { RightEye, LeftEye, NoseTip, Mouth, RightEar, LeftEar };
inline constexpr int kFaceKeypoints = 6;

struct Face {
  double score = 0;  // sigmoid of the most confident anchor's logit
  cv::Rect2d box;    // original pixels; roughly brows to chin, ear to ear
  std::array<cv::Point2d, kFaceKeypoints> keypoints;  // original pixels, FaceKeypoint order
};

using FaceAnchor = blazepose::Anchor;  // centre, normalised to the model input (0..1)

// The 896 anchors in output order: the 512 stride-16 ones, then the 384 stride-32 ones.
const std::vector<FaceAnchor>& face_anchors();

// The blazeface model's four outputs. TF.js orders them by size, so they are matched by name.
struct FaceRaw {
  const nn::HostTensor& scores_16;      // "Identity"   [1,512,1]  score logits, stride 16
  const nn::HostTensor& regressors_16;  // "Identity_2" [1,512,16]
  const nn::HostTensor& scores_32;      // "Identity_1" [1,384,1]  score logits, stride 32
  const nn::HostTensor& regressors_32;  // "Identity_3" [1,384,16]
};

// Decodes the raw outputs of a model run on `lb.apply(image)`: anchors whose sigmoid score (logit
// clipped to +-100) is >= min_score, merged by MediaPipe's weighted non-maximum suppression
// (detections overlapping the best remaining one by IoU > 0.3 are averaged into it, weighted by
// score; the merged face keeps the best score). Best first. Anchors with non-finite values are
// ignored. Throws Error(Model) naming the output for a wrong dtype or shape.
std::vector<Face> decode_faces(const FaceRaw& raw, const Letterbox& lb, double min_score);

struct FaceOptions {
  std::string models_dir;   // default: nn::models_dir()
  double min_score = 0.65;  // MediaPipe's min_score_thresh for this model
};

class FaceDetector {
 public:
  // Validates the options, loads and verifies the blazeface model (Error(NotFound) naming
  // `podium models fetch` when it is not installed) and checks its outputs. Throws Error.
  static FaceDetector create(const FaceOptions& options);
  ~FaceDetector();
  FaceDetector(FaceDetector&&) noexcept;
  FaceDetector& operator=(FaceDetector&&) noexcept;

  // Faces in the whole 8-bit RGB image (letterboxed to 256x256). Faces narrower than about 1/20
  // of the longer image side (about 12 input pixels) are usually missed: search a square of
  // about ten face widths around the head instead.
  std::vector<Face> detect(const cv::Mat& rgb);
  // Faces in `square` (width == height > 0, image pixels; it may reach past the image's edges,
  // which read as black), in whole-image pixels. Throws Error(InvalidInput) for a bad square.
  std::vector<Face> detect(const cv::Mat& rgb, const cv::Rect& square);
  const FaceOptions& options() const;

 private:
  struct Impl;
  explicit FaceDetector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::vision
