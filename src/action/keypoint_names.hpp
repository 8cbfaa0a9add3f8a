// Internal: keypoints looked up by name, so that the action module works for every layout that
// names them (vision::layout_info), not by COCO-17 or BlazePose-33 indices.
//
//   const SidePair hips = side_pair(sequence, "hip");  // indices of left_hip and right_hip
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

struct SidePair {
  std::size_t left = 0, right = 0;
};

// The index of `name` in the sequence's layout, or nullopt when the layout has no such keypoint.
std::optional<std::size_t> keypoint_index(const PoseSequence& s, std::string_view name);

// "left_<part>" and "right_<part>"; throws Error(InvalidInput) naming the sequence and the
// missing keypoint when the layout lacks one.
SidePair side_pair(const PoseSequence& s, std::string_view part);

// Every left_/right_ pair of the layout, in the layout's order of the left keypoint.
std::vector<SidePair> side_pairs(const PoseSequence& s);

}  // namespace podium::action
