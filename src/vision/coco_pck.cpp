// PCK of COCO keypoint results, normalised by the ground-truth box as mmpose's PCKAccuracy.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "coco_buckets.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/coco_eval.hpp"
#include "podium/vision/coco_pck.hpp"

namespace podium::vision {
namespace {}  // namespace

CocoPck coco_pck(const CocoGroundTruth& gt, std::span<const CocoResult> results, double threshold) {
  require_option(std::isfinite(threshold) && threshold > 0, "PCK", "threshold", threshold,
                 "must be finite and > 0");
  const CocoBuckets ix = coco_buckets(gt, results);
  CocoPck pck;
  for (const auto& [key, bucket] : ix.buckets) {
    std::vector<const CocoAnnotation*> gts;
    for (std::size_t i : bucket.gts) {
      const CocoAnnotation& a = gt.annotations[i];
      if (!a.iscrowd && a.num_keypoints > 0 && std::max(a.bbox[2], a.bbox[3]) > 0)
        gts.push_back(&a);
    }
    struct Pair {
      double oks;
      std::size_t g, d;
    };
    std::vector<Pair> pairs;
    for (std::size_t g = 0; g < gts.size(); ++g) {
      for (std::size_t d = 0; d < bucket.dts.size(); ++d) {
        const double o = coco_oks(*gts[g], results[bucket.dts[d]].keypoints);
        if (o > 0) pairs.push_back({o, g, d});
      }
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.oks > b.oks; });
    std::vector<std::ptrdiff_t> match(gts.size(), -1);
    std::vector<char> taken(bucket.dts.size(), 0);
    for (const Pair& p : pairs) {
      if (match[p.g] >= 0 || taken[p.d]) continue;
      match[p.g] = static_cast<std::ptrdiff_t>(p.d);
      taken[p.d] = 1;
    }
    for (std::size_t g = 0; g < gts.size(); ++g) {
      const CocoAnnotation& a = *gts[g];
      const double radius = threshold * std::max(a.bbox[2], a.bbox[3]);
      for (std::size_t i = 0; i < std::size_t{kCocoKeypointCount}; ++i) {
        if (!(a.keypoints[3 * i + 2] > 0)) continue;
        ++pck.total;
        if (match[g] < 0) continue;
        const auto& kp = results[bucket.dts[static_cast<std::size_t>(match[g])]].keypoints;
        const double dist =
            std::hypot(kp[3 * i] - a.keypoints[3 * i], kp[3 * i + 1] - a.keypoints[3 * i + 1]);
        pck.correct += dist < radius ? 1 : 0;
      }
    }
  }
  if (pck.total > 0) pck.pck = static_cast<double>(pck.correct) / static_cast<double>(pck.total);
  return pck;
}

}  // namespace podium::vision
