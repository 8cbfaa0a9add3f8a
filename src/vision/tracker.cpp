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
#include "podium/vision/appearance_similarity.hpp"
#include "podium/vision/assignment.hpp"
#include "tracker_checks.hpp"
#include "tracker_motion.hpp"

namespace podium::vision {
namespace {

using tracking::check_cues;
using tracking::check_frame;
using tracking::check_options;
using tracking::Motion;
using tracking::Vec2;

// The least rank (tracker.cpp's association) of an allowed pair.
constexpr double kMinRank = 1e-6;

constexpr const char* kOwner = "tracker";

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

// Folds a detection's descriptor into a track's moving average (a track without one, or with one
// of another length, takes the detection's).
void remember_appearance(std::vector<float>& track, std::span<const float> seen, double memory) {
  if (seen.empty()) return;
  if (track.size() != seen.size()) {
    track.assign(seen.begin(), seen.end());
    return;
  }
  double sum = 0;
  for (size_t i = 0; i < track.size(); ++i) {
    track[i] = static_cast<float>(memory * track[i] + (1 - memory) * seen[i]);
    sum += track[i];
  }
  if (sum <= 0) return;
  for (float& v : track)
    v = static_cast<float>(v / sum);
}

enum class AssociationStage { Visible, Hidden, Low };

// Appearance decides between candidates, it does not unmatch a lone one: where motion is
// ambiguous (a pair within the margin of another candidate of its track or of its detection;
// every pair of a hidden track), a pair's rank (what the assignment maximises) loses
// weight * (1 - appearance similarity), while the gate still sees the motion similarity `sim`.
// The one exception is re-identification: a hidden track's pair below reid_min_appearance is
// gated out (its sim set to 0). Pairs without two descriptors stay as they are.
void weigh_appearance(std::vector<double>& sim, std::vector<double>& rank,
                      const std::vector<std::span<const float>>& rows,
                      const std::vector<std::span<const float>>& cols, bool hidden,
                      const TrackerOptions& options) {
  const size_t nr = rows.size(), nc = cols.size();
  const double floor = options.min_similarity;
  // Per row and per column, the best similarity that passes the gate, and how many candidates
  // come within the margin of it.
  std::vector<double> row_best(nr, -1), col_best(nc, -1);
  for (size_t r = 0; r < nr; ++r) {
    for (size_t c = 0; c < nc; ++c) {
      const double s = sim[r * nc + c];
      if (s < floor) continue;
      row_best[r] = std::max(row_best[r], s);
      col_best[c] = std::max(col_best[c], s);
    }
  }
  const double margin = options.appearance_margin;
  std::vector<int> row_close(nr, 0), col_close(nc, 0);
  for (size_t r = 0; r < nr; ++r) {
    for (size_t c = 0; c < nc; ++c) {
      const double s = sim[r * nc + c];
      if (s < floor) continue;
      if (s >= row_best[r] - margin) ++row_close[r];
      if (s >= col_best[c] - margin) ++col_close[c];
    }
  }
  for (size_t r = 0; r < nr; ++r) {
    const std::span<const float> own = rows[r];
    if (own.empty()) continue;
    for (size_t c = 0; c < nc; ++c) {
      const double s = sim[r * nc + c];
      if (s < floor) continue;
      const bool ambiguous = hidden || (s >= row_best[r] - margin && row_close[r] > 1) ||
                             (s >= col_best[c] - margin && col_close[c] > 1);
      const std::span<const float> other = cols[c];
      if (!ambiguous || other.size() != own.size()) continue;
      const double alike = appearance_similarity(own, other);
      // Re-identification: a hidden track's guess is too loose for motion to overrule a kit.
      if (hidden && alike < options.reid_min_appearance) {
        sim[r * nc + c] = 0;
      } else {
        rank[r * nc + c] = s - options.appearance_weight * (1 - alike);
      }
    }
  }
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
  std::vector<float> appearance;  // moving average of high-score detections' descriptors
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

TrackerFrame Tracker::update(double t_s, const std::vector<Person>& detections,
                             const FrameCues& cues) {
  check_frame(t_s, time_s_, detections);
  check_cues(cues, detections.size());
  const double dt = time_s_ ? t_s - *time_s_ : 0;
  time_s_ = t_s;
  std::erase_if(tracks_,
                [&](const Track& tr) { return t_s - tr.last_seen_s > options_.max_hidden_s; });
  for (Track& tr : tracks_) {
    tracking::predict_motion(tr.motion, dt, options_);
    if (cues.camera) tracking::warp_motion(tr.motion, *cues.camera);
    tr.detection = -1;
  }

  const std::vector<int> order = canonical_order(detections);
  const auto descriptor = [&](int d) -> std::span<const float> {
    if (cues.appearance.empty()) return {};
    return cues.appearance[static_cast<size_t>(d)];
  };
  std::vector<bool> taken(detections.size(), false);
  // One optimal assignment of `rows` (track indices) to the detections still free whose score
  // lies in [lo, hi).
  const auto associate = [&](const std::vector<int>& rows, AssociationStage stage, double lo,
                             double hi) {
    std::vector<int> cols;
    for (int d : order) {
      const double score = detections[static_cast<size_t>(d)].score;
      if (!taken[static_cast<size_t>(d)] && score >= lo && score < hi) cols.push_back(d);
    }
    if (rows.empty() || cols.empty()) return;
    const size_t nc = cols.size();
    const double gate =
        stage == AssociationStage::Low ? options_.low_min_iou : options_.min_similarity;
    std::vector<double> sim(rows.size() * nc);
    for (size_t r = 0; r < rows.size(); ++r) {
      const Track& tr = tracks_[static_cast<size_t>(rows[r])];
      const double reach =
          stage == AssociationStage::Hidden
              ? options_.hidden_reach_per_s * (t_s - tr.last_seen_s) * tr.motion.height_px
              : 0;
      for (size_t c = 0; c < nc; ++c) {
        const Person& det = detections[static_cast<size_t>(cols[c])];
        sim[r * nc + c] = stage == AssociationStage::Low
                              ? box_iou(tr.motion.box(), det.box)
                              : tracking::similarity(tr.motion, det, reach, options_);
      }
    }
    std::vector<double> rank = sim;
    if (stage != AssociationStage::Low && options_.appearance_weight > 0 &&
        !cues.appearance.empty()) {
      std::vector<std::span<const float>> row_seen, col_seen;
      for (int r : rows)
        row_seen.emplace_back(tracks_[static_cast<size_t>(r)].appearance);
      for (int c : cols)
        col_seen.push_back(descriptor(c));
      weigh_appearance(sim, rank, row_seen, col_seen, stage == AssociationStage::Hidden, options_);
    }
    // Gated pairs cost what leaving both unmatched costs, so the solver maximises the total
    // rank of the allowed pairs and never needs a gated one; an allowed pair's rank stays
    // positive however unlike its appearance, so it is never worse than no pair.
    std::vector<double> cost(sim.size());
    for (size_t i = 0; i < sim.size(); ++i)
      cost[i] = sim[i] >= gate ? -std::max(rank[i], kMinRank) : 0;
    const std::vector<int> match =
        solve_assignment(cost, static_cast<int>(rows.size()), static_cast<int>(nc));
    for (size_t r = 0; r < rows.size(); ++r) {
      const int c = match[r];
      if (c < 0 || sim[r * nc + static_cast<size_t>(c)] < gate) continue;
      tracks_[static_cast<size_t>(rows[r])].detection = cols[static_cast<size_t>(c)];
      taken[static_cast<size_t>(cols[static_cast<size_t>(c)])] = true;
    }
  };
  // Stage 1, high-score detections: tracks seen a frame ago have sharp predictions; hidden ones
  // get only what those leave.
  std::vector<int> recent, hidden;
  for (size_t i = 0; i < tracks_.size(); ++i) {
    (tracks_[i].missed == 0 ? recent : hidden).push_back(static_cast<int>(i));
  }
  const double any = std::numeric_limits<double>::infinity();
  associate(recent, AssociationStage::Visible, options_.high_score, any);
  associate(hidden, AssociationStage::Hidden, options_.high_score, any);
  // Stage 2, low-score detections, to the confirmed athletes in view that stage 1 left.
  std::vector<int> unmatched;
  for (int i : recent) {
    const Track& tr = tracks_[static_cast<size_t>(i)];
    if (tr.detection < 0 && tr.confirmed) unmatched.push_back(i);
  }
  associate(unmatched, AssociationStage::Low, options_.low_score, options_.high_score);

  for (Track& tr : tracks_) {
    if (tr.detection < 0) {
      ++tr.missed;
      continue;
    }
    const Person& det = detections[static_cast<size_t>(tr.detection)];
    tracking::update_motion(tr.motion, det, options_);
    ++tr.hits;
    tr.missed = 0;
    tr.last_seen_s = t_s;
    tr.area_sum += det.box.area();
    tr.score_sum += det.score;
    tr.last = det;
    // A partly hidden athlete's (low-score) crop shows whoever hides it too.
    if (det.score >= options_.high_score) {
      remember_appearance(tr.appearance, descriptor(tr.detection), options_.appearance_memory);
    }
    if (tr.hits >= options_.min_hits) tr.confirmed = true;
  }
  std::erase_if(tracks_, [](const Track& tr) { return !tr.confirmed && tr.missed > 0; });
  for (int d : order) {
    const Person& det = detections[static_cast<size_t>(d)];
    if (taken[static_cast<size_t>(d)] || det.score < options_.new_track_score) continue;
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
    remember_appearance(tr.appearance, descriptor(d), options_.appearance_memory);
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
    out.appearance = tr.appearance;
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
