// Synthetic COCO-17 squats with a known number of repetitions, for the counting tests and the
// counting benchmark. The motion follows a phase in cycles per frame (one repetition per whole
// cycle, standing at every integer), so a test states the count by how it builds the phase.
//
//   const auto phase = steady_phase(300, 30.0);  // 10 repetitions of 30 frames
//   PoseSequence s = squats(phase, SquatNoise{.pixels = 3, .seed = 7});
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

#include "podium/action/sequence.hpp"
#include "podium/core/random.hpp"

namespace podium::action::testing {

struct SquatNoise {
  double pixels = 0;            // Gaussian jitter of every coordinate (standard deviation)
  double lean_pixels = 0;       // the upper body leans forward slowly by this much over the clip
  double drop_keypoints = 0;    // share of keypoints not seen, at random
  std::size_t drop_every = 0;   // every this many frames, a run of unseen frames ...
  std::size_t drop_frames = 0;  // ... this long
  std::uint64_t seed = 1;
};

// Phase (in cycles) per frame for repetitions of a constant period.
inline std::vector<double> steady_phase(std::size_t frames, double period) {
  std::vector<double> p(frames);
  for (std::size_t f = 0; f < frames; ++f)
    p[f] = static_cast<double>(f) / period;
  return p;
}

// `reps` repetitions of `period` frames with `pause` frames standing before, between and after.
inline std::vector<double> paused_phase(std::size_t reps, std::size_t period, std::size_t pause) {
  std::vector<double> p(pause, 0.0);
  for (std::size_t r = 0; r < reps; ++r) {
    for (std::size_t f = 0; f < period; ++f)
      p.push_back(static_cast<double>(r) + static_cast<double>(f) / static_cast<double>(period));
    p.insert(p.end(), pause, static_cast<double>(r + 1));
  }
  return p;
}

// `reps` repetitions whose period changes linearly from `first` to `last` frames.
inline std::vector<double> changing_phase(std::size_t reps, double first, double last) {
  std::vector<double> p;
  double phase = 0;
  while (phase < static_cast<double>(reps)) {
    p.push_back(phase);
    phase += 1 / (first + (last - first) * phase / static_cast<double>(reps));
  }
  p.push_back(static_cast<double>(reps));
  return p;
}

// A standing athlete (pixels, y down) squatting to `depth` of 1 at every half cycle.
inline PoseSequence squats(const std::vector<double>& phase, const SquatNoise& noise = {}) {
  // COCO-17 standing pose: nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles.
  constexpr double kStandX[17] = {320, 315, 325, 310, 330, 300, 340, 295, 345,
                                  290, 350, 305, 335, 305, 335, 305, 335};
  constexpr double kStandY[17] = {100, 95,  95,  100, 100, 150, 150, 200, 200,
                                  250, 250, 260, 260, 340, 340, 420, 420};
  constexpr double kDropPx = 80, kKneeForwardPx = 30, kKneeDropPx = 40;
  PoseSequence s;
  s.id = "synthetic-squats";
  s.layout = vision::Layout::Coco17;
  s.fps = 30;
  s.frames = phase.size();
  const std::size_t k = 17;
  s.x.resize(s.frames * k);
  s.y.resize(s.frames * k);
  s.score.assign(s.frames * k, 0.9F);
  Rng rng(noise.seed);
  for (std::size_t f = 0; f < s.frames; ++f) {
    const double depth = (1 - std::cos(2 * std::numbers::pi * phase[f])) / 2;
    const double lean = noise.lean_pixels * static_cast<double>(f) / static_cast<double>(s.frames);
    for (std::size_t j = 0; j < k; ++j) {
      double x = kStandX[j], y = kStandY[j];
      if (j <= 12) y += kDropPx * depth;
      if (j <= 10) x += lean;
      if (j == 13 || j == 14) {
        x += kKneeForwardPx * depth;
        y += kKneeDropPx * depth;
      }
      if (noise.pixels > 0) {
        x += noise.pixels * rng.normal();
        y += noise.pixels * rng.normal();
      }
      const bool dropped_frame = noise.drop_every > 0 && f % noise.drop_every < noise.drop_frames;
      const bool dropped = dropped_frame || rng.uniform() < noise.drop_keypoints;
      const float nan = std::numeric_limits<float>::quiet_NaN();
      s.x[f * k + j] = dropped ? nan : static_cast<float>(x);
      s.y[f * k + j] = dropped ? nan : static_cast<float>(y);
    }
  }
  return s;
}

}  // namespace podium::action::testing
