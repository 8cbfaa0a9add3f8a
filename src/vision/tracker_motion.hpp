// The tracker's motion model (internal to tracker.cpp): per track, 2-D Kalman filters on the box
// centre, the box size and every keypoint's offset from the centre, and the similarity of a
// track's prediction to a detection. Pixels and seconds; noise in box heights (tracker.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "podium/vision/person.hpp"
#include "podium/vision/tracker.hpp"

namespace podium::vision::tracking {

// A position or velocity in pixels (per second), with the arithmetic the filters need.
struct Vec2 {
  double x = 0, y = 0;
};
inline Vec2 operator+(Vec2 a, Vec2 b) {
  return {a.x + b.x, a.y + b.y};
}
inline Vec2 operator-(Vec2 a, Vec2 b) {
  return {a.x - b.x, a.y - b.y};
}
inline Vec2 operator*(Vec2 a, double s) {
  return {a.x * s, a.y * s};
}
inline Vec2& operator+=(Vec2& a, Vec2 b) {
  return a = a + b;
}
inline Vec2& operator*=(Vec2& a, double s) {
  return a = a * s;
}

// A 2-D Kalman filter on position and velocity. x and y share one covariance (per axis, in box
// heights^2) because they share the noise model and are always measured together; keeping it in
// box heights makes the gains independent of how large the athlete appears.
struct PointFilter {
  Vec2 pos, vel;  // pixels, pixels/s
  double p00 = 0, p01 = 0, p11 = 0;
  bool live = false;  // measured at least once

  void start(Vec2 z, Vec2 v, double r);
  // Over dt seconds the position moves by a * velocity and the velocity is scaled by b: a = dt,
  // b = 1 is constant velocity. Process noise: continuous white acceleration of density q, which
  // composes exactly over any split of dt, as an irregular frame rate needs.
  void predict(double dt, double a, double b, double q);
  void update(Vec2 z, double r);
};

// Everything about where a track is and where it is going.
struct Motion {
  Layout layout = Layout::Coco17;
  double height_px = 1;              // last detected box height: the unit of noise and reach
  PointFilter centre;                // box centre
  PointFilter size;                  // box width, height
  std::vector<PointFilter> offsets;  // per keypoint, from the box centre
  std::vector<bool> confident;       // per keypoint: confident in the last matched detection

  // A detection's keypoints feed the track only in the track's own layout.
  bool uses_keypoints(const Person& det) const;
  Box box() const;  // never smaller than a pixel
  Vec2 keypoint(std::size_t i) const;
};

Motion start_motion(const Person& det, const TrackerOptions& o);
// Advances by dt seconds (nothing when dt <= 0).
void predict_motion(Motion& m, double dt, const TrackerOptions& o);
void update_motion(Motion& m, const Person& det, const TrackerOptions& o);
// Moves the prediction with the camera: the centre through the map, velocities and keypoint
// offsets through its linear part, the box size by its scale (sqrt |det|). The covariances stay:
// they are in box heights, which the camera scales along with the box.
void warp_motion(Motion& m, const CameraMotion& camera);
// Box and keypoints where the motion model puts them, every score 0.
Person predicted_person(const Motion& m);
// keypoint_weight * OKS + (1 - keypoint_weight) * IoU of the prediction and a detection (IoU
// alone without 3 shared confident keypoints). reach_px > 0 moves the prediction up to that far
// towards the detection first: the longer a track is hidden, the less exact its guess.
double similarity(const Motion& m, const Person& det, double reach_px, const TrackerOptions& o);
// Mean of exp(-d^2 / (2 area k^2)), k = 2 sigma, over the keypoints `use` selects; nullopt when
// fewer than 3 are selected.
std::optional<double> oks(std::span<const Vec2> a, std::span<const Keypoint> b,
                          const std::vector<bool>& use, Layout layout, double area);

}  // namespace podium::vision::tracking
