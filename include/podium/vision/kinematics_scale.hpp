// Metric scale: pixels to metres from the athlete's height. The conventions (pixels, y down;
// seconds, strictly increasing; NaN for missing points; Error(InvalidInput) naming field, value and
// rule) are kinematics.hpp's.
//
//   const MetricScale m = estimate_metric_scale(frames, 1.80);
//   const double shank_m = m.shank_px * m.metres_per_pixel;
#pragma once

#include <cstddef>
#include <span>

#include "podium/vision/kinematics.hpp"

namespace podium::vision {

// Stature as fractions of height (Winter 2009, after Drillis & Contini 1966): shoulder 0.818,
// hip 0.530, knee 0.285, ankle 0.039; so shank + thigh + trunk (ankle to shoulder) = 0.779.
inline constexpr double kAnkleToShoulderHeightFraction = 0.818 - 0.039;

struct MetricScale {
  double metres_per_pixel = 0;
  double body_height_px = 0;                        // (shank + thigh + trunk) / 0.779
  double shank_px = 0, thigh_px = 0, trunk_px = 0;  // medians over every (frame, side) sample
  std::size_t frames_used = 0;                      // frames giving at least one segment
};
// Pixels -> metres from the athlete's height (0.5..2.5 m). Segment lengths, unlike the
// ankle-to-nose distance, do not shrink when the athlete crouches or bends the knees; the median
// resists bad frames but a limb foreshortened (pointing at the camera) in most frames biases the
// scale high. Assumes one scale for the whole clip (fixed camera, athlete at a constant depth).
// Throws Error(InvalidInput) for a bad height or when no frame shows a shank, a thigh or a trunk.
MetricScale estimate_metric_scale(std::span<const PoseFrame> frames, double athlete_height_m);

}  // namespace podium::vision
