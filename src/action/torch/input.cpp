#include "input.hpp"

#include <cmath>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::action {
namespace {

struct Point {
  float x = 0, y = 0, score = 0;  // score 0: not seen
};

Point point(const PoseSequence& s, std::size_t frame, std::size_t keypoint) {
  const std::size_t i = s.at(frame, keypoint);
  if (std::isnan(s.x[i])) return {};
  return {s.x[i], s.y[i], std::isnan(s.score[i]) ? 1.0F : s.score[i]};
}

}  // namespace

torch::Tensor joint_input(const PoseSequence& s, std::int64_t frames) {
  require_option(frames >= 2, s.id, "frames", frames, "must be >= 2");
  validate(s);
  const std::size_t keypoints = s.keypoints();
  torch::Tensor out = torch::zeros({3, frames, static_cast<std::int64_t>(keypoints)});
  auto acc = out.accessor<float, 3>();
  const double last = static_cast<double>(s.frames - 1);
  for (std::int64_t t = 0; t < frames; ++t) {
    const double at = last * static_cast<double>(t) / static_cast<double>(frames - 1);
    const auto lo = static_cast<std::size_t>(std::floor(at));
    const std::size_t hi = std::min(lo + 1, s.frames - 1);
    const auto w = static_cast<float>(at - static_cast<double>(lo));
    for (std::size_t k = 0; k < keypoints; ++k) {
      const Point a = point(s, lo, k), b = point(s, hi, k);
      Point p;
      if (a.score > 0 && b.score > 0) {
        p = {a.x + w * (b.x - a.x), a.y + w * (b.y - a.y), a.score + w * (b.score - a.score)};
      } else {
        p = w < 0.5F ? a : b;
      }
      const auto v = static_cast<std::int64_t>(k);
      acc[0][t][v] = p.x;
      acc[1][t][v] = p.y;
      acc[2][t][v] = p.score;
    }
  }
  return out;
}

torch::Tensor bone_input(const torch::Tensor& joints, std::span<const int> parents) {
  const std::int64_t v = joints.size(2);
  if (static_cast<std::int64_t>(parents.size()) != v) {
    throw Error(ErrorKind::InvalidInput, "bone_input: " + std::to_string(parents.size()) +
                                             " parents for " + std::to_string(v) + " keypoints");
  }
  torch::Tensor bones = joints.clone();
  for (std::int64_t k = 0; k < v; ++k) {
    const int p = parents[static_cast<std::size_t>(k)];
    if (p < 0) {
      bones.select(2, k).slice(0, 0, 2).zero_();
      continue;
    }
    bones.select(2, k).slice(0, 0, 2) -= joints.select(2, p).slice(0, 0, 2);
    bones.select(2, k)[2] = torch::minimum(joints.select(2, k)[2], joints.select(2, p)[2]);
  }
  return bones;
}

}  // namespace podium::action
