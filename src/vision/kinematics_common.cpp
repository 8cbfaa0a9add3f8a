#include "kinematics_common.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::vision::kinematics {
namespace {

int find_keypoint(const LayoutInfo& info, std::string_view name) {
  for (std::size_t i = 0; i < info.keypoints.size(); ++i) {
    if (info.keypoints[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Sided find_sided(const LayoutInfo& info, const std::string& part) {
  return {find_keypoint(info, "left_" + part), find_keypoint(info, "right_" + part)};
}

Part part_of(std::string_view name) {
  const auto has = [&](std::string_view word) { return name.find(word) != std::string_view::npos; };
  // Legs first: "foot_index" would otherwise match the hand's "index".
  if (has("knee") || has("ankle") || has("heel") || has("foot")) return Part::Legs;
  if (has("elbow") || has("wrist") || has("pinky") || has("index") || has("thumb")) {
    return Part::Arms;
  }
  return Part::Core;
}

// Derived from skeleton.hpp's names so the two can never disagree.
LayoutIndex build_index(Layout layout) {
  const LayoutInfo& info = layout_info(layout);
  LayoutIndex idx;
  idx.name = info.name;
  idx.count = info.keypoints.size();
  idx.nose = find_keypoint(info, "nose");
  idx.ear = find_sided(info, "ear");
  idx.shoulder = find_sided(info, "shoulder");
  idx.elbow = find_sided(info, "elbow");
  idx.wrist = find_sided(info, "wrist");
  idx.hip = find_sided(info, "hip");
  idx.knee = find_sided(info, "knee");
  idx.ankle = find_sided(info, "ankle");
  idx.heel = find_sided(info, "heel");
  idx.foot_index = find_sided(info, "foot_index");
  for (std::size_t i = 0; i < info.keypoints.size(); ++i) {
    const std::string_view name = info.keypoints[i];
    if (keypoint_side(name) != Side::Left) continue;
    std::string mirror(name);
    mirror.replace(mirror.find("left"), 4, "right");
    const int j = find_keypoint(info, mirror);
    PODIUM_ASSERT(j >= 0);
    idx.pairs.push_back({static_cast<int>(i), j, part_of(name)});
  }
  return idx;
}

}  // namespace

const LayoutIndex& layout_index(Layout layout) {
  static const std::vector<LayoutIndex> every = [] {
    std::vector<LayoutIndex> v;
    v.reserve(kLayouts.size());
    for (const Layout l : kLayouts)
      v.push_back(build_index(l));
    return v;
  }();
  return every[static_cast<std::size_t>(layout)];
}

void check_frame(const PoseFrame& frame, const char* where) {
  const LayoutIndex& idx = layout_index(frame.layout);
  require_option(frame.points.size() == idx.count, where, "points.size()", frame.points.size(),
                 "layout " + std::string(idx.name) + " has " + std::to_string(idx.count));
}

void check_frames(std::span<const PoseFrame> frames, const char* where) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    check_frame(frames[i], where);
    require_option(frames[i].layout == frames[0].layout, where,
                   "frames[" + std::to_string(i) + "].layout",
                   std::string(layout_index(frames[i].layout).name),
                   "frames[0] is " + std::string(layout_index(frames[0].layout).name) +
                       "; one layout per sequence");
  }
}

void check_times(std::span<const double> times_s, std::size_t values, const char* where) {
  require_option(times_s.size() == values, where, "times_s.size()", times_s.size(),
                 "must equal the values' " + std::to_string(values));
  const auto at = [](std::size_t i) { return "times_s[" + std::to_string(i) + "]"; };
  for (std::size_t i = 0; i < times_s.size(); ++i) {
    if (!std::isfinite(times_s[i]))
      reject_option(where, at(i), number_text(times_s[i]), "must be finite");
    if (i > 0 && !(times_s[i] > times_s[i - 1])) {
      reject_option(where, at(i), number_text(times_s[i]),
                    "must be after " + at(i - 1) + " = " + number_text(times_s[i - 1]) +
                        " (times must strictly increase)");
    }
  }
}

std::size_t side_index(Side side, const char* where, const char* what) {
  require_option(side != Side::Centre, where, "side", "Centre",
                 std::string("must be Left or Right for ") + what);
  return side == Side::Left ? 0u : 1u;
}

void require_feet(const LayoutIndex& idx, const char* where, const char* what) {
  if (idx.heel[0] < 0 || idx.foot_index[0] < 0) {
    throw Error(ErrorKind::Unsupported, std::string(where) + ": " + what +
                                            " needs heel and foot_index keypoints; " +
                                            std::string(idx.name) + " has none (use blazepose33)");
  }
}

Point2 at(const PoseFrame& frame, int index) {
  return index < 0 ? Point2{} : frame.points[static_cast<std::size_t>(index)];
}

Point2 midpoint(Point2 a, Point2 b) {
  if (is_missing(a) || is_missing(b)) return {};
  return {(a.x + b.x) / 2, (a.y + b.y) / 2};
}

double distance(Point2 a, Point2 b) {
  return std::hypot(b.x - a.x, b.y - a.y);
}

double frame_torso_px(const PoseFrame& frame, const LayoutIndex& idx) {
  double sum = 0;
  int sides = 0;
  for (std::size_t s = 0; s < 2; ++s) {
    const double d = distance(at(frame, idx.hip[s]), at(frame, idx.shoulder[s]));
    if (d >= kMinSegmentLengthPx) {
      sum += d;
      ++sides;
    }
  }
  return sides > 0 ? sum / sides : kNaN;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace podium::vision::kinematics
