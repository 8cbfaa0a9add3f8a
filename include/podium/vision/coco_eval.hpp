// COCO keypoint evaluation exactly as pycocotools COCOeval (iouType "keypoints"): OKS, per-image
// matching, accumulation at 101 recall points and the ten summary numbers; and box evaluation
// (iouType "bbox") with the same matching, IoU in place of OKS, for person detectors.
//
// Contract: coordinates are image pixels, areas px²; ground truth and results as coco.hpp reads
// them. Deterministic; the numbers agree with pycocotools to the last bit wherever libm's exp()
// agrees with numpy's.
//
//   const CocoKeypointStats s = evaluate_coco_keypoints(gt, results);
//   std::printf("%s", coco_keypoint_stats_report(s).c_str());
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "podium/vision/coco.hpp"

namespace podium::vision {

// pycocotools' kpt_oks_sigmas for COCO-17, in COCO order.
const std::array<double, kCocoKeypointCount>& coco_keypoint_sigmas();

// Object keypoint similarity in [0, 1], computed as pycocotools' computeOks: with
// var_i = (2 sigma_i)², e_i = (dx² + dy²) / var_i / (gt.area + eps) / 2 and OKS = mean over the
// labelled (v > 0) keypoints of exp(-e_i). When the ground truth has no labelled keypoint, dx and
// dy are each keypoint's distance outside the ground-truth box grown by its size on every side
// (x from bbox.x - w to bbox.x + 2w), averaged over all 17.
double coco_oks(const CocoAnnotation& gt, const std::array<double, kCocoKeypointValues>& keypoints);

// The ten numbers pycocotools' summarize() prints for keypoints (maxDets 20; IoU means OKS
// thresholds 0.50:0.05:0.95; medium = area in [32², 96²], large = area >= 96²). A value is -1
// when the setting has no non-ignored ground truth, as in pycocotools.
struct CocoKeypointStats {
  double ap = -1, ap50 = -1, ap75 = -1, ap_medium = -1, ap_large = -1;
  double ar = -1, ar50 = -1, ar75 = -1, ar_medium = -1, ar_large = -1;
};

// Evaluates like COCOeval(gt, gt.loadRes(results), "keypoints") evaluate/accumulate/summarize:
// per image and category, the 20 best-scoring detections (stable order on ties) are matched
// greedily, best score first, to the unmatched ground truth of highest OKS >= threshold, non-
// ignored ground truth (not crowd, num_keypoints > 0, area in range) before ignored; a match to
// ignored ground truth ignores the detection, and so does being unmatched with an area out of
// range. Precision is interpolated at 101 recall points. Results for categories not in `gt` are
// not evaluated (as in pycocotools); a result whose image_id is not in `gt` throws
// Error(InvalidInput) naming its index.
CocoKeypointStats evaluate_coco_keypoints(const CocoGroundTruth& gt,
                                          std::span<const CocoResult> results);

// pycocotools' summary lines, e.g.
// " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.651".
std::string coco_keypoint_stats_report(const CocoKeypointStats& stats);

// A detected box (x, y, w, h, image pixels) as a COCO bbox result.
struct CocoBoxResult {
  std::int64_t image_id = 0;
  std::int64_t category_id = 1;
  std::array<double, 4> bbox{};
  double score = 0;
};

// pycocotools' bbox summary numbers with maxDets 100 (small = area < 32², medium 32²..96², large
// >= 96²; areas of ground truth are its `area` field, of results w*h); -1 where undefined.
struct CocoBoxStats {
  double ap = -1, ap50 = -1, ap75 = -1, ap_small = -1, ap_medium = -1, ap_large = -1;
  double ar = -1;  // AR@100
};

// IoU as pycocotools' bbIou: against a crowd ground truth the union is the detection's area.
double coco_box_iou(const std::array<double, 4>& detection, const std::array<double, 4>& gt,
                    bool gt_crowd);

// Evaluates like COCOeval(gt, gt.loadRes(results), "bbox") for AP, AP50, AP75, AP small/medium/
// large and AR@100: ground truth is ignored when crowd (never for num_keypoints), otherwise as
// evaluate_coco_keypoints. Throws Error(InvalidInput) for a result of an unknown image.
CocoBoxStats evaluate_coco_boxes(const CocoGroundTruth& gt, std::span<const CocoBoxResult> results);

// pycocotools' summary lines for those seven numbers.
std::string coco_box_stats_report(const CocoBoxStats& stats);

}  // namespace podium::vision
