// Skeleton layouts: keypoint names, the bones drawn between them, and where each layout's
// keypoints sit in COCO-17, podium's exchange format.
//
// Contract: names use podium's spelling ("left_shoulder", "neck"); a name holding "left" or "right"
// has that side, every other keypoint is on the centre line. coco17_index(layout)[c] is the
// layout's index of COCO-17 keypoint c, or -1 when the layout does not have it (MoveNet-13 has no
// eyes and ears); every layout maps left to left and right to right.
//
//   const LayoutInfo& info = layout_info(Layout::OpenPose18);  // info.keypoints[1] == "neck"
//   const int k = coco17_index(Layout::OpenPose18)[5];         // 5 (left_shoulder)
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace podium::vision {

enum class Layout {
  Coco17,       // COCO keypoints: nose, eyes, ears, then left before right, shoulders to ankles
  BlazePose33,  // MediaPipe BlazePose: face, hands and feet added
  OpenPose18,   // OpenPose COCO-18: COCO's keypoints plus a neck, right before left
  MoveNet13,    // COCO-17 without eyes and ears (the tennis-shots set)
};
// Every layout, in the enum's order: kLayouts[static_cast<std::size_t>(l)] == l, so a table per
// layout can be an array indexed by the layout.
inline constexpr std::array<Layout, 4> kLayouts = {Layout::Coco17, Layout::BlazePose33,
                                                   Layout::OpenPose18, Layout::MoveNet13};
enum class Side { Centre, Left, Right };

struct LayoutInfo {
  std::string_view name;  // "coco17", "blazepose33", "openpose18", "movenet13"
  std::span<const std::string_view> keypoints;
  std::span<const std::pair<int, int>> bones;
};

const LayoutInfo& layout_info(Layout layout);
// The layout whose LayoutInfo::name is `name`; nullopt for any other text.
std::optional<Layout> layout_named(std::string_view name);
Side keypoint_side(std::string_view keypoint_name);

// The layout's index of each COCO-17 keypoint, in COCO order; -1 where the layout lacks it.
const std::array<int, 17>& coco17_index(Layout layout);

}  // namespace podium::vision
