// libFuzzer target: COCO keypoints ground-truth and results parsing (podium::vision::
// parse_coco_ground_truth, parse_coco_results), then evaluation, PCK and the export round trip on
// whatever parsed (box evaluation too, on the results' boxes). Any input must either parse or throw
// podium::Error; a crash, a sanitizer report, any other exception, a statistic outside [-1, 1] or a
// results file that does not read back as written is a bug. Build and run: fuzz/run.sh (see
// fuzz/README.md).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/coco.hpp"
#include "podium/vision/coco_eval.hpp"
#include "podium/vision/coco_pck.hpp"

namespace {

using podium::vision::CocoAnnotation;
using podium::vision::CocoGroundTruth;
using podium::vision::CocoKeypointStats;
using podium::vision::CocoResult;

void check_stats(const CocoKeypointStats& s) {
  for (double v : {s.ap, s.ap50, s.ap75, s.ap_medium, s.ap_large, s.ar, s.ar50, s.ar75, s.ar_medium,
                   s.ar_large}) {
    if (!(v >= -1 && v <= 1)) std::abort();
  }
}

void evaluate_both_ways(const CocoGroundTruth& gt, const std::vector<CocoResult>& results) {
  check_stats(podium::vision::evaluate_coco_keypoints(gt, results));
  // The results that carry a box, as box results (person-box AP).
  std::vector<podium::vision::CocoBoxResult> boxes;
  for (const CocoResult& r : results) {
    if (r.bbox) boxes.push_back({r.image_id, r.category_id, *r.bbox, r.score});
  }
  const auto b = podium::vision::evaluate_coco_boxes(gt, boxes);
  for (double v : {b.ap, b.ap50, b.ap75, b.ap_small, b.ap_medium, b.ap_large, b.ar}) {
    if (!(v >= -1 && v <= 1)) std::abort();
  }
  const auto pck = podium::vision::coco_pck(gt, results);
  if (pck.correct > pck.total || !(pck.pck >= -1 && pck.pck <= 1)) std::abort();
  const std::string written = podium::vision::write_coco_results(results);
  const auto back = podium::vision::parse_coco_results(written, "written.json");
  if (back.size() != results.size()) std::abort();
  for (std::size_t i = 0; i < back.size(); ++i) {
    if (back[i].image_id != results[i].image_id || back[i].keypoints != results[i].keypoints ||
        back[i].score != results[i].score || back[i].bbox != results[i].bbox)
      std::abort();
  }
}

// Ground truth as detections, scored by file order.
std::vector<CocoResult> results_from(const CocoGroundTruth& gt) {
  std::vector<CocoResult> results;
  for (std::size_t i = 0; i < gt.annotations.size(); ++i) {
    const CocoAnnotation& a = gt.annotations[i];
    CocoResult r;
    r.image_id = a.image_id;
    r.category_id = a.category_id;
    r.keypoints = a.keypoints;
    r.score = 1.0 / static_cast<double>(i + 1);
    results.push_back(r);
  }
  return results;
}

// Detections as ground truth: one image per image id, one category per category id.
CocoGroundTruth ground_truth_from(const std::vector<CocoResult>& results) {
  CocoGroundTruth gt;
  gt.source = "fuzz-gt";
  std::set<std::int64_t> images, categories;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const CocoResult& r = results[i];
    if (images.insert(r.image_id).second) gt.images.push_back({r.image_id, "", 0, 0});
    if (categories.insert(r.category_id).second) gt.categories.push_back({r.category_id, ""});
    CocoAnnotation a;
    a.id = static_cast<std::int64_t>(i + 1);
    a.image_id = r.image_id;
    a.category_id = r.category_id;
    a.keypoints = r.keypoints;
    for (int k = 0; k < podium::vision::kCocoKeypointCount; ++k)
      a.keypoints[3 * k + 2] = 2;
    a.num_keypoints = podium::vision::kCocoKeypointCount;
    a.area = std::fabs(r.score);
    a.bbox = {r.keypoints[0], r.keypoints[1], std::fabs(r.keypoints[3]), std::fabs(r.keypoints[4])};
    a.iscrowd = i % 7 == 6;
    gt.annotations.push_back(a);
  }
  return gt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const CocoGroundTruth gt = podium::vision::parse_coco_ground_truth(bytes, "fuzz-gt.json");
    evaluate_both_ways(gt, results_from(gt));
  } catch (const podium::Error&) {
  }
  try {
    const auto results = podium::vision::parse_coco_results(bytes, "fuzz-results.json");
    evaluate_both_ways(ground_truth_from(results), results);
  } catch (const podium::Error&) {
  }
  return 0;
}
