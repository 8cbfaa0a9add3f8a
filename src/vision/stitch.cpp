#include "podium/vision/stitch.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "podium/core/option.hpp"
#include "podium/vision/appearance_similarity.hpp"

namespace podium::vision {
namespace {

constexpr const char* kStitchOwner = "stitch";
constexpr double kStitchMaxSeconds = 3600;

struct StitchPoint {
  double x = 0, y = 0;
};

void stitch_check_options(const StitchOptions& o) {
  const auto within = [](const char* field, double v, double lo, double hi) {
    require_option(v >= lo && v <= hi, kStitchOwner, field, v,
                   "must be within [" + number_text(lo) + ", " + number_text(hi) + "]");
  };
  within("max_gap_s", o.max_gap_s, 0, kStitchMaxSeconds);
  require_option(o.velocity_window_s > 0 && o.velocity_window_s <= 60, kStitchOwner,
                 "velocity_window_s", o.velocity_window_s, "must be within (0, 60]");
  within("reach_heights", o.reach_heights, 0, 100);
  within("reach_heights_per_s", o.reach_heights_per_s, 0, 100);
  within("max_height_ratio", o.max_height_ratio, 1, 100);
  within("min_appearance", o.min_appearance, 0, 1);
  within("appearance_weight", o.appearance_weight, 0, 1);
}

void stitch_check_tracklets(std::span<const Tracklet> tracklets) {
  std::set<std::int64_t> ids;
  for (size_t i = 0; i < tracklets.size(); ++i) {
    const Tracklet& t = tracklets[i];
    const std::string name =
        "tracklets[" + std::to_string(i) + "] (id " + std::to_string(t.id) + ")";
    if (!ids.insert(t.id).second) {
      reject_option(kStitchOwner, name + ".id", std::to_string(t.id), "must be unique");
    }
    if (t.times.empty() || t.times.size() != t.boxes.size()) {
      reject_option(kStitchOwner, name + ".times.size()", std::to_string(t.times.size()),
                    "must be > 0 and the number of boxes, " + std::to_string(t.boxes.size()));
    }
    for (size_t k = 0; k < t.times.size(); ++k) {
      const bool increasing = k == 0 || t.times[k] > t.times[k - 1];
      if (!std::isfinite(t.times[k]) || !increasing) {
        reject_option(kStitchOwner, name + ".times[" + std::to_string(k) + "]", t.times[k],
                      "must be finite and after the time before it");
      }
      const Box& b = t.boxes[k];
      const bool finite = std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.width) &&
                          std::isfinite(b.height);
      if (!finite || !(b.width > 0) || !(b.height > 0)) {
        reject_option(kStitchOwner, name + ".boxes[" + std::to_string(k) + "]",
                      number_text(b.width) + " x " + number_text(b.height) + " at (" +
                          number_text(b.x) + ", " + number_text(b.y) + ")",
                      "must be finite with positive size");
      }
    }
    for (size_t k = 0; k < t.appearance.size(); ++k) {
      if (!(t.appearance[k] >= 0 && std::isfinite(t.appearance[k]))) {
        reject_option(kStitchOwner, name + ".appearance[" + std::to_string(k) + "]",
                      t.appearance[k], "must be finite and >= 0");
      }
    }
  }
}

StitchPoint stitch_centre(const Box& b) {
  return {b.x + b.width / 2, b.y + b.height / 2};
}

// Least-squares velocity of the box centre over the frames in [from_s, to_s]; 0 from one frame.
StitchPoint stitch_velocity(const Tracklet& t, double from_s, double to_s) {
  double n = 0, st = 0, sx = 0, sy = 0;
  for (size_t k = 0; k < t.times.size(); ++k) {
    if (t.times[k] < from_s || t.times[k] > to_s) continue;
    const StitchPoint c = stitch_centre(t.boxes[k]);
    n += 1;
    st += t.times[k];
    sx += c.x;
    sy += c.y;
  }
  if (n < 2) return {0, 0};
  const double mt = st / n, mx = sx / n, my = sy / n;
  double stt = 0, stx = 0, sty = 0;
  for (size_t k = 0; k < t.times.size(); ++k) {
    if (t.times[k] < from_s || t.times[k] > to_s) continue;
    const StitchPoint c = stitch_centre(t.boxes[k]);
    const double dt = t.times[k] - mt;
    stt += dt * dt;
    stx += dt * (c.x - mx);
    sty += dt * (c.y - my);
  }
  return {stx / stt, sty / stt};
}

struct StitchLink {
  double cost = 0;
  std::int64_t from_id = 0, to_id = 0;
  size_t from = 0, to = 0;
};

// The cost of joining a's end to b's start; nullopt when a rule forbids it.
std::optional<double> stitch_cost(const Tracklet& a, const Tracklet& b, const StitchOptions& o) {
  const double end_s = a.times.back(), start_s = b.times.front();
  const double gap = start_s - end_s;
  if (!(gap > 0) || gap > o.max_gap_s) return std::nullopt;
  const Box& last = a.boxes.back();
  const Box& first = b.boxes.front();
  const double ratio = std::max(last.height, first.height) / std::min(last.height, first.height);
  if (ratio > o.max_height_ratio) return std::nullopt;
  double similarity = 1;
  const bool seen = !a.appearance.empty() && a.appearance.size() == b.appearance.size();
  if (seen) {
    similarity = appearance_similarity(a.appearance, b.appearance);
    if (similarity < o.min_appearance) return std::nullopt;
  }
  const StitchPoint va = stitch_velocity(a, end_s - o.velocity_window_s, end_s);
  const StitchPoint vb = stitch_velocity(b, start_s, start_s + o.velocity_window_s);
  const StitchPoint ca = stitch_centre(last), cb = stitch_centre(first);
  const double forward = std::hypot(ca.x + va.x * gap - cb.x, ca.y + va.y * gap - cb.y);
  const double backward = std::hypot(cb.x - vb.x * gap - ca.x, cb.y - vb.y * gap - ca.y);
  const double miss = (forward + backward) / 2;
  const double reach =
      (last.height + first.height) / 2 * (o.reach_heights + o.reach_heights_per_s * gap);
  if (!(miss < reach)) return std::nullopt;
  const double motion = miss / reach;
  // The gap term makes the nearer of two fragments on one path the continuation: the reach
  // grows with the gap, so miss / reach alone would skip a fragment to reach a later one.
  const double waiting = gap / o.max_gap_s;
  if (!seen) return motion + waiting;
  return (1 - o.appearance_weight) * motion + o.appearance_weight * (1 - similarity) + waiting;
}

}  // namespace

std::map<std::int64_t, std::int64_t> stitch_tracklets(std::span<const Tracklet> tracklets,
                                                      const StitchOptions& options) {
  stitch_check_options(options);
  stitch_check_tracklets(tracklets);
  std::vector<StitchLink> links;
  for (size_t i = 0; i < tracklets.size(); ++i) {
    for (size_t j = 0; j < tracklets.size(); ++j) {
      if (i == j) continue;
      const std::optional<double> cost = stitch_cost(tracklets[i], tracklets[j], options);
      if (cost) links.push_back({*cost, tracklets[i].id, tracklets[j].id, i, j});
    }
  }
  std::sort(links.begin(), links.end(), [](const StitchLink& x, const StitchLink& y) {
    return std::tie(x.cost, x.from_id, x.to_id) < std::tie(y.cost, y.from_id, y.to_id);
  });
  // Each end continues into at most one start and each start continues at most one end, so
  // chains never branch; links only go forward in time, so they never close a loop either.
  std::vector<int> next(tracklets.size(), -1), previous(tracklets.size(), -1);
  for (const StitchLink& l : links) {
    if (next[l.from] >= 0 || previous[l.to] >= 0) continue;
    next[l.from] = static_cast<int>(l.to);
    previous[l.to] = static_cast<int>(l.from);
  }
  std::map<std::int64_t, std::int64_t> merged;
  for (size_t i = 0; i < tracklets.size(); ++i) {
    size_t head = i;
    while (previous[head] >= 0)
      head = static_cast<size_t>(previous[head]);
    merged[tracklets[i].id] = tracklets[head].id;
  }
  return merged;
}

}  // namespace podium::vision
