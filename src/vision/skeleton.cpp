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

constexpr std::array<int, 17> kCocoToCoco = {0, 1,  2,  3,  4,  5,  6,  7, 8,
                                             9, 10, 11, 12, 13, 14, 15, 16};
constexpr std::array<int, 17> kBlazeToCoco = {0,  2,  5,  7,  8,  11, 12, 13, 14,
                                              15, 16, 23, 24, 25, 26, 27, 28};

// OpenPose's COCO-18 order (the BODY_COCO model): a neck after the nose, right before left.
constexpr std::array<std::string_view, 18> kOpenPoseNames = {
    "nose",       "neck",       "right_shoulder", "right_elbow", "right_wrist", "left_shoulder",
    "left_elbow", "left_wrist", "right_hip",      "right_knee",  "right_ankle", "left_hip",
    "left_knee",  "left_ankle", "right_eye",      "left_eye",    "right_ear",   "left_ear"};

// OpenPose draws the torso as neck to shoulders and neck to hips; there is no hip-to-hip bone.
constexpr std::array<std::pair<int, int>, 17> kOpenPoseBones = {{{1, 2},
                                                                 {2, 3},
                                                                 {3, 4},
                                                                 {1, 5},
                                                                 {5, 6},
                                                                 {6, 7},
                                                                 {1, 8},
                                                                 {8, 9},
                                                                 {9, 10},
                                                                 {1, 11},
                                                                 {11, 12},
                                                                 {12, 13},
                                                                 {1, 0},
                                                                 {0, 14},
                                                                 {14, 16},
                                                                 {0, 15},
                                                                 {15, 17}}};

constexpr std::array<int, 17> kOpenPoseToCoco = {0, 15, 14, 17, 16, 5, 2,  6, 3,
                                                 7, 4,  11, 8,  12, 9, 13, 10};

constexpr std::array<std::string_view, 13> kMoveNet13Names = {
    "nose",       "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",   "left_hip",       "right_hip",  "left_knee",
    "right_knee", "left_ankle",    "right_ankle"};

constexpr std::array<std::pair<int, int>, 14> kMoveNet13Bones = {{{1, 2},
                                                                  {1, 3},
                                                                  {3, 5},
                                                                  {2, 4},
                                                                  {4, 6},
                                                                  {1, 7},
                                                                  {2, 8},
                                                                  {7, 8},
                                                                  {7, 9},
                                                                  {9, 11},
                                                                  {8, 10},
                                                                  {10, 12},
                                                                  {0, 1},
                                                                  {0, 2}}};

constexpr std::array<int, 17> kMoveNet13ToCoco = {0, -1, -1, -1, -1, 1,  2,  3, 4,
                                                  5, 6,  7,  8,  9,  10, 11, 12};

// kLayouts (skeleton.hpp) lists every layout in the enum's order.
static_assert([] {
  for (std::size_t i = 0; i < kLayouts.size(); ++i) {
    if (static_cast<std::size_t>(kLayouts[i]) != i) return false;
  }
  return true;
}());

}  // namespace

const LayoutInfo& layout_info(Layout layout) {
  static const LayoutInfo coco{"coco17", kCocoNames, kCocoBones};
  static const LayoutInfo blaze{"blazepose33", kBlazeNames, kBlazeBones};
  static const LayoutInfo openpose{"openpose18", kOpenPoseNames, kOpenPoseBones};
  static const LayoutInfo movenet{"movenet13", kMoveNet13Names, kMoveNet13Bones};
  switch (layout) {
    case Layout::Coco17:
      return coco;
    case Layout::BlazePose33:
      return blaze;
    case Layout::OpenPose18:
      return openpose;
    case Layout::MoveNet13:
      return movenet;
  }
  return coco;  // unreachable: the switch covers every layout
}

std::optional<Layout> layout_named(std::string_view name) {
  for (const Layout layout : kLayouts) {
    if (layout_info(layout).name == name) return layout;
  }
  return std::nullopt;
}

Side keypoint_side(std::string_view name) {
  if (name.find("left") != std::string_view::npos) return Side::Left;
  if (name.find("right") != std::string_view::npos) return Side::Right;
  return Side::Centre;
}

const std::array<int, 17>& coco17_index(Layout layout) {
  switch (layout) {
    case Layout::Coco17:
      return kCocoToCoco;
    case Layout::BlazePose33:
      return kBlazeToCoco;
    case Layout::OpenPose18:
      return kOpenPoseToCoco;
    case Layout::MoveNet13:
      return kMoveNet13ToCoco;
  }
  return kCocoToCoco;  // unreachable: the switch covers every layout
}

}  // namespace podium::vision
