#include "podium/action/sequence.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "podium/core/error.hpp"

namespace podium::action {
namespace {

[[noreturn]] void broken(const PoseSequence& s, const std::string& field, const std::string& rule) {
  throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = field}, rule);
}

constexpr std::array<Coordinates, 4> kCoordinates = {
    Coordinates::Pixels, Coordinates::Normalized, Coordinates::MinMaxPerFrame, Coordinates::Torso};

}  // namespace

std::string_view coordinates_name(Coordinates c) {
  switch (c) {
    case Coordinates::Pixels:
      return "pixels";
    case Coordinates::Normalized:
      return "normalized";
    case Coordinates::MinMaxPerFrame:
      return "minmax_per_frame";
    case Coordinates::Torso:
      return "torso";
  }
  return "pixels";  // unreachable: the switch covers every kind
}

std::optional<Coordinates> coordinates_named(std::string_view name) {
  for (const Coordinates c : kCoordinates) {
    if (coordinates_name(c) == name) return c;
  }
  return std::nullopt;
}

void validate(const PoseSequence& s) {
  if (s.frames == 0) broken(s, "frames", "a sequence needs at least one frame");
  const std::size_t values = s.frames * s.keypoints();
  if (s.x.size() != values || s.y.size() != values || s.score.size() != values) {
    broken(s, "keypoints",
           "x, y and score must hold frames x keypoints = " + std::to_string(values) +
               " values each (got " + std::to_string(s.x.size()) + ", " +
               std::to_string(s.y.size()) + ", " + std::to_string(s.score.size()) + ")");
  }
  if (!std::isfinite(s.fps) || s.fps < 0)
    broken(s, "fps", "must be finite and >= 0 (0: not known)");
  for (std::size_t i = 0; i < values; ++i) {
    if (std::isinf(s.x[i]) || std::isinf(s.y[i]) || std::isnan(s.x[i]) != std::isnan(s.y[i])) {
      broken(s,
             "frame " + std::to_string(i / s.keypoints()) + " keypoint " +
                 std::to_string(i % s.keypoints()),
             "x and y must both be finite, or both NaN (not seen)");
    }
    if (!std::isnan(s.score[i]) && (s.score[i] < 0 || s.score[i] > 1)) {
      broken(s,
             "frame " + std::to_string(i / s.keypoints()) + " keypoint " +
                 std::to_string(i % s.keypoints()) + " score",
             "must be within 0..1 (NaN: the source has none)");
    }
  }
  const auto frames = static_cast<std::int64_t>(s.frames);
  std::int64_t previous_end = 0;
  for (std::size_t i = 0; i < s.segments.size(); ++i) {
    const Segment& g = s.segments[i];
    if (g.start < previous_end || g.end <= g.start || g.end > frames) {
      broken(s, "segments[" + std::to_string(i) + "]",
             "[" + std::to_string(g.start) + ", " + std::to_string(g.end) +
                 ") must be a non-empty frame range within [0, " + std::to_string(frames) +
                 ") after the previous segment");
    }
    previous_end = g.end;
  }
}

PoseSequence to_coco17(const PoseSequence& s) {
  validate(s);
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  const std::array<int, 17>& from = vision::coco17_index(s.layout);
  const std::size_t n = s.keypoints();
  PoseSequence out = s;
  out.layout = vision::Layout::Coco17;
  out.x.assign(s.frames * from.size(), kNaN);
  out.y.assign(s.frames * from.size(), kNaN);
  out.score.assign(s.frames * from.size(), kNaN);
  for (std::size_t f = 0; f < s.frames; ++f) {
    for (std::size_t c = 0; c < from.size(); ++c) {
      if (from[c] < 0) continue;
      const std::size_t i = f * n + static_cast<std::size_t>(from[c]);
      const std::size_t o = f * from.size() + c;
      out.x[o] = s.x[i];
      out.y[o] = s.y[i];
      out.score[o] = s.score[i];
    }
  }
  return out;
}

}  // namespace podium::action
