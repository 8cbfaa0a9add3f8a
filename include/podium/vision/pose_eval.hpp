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
// - Top-down on detections: the same crop of every person box a PersonDetector finds in the image
//   (detect.hpp; no ground truth used), the result scored box score x pose score (as mmpose's
//   top-down pipelines rank); the detected boxes are also scored as COCO bbox results (person-box
//   AP, ground truth = the annotations' bbox, crowd ignored).
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
#include "podium/vision/detect.hpp"
#include "podium/vision/pose.hpp"

namespace podium::vision {

inline constexpr double kTopDownBoxExpand = 1.25;

enum class PoseEvalProtocol { TopDownOnBoxes, BottomUp, TopDownOnDetections };
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
// The same square around any box (x, y, w, h image pixels); nullopt without positive size.
std::optional<TopDownCrop> top_down_crop(const Box& box);

// Every ground-truth image, RGB, in gt.images order, read from `folder` / file_name.
std::vector<cv::Mat> read_coco_images(const CocoGroundTruth& gt, const std::string& folder);

// People found in one RGB image (original pixels), best first: PoseEstimator::estimate or a fake.
using PoseEstimate = std::function<std::vector<Person>(const cv::Mat& rgb)>;

// Person boxes found in one RGB image (original pixels), best first: PersonDetector::detect.
using PersonBoxes = std::function<std::vector<Detection>(const cv::Mat& rgb)>;

struct CocoPredictions {
  std::vector<CocoResult> results;   // per image in gt.images order, then per box or person
  std::vector<CocoBoxResult> boxes;  // TopDownOnDetections: every detected box
  int inferences = 0;                // calls of `estimate`
};
// The protocol on already decoded images (images[i] belongs to gt.images[i]); `detect` is
// called only for TopDownOnDetections (and must then be set).
CocoPredictions predict_coco_keypoints(const CocoGroundTruth& gt, std::span<const cv::Mat> images,
                                       PoseEvalProtocol protocol, const PoseEstimate& estimate,
                                       const PersonBoxes& detect = {});

struct PoseEvalOptions {
  std::string gt_path;     // COCO keypoints ground truth (JSON)
  std::string images_dir;  // the folder its file_names are relative to
  PoseModel model = PoseModel::MoveNetThunder;
  std::string models_dir;  // default: nn::models_dir()
  double pck_threshold = 0.2;
  int threads = 1;  // of the pose model (PoseOptions::threads)
  // Set: top-down on this detector's boxes (single-person models only) instead of the ground
  // truth's; Error(InvalidInput) for a bottom-up model.
  std::optional<DetectorModel> detector;
  int detector_tiles = 0;  // DetectorOptions::tiles
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
  std::optional<CocoBoxStats> box_stats;  // person-box AP of the detector's boxes
  std::size_t detections = 0;             // boxes the detector found
};
// Reads the ground truth, unlabels non-COCO keypoints, decodes every image (all must exist and
// decode before the model runs), loads the model with no minimum person score and runs the
// protocol of pose_eval_protocol(model), or top-down on detections when options.detector is set
// (the detector's min_score stays its default: the low-score boxes rank last and cost little AP).
PoseEvaluation evaluate_pose_model(const PoseEvalOptions& options);

}  // namespace podium::vision
