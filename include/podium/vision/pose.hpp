// 2-D pose estimation on a still image: letterbox, infer, decode, map back to original pixels.
//
// Contract: every coordinate a Person carries is in original-image pixels (origin top-left, x
// right, y down). Scores are 0..1. MoveNet gives COCO-17 keypoints; BlazePose gives BlazePose-33
// keypoints (plus z, visibility and 3-D world coordinates in metres, origin between the hips).
// The decoders are pure functions of model outputs, testable with synthetic tensors.
//
//   auto est = PoseEstimator::create({.model = PoseModel::MoveNetThunder});
//   std::vector<Person> people = est.estimate(rgb);
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/nn/tensor.hpp"
#include "podium/vision/letterbox.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {

struct Keypoint {
  double x = 0, y = 0;  // original pixels
  double score = 0;     // 0..1 (BlazePose: sigmoid of the visibility logit)
  double z = 0;         // BlazePose only: depth, same scale as x, smaller is nearer the camera
};

struct Person {
  double score = 0;
  cv::Rect2d box;  // original pixels
  Layout layout = Layout::Coco17;
  std::vector<Keypoint> keypoints;  // in the layout's order
  std::vector<cv::Point3d> world;   // BlazePose only: metres
};

enum class PoseModel { MoveNetLightning, MoveNetThunder, MoveNetMultiPose, BlazePose };
PoseModel parse_pose_model(std::string_view name);  // throws Error(InvalidInput)
const char* pose_model_name(PoseModel model);

// MoveNet SinglePose output [1,1,17,3] (y, x, score normalised over the letterboxed input).
Person decode_movenet_single(const nn::HostTensor& out, const Letterbox& lb);
// MoveNet MultiPose output [1,6,56]; people scoring below min_score are dropped, best first.
std::vector<Person> decode_movenet_multi(const nn::HostTensor& out, const Letterbox& lb,
                                         double min_score);

// A box from keypoints scoring >= min_score (empty when fewer than two).
cv::Rect2d keypoint_box(const std::vector<Keypoint>& keypoints, double min_score);
// Intersection over union of two boxes; 0 when both are empty.
double box_iou(const cv::Rect2d& a, const cv::Rect2d& b);

// MoveNet's crop tracking (Google's "determine_crop_region"): a square around the hip centre
// that holds the previous frame's torso (x 1.9) and confident keypoints (x 1.2), or nothing when
// the torso was not seen (scores < 0.2) or the square would exceed the frame (then the whole
// frame is searched). Pixels of the image; the crop may reach past its edges.
std::optional<Letterbox> movenet_crop(const Person& previous, int image_width, int image_height,
                                      int model_width, int model_height);

struct PoseOptions {
  PoseModel model = PoseModel::MoveNetThunder;
  std::string models_dir;  // default: nn::models_dir()
  double min_score = 0.2;  // people below it are dropped
};

class PoseEstimator {
 public:
  // Validates the options and loads (and verifies) the models. Throws Error.
  static PoseEstimator create(const PoseOptions& options);
  ~PoseEstimator();
  PoseEstimator(PoseEstimator&&) noexcept;
  PoseEstimator& operator=(PoseEstimator&&) noexcept;

  std::vector<Person> estimate(const cv::Mat& rgb);
  // For video: MoveNet Lightning/Thunder look in movenet_crop(*previous) first and search the
  // whole frame when nobody is found there; other models ignore `previous`.
  std::vector<Person> estimate(const cv::Mat& rgb, const Person* previous);
  const PoseOptions& options() const;

 private:
  struct Impl;
  explicit PoseEstimator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::vision
