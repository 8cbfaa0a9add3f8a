// An athlete's appearance as a colour histogram of the torso: the tracker's and the stitcher's
// appearance cue where motion is ambiguous, and the kit descriptor teams are clustered by.
//
// Contract: rgb is an 8-bit RGB frame (CV_8UC3, image.hpp's order); p is a person in its pixels.
// The region is the torso: the quad of both shoulders and both hips, shrunk by a sixth towards
// its centre (arms, background and the neighbour's edge stay out), when all four keypoints score
// >= kTorsoKeypointScore and the quad covers >= kMinTorsoPixels; otherwise the box's
// upper-middle part (x 30-70 %, y 20-50 % of the box: a standing athlete's chest). The result
// has kAppearanceBins entries summing to 1 (L1-normalised): hue x saturation bins for coloured
// pixels, hue shared linearly between the two nearest of 12 bins (a kit's shade does not jump
// a bin boundary under changing light), 3 saturations; then 3 bins for black (dark: hue is
// noise), grey and white (unsaturated) pixels. Empty when the region holds no pixel of the
// image. Throws Error(InvalidInput) for an image that is not non-empty CV_8UC3.
// appearance_similarity (appearance_similarity.hpp) compares two results.
//
//   const std::vector<float> kit = torso_histogram(frame.rgb, person);
//   const double same = appearance_similarity(kit, track.appearance);  // 0..1
#pragma once

#include <cstddef>
#include <opencv2/core.hpp>
#include <vector>

#include "podium/vision/appearance_similarity.hpp"
#include "podium/vision/person.hpp"

namespace podium::vision {

inline constexpr std::size_t kAppearanceHueBins = 12;
inline constexpr std::size_t kAppearanceSaturationBins = 3;
inline constexpr std::size_t kAppearanceBins =
    kAppearanceHueBins * kAppearanceSaturationBins + 3;  // + black, grey, white
inline constexpr double kTorsoKeypointScore = 0.3;
inline constexpr double kMinTorsoPixels = 16;

std::vector<float> torso_histogram(const cv::Mat& rgb, const Person& p);

}  // namespace podium::vision
