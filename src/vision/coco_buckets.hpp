// COCO annotations and results grouped per (category, image), in pycocotools' order: what
// evaluation and PCK both iterate over (internal to coco_eval.cpp and coco_pck.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "podium/vision/coco.hpp"

namespace podium::vision {

// One image and category.
struct CocoBucket {
  std::vector<std::size_t> gts;  // annotation indices, file order
  std::vector<std::size_t> dts;  // result indices, file order
};

// Image and category buckets in pycocotools' order (category, then image id ascending).
struct CocoBuckets {
  std::map<std::pair<std::size_t, std::int64_t>, CocoBucket> buckets;
  std::size_t categories = 0;
};

// Throws Error(InvalidInput) naming the first result whose image_id is not an image of gt;
// annotations and results of categories not in gt are left out.
CocoBuckets coco_buckets(const CocoGroundTruth& gt, std::span<const CocoResult> results);

}  // namespace podium::vision
