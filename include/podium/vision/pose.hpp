// 2-D pose estimation on a still image: letterbox, infer, decode, map back to original pixels.
//
// Contract: as person.hpp states for Person (original-image pixels, scores 0..1; MoveNet gives
// COCO-17 keypoints, BlazePose BlazePose-33 keypoints with z and world coordinates in metres).
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
#include "podium/vision/person.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {

// OpenCV's view of a podium box and back: the same four doubles.
inline cv::Rect2d to_cv_rect(const Box& b) {
  return {b.x, b.y, b.width, b.height};
}
inline Box to_box(const cv::Rect2d& r) {
  return {r.x, r.y, r.width, r.height};
}

enum class PoseModel { MoveNetLightning, MoveNetThunder, MoveNetMultiPose, BlazePose };
PoseModel parse_pose_model(std::string_view name);  // throws Error(InvalidInput)
const char* pose_model_name(PoseModel model);

// MoveNet SinglePose output [1,1,17,3] (y, x, score normalised over the letterboxed input).
Person decode_movenet_single(const nn::HostTensor& out, const Letterbox& lb);
// MoveNet MultiPose output [1,6,56]; people scoring below min_score are dropped, best first.
std::vector<Person> decode_movenet_multi(const nn::HostTensor& out, const Letterbox& lb,
                                         double min_score);

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
  // Threads of the model runs, 1..256 (core/threads.hpp). libtorch has one pool per process:
  // create() sets it, so the estimator created last decides for all.
  int threads = 1;
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
  // Top-down: the athlete in the square [x0, x0 + side) x [y0, y0 + side) of the image (it may
  // reach past the edges, which read as black), in image pixels; nullopt when the model finds
  // nobody scoring min_score there. MoveNet Lightning/Thunder scale the square to their input;
  // BlazePose runs its own detector and landmarks on the square scaled to 224..512 pixels.
  // Throws Error(InvalidInput) for MoveNet MultiPose (bottom-up: it has no per-box mode) or a
  // side < 2.
  std::optional<Person> estimate_in_square(const cv::Mat& rgb, int x0, int y0, int side);
  // Crop following between detections: the square movenet_crop(previous) gives (MoveNet), else
  // the top-down square around the previous pose's box; nullopt as estimate_in_square.
  std::optional<Person> estimate_following(const cv::Mat& rgb, const Person& previous);
  const PoseOptions& options() const;

 private:
  struct Impl;
  explicit PoseEstimator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::vision
