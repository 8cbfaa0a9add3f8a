// Synthetic COCO-17 pose clips whose class lives in one joint: an athlete standing still (1 px
// noise) whose right wrist waves up and down ("vertical") or sideways ("sideways") with a random
// phase and amplitude, or holds still ("still": a third class for the few-shot tests), and
// stitched recordings of such clips with their segments. Shared by the classifier, few-shot,
// attribution and segmentation tests and the action bench (data a fresh machine makes).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action::testing {

inline constexpr std::size_t kWristClipRightWrist = 10;

inline PoseSequence wrist_clip(const std::string& label, std::uint64_t seed,
                               std::size_t frames = 16) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0.0F, 1.0F);
  std::uniform_real_distribution<float> unit(0.0F, 1.0F);
  // x, y of each keypoint in pixels: a 200 px tall figure around (300, 300).
  constexpr float kStand[17][2] = {{300, 200}, {295, 195}, {305, 195}, {290, 198}, {310, 198},
                                   {280, 230}, {320, 230}, {270, 270}, {330, 270}, {265, 305},
                                   {335, 305}, {290, 310}, {310, 310}, {288, 360}, {312, 360},
                                   {287, 400}, {313, 400}};
  PoseSequence s;
  s.id.append(label).append(std::to_string(seed));
  s.group.append("g").append(std::to_string(seed % 5));
  s.frames = frames;
  s.fps = 30;
  s.label = label;
  const float phase = 6.283F * unit(rng), amplitude = 20.0F + 20.0F * unit(rng);
  for (std::size_t f = 0; f < s.frames; ++f) {
    for (std::size_t k = 0; k < 17; ++k) {
      float x = kStand[k][0] + noise(rng), y = kStand[k][1] + noise(rng);
      if (k == kWristClipRightWrist) {
        const float wave = amplitude * std::sin(0.8F * static_cast<float>(f) + phase);
        if (label == "vertical") {
          y += wave;
        } else if (label != "still") {
          x += wave;
        }
      }
      s.x.push_back(x);
      s.y.push_back(y);
      s.score.push_back(0.9F);
    }
  }
  return s;
}

// per_class clips of each label, alternating, seeds from `first`.
inline std::vector<PoseSequence> wrist_clips(std::uint64_t first, std::size_t per_class,
                                             std::size_t frames = 16) {
  std::vector<PoseSequence> out;
  for (std::size_t i = 0; i < per_class; ++i) {
    out.push_back(wrist_clip("vertical", first + 2 * i, frames));
    out.push_back(wrist_clip("sideways", first + 2 * i + 1, frames));
  }
  return out;
}

// The clips one after the other as one unlabelled recording, each clip a segment of its label.
inline PoseSequence stitch(std::span<const PoseSequence> clips, const std::string& id) {
  PoseSequence s{.id = id, .source = "stitched", .group = id};
  s.layout = clips.front().layout;
  s.coordinates = clips.front().coordinates;
  s.fps = clips.front().fps;
  for (const PoseSequence& c : clips) {
    s.segments.push_back({.start = static_cast<std::int64_t>(s.frames),
                          .end = static_cast<std::int64_t>(s.frames + c.frames),
                          .label = c.label});
    s.frames += c.frames;
    s.x.insert(s.x.end(), c.x.begin(), c.x.end());
    s.y.insert(s.y.end(), c.y.begin(), c.y.end());
    s.score.insert(s.score.end(), c.score.begin(), c.score.end());
  }
  return s;
}

}  // namespace podium::action::testing
