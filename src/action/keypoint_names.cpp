#include "keypoint_names.hpp"

#include "podium/core/error.hpp"

namespace podium::action {

std::optional<std::size_t> keypoint_index(const PoseSequence& s, std::string_view name) {
  const auto names = vision::layout_info(s.layout).keypoints;
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] == name) return k;
  return std::nullopt;
}

SidePair side_pair(const PoseSequence& s, std::string_view part) {
  SidePair pair;
  for (const std::string_view side : {"left_", "right_"}) {
    const std::string name = std::string(side) + std::string(part);
    const auto k = keypoint_index(s, name);
    if (!k) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "layout"},
                  std::string(vision::layout_info(s.layout).name) + " has no keypoint " + name);
    }
    (side == "left_" ? pair.left : pair.right) = *k;
  }
  return pair;
}

std::vector<SidePair> side_pairs(const PoseSequence& s) {
  std::vector<SidePair> pairs;
  const auto names = vision::layout_info(s.layout).keypoints;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (!names[k].starts_with("left_")) continue;
    const auto right = keypoint_index(s, "right_" + std::string(names[k].substr(5)));
    if (right) pairs.push_back({k, *right});
  }
  return pairs;
}

}  // namespace podium::action
