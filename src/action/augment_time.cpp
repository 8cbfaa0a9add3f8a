// The temporal transforms of augment.hpp: time warp and crop.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "podium/action/augment.hpp"
#include "podium/core/option.hpp"

namespace podium::action {
namespace {

// The source frame (fractional) that output frame i shows.
double warped_frame(std::size_t i, std::size_t frames, double strength) {
  const double last = static_cast<double>(frames - 1);
  const double u = static_cast<double>(i) / last;
  return last * (u + strength * std::sin(std::numbers::pi * u) / std::numbers::pi);
}

// Linear between two values; NaN when either is NaN, unless the weight makes it an exact copy.
float blend(float a, float b, double t) {
  if (t == 0) return a;
  if (t == 1) return b;
  return static_cast<float>(a + (static_cast<double>(b) - a) * t);
}

// The first output frame showing source frame `boundary` or later: where a segment end moves.
std::int64_t first_output_at(std::int64_t boundary, const std::vector<double>& source) {
  std::int64_t i = 0;
  while (i < static_cast<std::int64_t>(source.size()) &&
         source[static_cast<std::size_t>(i)] < static_cast<double>(boundary) - 1e-9)
    ++i;
  return i;
}

std::vector<Segment> moved_segments(const std::vector<Segment>& segments,
                                    const std::vector<double>& source) {
  std::vector<Segment> out;
  for (const Segment& g : segments) {
    Segment m{first_output_at(g.start, source), first_output_at(g.end, source), g.label};
    if (m.end > m.start) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

PoseSequence time_warp(const PoseSequence& s, double strength) {
  require_option(std::fabs(strength) < 1, "time_warp", "strength", strength,
                 "must be in (-1, 1) (a larger warp is not monotone)");
  validate(s);
  if (s.frames < 2 || strength == 0) return s;
  const std::size_t k = s.keypoints();
  std::vector<double> source(s.frames);
  for (std::size_t i = 0; i < s.frames; ++i)
    source[i] = warped_frame(i, s.frames, strength);
  source.back() = static_cast<double>(s.frames - 1);  // exactly, whatever sin(pi) rounds to
  PoseSequence out = s;
  for (std::size_t i = 0; i < s.frames; ++i) {
    const double at = std::clamp(source[i], 0.0, static_cast<double>(s.frames - 1));
    const auto lo = std::min(static_cast<std::size_t>(at), s.frames - 2);
    const double t = at - static_cast<double>(lo);
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t a = s.at(lo, j);
      const std::size_t b = s.at(lo + 1, j);
      out.x[s.at(i, j)] = blend(s.x[a], s.x[b], t);
      out.y[s.at(i, j)] = blend(s.y[a], s.y[b], t);
      out.score[s.at(i, j)] = blend(s.score[a], s.score[b], t);
    }
  }
  out.segments = moved_segments(s.segments, source);
  return out;
}

PoseSequence crop(const PoseSequence& s, std::size_t first, std::size_t count) {
  validate(s);
  require_option(count >= 1 && count <= s.frames, "crop", "count", count,
                 "must be in 1..frames (" + std::to_string(s.frames) + ")");
  require_option(
      first <= s.frames - count, "crop", "first", first,
      "must leave count frames before the end (at most " + std::to_string(s.frames - count) + ")");
  const std::size_t k = s.keypoints();
  PoseSequence out = s;
  out.frames = count;
  const auto begin = static_cast<std::ptrdiff_t>(first * k);
  const auto end = static_cast<std::ptrdiff_t>((first + count) * k);
  out.x.assign(s.x.begin() + begin, s.x.begin() + end);
  out.y.assign(s.y.begin() + begin, s.y.begin() + end);
  out.score.assign(s.score.begin() + begin, s.score.begin() + end);
  out.segments.clear();
  const auto lo = static_cast<std::int64_t>(first);
  const auto hi = static_cast<std::int64_t>(first + count);
  for (const Segment& g : s.segments) {
    const std::int64_t start = std::max(g.start, lo);
    const std::int64_t stop = std::min(g.end, hi);
    if (stop > start) out.segments.push_back({start - lo, stop - lo, g.label});
  }
  return out;
}

}  // namespace podium::action
