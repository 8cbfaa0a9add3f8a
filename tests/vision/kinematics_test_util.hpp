// Builders shared by the kinematics tests: synthetic running and jumping-jack skeletons, frame
// editing by keypoint name, and error-message checks.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/kinematics.hpp"
#include "podium/vision/skeleton.hpp"
#include "testkit/throws_error.hpp"

namespace podium::vision::kinematics_test {

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kTol = 1e-9;

inline int kp(Layout layout, std::string_view name) {
  const LayoutInfo& info = layout_info(layout);
  for (std::size_t i = 0; i < info.keypoints.size(); ++i) {
    if (info.keypoints[i] == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no keypoint " << name;
  return 0;
}

inline PoseFrame empty_frame(Layout layout = Layout::Coco17) {
  return {layout, std::vector<Point2>(layout_info(layout).keypoints.size())};
}

inline void set(PoseFrame& f, std::string_view name, Point2 p) {
  f.points[static_cast<std::size_t>(kp(f.layout, name))] = p;
}

inline Point2 get(const PoseFrame& f, std::string_view name) {
  return f.points[static_cast<std::size_t>(kp(f.layout, name))];
}

// The point len pixels from p in screen direction deg (anticlockwise from +x, y down).
inline Point2 along(Point2 p, double len, double deg) {
  const double r = deg * kPi / 180;
  return {p.x + len * std::cos(r), p.y - len * std::sin(r)};
}

inline bool same_point(Point2 a, Point2 b) {
  if (is_missing(a) || is_missing(b)) return is_missing(a) && is_missing(b);
  return a.x == b.x && a.y == b.y;
}

inline void expect_same_frames(const std::vector<PoseFrame>& got,
                               const std::vector<PoseFrame>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    for (std::size_t i = 0; i < got[k].points.size(); ++i) {
      EXPECT_TRUE(same_point(got[k].points[i], want[k].points[i]))
          << "frame " << k << " keypoint " << layout_info(got[k].layout).keypoints[i];
    }
  }
}

// Difference of two angles modulo 360, in (-180, 180].
inline double angle_diff(double a, double b) {
  double d = std::fmod(a - b, 360.0);
  if (d <= -180) d += 360;
  if (d > 180) d -= 360;
  return d;
}

struct BodySize {
  double trunk = 130, thigh = 100, shank = 100, upper_arm = 70, forearm = 60;
};

inline constexpr double kTrunkLeanScreenDeg = 80;  // 10 degrees forward of vertical, facing right

// Side view of an athlete running to the right (COCO-17). Per side (sign +1 left, -1 right):
// thigh -90 + 35 sin(phi), knee flexion 50 + 40 cos(phi), upper arm -90 - 40 sin(phi), elbow 90.
// The far side sits 2 px behind the near one, as a real side view nearly superimposes them.
inline PoseFrame running_frame(double t, double stride_hz, const BodySize& b = {}) {
  const double phi = 2 * kPi * stride_hz * t;
  const Point2 mid_hip{320, 300 + 5 * std::sin(2 * phi)};
  const Point2 mid_shoulder = along(mid_hip, b.trunk, kTrunkLeanScreenDeg);
  PoseFrame f = empty_frame();
  set(f, "nose", {mid_shoulder.x + 25, mid_shoulder.y - 45});
  for (const auto& [side, sign] : {std::pair{"left", 1.0}, std::pair{"right", -1.0}}) {
    const std::string s(side);
    const double depth = -2 * sign;
    const Point2 hip{mid_hip.x + depth, mid_hip.y};
    const Point2 shoulder = along(hip, b.trunk, kTrunkLeanScreenDeg);
    const double thigh = -90 + sign * 35 * std::sin(phi);
    const double flexion = 50 + sign * 40 * std::cos(phi);
    const Point2 knee = along(hip, b.thigh, thigh);
    const Point2 ankle = along(knee, b.shank, thigh - flexion);
    const double upper = -90 - sign * 40 * std::sin(phi);
    const Point2 elbow = along(shoulder, b.upper_arm, upper);
    set(f, s + "_eye", {mid_shoulder.x + 18 + depth, mid_shoulder.y - 52});
    set(f, s + "_ear", {mid_shoulder.x + depth, mid_shoulder.y - 50});
    set(f, s + "_shoulder", shoulder);
    set(f, s + "_elbow", elbow);
    set(f, s + "_wrist", along(elbow, b.forearm, upper + 90));
    set(f, s + "_hip", hip);
    set(f, s + "_knee", knee);
    set(f, s + "_ankle", ankle);
  }
  return f;
}

inline std::vector<PoseFrame> running_clip(std::size_t n, double fps, double stride_hz,
                                           const BodySize& b = {}) {
  std::vector<PoseFrame> frames;
  frames.reserve(n);
  for (std::size_t k = 0; k < n; ++k)
    frames.push_back(running_frame(static_cast<double>(k) / fps, stride_hz, b));
  return frames;
}

// Front view of jumping jacks, the athlete facing the camera, so their left is on the image's
// right. s = 0 arms down and feet together, s = 1 arms 60 degrees above horizontal.
inline PoseFrame jumping_jack_frame(double t, double hz) {
  const double s = (1 - std::cos(2 * kPi * hz * t)) / 2;
  PoseFrame f = empty_frame();
  set(f, "nose", {320, 135});
  for (const auto& [side, sign] : {std::pair{"left", 1.0}, std::pair{"right", -1.0}}) {
    const std::string n(side);
    const Point2 shoulder{320 + sign * 40, 170};
    const Point2 hip{320 + sign * 25, 300};
    const double arm = -90 + sign * 150 * s;
    const double leg = -90 + sign * 20 * s;
    set(f, n + "_eye", {320 + sign * 8, 125});
    set(f, n + "_ear", {320 + sign * 15, 128});
    set(f, n + "_shoulder", shoulder);
    set(f, n + "_elbow", along(shoulder, 70, arm));
    set(f, n + "_wrist", along(shoulder, 130, arm));
    set(f, n + "_hip", hip);
    set(f, n + "_knee", along(hip, 100, leg));
    set(f, n + "_ankle", along(hip, 200, leg));
  }
  return f;
}

inline PoseFrame mirror_x(const PoseFrame& f, double width) {
  PoseFrame m = f;
  for (Point2& p : m.points)
    p.x = width - p.x;
  return m;
}

// The one-line Error(InvalidInput) a call must throw, naming `part`.
inline auto InvalidNaming(const std::string& part) {
  return testkit::ThrowsError(ErrorKind::InvalidInput,
                              testkit::OneLine(::testing::HasSubstr(part)));
}

inline std::vector<double> irregular_times(int n, double fps) {
  std::vector<double> t;
  t.reserve(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k)
    t.push_back(k / fps + 0.35 / fps * std::sin(1.7 * k));
  return t;
}

}  // namespace podium::vision::kinematics_test
