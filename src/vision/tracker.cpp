#include "podium/vision/tracker.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>

#include "podium/core/error.hpp"

namespace podium::vision {
namespace {

// OKS over one or two keypoints says more about noise than about who it is.
constexpr int kMinSharedKeypoints = 3;
// Predicted boxes never shrink below a pixel, so IoU and the OKS scale stay defined.
constexpr double kMinBoxSidePx = 1.0;
// Sanity bounds that keep the filter arithmetic finite (squares and cubes of these must not
// overflow); no real camera, clip or athlete comes near them.
constexpr double kMaxPixels = 1e6;
constexpr double kMaxSeconds = 3600;
constexpr double kMinNoise = 1e-6;
constexpr double kMaxNoise = 1e3;
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

std::span<const double> keypoint_sigmas(Layout layout) {
  if (layout == Layout::Coco17) return kCocoSigmas;
  return kBlazeSigmas;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

[[noreturn]] void invalid(const std::string& what) {
  throw Error(ErrorKind::InvalidInput, "tracker: " + what);
}

// Mean of exp(-d^2 / (2 area k^2)), k = 2 sigma, over keypoints `use` selects.
std::optional<double> oks(std::span<const cv::Point2d> a, std::span<const Keypoint> b,
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

cv::Point2d centre_of(const cv::Rect2d& box) {
  return {box.x + box.width / 2, box.y + box.height / 2};
}

// A 2-D Kalman filter on position and velocity. x and y share one covariance (per axis, in box
// heights^2) because they share the noise model and are always measured together; keeping it in
// box heights makes the gains independent of how large the athlete appears.
struct PointFilter {
  cv::Point2d pos, vel;  // pixels, pixels/s
  double p00 = 0, p01 = 0, p11 = 0;
  bool live = false;  // measured at least once

  void start(cv::Point2d z, cv::Point2d v, double r) {
    pos = z;
    vel = v;
    p00 = r;
    p01 = 0;
    p11 = kInitialSpeedHeightsPerS * kInitialSpeedHeightsPerS;
    live = true;
  }

  // Over dt seconds the position moves by a * velocity and the velocity is scaled by b: a = dt,
  // b = 1 is constant velocity. Process noise: continuous white acceleration of density q, which
  // composes exactly over any split of dt, as an irregular frame rate needs.
  void predict(double dt, double a, double b, double q) {
    pos += vel * a;
    vel *= b;
    const double n00 = p00 + 2 * a * p01 + a * a * p11 + q * dt * dt * dt / 3;
    const double n01 = b * (p01 + a * p11) + q * dt * dt / 2;
    const double n11 = b * b * p11 + q * dt;
    p00 = n00;
    p01 = n01;
    p11 = n11;
  }

  void update(cv::Point2d z, double r) {
    const double s = p00 + r;
    const double k0 = p00 / s, k1 = p01 / s;
    const cv::Point2d e = z - pos;
    pos += e * k0;
    vel += e * k1;
    p11 -= k1 * p01;
    p01 *= 1 - k0;
    p00 *= 1 - k0;
  }
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
  bool uses_keypoints(const Person& det) const {
    return det.layout == layout && det.keypoints.size() == offsets.size();
  }

  cv::Rect2d box() const {
    const double w = std::max(size.pos.x, kMinBoxSidePx);
    const double h = std::max(size.pos.y, kMinBoxSidePx);
    return {centre.pos.x - w / 2, centre.pos.y - h / 2, w, h};
  }

  cv::Point2d keypoint(size_t i) const {
    return offsets[i].live ? centre.pos + offsets[i].pos : centre.pos;
  }
};

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
    if (m.confident[i]) m.offsets[i].start(cv::Point2d(k.x, k.y) - m.centre.pos, {0, 0}, r);
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
  const cv::Point2d c = centre_of(det.box);
  m.centre.update(c, r);
  m.size.update({det.box.width, det.box.height}, r);
  m.height_px = det.box.height;
  std::fill(m.confident.begin(), m.confident.end(), false);
  if (!m.uses_keypoints(det)) return;
  for (size_t i = 0; i < m.offsets.size(); ++i) {
    const Keypoint& k = det.keypoints[i];
    if (k.score < o.keypoint_min_score) continue;
    m.confident[i] = true;
    const cv::Point2d z = cv::Point2d(k.x, k.y) - c;
    if (m.offsets[i].live) {
      m.offsets[i].update(z, r);
    } else {
      m.offsets[i].start(z, {0, 0}, r);
    }
  }
}

Person predicted_person(const Motion& m) {
  Person p;
  p.box = m.box();
  p.layout = m.layout;
  p.keypoints.resize(m.offsets.size());
  for (size_t i = 0; i < m.offsets.size(); ++i) {
    const cv::Point2d k = m.keypoint(i);
    p.keypoints[i].x = k.x;
    p.keypoints[i].y = k.y;
  }
  return p;
}

// Similarity of a track's prediction and a detection. reach_px > 0 moves the prediction up to
// that far towards the detection first: the longer a track is hidden, the less exact its guess.
double similarity(const Motion& m, const Person& det, double reach_px, const TrackerOptions& o) {
  cv::Rect2d box = m.box();
  cv::Point2d shift(0, 0);
  if (reach_px > 0) {
    const cv::Point2d d = centre_of(det.box) - centre_of(box);
    const double len = std::hypot(d.x, d.y);
    shift = len <= reach_px ? d : d * (reach_px / len);
  }
  box.x += shift.x;
  box.y += shift.y;
  const double iou = box_iou(box, det.box);
  if (o.keypoint_weight == 0 || !m.uses_keypoints(det)) return iou;
  const size_t n = m.offsets.size();
  std::vector<cv::Point2d> predicted(n);
  std::vector<bool> use(n);
  for (size_t i = 0; i < n; ++i) {
    predicted[i] = m.keypoint(i) + shift;
    use[i] = m.confident[i] && m.offsets[i].live && det.keypoints[i].score >= o.keypoint_min_score;
  }
  const std::optional<double> s = oks(predicted, det.keypoints, use, m.layout, box.area());
  if (!s) return iou;
  return o.keypoint_weight * *s + (1 - o.keypoint_weight) * iou;
}

void check_options(const TrackerOptions& o) {
  // Closed ranges; NaN fails every comparison and so every check.
  const auto within = [](const char* field, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      invalid(std::string(field) + " " + num(v) + " must be within [" + num(lo) + ", " + num(hi) +
              "]");
    }
  };
  if (!(o.min_similarity > 0 && o.min_similarity <= 1)) {
    invalid("min_similarity " + num(o.min_similarity) + " must be within (0, 1]");
  }
  within("keypoint_weight", o.keypoint_weight, 0, 1);
  within("keypoint_min_score", o.keypoint_min_score, 0, 1);
  if (o.min_hits < 1) invalid("min_hits " + std::to_string(o.min_hits) + " must be >= 1");
  within("max_hidden_s", o.max_hidden_s, 0, kMaxSeconds);
  within("hidden_reach_per_s", o.hidden_reach_per_s, 0, kMaxNoise);
  within("measurement_noise", o.measurement_noise, kMinNoise, kMaxNoise);
  within("motion_noise", o.motion_noise, kMinNoise, kMaxNoise);
  within("shape_velocity_decay_s", o.shape_velocity_decay_s, kMinNoise, kMaxSeconds);
  if (o.follow_id < 0) invalid("follow_id " + std::to_string(o.follow_id) + " must be >= 0");
}

void check_frame(double t_s, std::optional<double> previous_s, const std::vector<Person>& dets) {
  if (!std::isfinite(t_s)) invalid("frame time " + num(t_s) + " s must be finite");
  if (previous_s && !(t_s > *previous_s)) {
    invalid("frame time " + num(t_s) + " s must be after the previous frame's " + num(*previous_s) +
            " s");
  }
  const auto coordinate = [](double v) { return std::abs(v) <= kMaxPixels; };
  for (size_t i = 0; i < dets.size(); ++i) {
    const Person& p = dets[i];
    const std::string at = "detection " + std::to_string(i) + ": ";
    if (!std::isfinite(p.score)) invalid(at + "score " + num(p.score) + " must be finite");
    if (!coordinate(p.box.x) || !coordinate(p.box.y)) {
      invalid(at + "box corner (" + num(p.box.x) + ", " + num(p.box.y) + ") must be within " +
              num(kMaxPixels) + " pixels of the origin");
    }
    if (!(p.box.width > 0 && p.box.width <= kMaxPixels)) {
      invalid(at + "box width " + num(p.box.width) + " must be within (0, " + num(kMaxPixels) +
              "]");
    }
    if (!(p.box.height > 0 && p.box.height <= kMaxPixels)) {
      invalid(at + "box height " + num(p.box.height) + " must be within (0, " + num(kMaxPixels) +
              "]");
    }
    const size_t n = layout_info(p.layout).keypoints.size();
    if (!p.keypoints.empty() && p.keypoints.size() != n) {
      invalid(at + std::to_string(p.keypoints.size()) + " keypoints, expected 0 or " +
              std::to_string(n) + " for " + std::string(layout_info(p.layout).name));
    }
    for (size_t k = 0; k < p.keypoints.size(); ++k) {
      const Keypoint& kp = p.keypoints[k];
      if (!coordinate(kp.x) || !coordinate(kp.y) || !std::isfinite(kp.score)) {
        invalid(at + "keypoint " + std::to_string(k) + " (" + num(kp.x) + ", " + num(kp.y) +
                ", score " + num(kp.score) + ") must be finite and within " + num(kMaxPixels) +
                " pixels of the origin");
      }
    }
  }
}

// Detections by position, so the caller's order never decides a tie.
std::vector<int> canonical_order(const std::vector<Person>& dets) {
  std::vector<int> order(dets.size());
  std::iota(order.begin(), order.end(), 0);
  const auto key = [&](int i) {
    const Person& p = dets[static_cast<size_t>(i)];
    return std::tuple(p.box.x, p.box.y, p.box.width, p.box.height, p.score, i);
  };
  std::sort(order.begin(), order.end(), [&](int a, int b) { return key(a) < key(b); });
  return order;
}

}  // namespace

struct Tracker::Track {
  std::int64_t id = 0;
  bool confirmed = false;
  int hits = 0;    // matched frames
  int missed = 0;  // consecutive frames without a match
  double first_seen_s = 0, last_seen_s = 0;
  double area_sum = 0, score_sum = 0;  // over matched frames, for pick_athlete
  int detection = -1;                  // this frame's match
  Person last;                         // the last matched detection
  Motion motion;
};

Tracker::Tracker(const TrackerOptions& options) : options_(options) {}
Tracker::~Tracker() = default;
Tracker::Tracker(const Tracker&) = default;
Tracker::Tracker(Tracker&&) noexcept = default;
Tracker& Tracker::operator=(const Tracker&) = default;
Tracker& Tracker::operator=(Tracker&&) noexcept = default;

Tracker Tracker::create(const TrackerOptions& options) {
  check_options(options);
  return Tracker(options);
}

void Tracker::follow(std::int64_t id) {
  if (id < 0) invalid("follow id " + std::to_string(id) + " must be >= 0");
  options_.follow_id = id;
}

TrackerFrame Tracker::update(double t_s, const std::vector<Person>& detections) {
  check_frame(t_s, time_s_, detections);
  const double dt = time_s_ ? t_s - *time_s_ : 0;
  time_s_ = t_s;
  std::erase_if(tracks_,
                [&](const Track& tr) { return t_s - tr.last_seen_s > options_.max_hidden_s; });
  for (Track& tr : tracks_) {
    predict_motion(tr.motion, dt, options_);
    tr.detection = -1;
  }

  const std::vector<int> order = canonical_order(detections);
  // One optimal assignment of `rows` (track indices) to the still unmatched detections.
  const auto associate = [&](const std::vector<int>& rows, bool hidden) {
    std::vector<int> cols;
    for (int d : order) {
      if (std::none_of(tracks_.begin(), tracks_.end(),
                       [d](const Track& tr) { return tr.detection == d; })) {
        cols.push_back(d);
      }
    }
    if (rows.empty() || cols.empty()) return;
    const size_t nc = cols.size();
    std::vector<double> sim(rows.size() * nc), cost(rows.size() * nc);
    for (size_t r = 0; r < rows.size(); ++r) {
      const Track& tr = tracks_[static_cast<size_t>(rows[r])];
      const double reach =
          hidden ? options_.hidden_reach_per_s * (t_s - tr.last_seen_s) * tr.motion.height_px : 0;
      for (size_t c = 0; c < nc; ++c) {
        const double s =
            similarity(tr.motion, detections[static_cast<size_t>(cols[c])], reach, options_);
        sim[r * nc + c] = s;
        // Gated pairs cost what leaving both unmatched costs, so the solver maximises the total
        // similarity of the allowed pairs and never needs a gated one.
        cost[r * nc + c] = s >= options_.min_similarity ? -s : 0;
      }
    }
    const std::vector<int> match =
        solve_assignment(cost, static_cast<int>(rows.size()), static_cast<int>(nc));
    for (size_t r = 0; r < rows.size(); ++r) {
      const int c = match[r];
      if (c < 0 || sim[r * nc + static_cast<size_t>(c)] < options_.min_similarity) continue;
      tracks_[static_cast<size_t>(rows[r])].detection = cols[static_cast<size_t>(c)];
    }
  };
  // Tracks seen a frame ago have sharp predictions; hidden ones get only what those leave.
  std::vector<int> recent, hidden;
  for (size_t i = 0; i < tracks_.size(); ++i) {
    (tracks_[i].missed == 0 ? recent : hidden).push_back(static_cast<int>(i));
  }
  associate(recent, false);
  associate(hidden, true);

  std::vector<bool> taken(detections.size(), false);
  for (Track& tr : tracks_) {
    if (tr.detection < 0) {
      ++tr.missed;
      continue;
    }
    const Person& det = detections[static_cast<size_t>(tr.detection)];
    taken[static_cast<size_t>(tr.detection)] = true;
    update_motion(tr.motion, det, options_);
    ++tr.hits;
    tr.missed = 0;
    tr.last_seen_s = t_s;
    tr.area_sum += det.box.area();
    tr.score_sum += det.score;
    tr.last = det;
    if (tr.hits >= options_.min_hits) tr.confirmed = true;
  }
  std::erase_if(tracks_, [](const Track& tr) { return !tr.confirmed && tr.missed > 0; });
  for (int d : order) {
    if (taken[static_cast<size_t>(d)]) continue;
    const Person& det = detections[static_cast<size_t>(d)];
    Track tr;
    tr.id = next_id_++;
    tr.hits = 1;
    tr.confirmed = options_.min_hits <= 1;
    tr.first_seen_s = tr.last_seen_s = t_s;
    tr.area_sum = det.box.area();
    tr.score_sum = det.score;
    tr.detection = d;
    tr.last = det;
    tr.motion = start_motion(det, options_);
    tracks_.push_back(std::move(tr));
  }

  TrackerFrame frame;
  frame.detection_ids.assign(detections.size(), 0);
  for (const Track& tr : tracks_) {
    if (options_.follow_id != 0 && tr.id != options_.follow_id) continue;
    if (tr.detection >= 0 && tr.confirmed) {
      frame.detection_ids[static_cast<size_t>(tr.detection)] = tr.id;
    }
    TrackedPerson out;
    out.id = tr.id;
    out.confirmed = tr.confirmed;
    out.observed = tr.detection >= 0;
    out.detection = tr.detection;
    out.person = out.observed ? tr.last : predicted_person(tr.motion);
    out.hits = tr.hits;
    out.first_seen_s = tr.first_seen_s;
    out.last_seen_s = tr.last_seen_s;
    out.hidden_s = t_s - tr.last_seen_s;
    frame.tracks.push_back(std::move(out));
  }
  return frame;
}

std::int64_t Tracker::pick_athlete(AthleteRule rule) const {
  const Track* best = nullptr;
  std::array<double, 3> best_key{};
  for (const Track& tr : tracks_) {
    if (!tr.confirmed) continue;
    const double frames = tr.hits, area = tr.area_sum / tr.hits, score = tr.score_sum / tr.hits;
    std::array<double, 3> key{};
    switch (rule) {
      case AthleteRule::MostFrames:
        key = {frames, area, score};
        break;
      case AthleteRule::Largest:
        key = {area, frames, score};
        break;
      case AthleteRule::MostConfident:
        key = {score, frames, area};
        break;
    }
    // Tracks run by increasing id, so a strict > leaves a tie with the lower id.
    if (best == nullptr || key > best_key) {
      best = &tr;
      best_key = key;
    }
  }
  return best ? best->id : 0;
}

std::optional<double> keypoint_similarity(std::span<const Keypoint> a, std::span<const Keypoint> b,
                                          Layout layout, double area, double min_score) {
  const size_t n = layout_info(layout).keypoints.size();
  if (a.size() != n || b.size() != n) {
    throw Error(ErrorKind::InvalidInput, "keypoint similarity: got " + std::to_string(a.size()) +
                                             " and " + std::to_string(b.size()) +
                                             " keypoints, expected " + std::to_string(n));
  }
  if (!(area > 0 && std::isfinite(area))) {
    throw Error(ErrorKind::InvalidInput,
                "keypoint similarity: area " + num(area) + " must be finite, > 0");
  }
  std::vector<cv::Point2d> pa(n);
  std::vector<bool> use(n);
  for (size_t i = 0; i < n; ++i) {
    pa[i] = {a[i].x, a[i].y};
    use[i] = a[i].score >= min_score && b[i].score >= min_score;
  }
  return oks(pa, b, use, layout, area);
}

// Hungarian algorithm with row and column potentials and shortest augmenting paths (the form
// Jonker and Volgenant made fast), for n <= m; the wider side is the columns.
std::vector<int> solve_assignment(std::span<const double> cost, int rows, int cols) {
  if (rows < 0 || cols < 0) {
    throw Error(ErrorKind::InvalidInput, "assignment: size " + std::to_string(rows) + "x" +
                                             std::to_string(cols) + " must not be negative");
  }
  if (cost.size() != static_cast<size_t>(rows) * static_cast<size_t>(cols)) {
    throw Error(ErrorKind::InvalidInput, "assignment: got " + std::to_string(cost.size()) +
                                             " costs, expected " + std::to_string(rows) + "x" +
                                             std::to_string(cols));
  }
  for (size_t i = 0; i < cost.size(); ++i) {
    if (!std::isfinite(cost[i])) {
      throw Error(ErrorKind::InvalidInput,
                  "assignment: cost at row " + std::to_string(i / static_cast<size_t>(cols)) +
                      ", column " + std::to_string(i % static_cast<size_t>(cols)) + " is " +
                      num(cost[i]) + ", must be finite");
    }
  }
  std::vector<int> result(static_cast<size_t>(rows), -1);
  if (rows == 0 || cols == 0) return result;
  const bool flip = rows > cols;
  const int n = flip ? cols : rows, m = flip ? rows : cols;
  const auto at = [&](int i, int j) {  // 1-based, in the n <= m orientation
    const int r = flip ? j - 1 : i - 1, c = flip ? i - 1 : j - 1;
    return cost[static_cast<size_t>(r) * static_cast<size_t>(cols) + static_cast<size_t>(c)];
  };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const size_t sm = static_cast<size_t>(m) + 1;
  std::vector<double> u(static_cast<size_t>(n) + 1, 0), v(sm, 0);
  std::vector<int> owner(sm, 0), way(sm, 0);  // owner[j]: row holding column j, 0 = none
  for (int i = 1; i <= n; ++i) {
    owner[0] = i;
    int j0 = 0;
    std::vector<double> minv(sm, kInf);
    std::vector<bool> used(sm, false);
    do {
      used[static_cast<size_t>(j0)] = true;
      const int i0 = owner[static_cast<size_t>(j0)];
      double delta = kInf;
      int j1 = 0;
      for (int j = 1; j <= m; ++j) {
        const size_t sj = static_cast<size_t>(j);
        if (used[sj]) continue;
        const double cur = at(i0, j) - u[static_cast<size_t>(i0)] - v[sj];
        if (cur < minv[sj]) {
          minv[sj] = cur;
          way[sj] = j0;
        }
        if (minv[sj] < delta) {
          delta = minv[sj];
          j1 = j;
        }
      }
      for (size_t j = 0; j < sm; ++j) {
        if (used[j]) {
          u[static_cast<size_t>(owner[j])] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (owner[static_cast<size_t>(j0)] != 0);
    do {
      const int j1 = way[static_cast<size_t>(j0)];
      owner[static_cast<size_t>(j0)] = owner[static_cast<size_t>(j1)];
      j0 = j1;
    } while (j0 != 0);
  }
  for (int j = 1; j <= m; ++j) {
    const int i = owner[static_cast<size_t>(j)];
    if (i == 0) continue;
    if (flip) {
      result[static_cast<size_t>(j - 1)] = i - 1;
    } else {
      result[static_cast<size_t>(i - 1)] = j - 1;
    }
  }
  return result;
}

}  // namespace podium::vision
