// Synthetic COCO-17 clips a skeleton classifier must tell apart by one joint's motion: shared by
// the classifier and few-shot tests.
//
//   std::vector<PoseSequence> train = clips(1000, 24);  // 24 "vertical" and 24 "sideways"
//   PoseSequence c = clip("circle", 7);
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action::testing {

inline constexpr std::size_t kRightWrist = 10;

// A COCO-17 athlete standing still (1 px noise), the right wrist waving up and down ("vertical"),
// sideways ("sideways") or in a circle ("circle") with a random phase and amplitude, or not at
// all (any other label); 16 frames.
inline PoseSequence clip(const std::string& label, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0.0F, 1.0F);
  std::uniform_real_distribution<float> unit(0.0F, 1.0F);
  // x, y of each keypoint in pixels: a 200 px tall figure around (300, 300).
  constexpr float kStand[17][2] = {{300, 200}, {295, 195}, {305, 195}, {290, 198}, {310, 198},
                                   {280, 230}, {320, 230}, {270, 270}, {330, 270}, {265, 305},
                                   {335, 305}, {290, 310}, {310, 310}, {288, 360}, {312, 360},
                                   {287, 400}, {313, 400}};
  // Built with append: GCC 12's -Wrestrict misfires on operator+ of a literal and a string.
  PoseSequence s{.id = std::string(label).append(std::to_string(seed)),
                 .group = std::string("g").append(std::to_string(seed % 5))};
  s.frames = 16;
  s.label = label;
  const float phase = 6.283F * unit(rng), amplitude = 20.0F + 20.0F * unit(rng);
  for (std::size_t f = 0; f < s.frames; ++f) {
    for (std::size_t k = 0; k < 17; ++k) {
      float x = kStand[k][0] + noise(rng), y = kStand[k][1] + noise(rng);
      if (k == kRightWrist) {
        const float wave = amplitude * std::sin(0.8F * static_cast<float>(f) + phase);
        const float across = amplitude * std::cos(0.8F * static_cast<float>(f) + phase);
        if (label == "vertical") y += wave;
        if (label == "sideways") x += wave;
        if (label == "circle") {
          y += wave;
          x += across;
        }
      }
      s.x.push_back(x);
      s.y.push_back(y);
      s.score.push_back(0.9F);
    }
  }
  return s;
}

inline std::vector<PoseSequence> clips(std::uint64_t first, std::size_t per_class) {
  std::vector<PoseSequence> out;
  for (std::size_t i = 0; i < per_class; ++i) {
    out.push_back(clip("vertical", first + 2 * i));
    out.push_back(clip("sideways", first + 2 * i + 1));
  }
  return out;
}

}  // namespace podium::action::testing
