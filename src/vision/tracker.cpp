#include "podium/vision/tracker.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/assignment.hpp"
#include "tracker_motion.hpp"

namespace podium::vision {
namespace {

using tracking::Motion;
using tracking::Vec2;

// Sanity bounds that keep the filter arithmetic finite (squares and cubes of these must not
// overflow); no real camera, clip or athlete comes near them.
constexpr double kMaxPixels = 1e6;
constexpr double kMaxSeconds = 3600;
constexpr double kMinNoise = 1e-6;
constexpr double kMaxNoise = 1e3;

constexpr const char* kOwner = "tracker";

void check_options(const TrackerOptions& o) {
  // Closed ranges; NaN fails every comparison and so every check.
  const auto within = [](const char* field, double v, double lo, double hi) {
    require_option(v >= lo && v <= hi, kOwner, field, v,
                   "must be within [" + number_text(lo) + ", " + number_text(hi) + "]");
  };
  require_option(o.min_similarity > 0 && o.min_similarity <= 1, kOwner, "min_similarity",
                 o.min_similarity, "must be within (0, 1]");
  within("keypoint_weight", o.keypoint_weight, 0, 1);
  within("keypoint_min_score", o.keypoint_min_score, 0, 1);
  require_option(o.min_hits >= 1, kOwner, "min_hits", o.min_hits, "must be >= 1");
  within("max_hidden_s", o.max_hidden_s, 0, kMaxSeconds);
  within("hidden_reach_per_s", o.hidden_reach_per_s, 0, kMaxNoise);
  within("measurement_noise", o.measurement_noise, kMinNoise, kMaxNoise);
  within("motion_noise", o.motion_noise, kMinNoise, kMaxNoise);
  within("shape_velocity_decay_s", o.shape_velocity_decay_s, kMinNoise, kMaxSeconds);
  require_option(o.follow_id >= 0, kOwner, "follow_id", o.follow_id, "must be >= 0");
}

void check_frame(double t_s, std::optional<double> previous_s, const std::vector<Person>& dets) {
  require_option(std::isfinite(t_s), kOwner, "frame time", t_s, "must be finite");
  if (previous_s) {
    require_option(t_s > *previous_s, kOwner, "frame time", t_s,
                   "must be after the previous frame's " + number_text(*previous_s) + " s");
  }
  const auto coordinate = [](double v) { return std::abs(v) <= kMaxPixels; };
  // Checked on every frame: the messages are built only for a detection that fails.
  const auto reject = [](size_t i, const std::string& field, const std::string& value,
                         const std::string& rule) {
    reject_option(kOwner, "detections[" + std::to_string(i) + "]." + field, value, rule);
  };
  const auto point = [](std::initializer_list<double> v) {
    std::string text;
    for (double x : v)
      text += (text.empty() ? "(" : ", ") + number_text(x);
    return text + ")";
  };
  // Rule texts as functions: this runs on every frame, and they are needed only on failure.
  const auto within_pixels = [] {
    return "within " + number_text(kMaxPixels) + " pixels of the origin";
  };
  const auto up_to_max = [] { return "must be within (0, " + number_text(kMaxPixels) + "]"; };
  for (size_t i = 0; i < dets.size(); ++i) {
    const Person& p = dets[i];
    if (!std::isfinite(p.score)) reject(i, "score", number_text(p.score), "must be finite");
    if (!coordinate(p.box.x) || !coordinate(p.box.y))
      reject(i, "box corner", point({p.box.x, p.box.y}), "must be " + within_pixels());
    if (!(p.box.width > 0 && p.box.width <= kMaxPixels))
      reject(i, "box width", number_text(p.box.width), up_to_max());
    if (!(p.box.height > 0 && p.box.height <= kMaxPixels))
      reject(i, "box height", number_text(p.box.height), up_to_max());
    const LayoutInfo& layout = layout_info(p.layout);
    if (!p.keypoints.empty() && p.keypoints.size() != layout.keypoints.size()) {
      reject(i, "keypoints.size()", std::to_string(p.keypoints.size()),
             "must be 0 or " + std::to_string(layout.keypoints.size()) + " for " +
                 std::string(layout.name));
    }
    for (size_t k = 0; k < p.keypoints.size(); ++k) {
      const Keypoint& kp = p.keypoints[k];
      if (!coordinate(kp.x) || !coordinate(kp.y) || !std::isfinite(kp.score)) {
        reject(i, "keypoints[" + std::to_string(k) + "]", point({kp.x, kp.y, kp.score}),
               "must be finite and " + within_pixels() + " (x, y, score)");
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
  require_option(id >= 0, kOwner, "follow_id", id, "must be >= 0");
  options_.follow_id = id;
}

TrackerFrame Tracker::update(double t_s, const std::vector<Person>& detections) {
  check_frame(t_s, time_s_, detections);
  const double dt = time_s_ ? t_s - *time_s_ : 0;
  time_s_ = t_s;
  std::erase_if(tracks_,
                [&](const Track& tr) { return t_s - tr.last_seen_s > options_.max_hidden_s; });
  for (Track& tr : tracks_) {
    tracking::predict_motion(tr.motion, dt, options_);
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
        const double s = tracking::similarity(tr.motion, detections[static_cast<size_t>(cols[c])],
                                              reach, options_);
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
    tracking::update_motion(tr.motion, det, options_);
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
    tr.motion = tracking::start_motion(det, options_);
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
    out.person = out.observed ? tr.last : tracking::predicted_person(tr.motion);
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
  require_option(a.size() == n && b.size() == n, "keypoint similarity", "keypoints",
                 std::to_string(a.size()) + " and " + std::to_string(b.size()),
                 "must be " + std::to_string(n) + " each");
  require_option(area > 0 && std::isfinite(area), "keypoint similarity", "area", area,
                 "must be finite and > 0");
  std::vector<Vec2> pa(n);
  std::vector<bool> use(n);
  for (size_t i = 0; i < n; ++i) {
    pa[i] = {a[i].x, a[i].y};
    use[i] = a[i].score >= min_score && b[i].score >= min_score;
  }
  return tracking::oks(pa, b, use, layout, area);
}

}  // namespace podium::vision
