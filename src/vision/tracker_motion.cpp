#include "tracker_motion.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace podium::vision::tracking {
namespace {

// OKS over one or two keypoints says more about noise than about who it is.
constexpr int kMinSharedKeypoints = 3;
// Predicted boxes never shrink below a pixel, so IoU and the OKS scale stay defined.
constexpr double kMinBoxSidePx = 1.0;
// Prior on a new track's speed: a sprinter covers about 5 body heights per second, most athletes
// far less; wide enough that the second frame alone sets the velocity.
constexpr double kInitialSpeedHeightsPerS = 3.0;

// COCO keypoint sigmas (cocoapi), in COCO-17 order.
constexpr std::array<double, 17> kCocoSigmas = {0.026, 0.025, 0.025, 0.035, 0.035, 0.079,
                                                0.079, 0.072, 0.072, 0.062, 0.062, 0.107,
                                                0.107, 0.087, 0.087, 0.089, 0.089};
// BlazePose-33 has no published sigmas: each keypoint takes its nearest COCO joint's (eye corners:
// eye; mouth: nose; fingers: wrist; heel and toes: ankle).
constexpr std::array<double, 33> kBlazeSigmas = {
    0.026, 0.025, 0.025, 0.025, 0.025, 0.025, 0.025, 0.035, 0.035, 0.026, 0.026,
    0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.062, 0.062, 0.062, 0.062, 0.062,
    0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089, 0.089, 0.089, 0.089, 0.089};

// Other layouts take COCO's sigma for each COCO keypoint they have; a keypoint COCO lacks (the
// OpenPose neck) the shoulders'.
std::vector<double> sigmas_from_coco(Layout layout) {
  std::vector<double> s(layout_info(layout).keypoints.size(), kCocoSigmas[5]);
  for (std::size_t c = 0; c < kCocoSigmas.size(); ++c) {
    const int k = coco17_index(layout)[c];
    if (k >= 0) s[static_cast<std::size_t>(k)] = kCocoSigmas[c];
  }
  return s;
}

std::span<const double> keypoint_sigmas(Layout layout) {
  if (layout == Layout::BlazePose33) return kBlazeSigmas;
  static const std::vector<std::vector<double>> every = [] {
    std::vector<std::vector<double>> v;
    v.reserve(kLayouts.size());
    for (const Layout l : kLayouts)
      v.push_back(sigmas_from_coco(l));
    return v;
  }();
  return every[static_cast<std::size_t>(layout)];
}

Vec2 centre_of(const Box& box) {
  return {box.x + box.width / 2, box.y + box.height / 2};
}

}  // namespace

std::optional<double> oks(std::span<const Vec2> a, std::span<const Keypoint> b,
                          const std::vector<bool>& use, Layout layout, double area) {
  const std::span<const double> sigmas = keypoint_sigmas(layout);
  double sum = 0;
  int shared = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    if (!use[i]) continue;
    const double dx = a[i].x - b[i].x, dy = a[i].y - b[i].y;
    const double k = 2 * sigmas[i];
    sum += std::exp(-(dx * dx + dy * dy) / (2 * area * k * k));
    ++shared;
  }
  if (shared < kMinSharedKeypoints) return std::nullopt;
  return sum / shared;
}

void PointFilter::start(Vec2 z, Vec2 v, double r) {
  pos = z;
  vel = v;
  p00 = r;
  p01 = 0;
  p11 = kInitialSpeedHeightsPerS * kInitialSpeedHeightsPerS;
  live = true;
}

void PointFilter::predict(double dt, double a, double b, double q) {
  pos += vel * a;
  vel *= b;
  const double n00 = p00 + 2 * a * p01 + a * a * p11 + q * dt * dt * dt / 3;
  const double n01 = b * (p01 + a * p11) + q * dt * dt / 2;
  const double n11 = b * b * p11 + q * dt;
  p00 = n00;
  p01 = n01;
  p11 = n11;
}

void PointFilter::update(Vec2 z, double r) {
  const double s = p00 + r;
  const double k0 = p00 / s, k1 = p01 / s;
  const Vec2 e = z - pos;
  pos += e * k0;
  vel += e * k1;
  p11 -= k1 * p01;
  p01 *= 1 - k0;
  p00 *= 1 - k0;
}

bool Motion::uses_keypoints(const Person& det) const {
  return det.layout == layout && det.keypoints.size() == offsets.size();
}

Box Motion::box() const {
  const double w = std::max(size.pos.x, kMinBoxSidePx);
  const double h = std::max(size.pos.y, kMinBoxSidePx);
  return {centre.pos.x - w / 2, centre.pos.y - h / 2, w, h};
}

Vec2 Motion::keypoint(std::size_t i) const {
  return offsets[i].live ? centre.pos + offsets[i].pos : centre.pos;
}

Motion start_motion(const Person& det, const TrackerOptions& o) {
  Motion m;
  m.layout = det.layout;
  const size_t n = layout_info(det.layout).keypoints.size();
  m.offsets.resize(n);
  m.confident.assign(n, false);
  m.height_px = det.box.height;
  const double r = o.measurement_noise * o.measurement_noise;
  m.centre.start(centre_of(det.box), {0, 0}, r);
  m.size.start({det.box.width, det.box.height}, {0, 0}, r);
  if (!m.uses_keypoints(det)) return m;
  for (size_t i = 0; i < n; ++i) {
    const Keypoint& k = det.keypoints[i];
    m.confident[i] = k.score >= o.keypoint_min_score;
    if (m.confident[i]) m.offsets[i].start(Vec2{k.x, k.y} - m.centre.pos, {0, 0}, r);
  }
  return m;
}

void predict_motion(Motion& m, double dt, const TrackerOptions& o) {
  if (dt <= 0) return;
  const double q = o.motion_noise * o.motion_noise;
  m.centre.predict(dt, dt, 1, q);
  // Shape velocity fades: a limb swinging forward now is not still swinging forward in a second.
  const double fade = std::exp(-dt / o.shape_velocity_decay_s);
  const double drift = o.shape_velocity_decay_s * -std::expm1(-dt / o.shape_velocity_decay_s);
  m.size.predict(dt, drift, fade, q);
  for (PointFilter& f : m.offsets) {
    if (f.live) f.predict(dt, drift, fade, q);
  }
}

void update_motion(Motion& m, const Person& det, const TrackerOptions& o) {
  const double r = o.measurement_noise * o.measurement_noise;
  const Vec2 c = centre_of(det.box);
  m.centre.update(c, r);
  m.size.update({det.box.width, det.box.height}, r);
  m.height_px = det.box.height;
  std::fill(m.confident.begin(), m.confident.end(), false);
  if (!m.uses_keypoints(det)) return;
  for (size_t i = 0; i < m.offsets.size(); ++i) {
    const Keypoint& k = det.keypoints[i];
    if (k.score < o.keypoint_min_score) continue;
    m.confident[i] = true;
    const Vec2 z = Vec2{k.x, k.y} - c;
    if (m.offsets[i].live) {
      m.offsets[i].update(z, r);
    } else {
      m.offsets[i].start(z, {0, 0}, r);
    }
  }
}

void warp_motion(Motion& m, const CameraMotion& camera) {
  const auto& a = camera.m;
  const auto linear = [&](Vec2 v) {
    return Vec2{a[0][0] * v.x + a[0][1] * v.y, a[1][0] * v.x + a[1][1] * v.y};
  };
  m.centre.pos = linear(m.centre.pos) + Vec2{a[0][2], a[1][2]};
  m.centre.vel = linear(m.centre.vel);
  for (PointFilter& f : m.offsets) {
    f.pos = linear(f.pos);
    f.vel = linear(f.vel);
  }
  const double scale = std::sqrt(std::abs(a[0][0] * a[1][1] - a[0][1] * a[1][0]));
  m.size.pos *= scale;
  m.size.vel *= scale;
  m.height_px *= scale;
}

Person predicted_person(const Motion& m) {
  Person p;
  p.box = m.box();
  p.layout = m.layout;
  p.keypoints.resize(m.offsets.size());
  for (size_t i = 0; i < m.offsets.size(); ++i) {
    const Vec2 k = m.keypoint(i);
    p.keypoints[i].x = k.x;
    p.keypoints[i].y = k.y;
  }
  return p;
}

double similarity(const Motion& m, const Person& det, double reach_px, const TrackerOptions& o) {
  Box box = m.box();
  Vec2 shift{0, 0};
  if (reach_px > 0) {
    const Vec2 d = centre_of(det.box) - centre_of(box);
    const double len = std::hypot(d.x, d.y);
    shift = len <= reach_px ? d : d * (reach_px / len);
  }
  box.x += shift.x;
  box.y += shift.y;
  const double iou = box_iou(box, det.box);
  if (o.keypoint_weight == 0 || !m.uses_keypoints(det)) return iou;
  const size_t n = m.offsets.size();
  std::vector<Vec2> predicted(n);
  std::vector<bool> use(n);
  for (size_t i = 0; i < n; ++i) {
    predicted[i] = m.keypoint(i) + shift;
    use[i] = m.confident[i] && m.offsets[i].live && det.keypoints[i].score >= o.keypoint_min_score;
  }
  const std::optional<double> s = oks(predicted, det.keypoints, use, m.layout, box.area());
  if (!s) return iou;
  return o.keypoint_weight * *s + (1 - o.keypoint_weight) * iou;
}

}  // namespace podium::vision::tracking
