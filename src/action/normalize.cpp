#include "podium/action/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keypoint_names.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

struct Point {
  double x = 0, y = 0;
};

[[noreturn]] void refuse(const PoseSequence& s, const std::string& field, const std::string& rule) {
  throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = field}, rule);
}

std::optional<Point> seen(const PoseSequence& s, std::size_t frame, std::size_t keypoint) {
  const std::size_t i = s.at(frame, keypoint);
  if (std::isnan(s.x[i])) return std::nullopt;
  return Point{s.x[i], s.y[i]};
}

// The middle of a left/right pair, or the one side seen.
std::optional<Point> middle(const PoseSequence& s, std::size_t frame, const SidePair& pair) {
  const auto l = seen(s, frame, pair.left);
  const auto r = seen(s, frame, pair.right);
  if (l && r) return Point{(l->x + r->x) / 2, (l->y + r->y) / 2};
  return l ? l : r;
}

double median(std::vector<double> v) {
  PODIUM_ASSERT(!v.empty());
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2 == 1) return *mid;
  return (*mid + *std::max_element(v.begin(), mid)) / 2;
}

// Per frame, the mid-hip; frames without a hip take the centre of the nearest frame with one
// (the earlier one on a tie), so a short dropout does not move the body.
std::vector<Point> centres(const PoseSequence& s, const SidePair& hips) {
  std::vector<std::optional<Point>> own(s.frames);
  for (std::size_t f = 0; f < s.frames; ++f)
    own[f] = middle(s, f, hips);
  std::vector<Point> out(s.frames);
  std::optional<std::size_t> last;
  std::vector<std::size_t> previous(s.frames, s.frames);
  for (std::size_t f = 0; f < s.frames; ++f) {
    if (own[f]) last = f;
    if (last) previous[f] = *last;
  }
  std::optional<std::size_t> next;
  bool any = false;
  for (std::size_t f = s.frames; f-- > 0;) {
    if (own[f]) next = f;
    std::optional<std::size_t> pick;
    if (previous[f] < s.frames) pick = previous[f];
    if (next && (!pick || *next - f < f - *pick)) pick = next;
    if (pick) {
      out[f] = *own[*pick];
      any = true;
    }
  }
  if (!any) refuse(s, "left_hip, right_hip", "no frame sees a hip: nothing to centre on");
  return out;
}

// The tilt of a left/right line on screen (counter-clockwise positive), folded into
// (-pi/2, pi/2] so that left and right swapping (a back view) gives the same tilt.
double tilt(const PoseSequence& s, const SidePair& pair, std::string_view name) {
  std::vector<double> angles;
  for (std::size_t f = 0; f < s.frames; ++f) {
    const auto l = seen(s, f, pair.left);
    const auto r = seen(s, f, pair.right);
    if (!l || !r || (l->x == r->x && l->y == r->y)) continue;
    double a = std::atan2(-(r->y - l->y), r->x - l->x);
    if (a > std::numbers::pi / 2) a -= std::numbers::pi;
    if (a <= -std::numbers::pi / 2) a += std::numbers::pi;
    angles.push_back(a);
  }
  if (angles.empty())
    refuse(s, std::string(name), "no frame sees both sides: the view cannot be levelled");
  return median(std::move(angles));
}

}  // namespace

PoseSequence normalize(const PoseSequence& s, const NormalizeOptions& options) {
  validate(s);
  if (options.rotation == Rotation::Angle && !std::isfinite(options.angle_rad))
    refuse(s, "angle_rad", "must be finite");
  const SidePair hips = side_pair(s, "hip");
  const SidePair shoulders = side_pair(s, "shoulder");
  const std::vector<Point> centre = centres(s, hips);

  std::vector<double> torso;
  for (std::size_t f = 0; f < s.frames; ++f) {
    const auto hip = middle(s, f, hips);
    const auto shoulder = middle(s, f, shoulders);
    if (hip && shoulder) torso.push_back(std::hypot(shoulder->x - hip->x, shoulder->y - hip->y));
  }
  if (torso.empty())
    refuse(s, "left_shoulder, right_shoulder", "no frame sees a shoulder and a hip together");
  const double scale = median(std::move(torso));
  if (!(scale > 0))
    refuse(s, "torso", "the median torso length is 0: the sequence cannot be scaled");

  double turn = 0;  // counter-clockwise on screen
  if (options.rotation == Rotation::Shoulders) turn = -tilt(s, shoulders, "left_shoulder");
  if (options.rotation == Rotation::Hips) turn = -tilt(s, hips, "left_hip");
  if (options.rotation == Rotation::Angle) turn = options.angle_rad;
  const double c = std::cos(turn), sn = std::sin(turn);

  PoseSequence out = s;
  out.coordinates = Coordinates::Torso;
  const std::size_t k = s.keypoints();
  for (std::size_t f = 0; f < s.frames; ++f) {
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t i = s.at(f, j);
      if (std::isnan(s.x[i])) continue;
      const double dx = (s.x[i] - centre[f].x) / scale;
      const double dy = (s.y[i] - centre[f].y) / scale;
      // y points down, so a counter-clockwise turn on screen is clockwise in (x, y).
      out.x[i] = static_cast<float>(c * dx + sn * dy);
      out.y[i] = static_cast<float>(-sn * dx + c * dy);
    }
  }
  return out;
}

}  // namespace podium::action
