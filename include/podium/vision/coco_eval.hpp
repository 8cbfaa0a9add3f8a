// COCO keypoint evaluation exactly as pycocotools COCOeval (iouType "keypoints"): OKS, per-image
// matching, accumulation at 101 recall points and the ten summary numbers.
//
// Contract: coordinates are image pixels, areas px²; ground truth and results as coco.hpp reads
// them. Deterministic; the numbers agree with pycocotools to the last bit wherever libm's exp()
// agrees with numpy's.
//
//   const CocoKeypointStats s = evaluate_coco_keypoints(gt, results);
//   std::printf("%s", coco_keypoint_stats_report(s).c_str());
#pragma once

#include <array>
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

}  // namespace podium::vision
