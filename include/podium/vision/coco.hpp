// COCO keypoints: the ground-truth and results files and their types, and export of podium
// Persons as a COCO results file. Evaluation: coco_eval.hpp; PCK: coco_pck.hpp.
//
// Contract: coordinates are image pixels (origin top-left, x right, y down), areas are px².
// Keypoints are COCO-17 in COCO order, stored flat as in the files: [x, y, v] * 17 for ground
// truth (v: 0 not labelled, 1 labelled but occluded, 2 visible) and [x, y, score] * 17 for results.
// The parsers trust nothing: every count is bounded (core/limits.hpp), every number is finite,
// every id is unique and every reference resolves; a failure is Error(Format) with a one-line
// message naming the source, then the place: "byte 1234 (line 7, column 12)" for JSON syntax,
// the JSON path ("annotations[12].keypoints: expected 51 numbers, got 50") for structure and
// values.
//
//   const CocoGroundTruth gt = parse_coco_ground_truth(read_file(gt_path), gt_path);
//   const std::vector<CocoResult> results = parse_coco_results(bytes, path);
#pragma once

#include <array>
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

// One image's people as results: keypoints [x, y, keypoint score] * 17, score = person score,
// category 1. Other layouts are mapped to COCO-17 with coco17_index(); a keypoint the layout lacks
// is (0, 0, 0), COCO's "not labelled". Throws
// Error(InvalidInput) naming the person and keypoint on a wrong keypoint count or a non-finite
// value.
std::vector<CocoResult> coco_results_from_people(std::int64_t image_id,
                                                 std::span<const Person> people);

// A COCO results file: a JSON array, one result per line, members in sorted order, numbers in
// the shortest form that reads back to the same double. Deterministic: equal input, equal bytes.
// Throws Error(InvalidInput) on a non-finite value.
std::string write_coco_results(std::span<const CocoResult> results);

}  // namespace podium::vision
