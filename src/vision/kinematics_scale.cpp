// Metric scale from the athlete's height and the median segment lengths.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "kinematics_common.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/kinematics_scale.hpp"

namespace podium::vision {
namespace {

using namespace kinematics;  // the shared layout roles, checks and geometry

}  // namespace

MetricScale estimate_metric_scale(std::span<const PoseFrame> frames, double athlete_height_m) {
  require_option(athlete_height_m >= 0.5 && athlete_height_m <= 2.5, "estimate_metric_scale",
                 "athlete_height_m", athlete_height_m, "must be within 0.5..2.5 m");
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
      throw Error(ErrorKind::InvalidInput, "estimate_metric_scale: no frame shows " +
                                               std::string(what) +
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

}  // namespace podium::vision
