// The pose-evaluation protocol behind `podium eval pose`: a pose model run on the images of a
// COCO keypoints ground truth, its people turned into COCO results, scored by COCO AP/AR and
// PCK@0.2.
//
// Contract:
// - Top-down (single-person models: MoveNet Lightning/Thunder, BlazePose): the model runs once per
//   ground-truth person box that is not crowd and has a positive size, on a square crop
//   kTopDownBoxExpand times the box's longer side, centred on the box and rounded to whole pixels
//   (it may reach past the image, which reads as black), as top-down COCO evaluation on
//   ground-truth boxes does. Its best person, shifted back into image pixels, is the result;
//   no person, no result. Bottom-up (MoveNet MultiPose): once per image, every person a result.
// - A ground truth whose keypoint names are not COCO-17's (PoseTrack18: head_bottom, head_top
//   where COCO has eyes) is scored on the keypoints it shares with COCO-17: the others become
//   unlabelled (visibility 0) and num_keypoints is recounted.
// - Errors: Error(Format) for a ground-truth image without file_name, and whatever reading the
//   files, loading the model or evaluating throws (podium::Error).
//
//   const PoseEvaluation e = evaluate_pose_model({.gt_path = "val.json", .images_dir = "val/"});
//   std::printf("%s", coco_keypoint_stats_report(e.stats).c_str());
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "podium/vision/coco.hpp"
#include "podium/vision/coco_eval.hpp"
#include "podium/vision/coco_pck.hpp"
#include "podium/vision/pose.hpp"

namespace podium::vision {

inline constexpr double kTopDownBoxExpand = 1.25;

enum class PoseEvalProtocol { TopDownOnBoxes, BottomUp };
// Bottom-up for multi-person models, top-down on ground-truth boxes for the others.
PoseEvalProtocol pose_eval_protocol(PoseModel model);

// Unlabels the keypoints whose names differ from COCO-17's in any category (see above); returns
// how many of the 17 names differ (0: gt unchanged).
int unlabel_non_coco_keypoints(CocoGroundTruth& gt);

// The top-down crop of one annotation, image pixels: the square [x0, x0 + side) x [y0, y0 + side),
// side >= 2. nullopt for a crowd annotation or a box without positive size.
struct TopDownCrop {
  int x0 = 0, y0 = 0, side = 0;
};
std::optional<TopDownCrop> top_down_crop(const CocoAnnotation& annotation);

// Every ground-truth image, RGB, in gt.images order, read from `folder` / file_name.
std::vector<cv::Mat> read_coco_images(const CocoGroundTruth& gt, const std::string& folder);

// People found in one RGB image (original pixels), best first: PoseEstimator::estimate or a fake.
using PoseEstimate = std::function<std::vector<Person>(const cv::Mat& rgb)>;

struct CocoPredictions {
  std::vector<CocoResult> results;  // per image in gt.images order, then per box or person
  int inferences = 0;               // calls of `estimate`
};
// The protocol on already decoded images (images[i] belongs to gt.images[i]).
CocoPredictions predict_coco_keypoints(const CocoGroundTruth& gt, std::span<const cv::Mat> images,
                                       PoseEvalProtocol protocol, const PoseEstimate& estimate);

struct PoseEvalOptions {
  std::string gt_path;     // COCO keypoints ground truth (JSON)
  std::string images_dir;  // the folder its file_names are relative to
  PoseModel model = PoseModel::MoveNetThunder;
  std::string models_dir;  // default: nn::models_dir()
  double pck_threshold = 0.2;
  int threads = 1;  // of the pose model (PoseOptions::threads)
};

struct PoseEvaluation {
  PoseEvalProtocol protocol = PoseEvalProtocol::TopDownOnBoxes;
  std::size_t images = 0, annotations = 0;
  int non_coco_keypoints = 0;  // names unlabelled by unlabel_non_coco_keypoints
  std::vector<CocoResult> results;
  int inferences = 0;
  double seconds = 0;  // wall time of the inferences (images decoded and model loaded before)
  CocoKeypointStats stats;
  CocoPck pck;
};
// Reads the ground truth, unlabels non-COCO keypoints, decodes every image (all must exist and
// decode before the model runs), loads the model with no minimum person score and runs the
// protocol of pose_eval_protocol(model).
PoseEvaluation evaluate_pose_model(const PoseEvalOptions& options);

}  // namespace podium::vision
