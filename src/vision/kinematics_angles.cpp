// Joint and segment angles, unwrapping, facing, angular velocity and range of motion.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string>

#include "kinematics_common.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/kinematics.hpp"
#include "podium/vision/person.hpp"

namespace podium::vision {
namespace {

using namespace kinematics;  // the shared layout roles, checks and geometry

constexpr double kDegPerRad = 180.0 / std::numbers::pi;
// Single-frame intervals are (low, low + 360]. Segments use the usual (-180, 180]; each joint
// wraps at a posture it cannot take, so ordinary movement stays inside one interval and a frame
// never reads 90 one moment and 271 the next.
constexpr double kSegmentLowDeg = -180.0;
constexpr double kAnkleLowDeg = -180.0;    // toes folded onto the shin
constexpr double kKneeLowDeg = -90.0;      // 90 degrees of hyperextension
constexpr double kHipLowDeg = -135.0;      // beyond a split's -90 of extension
constexpr double kShoulderLowDeg = -90.0;  // arm horizontal behind the body
constexpr double kElbowLowDeg = -90.0;     // 90 degrees of hyperextension
// estimate_facing(): the nose must lead the ears by this many torso lengths to vote.
constexpr double kFacingMinLeadTorso = 0.1;
// Anticlockwise as seen on screen from +x: y grows downwards, so it is negated.
double screen_direction_deg(Point2 from, Point2 to) {
  if (is_missing(from) || is_missing(to) || !(distance(from, to) >= kMinSegmentLengthPx)) {
    return kNaN;
  }
  return std::atan2(-(to.y - from.y), to.x - from.x) * kDegPerRad;
}

// The same direction in the athlete's sagittal frame: 0 = forward, 90 = up. Facing left mirrors
// the screen, so anatomical signs do not depend on which way the athlete runs.
double body_direction_deg(Point2 from, Point2 to, Facing facing) {
  const double d = screen_direction_deg(from, to);
  return facing == Facing::Right ? d : 180.0 - d;
}

double wrap_into(double deg, double low) {  // -> (low, low + 360]; NaN stays NaN
  double v = std::fmod(deg - low, 360.0);
  if (v <= 0) v += 360.0;
  return low + v;
}

double percentile_sorted(const std::vector<double>& sorted, double p) {  // linear interpolation
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace

bool is_missing(Point2 p) {
  return !std::isfinite(p.x) || !std::isfinite(p.y);
}

PoseFrame pose_frame(const Person& person, double min_score) {
  require_option(min_score >= 0 && min_score <= 1, "pose_frame", "min_score", min_score,
                 "must be within 0..1");
  const LayoutIndex& idx = layout_index(person.layout);
  require_option(person.keypoints.size() == idx.count, "pose_frame", "keypoints.size()",
                 person.keypoints.size(),
                 "layout " + std::string(idx.name) + " has " + std::to_string(idx.count));
  PoseFrame frame{person.layout, std::vector<Point2>(idx.count)};
  for (std::size_t i = 0; i < idx.count; ++i) {
    const Keypoint& k = person.keypoints[i];
    if (k.score >= min_score) frame.points[i] = {k.x, k.y};
  }
  return frame;
}

const char* joint_name(Joint joint) {
  switch (joint) {
    case Joint::Ankle:
      return "ankle_dorsiflexion";
    case Joint::Knee:
      return "knee_flexion";
    case Joint::Hip:
      return "hip_flexion";
    case Joint::Shoulder:
      return "shoulder_flexion";
    case Joint::Elbow:
      return "elbow_flexion";
  }
  assert_fail("unknown Joint", __FILE__, __LINE__);
}

const char* segment_name(Segment segment) {
  switch (segment) {
    case Segment::Trunk:
      return "trunk";
    case Segment::Thigh:
      return "thigh";
    case Segment::Shank:
      return "shank";
    case Segment::Foot:
      return "foot";
    case Segment::UpperArm:
      return "upper_arm";
    case Segment::Forearm:
      return "forearm";
  }
  assert_fail("unknown Segment", __FILE__, __LINE__);
}

double joint_angle(const PoseFrame& frame, Joint joint, Side side, Facing facing) {
  check_frame(frame, "joint_angle");
  const std::size_t s = side_index(side, "joint_angle", joint_name(joint));
  const LayoutIndex& idx = layout_index(frame.layout);
  const auto p = [&](const Sided& role) { return at(frame, role[s]); };
  const auto dir = [&](Point2 from, Point2 to) { return body_direction_deg(from, to, facing); };
  switch (joint) {
    case Joint::Ankle:
      require_feet(idx, "joint_angle", joint_name(joint));
      // Foot square to the shank is neutral: subtract the 90 degrees between them.
      return wrap_into(dir(p(idx.heel), p(idx.foot_index)) - dir(p(idx.knee), p(idx.ankle)) - 90,
                       kAnkleLowDeg);
    case Joint::Knee:  // the shank folds backwards (clockwise in the body frame)
      return wrap_into(dir(p(idx.hip), p(idx.knee)) - dir(p(idx.knee), p(idx.ankle)), kKneeLowDeg);
    case Joint::Hip:  // thigh measured from the trunk's downward continuation
      return wrap_into(dir(p(idx.hip), p(idx.knee)) - dir(p(idx.hip), p(idx.shoulder)) + 180,
                       kHipLowDeg);
    case Joint::Shoulder:  // upper arm measured from the trunk's downward direction
      return wrap_into(dir(p(idx.shoulder), p(idx.elbow)) - dir(p(idx.hip), p(idx.shoulder)) + 180,
                       kShoulderLowDeg);
    case Joint::Elbow:  // the forearm folds forwards (anticlockwise in the body frame)
      return wrap_into(dir(p(idx.elbow), p(idx.wrist)) - dir(p(idx.shoulder), p(idx.elbow)),
                       kElbowLowDeg);
  }
  assert_fail("unknown Joint", __FILE__, __LINE__);
}

double segment_angle(const PoseFrame& frame, Segment segment, Side side) {
  check_frame(frame, "segment_angle");
  const LayoutIndex& idx = layout_index(frame.layout);
  if (segment == Segment::Trunk && side == Side::Centre) {
    return wrap_into(
        screen_direction_deg(midpoint(at(frame, idx.hip[0]), at(frame, idx.hip[1])),
                             midpoint(at(frame, idx.shoulder[0]), at(frame, idx.shoulder[1]))),
        kSegmentLowDeg);
  }
  const std::size_t s = side_index(side, "segment_angle", segment_name(segment));
  const auto seg = [&](const Sided& from, const Sided& to) {
    return wrap_into(screen_direction_deg(at(frame, from[s]), at(frame, to[s])), kSegmentLowDeg);
  };
  switch (segment) {
    case Segment::Trunk:
      return seg(idx.hip, idx.shoulder);
    case Segment::Thigh:
      return seg(idx.hip, idx.knee);
    case Segment::Shank:
      return seg(idx.knee, idx.ankle);
    case Segment::Foot:
      require_feet(idx, "segment_angle", segment_name(segment));
      return seg(idx.heel, idx.foot_index);
    case Segment::UpperArm:
      return seg(idx.shoulder, idx.elbow);
    case Segment::Forearm:
      return seg(idx.elbow, idx.wrist);
  }
  assert_fail("unknown Segment", __FILE__, __LINE__);
}

std::vector<double> unwrap_degrees(std::span<const double> degrees) {
  std::vector<double> out(degrees.size(), kNaN);
  double previous = kNaN;
  for (std::size_t i = 0; i < degrees.size(); ++i) {
    double v = degrees[i];
    if (!std::isfinite(v)) continue;
    if (!std::isnan(previous)) v -= 360.0 * std::round((v - previous) / 360.0);
    out[i] = previous = v;
  }
  return out;
}

std::vector<double> joint_angle_series(std::span<const PoseFrame> frames, Joint joint, Side side,
                                       Facing facing) {
  check_frames(frames, "joint_angle_series");
  std::vector<double> out;
  out.reserve(frames.size());
  for (const PoseFrame& f : frames)
    out.push_back(joint_angle(f, joint, side, facing));
  return unwrap_degrees(out);
}

std::vector<double> segment_angle_series(std::span<const PoseFrame> frames, Segment segment,
                                         Side side) {
  check_frames(frames, "segment_angle_series");
  std::vector<double> out;
  out.reserve(frames.size());
  for (const PoseFrame& f : frames)
    out.push_back(segment_angle(f, segment, side));
  return unwrap_degrees(out);
}

std::optional<Facing> estimate_facing(std::span<const PoseFrame> frames) {
  check_frames(frames, "estimate_facing");
  int right = 0, left = 0;
  for (const PoseFrame& f : frames) {
    const LayoutIndex& idx = layout_index(f.layout);
    const Point2 nose = at(f, idx.nose);
    const double torso = frame_torso_px(f, idx);
    double ear_x = 0;
    int ears = 0;
    for (const int e : idx.ear) {
      if (!is_missing(at(f, e))) {
        ear_x += at(f, e).x;
        ++ears;
      }
    }
    if (is_missing(nose) || ears == 0 || !(torso > 0)) continue;
    const double lead = nose.x - ear_x / ears;
    if (lead >= kFacingMinLeadTorso * torso) ++right;
    if (lead <= -kFacingMinLeadTorso * torso) ++left;
  }
  if (right > left) return Facing::Right;
  if (left > right) return Facing::Left;
  return std::nullopt;
}

std::vector<double> angular_velocity(std::span<const double> times_s,
                                     std::span<const double> degrees) {
  check_times(times_s, degrees.size(), "angular_velocity");
  const std::vector<double> u = unwrap_degrees(degrees);
  const std::size_t n = u.size();
  std::vector<double> out(n, kNaN);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(u[i])) continue;
    const bool back = i > 0 && !std::isnan(u[i - 1]);
    const bool ahead = i + 1 < n && !std::isnan(u[i + 1]);
    const double h1 = back ? times_s[i] - times_s[i - 1] : kNaN;
    const double h2 = ahead ? times_s[i + 1] - times_s[i] : kNaN;
    const double slope_back = back ? (u[i] - u[i - 1]) / h1 : kNaN;
    const double slope_ahead = ahead ? (u[i + 1] - u[i]) / h2 : kNaN;
    if (back && ahead) {
      // Weighting each slope by the other step cancels the second-order error on uneven steps.
      out[i] = (h1 * slope_ahead + h2 * slope_back) / (h1 + h2);
    } else if (back) {
      out[i] = slope_back;
    } else if (ahead) {
      out[i] = slope_ahead;
    }
  }
  return out;
}

RangeOfMotion range_of_motion(std::span<const double> degrees) {
  std::vector<double> v;
  for (const double d : unwrap_degrees(degrees)) {
    if (!std::isnan(d)) v.push_back(d);
  }
  RangeOfMotion r;
  if (v.empty()) return r;
  std::sort(v.begin(), v.end());
  r.samples = v.size();
  r.min_deg = v.front();
  r.max_deg = v.back();
  r.range_deg = r.max_deg - r.min_deg;
  r.p05_deg = percentile_sorted(v, 0.05);
  r.p50_deg = percentile_sorted(v, 0.50);
  r.p95_deg = percentile_sorted(v, 0.95);
  return r;
}

}  // namespace podium::vision
