// Skeleton layouts: keypoint names and the bones drawn between them. COCO-17 is podium's
// exchange format; BlazePose-33 maps onto it with to_coco17().
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <utility>

namespace podium::vision {

enum class Layout { Coco17, BlazePose33 };
enum class Side { Centre, Left, Right };

struct LayoutInfo {
  std::string_view name;  // "coco17", "blazepose33"
  std::span<const std::string_view> keypoints;
  std::span<const std::pair<int, int>> bones;
};

const LayoutInfo& layout_info(Layout layout);
Side keypoint_side(std::string_view keypoint_name);

// BlazePose-33 index of each COCO-17 keypoint, in COCO order.
const std::array<int, 17>& blazepose_to_coco17();

}  // namespace podium::vision
