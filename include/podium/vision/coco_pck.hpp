// PCK (percentage of correct keypoints) of COCO keypoint results.
//
//   const CocoPck p = coco_pck(gt, results, 0.2);  // p.pck in [0, 1], -1 without keypoints
#pragma once

#include <cstddef>
#include <span>

#include "podium/vision/coco.hpp"

namespace podium::vision {

// PCK@threshold, normalised by the ground-truth box as mmpose's PCKAccuracy (norm_item "bbox"):
// a labelled (v > 0) keypoint of a non-ignored annotation (not crowd, num_keypoints > 0) is
// correct when its matched prediction lies strictly within threshold * max(bbox w, bbox h) of it.
// Per image and category, annotations and results are paired one-to-one greedily by OKS (highest
// first; ties: earlier annotation, then earlier result; pairs of OKS 0 are not made); keypoints of
// an unpaired annotation count as misses. Annotations with a zero-sized box are skipped.
struct CocoPck {
  double pck = -1;  // correct / total; -1 when total == 0
  std::size_t correct = 0;
  std::size_t total = 0;
};
CocoPck coco_pck(const CocoGroundTruth& gt, std::span<const CocoResult> results,
                 double threshold = 0.2);

}  // namespace podium::vision
