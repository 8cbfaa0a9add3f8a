#include "tracker_checks.hpp"

#include <cmath>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::vision::tracking {
namespace {

// Sanity bounds that keep the filter arithmetic finite (squares and cubes of these must not
// overflow); no real camera, clip or athlete comes near them.
constexpr double kMaxPixels = 1e6;
constexpr double kMaxSeconds = 3600;
constexpr double kMinNoise = 1e-6;
constexpr double kMaxNoise = 1e3;
// A camera map's linear part beyond this (or scaling by less than its inverse) is no camera.
constexpr double kMaxCameraLinear = 100;

constexpr const char* kChecksOwner = "tracker";

}  // namespace

void check_options(const TrackerOptions& o) {
  // Closed ranges; NaN fails every comparison and so every check.
  const auto within = [](const char* field, double v, double lo, double hi) {
    require_option(v >= lo && v <= hi, kChecksOwner, field, v,
                   "must be within [" + number_text(lo) + ", " + number_text(hi) + "]");
  };
  require_option(o.min_similarity > 0 && o.min_similarity <= 1, kChecksOwner, "min_similarity",
                 o.min_similarity, "must be within (0, 1]");
  within("keypoint_weight", o.keypoint_weight, 0, 1);
  within("keypoint_min_score", o.keypoint_min_score, 0, 1);
  require_option(o.min_hits >= 1, kChecksOwner, "min_hits", o.min_hits, "must be >= 1");
  within("max_hidden_s", o.max_hidden_s, 0, kMaxSeconds);
  within("hidden_reach_per_s", o.hidden_reach_per_s, 0, kMaxNoise);
  within("measurement_noise", o.measurement_noise, kMinNoise, kMaxNoise);
  within("motion_noise", o.motion_noise, kMinNoise, kMaxNoise);
  within("shape_velocity_decay_s", o.shape_velocity_decay_s, kMinNoise, kMaxSeconds);
  require_option(o.follow_id >= 0, kChecksOwner, "follow_id", o.follow_id, "must be >= 0");
  require_option(o.low_score >= 0 && o.low_score <= o.high_score, kChecksOwner, "low_score",
                 o.low_score, "must be within [0, high_score = " + number_text(o.high_score) + "]");
  within("high_score", o.high_score, 0, 1);
  require_option(o.new_track_score >= o.high_score && o.new_track_score <= 1, kChecksOwner,
                 "new_track_score", o.new_track_score,
                 "must be within [high_score = " + number_text(o.high_score) + ", 1]");
  require_option(o.low_min_iou > 0 && o.low_min_iou <= 1, kChecksOwner, "low_min_iou",
                 o.low_min_iou, "must be within (0, 1]");
  within("appearance_margin", o.appearance_margin, 0, 1);
  within("appearance_weight", o.appearance_weight, 0, 1);
  within("reid_min_appearance", o.reid_min_appearance, 0, 1);
  require_option(o.appearance_memory >= 0 && o.appearance_memory < 1, kChecksOwner,
                 "appearance_memory", o.appearance_memory, "must be within [0, 1)");
}

void check_cues(const FrameCues& cues, size_t detections) {
  if (cues.camera) {
    const auto& m = cues.camera->m;
    for (int r = 0; r < 2; ++r) {
      for (int c = 0; c < 3; ++c) {
        const double v = m[r][c];
        const double bound = c == 2 ? kMaxPixels : kMaxCameraLinear;
        if (!(std::abs(v) <= bound)) {
          reject_option(kChecksOwner,
                        "camera.m[" + std::to_string(r) + "][" + std::to_string(c) + "]", v,
                        "must be finite and within " + number_text(bound) + " of 0");
        }
      }
    }
    const double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    if (!(std::abs(det) >= 1 / (kMaxCameraLinear * kMaxCameraLinear))) {
      reject_option(kChecksOwner, "camera determinant", det,
                    "must be at least " + number_text(1 / (kMaxCameraLinear * kMaxCameraLinear)) +
                        " in size (no camera collapses the image)");
    }
  }
  if (cues.appearance.empty()) return;
  if (cues.appearance.size() != detections) {
    reject_option(kChecksOwner, "appearance.size()", std::to_string(cues.appearance.size()),
                  "must be 0 or the number of detections, " + std::to_string(detections));
  }
  size_t length = 0;
  for (size_t i = 0; i < detections; ++i) {
    const std::vector<float>& a = cues.appearance[i];
    if (a.empty()) continue;
    if (length != 0 && a.size() != length) {
      reject_option(kChecksOwner, "appearance[" + std::to_string(i) + "].size()",
                    std::to_string(a.size()),
                    "must be the other descriptors' " + std::to_string(length));
    }
    length = a.size();
    for (size_t k = 0; k < a.size(); ++k) {
      if (!(a[k] >= 0 && std::isfinite(a[k]))) {
        reject_option(kChecksOwner,
                      "appearance[" + std::to_string(i) + "][" + std::to_string(k) + "]", a[k],
                      "must be finite and >= 0");
      }
    }
  }
}

void check_frame(double t_s, std::optional<double> previous_s, const std::vector<Person>& dets) {
  require_option(std::isfinite(t_s), kChecksOwner, "frame time", t_s, "must be finite");
  if (previous_s) {
    require_option(t_s > *previous_s, kChecksOwner, "frame time", t_s,
                   "must be after the previous frame's " + number_text(*previous_s) + " s");
  }
  const auto coordinate = [](double v) { return std::abs(v) <= kMaxPixels; };
  // Checked on every frame: the messages are built only for a detection that fails.
  const auto reject = [](size_t i, const std::string& field, const std::string& value,
                         const std::string& rule) {
    reject_option(kChecksOwner, "detections[" + std::to_string(i) + "]." + field, value, rule);
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

}  // namespace podium::vision::tracking
