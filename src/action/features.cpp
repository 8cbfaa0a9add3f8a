#include "podium/action/features.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "podium/vision/kinematics.hpp"

namespace podium::action {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<std::string_view, 7> kStatistics = {
    "mean", "std", "min", "max", "range", "mean_abs_velocity", "seen"};

struct AngleSeries {
  std::string_view name;
  vision::Joint joint;
  vision::Side side;
};
constexpr std::array<AngleSeries, 8> kAngles = {{
    {"left_elbow_angle", vision::Joint::Elbow, vision::Side::Left},
    {"right_elbow_angle", vision::Joint::Elbow, vision::Side::Right},
    {"left_shoulder_angle", vision::Joint::Shoulder, vision::Side::Left},
    {"right_shoulder_angle", vision::Joint::Shoulder, vision::Side::Right},
    {"left_hip_angle", vision::Joint::Hip, vision::Side::Left},
    {"right_hip_angle", vision::Joint::Hip, vision::Side::Right},
    {"left_knee_angle", vision::Joint::Knee, vision::Side::Left},
    {"right_knee_angle", vision::Joint::Knee, vision::Side::Right},
}};
constexpr std::string_view kTrunkLean = "trunk_lean";
// COCO-17 indices of the joints whose normalised positions are series.
constexpr std::array<std::size_t, 9> kKeyJoints = {0, 9, 10, 7, 8, 13, 14, 15, 16};
constexpr std::size_t kLeftShoulder = 5, kRightShoulder = 6, kLeftHip = 11, kRightHip = 12;

// The sequence's frames as COCO-17 PoseFrames, keypoints matched by name.
std::vector<vision::PoseFrame> coco_frames(const PoseSequence& s) {
  const auto coco = vision::layout_info(vision::Layout::Coco17).keypoints;
  const auto names = vision::layout_info(s.layout).keypoints;
  std::vector<std::size_t> source(coco.size(), names.size());  // names.size(): not in the layout
  for (std::size_t c = 0; c < coco.size(); ++c)
    source[c] =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), coco[c]) - names.begin());
  std::vector<vision::PoseFrame> frames(s.frames);
  for (std::size_t f = 0; f < s.frames; ++f) {
    frames[f].points.resize(coco.size());
    for (std::size_t c = 0; c < coco.size(); ++c) {
      if (source[c] == names.size()) continue;
      frames[f].points[c] = {s.x[s.at(f, source[c])], s.y[s.at(f, source[c])]};
    }
  }
  return frames;
}

vision::Point2 midpoint(vision::Point2 a, vision::Point2 b) {
  return {(a.x + b.x) / 2, (a.y + b.y) / 2};
}

// Hip-centring and torso scaling, kept minimal here until the action module has its own
// normalisation: each frame minus its mid-hip, over the median torso length of the sequence.
double median_torso(const std::vector<vision::PoseFrame>& frames) {
  std::vector<double> lengths;
  for (const vision::PoseFrame& f : frames) {
    const vision::Point2 hip = midpoint(f.points[kLeftHip], f.points[kRightHip]);
    const vision::Point2 shoulder = midpoint(f.points[kLeftShoulder], f.points[kRightShoulder]);
    const double d = std::hypot(shoulder.x - hip.x, shoulder.y - hip.y);
    if (std::isfinite(d) && d > 0) lengths.push_back(d);
  }
  if (lengths.empty()) return kNaN;
  const auto middle = lengths.begin() + static_cast<std::ptrdiff_t>(lengths.size() / 2);
  std::nth_element(lengths.begin(), middle, lengths.end());
  if (lengths.size() % 2 == 1) return *middle;
  return (*middle + *std::max_element(lengths.begin(), middle)) / 2;
}

void append_statistics(const std::vector<double>& v, double fps, std::vector<float>& out) {
  double sum = 0, low = kNaN, high = kNaN;
  std::size_t n = 0;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    sum += x;
    low = n == 0 ? x : std::min(low, x);
    high = n == 0 ? x : std::max(high, x);
    ++n;
  }
  const double mean = n == 0 ? kNaN : sum / static_cast<double>(n);
  double squares = 0;
  for (double x : v) {
    if (std::isfinite(x)) squares += (x - mean) * (x - mean);
  }
  double steps = 0;
  std::size_t pairs = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (!std::isfinite(v[i]) || !std::isfinite(v[i - 1])) continue;
    steps += std::fabs(v[i] - v[i - 1]);
    ++pairs;
  }
  const double per = fps > 0 ? fps : 1;
  const double values[] = {
      mean,
      n == 0 ? kNaN : std::sqrt(squares / static_cast<double>(n)),
      low,
      high,
      high - low,
      pairs == 0 ? kNaN : per * steps / static_cast<double>(pairs),
      v.empty() ? kNaN : static_cast<double>(n) / static_cast<double>(v.size())};
  for (double x : values)
    out.push_back(static_cast<float>(x));
}

std::vector<std::string> make_names() {
  std::vector<std::string> series;
  series.reserve(kAngles.size() + 1 + 2 * kKeyJoints.size());
  for (const AngleSeries& a : kAngles)
    series.emplace_back(a.name);
  series.emplace_back(kTrunkLean);
  const auto coco = vision::layout_info(vision::Layout::Coco17).keypoints;
  for (std::size_t k : kKeyJoints) {
    series.push_back(std::string(coco[k]) + "_x");
    series.push_back(std::string(coco[k]) + "_y");
  }
  std::vector<std::string> names;
  names.reserve(series.size() * kStatistics.size());
  for (const std::string& s : series) {
    for (std::string_view stat : kStatistics)
      names.push_back(s + "." + std::string(stat));
  }
  return names;
}

}  // namespace

const std::vector<std::string>& feature_names() {
  static const std::vector<std::string> names = make_names();
  return names;
}

std::vector<float> sequence_features(const PoseSequence& s) {
  validate(s);
  const std::vector<vision::PoseFrame> frames = coco_frames(s);
  const vision::Facing facing = vision::estimate_facing(frames).value_or(vision::Facing::Right);
  std::vector<float> out;
  out.reserve(feature_names().size());
  for (const AngleSeries& a : kAngles)
    append_statistics(vision::joint_angle_series(frames, a.joint, a.side, facing), s.fps, out);
  std::vector<double> lean =
      vision::segment_angle_series(frames, vision::Segment::Trunk, vision::Side::Centre);
  for (double& d : lean)
    d = facing == vision::Facing::Right ? 90 - d : d - 90;
  append_statistics(lean, s.fps, out);

  const double torso = median_torso(frames);
  std::vector<double> xs(s.frames), ys(s.frames);
  for (std::size_t k : kKeyJoints) {
    for (std::size_t f = 0; f < s.frames; ++f) {
      const vision::Point2 hip = midpoint(frames[f].points[kLeftHip], frames[f].points[kRightHip]);
      xs[f] = (frames[f].points[k].x - hip.x) / torso;
      ys[f] = (frames[f].points[k].y - hip.y) / torso;
    }
    append_statistics(xs, s.fps, out);
    append_statistics(ys, s.fps, out);
  }
  return out;
}

std::vector<float> feature_matrix(std::span<const PoseSequence> sequences) {
  std::vector<float> x;
  x.reserve(sequences.size() * feature_names().size());
  for (const PoseSequence& s : sequences) {
    const std::vector<float> row = sequence_features(s);
    x.insert(x.end(), row.begin(), row.end());
  }
  return x;
}

}  // namespace podium::action
