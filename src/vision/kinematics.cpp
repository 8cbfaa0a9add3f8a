#include "podium/vision/kinematics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <sstream>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/vision/person.hpp"

namespace podium::vision {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
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
// estimate_cadence(): peaks this close to the best count as equals; the shortest wins.
constexpr double kCadencePeakTolerance = 0.9;
// estimate_cadence(): a uniform grid longer than this many times the finite samples is mostly gap.
constexpr std::size_t kCadenceMaxGridPerSample = 8;

std::string num(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

[[noreturn]] void invalid(const std::string& message) {
  throw Error(ErrorKind::InvalidInput, message);
}

// ---- layout roles ------------------------------------------------------------------------------

enum class Part { Core, Arms, Legs };

struct Pair {
  int left = -1, right = -1;
  Part part = Part::Core;
};

using Sided = std::array<int, 2>;  // [0] left, [1] right; -1 when the layout lacks the keypoint

struct LayoutIndex {
  std::string_view name;
  std::size_t count = 0;
  int nose = -1;
  Sided ear, shoulder, elbow, wrist, hip, knee, ankle, heel, foot_index;
  std::vector<Pair> pairs;
};

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

const LayoutIndex& layout_index(Layout layout) {
  static const LayoutIndex coco = build_index(Layout::Coco17);
  static const LayoutIndex blaze = build_index(Layout::BlazePose33);
  return layout == Layout::Coco17 ? coco : blaze;
}

void check_frame(const PoseFrame& frame, const char* where) {
  const LayoutIndex& idx = layout_index(frame.layout);
  if (frame.points.size() != idx.count) {
    invalid(std::string(where) + ": frame has " + std::to_string(frame.points.size()) +
            " points; layout " + std::string(idx.name) + " has " + std::to_string(idx.count));
  }
}

void check_frames(std::span<const PoseFrame> frames, const char* where) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    check_frame(frames[i], where);
    if (frames[i].layout != frames[0].layout) {
      invalid(std::string(where) + ": frames[" + std::to_string(i) + "] is " +
              std::string(layout_index(frames[i].layout).name) + " but frames[0] is " +
              std::string(layout_index(frames[0].layout).name) + "; one layout per sequence");
    }
  }
}

void check_times(std::span<const double> times_s, std::size_t values, const char* where) {
  if (times_s.size() != values) {
    invalid(std::string(where) + ": times_s has " + std::to_string(times_s.size()) +
            " samples but the values have " + std::to_string(values));
  }
  for (std::size_t i = 0; i < times_s.size(); ++i) {
    if (!std::isfinite(times_s[i])) {
      invalid(std::string(where) + ": times_s[" + std::to_string(i) + "] = " + num(times_s[i]) +
              " is not finite");
    }
    if (i > 0 && !(times_s[i] > times_s[i - 1])) {
      invalid(std::string(where) + ": times_s[" + std::to_string(i) + "] = " + num(times_s[i]) +
              " is not after times_s[" + std::to_string(i - 1) + "] = " + num(times_s[i - 1]) +
              "; times must strictly increase");
    }
  }
}

std::size_t side_index(Side side, const char* where, const char* what) {
  if (side == Side::Centre) {
    invalid(std::string(where) + ": side = Centre for " + what + "; must be Left or Right");
  }
  return side == Side::Left ? 0u : 1u;
}

void require_feet(const LayoutIndex& idx, const char* where, const char* what) {
  if (idx.heel[0] < 0 || idx.foot_index[0] < 0) {
    throw Error(ErrorKind::Unsupported, std::string(where) + ": " + what +
                                            " needs heel and foot_index keypoints; " +
                                            std::string(idx.name) + " has none (use blazepose33)");
  }
}

// ---- geometry ----------------------------------------------------------------------------------

Point2 at(const PoseFrame& frame, int index) {
  return index < 0 ? Point2{} : frame.points[static_cast<std::size_t>(index)];
}

Point2 midpoint(Point2 a, Point2 b) {
  if (is_missing(a) || is_missing(b)) return {};
  return {(a.x + b.x) / 2, (a.y + b.y) / 2};
}

double distance(Point2 a, Point2 b) {
  return std::hypot(b.x - a.x, b.y - a.y);  // NaN when either is missing
}

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

double median_of(std::vector<double> v) {  // v non-empty
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentile_sorted(const std::vector<double>& sorted, double p) {  // linear interpolation
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

// For one part, whether to flip each frame's left/right labels against the detector: the
// labelling of the whole clip that minimises penalty_px per flipped frame and pair, plus for every
// present keypoint its distance from where its labelled side should be, capped at cap_px so that
// one wild detection cannot outweigh the rest. "Should be": extrapolated at constant velocity
// from the two previous frames, or the last of them alone when only it shows the pair. Viterbi
// over the flips of the last two frames (4 states), so the choice is global: one ambiguous frame
// cannot hand wrong sides on to the frames after it. A prediction needs both sides of the pair in
// the frames it uses, so every labelling is charged for the same keypoints.
std::vector<bool> smoothest_flips(const std::vector<PoseFrame>& frames, const LayoutIndex& idx,
                                  Part part, double penalty_px, double cap_px) {
  const std::size_t n = frames.size();
  // The evidence grows with the number of pairs compared, and so must the bar: otherwise noise
  // summed over a side view's eight near-coincident core keypoints outweighs one penalty.
  const auto pairs = static_cast<double>(std::count_if(
      idx.pairs.begin(), idx.pairs.end(), [&](const Pair& p) { return p.part == part; }));
  penalty_px *= pairs;
  const auto labelled = [&](std::size_t k, const Pair& p, std::size_t side, std::size_t flip) {
    return frames[k].points[static_cast<std::size_t>((side ^ flip) == 0 ? p.left : p.right)];
  };
  const auto complete = [&](std::size_t k, const Pair& p) {
    return !is_missing(frames[k].points[static_cast<std::size_t>(p.left)]) &&
           !is_missing(frames[k].points[static_cast<std::size_t>(p.right)]);
  };
  // Cost of frame k labelled with flip z0 after frames k-1, k-2 labelled with z1, z2.
  const auto step_cost = [&](std::size_t k, std::size_t z2, std::size_t z1, std::size_t z0) {
    double cost = 0;
    for (const Pair& p : idx.pairs) {
      if (p.part != part || k == 0) continue;
      const bool last = complete(k - 1, p), older = k >= 2 && complete(k - 2, p);
      if (!last && !older) continue;
      for (std::size_t side = 0; side < 2; ++side) {
        const Point2 x = labelled(k, p, side, z0);
        if (is_missing(x)) continue;
        Point2 expect = last ? labelled(k - 1, p, side, z1) : labelled(k - 2, p, side, z2);
        if (last && older) {
          const Point2 o = labelled(k - 2, p, side, z2);
          expect = {2 * expect.x - o.x, 2 * expect.y - o.y};
        }
        cost += std::min(distance(x, expect), cap_px);
      }
    }
    return cost;
  };
  if (n == 0) return {};
  // State s = 2 * z[k-1] + z[k]; frame 0 has no predecessor, so only s = 0 and s = 3 exist. Ties
  // go to the earlier candidate, i.e. to not flipping: deterministic and detector-friendly.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<std::array<double, 4>> best(n, {kInf, kInf, kInf, kInf});
  std::vector<std::array<std::size_t, 4>> from(n, {0, 0, 0, 0});
  best[0] = {0.0, kInf, kInf, penalty_px};
  for (std::size_t k = 1; k < n; ++k) {
    for (std::size_t z1 = 0; z1 < 2; ++z1) {
      for (std::size_t z0 = 0; z0 < 2; ++z0) {
        for (std::size_t z2 = 0; z2 < 2; ++z2) {
          const double before = best[k - 1][2 * z2 + z1];
          if (before == kInf) continue;
          const double total = before + step_cost(k, z2, z1, z0) + (z0 == 1 ? penalty_px : 0.0);
          const std::size_t s = 2 * z1 + z0;
          if (total < best[k][s]) {
            best[k][s] = total;
            from[k][s] = z2;
          }
        }
      }
    }
  }
  std::size_t s = 0;
  for (std::size_t c = 1; c < 4; ++c) {
    if (best[n - 1][c] < best[n - 1][s]) s = c;
  }
  std::vector<bool> flips(n);
  for (std::size_t k = n - 1;; --k) {
    flips[k] = (s & 1u) != 0;
    if (k == 0) break;
    s = 2 * from[k][s] + (s >> 1u);
  }
  return flips;
}

}  // namespace

bool is_missing(Point2 p) {
  return !std::isfinite(p.x) || !std::isfinite(p.y);
}

PoseFrame pose_frame(const Person& person, double min_score) {
  if (!(min_score >= 0 && min_score <= 1)) {
    invalid("pose_frame: min_score = " + num(min_score) + " must be within 0..1");
  }
  const LayoutIndex& idx = layout_index(person.layout);
  if (person.keypoints.size() != idx.count) {
    invalid("pose_frame: person has " + std::to_string(person.keypoints.size()) +
            " keypoints; layout " + std::string(idx.name) + " has " + std::to_string(idx.count));
  }
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

PoseFrame swap_left_right(const PoseFrame& frame, SwapGroup group) {
  check_frame(frame, "swap_left_right");
  PoseFrame out = frame;
  for (const Pair& p : layout_index(frame.layout).pairs) {
    const bool in_group = group == SwapGroup::WholeBody ||
                          (group == SwapGroup::Arms && p.part == Part::Arms) ||
                          (group == SwapGroup::Legs && p.part == Part::Legs);
    if (in_group) {
      std::swap(out.points[static_cast<std::size_t>(p.left)],
                out.points[static_cast<std::size_t>(p.right)]);
    }
  }
  return out;
}

SwapRepair repair_left_right_swaps(std::span<const PoseFrame> frames,
                                   const SwapRepairOptions& options) {
  if (!(std::isfinite(options.flip_penalty_torso) && options.flip_penalty_torso > 0)) {
    invalid("SwapRepairOptions.flip_penalty_torso = " + num(options.flip_penalty_torso) +
            " must be finite and > 0");
  }
  if (!(std::isfinite(options.max_cost_torso) && options.max_cost_torso > 0)) {
    invalid("SwapRepairOptions.max_cost_torso = " + num(options.max_cost_torso) +
            " must be finite and > 0");
  }
  check_frames(frames, "repair_left_right_swaps");
  SwapRepair out;
  out.frames.assign(frames.begin(), frames.end());
  out.swaps.resize(frames.size());
  if (frames.empty()) return out;
  const LayoutIndex& idx = layout_index(frames[0].layout);
  std::vector<double> torsos;
  for (const PoseFrame& f : frames) {
    const double t = frame_torso_px(f, idx);
    if (!std::isnan(t)) torsos.push_back(t);
  }
  if (torsos.empty()) return out;
  out.torso_px = median_of(torsos);
  const double penalty_px = options.flip_penalty_torso * out.torso_px;
  const double cap_px = options.max_cost_torso * out.torso_px;

  // Core first (its flip is the whole body), then legs and arms on the result.
  struct Pass {
    Part part;
    SwapGroup group;
    bool FrameSwap::*flag;
  };
  for (const Pass& pass : {Pass{Part::Core, SwapGroup::WholeBody, &FrameSwap::whole_body},
                           Pass{Part::Legs, SwapGroup::Legs, &FrameSwap::legs},
                           Pass{Part::Arms, SwapGroup::Arms, &FrameSwap::arms}}) {
    const std::vector<bool> flips = smoothest_flips(out.frames, idx, pass.part, penalty_px, cap_px);
    for (std::size_t k = 0; k < flips.size(); ++k) {
      if (!flips[k]) continue;
      out.frames[k] = swap_left_right(out.frames[k], pass.group);
      out.swaps[k].*pass.flag = true;
    }
  }
  for (const FrameSwap& s : out.swaps) {
    if (s.whole_body || s.legs || s.arms) ++out.repaired_frames;
  }
  return out;
}

MetricScale estimate_metric_scale(std::span<const PoseFrame> frames, double athlete_height_m) {
  if (!(athlete_height_m >= 0.5 && athlete_height_m <= 2.5)) {
    invalid("estimate_metric_scale: athlete_height_m = " + num(athlete_height_m) +
            " must be within 0.5..2.5 m");
  }
  check_frames(frames, "estimate_metric_scale");
  std::vector<double> shank, thigh, trunk;
  MetricScale m;
  for (const PoseFrame& f : frames) {
    const LayoutIndex& idx = layout_index(f.layout);
    bool used = false;
    const auto add = [&](std::vector<double>& to, int a, int b) {
      const double d = distance(at(f, a), at(f, b));
      if (d >= kMinSegmentLengthPx) {
        to.push_back(d);
        used = true;
      }
    };
    for (std::size_t s = 0; s < 2; ++s) {
      add(shank, idx.knee[s], idx.ankle[s]);
      add(thigh, idx.hip[s], idx.knee[s]);
      add(trunk, idx.hip[s], idx.shoulder[s]);
    }
    if (used) ++m.frames_used;
  }
  for (const auto& [samples, what] :
       {std::pair{&shank, "a knee and ankle"}, std::pair{&thigh, "a hip and knee"},
        std::pair{&trunk, "a hip and shoulder"}}) {
    if (samples->empty()) {
      invalid("estimate_metric_scale: no frame shows " + std::string(what) +
              " on the same side; cannot measure the body");
    }
  }
  m.shank_px = median_of(shank);
  m.thigh_px = median_of(thigh);
  m.trunk_px = median_of(trunk);
  m.body_height_px = (m.shank_px + m.thigh_px + m.trunk_px) / kAnkleToShoulderHeightFraction;
  m.metres_per_pixel = athlete_height_m / m.body_height_px;
  return m;
}

std::optional<Cadence> estimate_cadence(std::span<const double> times_s,
                                        std::span<const double> values,
                                        const CadenceOptions& options) {
  if (!(std::isfinite(options.min_hz) && options.min_hz > 0)) {
    invalid("CadenceOptions.min_hz = " + num(options.min_hz) + " must be finite and > 0");
  }
  if (!(std::isfinite(options.max_hz) && options.max_hz > options.min_hz)) {
    invalid("CadenceOptions.max_hz = " + num(options.max_hz) + " must be finite and > min_hz (" +
            num(options.min_hz) + ")");
  }
  if (!(options.min_correlation > 0 && options.min_correlation < 1)) {
    invalid("CadenceOptions.min_correlation = " + num(options.min_correlation) +
            " must be in (0, 1)");
  }
  check_times(times_s, values.size(), "estimate_cadence");
  std::vector<double> t, v;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i])) {
      t.push_back(times_s[i]);
      v.push_back(values[i]);
    }
  }
  if (t.size() < 4) return std::nullopt;
  std::vector<double> steps;
  for (std::size_t i = 1; i < times_s.size(); ++i)
    steps.push_back(times_s[i] - times_s[i - 1]);
  const double dt = median_of(steps);
  const double grid_size = std::floor((t.back() - t.front()) / dt) + 1;
  if (grid_size > static_cast<double>(kCadenceMaxGridPerSample * t.size())) return std::nullopt;
  const auto n = static_cast<std::size_t>(grid_size);

  // Linear resampling onto the uniform grid that autocorrelation needs.
  std::vector<double> x(n);
  std::size_t j = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ti = std::min(t.front() + static_cast<double>(i) * dt, t.back());
    while (j + 2 < t.size() && t[j + 1] < ti)
      ++j;
    const double w = std::clamp((ti - t[j]) / (t[j + 1] - t[j]), 0.0, 1.0);
    x[i] = v[j] + w * (v[j + 1] - v[j]);
  }
  double mean = 0;
  for (const double xi : x)
    mean += xi;
  mean /= static_cast<double>(n);
  double peak_to_peak = 0;
  for (double& xi : x) {
    xi -= mean;
    peak_to_peak = std::max(peak_to_peak, std::abs(xi));
  }
  if (!(peak_to_peak > 1e-12 * (1 + std::abs(mean)))) return std::nullopt;  // constant

  const auto lag_min =
      std::max<std::size_t>(2, static_cast<std::size_t>(std::floor(1.0 / (options.max_hz * dt))));
  const auto lag_max = std::min<std::size_t>(
      n / 2, static_cast<std::size_t>(std::ceil(1.0 / (options.min_hz * dt))));
  if (lag_max < lag_min) return std::nullopt;
  std::vector<double> r(lag_max + 2, 0.0);
  for (std::size_t k = lag_min - 1; k <= lag_max + 1; ++k) {
    double xy = 0, xx = 0, yy = 0;
    for (std::size_t i = 0; i + k < n; ++i) {
      xy += x[i] * x[i + k];
      xx += x[i] * x[i];
      yy += x[i + k] * x[i + k];
    }
    // Normalised over the overlap, so long lags are not penalised for overlapping less.
    r[k] = xx > 0 && yy > 0 ? xy / std::sqrt(xx * yy) : 0.0;
  }
  double best = -1;
  for (std::size_t k = lag_min; k <= lag_max; ++k) {
    if (r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] >= options.min_correlation) {
      best = std::max(best, r[k]);
    }
  }
  if (best < 0) return std::nullopt;
  std::size_t lag = lag_min;
  while (!(r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] >= kCadencePeakTolerance * best &&
           r[lag] >= options.min_correlation)) {
    ++lag;
  }
  const double a = r[lag - 1], b = r[lag], c = r[lag + 1];
  const double curvature = a - 2 * b + c;
  const double shift = curvature < 0 ? std::clamp(0.5 * (a - c) / curvature, -0.5, 0.5) : 0.0;
  Cadence out;
  out.period_s = (static_cast<double>(lag) + shift) * dt;
  out.cycles_per_minute = 60.0 / out.period_s;
  out.correlation = b;
  return out;
}

}  // namespace podium::vision
