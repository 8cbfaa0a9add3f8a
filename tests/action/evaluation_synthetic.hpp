// Labelled COCO-17 clips the evaluation tests classify: a standing athlete (pixels, y down) who
// raises the right wrist once ("raise"), waves it sideways ("wave") or stands still ("still"),
// with a random start, length, speed, size, place and 1 px jitter per clip, in named groups.
//
//   std::vector<PoseSequence> clips = synthetic_clips(3, 8, 7);  // 3 groups x 8 per class
//   PoseSequence r = raise_clip(40, 25, 8);  // one raise over frames 25..32
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action::testing {

inline constexpr float kStandingX[17] = {100, 97,  103, 94,  106, 85,  115, 80, 120,
                                         78,  122, 90,  110, 90,  110, 90,  110};
inline constexpr float kStandingY[17] = {50,  47,  47,  49,  49,  80,  80,  110, 110,
                                         140, 140, 150, 150, 200, 200, 250, 250};
inline constexpr std::size_t kRightWrist = 10, kRightElbow = 8;

// A still standing athlete over `frames` frames; motion is added by the callers.
inline PoseSequence standing_clip(std::size_t frames, const std::string& label) {
  PoseSequence s;
  s.id = label;
  s.source = "synthetic";
  s.group = "g0";
  s.layout = vision::Layout::Coco17;
  s.frames = frames;
  s.fps = 30;
  s.label = label;
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t k = 0; k < 17; ++k) {
      s.x.push_back(kStandingX[k]);
      s.y.push_back(kStandingY[k]);
      s.score.push_back(0.9F);
    }
  }
  return s;
}

// The right wrist (and half as much the elbow) up by 60 px in a raised-cosine bump over
// [start, start + width).
inline PoseSequence raise_clip(std::size_t frames, std::size_t start, std::size_t width) {
  PoseSequence s = standing_clip(frames, "raise");
  for (std::size_t f = start; f < start + width && f < frames; ++f) {
    const double u = static_cast<double>(f - start) / static_cast<double>(width);
    const auto lift = static_cast<float>(30 * (1 - std::cos(2 * std::numbers::pi * u)));
    s.y[s.at(f, kRightWrist)] -= lift;
    s.y[s.at(f, kRightElbow)] -= lift / 2;
  }
  return s;
}

inline std::vector<PoseSequence> synthetic_clips(std::size_t groups, std::size_t per_class,
                                                 std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  std::normal_distribution<double> jitter(0, 1);
  std::vector<PoseSequence> out;
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t i = 0; i < per_class; ++i) {
      for (const char* label : {"raise", "still", "wave"}) {
        const auto frames = static_cast<std::size_t>(uniform(24, 41));
        PoseSequence s = standing_clip(frames, label);
        const std::string name(label);
        if (name == "raise") {
          const auto width = static_cast<std::size_t>(uniform(8, 16));
          s = raise_clip(frames,
                         static_cast<std::size_t>(uniform(0, static_cast<double>(frames - width))),
                         width);
        } else if (name == "wave") {
          const double period = uniform(8, 14), phase = uniform(0, 2 * std::numbers::pi);
          for (std::size_t f = 0; f < frames; ++f) {
            const double w = 2 * std::numbers::pi * static_cast<double>(f) / period + phase;
            s.x[s.at(f, kRightWrist)] += static_cast<float>(25 * std::sin(w));
            s.x[s.at(f, kRightElbow)] += static_cast<float>(8 * std::sin(w));
          }
        }
        const double scale = uniform(0.8, 1.2), dx = uniform(-50, 50), dy = uniform(-20, 20);
        for (std::size_t v = 0; v < s.x.size(); ++v) {
          s.x[v] = static_cast<float>(s.x[v] * scale + dx + jitter(rng));
          s.y[v] = static_cast<float>(s.y[v] * scale + dy + jitter(rng));
        }
        s.group = std::string("g").append(std::to_string(g));
        s.id = s.group;
        s.id.append("/").append(name).append("_").append(std::to_string(i));
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

}  // namespace podium::action::testing
