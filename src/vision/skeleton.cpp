#include "podium/vision/skeleton.hpp"

namespace podium::vision {
namespace {

constexpr std::array<std::string_view, 17> kCocoNames = {
    "nose",           "left_eye",   "right_eye",   "left_ear",   "right_ear",   "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
    "right_hip",      "left_knee",  "right_knee",  "left_ankle", "right_ankle"};

constexpr std::array<std::pair<int, int>, 18> kCocoBones = {{{0, 1},
                                                             {0, 2},
                                                             {1, 3},
                                                             {2, 4},
                                                             {5, 6},
                                                             {5, 7},
                                                             {7, 9},
                                                             {6, 8},
                                                             {8, 10},
                                                             {5, 11},
                                                             {6, 12},
                                                             {11, 12},
                                                             {11, 13},
                                                             {13, 15},
                                                             {12, 14},
                                                             {14, 16},
                                                             {0, 5},
                                                             {0, 6}}};

constexpr std::array<std::string_view, 33> kBlazeNames = {
    "nose",        "left_eye_inner",  "left_eye",        "left_eye_outer", "right_eye_inner",
    "right_eye",   "right_eye_outer", "left_ear",        "right_ear",      "mouth_left",
    "mouth_right", "left_shoulder",   "right_shoulder",  "left_elbow",     "right_elbow",
    "left_wrist",  "right_wrist",     "left_pinky",      "right_pinky",    "left_index",
    "right_index", "left_thumb",      "right_thumb",     "left_hip",       "right_hip",
    "left_knee",   "right_knee",      "left_ankle",      "right_ankle",    "left_heel",
    "right_heel",  "left_foot_index", "right_foot_index"};

constexpr std::array<std::pair<int, int>, 35> kBlazeBones = {
    {{0, 1},   {1, 2},   {2, 3},   {3, 7},   {0, 4},   {4, 5},   {5, 6},   {6, 8},   {9, 10},
     {11, 12}, {11, 13}, {13, 15}, {15, 17}, {15, 19}, {15, 21}, {17, 19}, {12, 14}, {14, 16},
     {16, 18}, {16, 20}, {16, 22}, {18, 20}, {11, 23}, {12, 24}, {23, 24}, {23, 25}, {24, 26},
     {25, 27}, {26, 28}, {27, 29}, {28, 30}, {29, 31}, {30, 32}, {27, 31}, {28, 32}}};

constexpr std::array<int, 17> kBlazeToCoco = {0,  2,  5,  7,  8,  11, 12, 13, 14,
                                              15, 16, 23, 24, 25, 26, 27, 28};

}  // namespace

const LayoutInfo& layout_info(Layout layout) {
  static const LayoutInfo coco{"coco17", kCocoNames, kCocoBones};
  static const LayoutInfo blaze{"blazepose33", kBlazeNames, kBlazeBones};
  return layout == Layout::Coco17 ? coco : blaze;
}

Side keypoint_side(std::string_view name) {
  if (name.find("left") != std::string_view::npos) return Side::Left;
  if (name.find("right") != std::string_view::npos) return Side::Right;
  return Side::Centre;
}

const std::array<int, 17>& blazepose_to_coco17() {
  return kBlazeToCoco;
}

}  // namespace podium::vision
