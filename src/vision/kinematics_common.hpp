// What the kinematics files share (internal): each layout's left/right roles derived from
// skeleton.hpp's names, the argument checks with their one-line messages, and small geometry on
// Point2 (NaN propagates: a missing point gives a NaN distance).
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/numbers.hpp"
#include "podium/vision/kinematics.hpp"

namespace podium::vision::kinematics {

enum class Part { Core, Arms, Legs };

struct Pair {
  int left = -1, right = -1;
  Part part = Part::Core;
};

using Sided = std::array<int, 2>;  // [0] left, [1] right; -1 when the layout lacks the keypoint

struct LayoutIndex {
  std::string_view name;
  std::size_t count = 0;
  int nose = -1;
  Sided ear, shoulder, elbow, wrist, hip, knee, ankle, heel, foot_index;
  std::vector<Pair> pairs;
};

const LayoutIndex& layout_index(Layout layout);

// Error(InvalidInput) naming `where` for a point count that is not the layout's, mixed layouts,
// or times that are not finite and strictly increasing (or not one per value).
void check_frame(const PoseFrame& frame, const char* where);
void check_frames(std::span<const PoseFrame> frames, const char* where);
void check_times(std::span<const double> times_s, std::size_t values, const char* where);
// 0 for Left, 1 for Right; Error(InvalidInput) for Centre.
std::size_t side_index(Side side, const char* where, const char* what);
// Error(Unsupported) when the layout has no heel and foot_index keypoints.
void require_feet(const LayoutIndex& idx, const char* where, const char* what);

Point2 at(const PoseFrame& frame, int index);  // missing for index -1
Point2 midpoint(Point2 a, Point2 b);           // missing when either is
double distance(Point2 a, Point2 b);           // NaN when either is missing
// Mean same-side shoulder-hip distance of one frame; NaN when neither side shows both.
double frame_torso_px(const PoseFrame& frame, const LayoutIndex& idx);
double median_of(std::vector<double> v);  // v non-empty

}  // namespace podium::vision::kinematics
