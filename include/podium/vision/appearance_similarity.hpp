// How alike two appearance descriptors are (pure; the descriptors come from torso_histogram in
// appearance.hpp, which needs OpenCV): the tracker's and the stitcher's appearance cue.
//
// Contract: a and b are histograms of one length, entries >= 0 summing to 1 (L1-normalised).
// The result is their Bhattacharyya coefficient, sum_i sqrt(a_i b_i), in [0, 1]: 1 for equal
// histograms, 0 for histograms with no bin in common. Throws Error(InvalidInput) for unequal or
// zero lengths.
//
//   const double same_kit = appearance_similarity(track.appearance, detection_histogram);
#pragma once

#include <span>

namespace podium::vision {

double appearance_similarity(std::span<const float> a, std::span<const float> b);

}  // namespace podium::vision
