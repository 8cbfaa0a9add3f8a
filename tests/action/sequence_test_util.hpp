// Pose sequences made by the action tests: small, in any layout, every value distinct.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "podium/action/sequence.hpp"

namespace podium::action::test_sequences {

// Frame f, keypoint k at x = 100 + k + f / 4, y = 200 + k, score k / 100 (NaN where
// scoreless); keypoint 1 of frame 0 is not seen.
inline PoseSequence numbered(vision::Layout layout, std::size_t frames = 2,
                             bool scoreless = false) {
  PoseSequence s;
  s.id = std::string(vision::layout_info(layout).name);
  s.source = "test";
  s.group = "g1";
  s.layout = layout;
  s.frames = frames;
  s.fps = 30;
  s.label = "serve";
  for (std::size_t f = 0; f < s.frames; ++f) {
    for (std::size_t k = 0; k < s.keypoints(); ++k) {
      s.x.push_back(static_cast<float>(100 + k) + static_cast<float>(f) / 4);
      s.y.push_back(static_cast<float>(200 + k));
      s.score.push_back(scoreless ? std::numeric_limits<float>::quiet_NaN()
                                  : static_cast<float>(k) / 100);
    }
  }
  s.x[1] = s.y[1] = std::numeric_limits<float>::quiet_NaN();
  return s;
}

// Bit-for-bit equal sequences (NaN equals NaN).
inline bool same_values(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) return false;
    if (!std::isnan(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

inline bool same_sequence(const PoseSequence& a, const PoseSequence& b) {
  if (a.segments.size() != b.segments.size()) return false;
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    if (a.segments[i].start != b.segments[i].start || a.segments[i].end != b.segments[i].end ||
        a.segments[i].label != b.segments[i].label)
      return false;
  }
  return a.id == b.id && a.source == b.source && a.group == b.group && a.layout == b.layout &&
         a.coordinates == b.coordinates && a.fps == b.fps && a.frames == b.frames &&
         a.label == b.label && same_values(a.x, b.x) && same_values(a.y, b.y) &&
         same_values(a.score, b.score);
}

}  // namespace podium::action::test_sequences
