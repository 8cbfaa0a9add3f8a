// COCO keypoints: ground-truth and results files, evaluation exactly as pycocotools COCOeval
// (iouType "keypoints"), PCK, and export of podium Persons as a COCO results file.
//
// Contract: coordinates are image pixels (origin top-left, x right, y down), areas are px².
// Keypoints are COCO-17 in COCO order, stored flat as in the files: [x, y, v] * 17 for ground
// truth (v: 0 not labelled, 1 labelled but occluded, 2 visible) and [x, y, score] * 17 for results.
// The parsers trust nothing: every count is bounded, every number is finite, every id is unique
// and every reference resolves; a failure is Error(Format) with a one-line message naming the
// source, then the place: "byte 1234 (line 7, column 12)" for JSON syntax, the JSON path
// ("annotations[12].keypoints: expected 51 numbers, got 50") for structure and values.
//
//   const CocoGroundTruth gt = parse_coco_ground_truth(read_file(gt_path), gt_path);
//   const CocoKeypointStats s = evaluate_coco_keypoints(gt, parse_coco_results(bytes, path));
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace podium::vision {

struct Person;  // podium/vision/person.hpp

inline constexpr int kCocoKeypointCount = 17;
inline constexpr int kCocoKeypointValues = 3 * kCocoKeypointCount;  // 51 numbers per person

// Upper bounds the parsers enforce before allocating (COCO train2017 has 118k images and 262k
// person annotations).
inline constexpr std::size_t kCocoMaxJsonBytes = std::size_t{1} << 30;
inline constexpr std::size_t kCocoMaxImages = 10'000'000;
inline constexpr std::size_t kCocoMaxAnnotations = 10'000'000;
inline constexpr std::size_t kCocoMaxCategories = 10'000;
inline constexpr std::size_t kCocoMaxResults = 10'000'000;

struct CocoImage {
  std::int64_t id = 0;
  std::string file_name;  // optional in the file: empty when absent
  int width = 0;          // optional in the file: 0 when absent
  int height = 0;
};

struct CocoCategory {
  std::int64_t id = 0;
  std::string name;                    // optional in the file
  std::vector<std::string> keypoints;  // optional in the file: empty, or 17 names
};

struct CocoAnnotation {
  std::int64_t id = 0;  // >= 1 (pycocotools uses id 0 to mean "no match")
  std::int64_t image_id = 0;
  std::int64_t category_id = 0;
  std::array<double, kCocoKeypointValues> keypoints{};  // [x, y, v] * 17, v in {0, 1, 2}
  int num_keypoints = 0;                                // 0..17; 0 makes the annotation ignored
  double area = 0;                                      // >= 0 px²: OKS scale and area range
  std::array<double, 4> bbox{};                         // x, y, w, h (w, h >= 0)
  bool iscrowd = false;                                 // crowd annotations are ignored
};

struct CocoGroundTruth {
  std::string source;  // the name errors use
  std::vector<CocoImage> images;
  std::vector<CocoCategory> categories;
  std::vector<CocoAnnotation> annotations;  // image_id and category_id resolve, ids unique
};

struct CocoResult {
  std::int64_t image_id = 0;
  std::int64_t category_id = 1;
  std::array<double, kCocoKeypointValues> keypoints{};  // [x, y, score] * 17; the score is unused
  double score = 0;                                     // finite; higher ranks first
  // Optional box (x, y, w, h). As in pycocotools' loadRes: when the first result of a list has
  // one, every detection's area is its box's w*h; otherwise it is the area of the keypoints'
  // bounding box (all 17 keypoints). Detection areas only matter for unmatched detections.
  std::optional<std::array<double, 4>> bbox;
};

// `source` names the file in error messages. Unknown members (info, licenses, segmentation, ...)
// are ignored. Throws Error(Format).
CocoGroundTruth parse_coco_ground_truth(std::string_view json_bytes, const std::string& source);
// A JSON array of {image_id, category_id, keypoints, score[, bbox]}; an empty array is valid.
std::vector<CocoResult> parse_coco_results(std::string_view json_bytes, const std::string& source);

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

// One image's people as results: keypoints [x, y, keypoint score] * 17, score = person score,
// category 1. BlazePose-33 people are mapped to COCO-17 with blazepose_to_coco17(). Throws
// Error(InvalidInput) naming the person and keypoint on a wrong keypoint count or a non-finite
// value.
std::vector<CocoResult> coco_results_from_people(std::int64_t image_id,
                                                 std::span<const Person> people);

// A COCO results file: a JSON array, one result per line, members in sorted order, numbers in
// the shortest form that reads back to the same double. Deterministic: equal input, equal bytes.
// Throws Error(InvalidInput) on a non-finite value.
std::string write_coco_results(std::span<const CocoResult> results);

}  // namespace podium::vision
