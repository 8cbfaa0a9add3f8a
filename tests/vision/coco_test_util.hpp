// Builders shared by the COCO tests: synthetic people, annotations, results and ground truth.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podium/vision/coco.hpp"

namespace podium::vision::coco_test {

using Json = nlohmann::json;
using Keypoints = std::array<double, kCocoKeypointValues>;

inline constexpr double kTight = 1e-12;
inline constexpr std::size_t kKeypoints = kCocoKeypointCount;

// A person: keypoint i at (cx + 3 (i % 5) - 6, cy + 4 (i / 5) - 8), all visible.
inline Keypoints body(double cx, double cy, double v = 2) {
  Keypoints k{};
  for (std::size_t i = 0; i < kKeypoints; ++i) {
    const std::size_t column = i % 5, row = i / 5;
    k[3 * i] = cx + 3.0 * static_cast<double>(column) - 6;
    k[3 * i + 1] = cy + 4.0 * static_cast<double>(row) - 8;
    k[3 * i + 2] = v;
  }
  return k;
}

inline CocoAnnotation annotation(std::int64_t id, std::int64_t image, const Keypoints& kp,
                                 double area) {
  CocoAnnotation a;
  a.id = id;
  a.image_id = image;
  a.category_id = 1;
  a.keypoints = kp;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    a.num_keypoints += kp[3 * i + 2] > 0 ? 1 : 0;
  a.area = area;
  const double side = std::sqrt(area);
  a.bbox = {kp[0] - side / 2, kp[1] - side / 2, side, side};
  return a;
}

inline CocoResult detection(std::int64_t image, const Keypoints& kp, double score) {
  CocoResult r;
  r.image_id = image;
  r.keypoints = kp;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    r.keypoints[3 * i + 2] = 0.5;
  r.score = score;
  return r;
}

inline CocoGroundTruth ground_truth(const std::vector<std::int64_t>& images,
                                    std::vector<CocoAnnotation> anns) {
  CocoGroundTruth gt;
  gt.source = "gt.json";
  for (std::int64_t id : images)
    gt.images.push_back({id, "", 0, 0});
  gt.categories.push_back({1, "person"});
  gt.annotations = std::move(anns);
  return gt;
}

inline std::string shared_data() {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return env != nullptr ? env : "../shared/data";
}

}  // namespace podium::vision::coco_test
