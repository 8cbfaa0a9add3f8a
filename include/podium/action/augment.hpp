// Augmentation of pose sequences for scarce skeleton data: geometric transforms (mirror with a
// left/right swap, rotation, scale, shear), temporal ones (smooth monotone time warp, crop) and
// keypoint noise (Gaussian jitter, dropout), each a pure function, and augment(), which draws
// them at random from one seed.
//
// Contract:
// - Input and output pass validate() (sequence.hpp); id, source, group, label, layout,
//   coordinates and fps are kept. Scores move with their keypoints and are never changed, except
//   that a dropped keypoint scores 0 (NaN stays NaN: a source without scores).
// - Geometry works on x and y in the sequence's own units, about a pivot (Pivot): by default the
//   centre of the box around every seen keypoint of every frame, so the athlete stays where it
//   was; Pivot::Origin for hip-centred data whose 0 is the body's centre. A frame-wide pivot keeps
//   the motion between frames: every frame moves by the same similarity or shear.
// - Image axes: x right, y down. rotate(+deg) turns anticlockwise as seen on screen.
// - mirror() flips x about the pivot's x and swaps every left/right pair of keypoints by name
//   ("left_wrist" <-> "right_wrist", "mouth_left" <-> "mouth_right"), so the output's left wrist
//   is the mirrored input right wrist and mirroring twice is the identity. Labels are kept: set
//   mirror_probability to 0 when a class names a side.
// - NaN (not seen) stays NaN through every transform; time_warp interpolates linearly between the
//   two nearest source frames and is NaN when either is (exact source frames copy through).
// - Segments follow the frames: a crop clips and shifts them, a warp maps their ends; a segment
//   left empty is dropped.
// - Deterministic: augment() with the same sequence, options and seed gives the same bytes; each
//   transform's parameters are drawn whether or not it is applied, so changing one probability
//   does not change what the others draw. Randomness comes from core's Rng only.
// - Bad options: Error(InvalidInput) "augment options: field = value: rule".
//
//   AugmentOptions o;  o.mirror_probability = 0;  // labels name a side
//   for (std::uint64_t k = 0; k < 10; ++k) copies.push_back(augment(clip, o, seed + k));
#pragma once

#include <cstddef>
#include <cstdint>

#include "podium/action/sequence.hpp"
#include "podium/core/random.hpp"

namespace podium::action {

enum class Pivot {
  SequenceCentre,  // midpoint of the smallest and largest seen x (and y) over all frames
  Origin,          // (0, 0): for data already centred on the body
};

struct AugmentOptions {
  Pivot pivot = Pivot::SequenceCentre;
  double mirror_probability = 0.5;
  double rotate_probability = 0.5;
  double max_rotation_deg = 15;  // uniform in [-max, max]
  double scale_probability = 0.5;
  double min_scale = 0.9;  // uniform in [min, max], one factor for x and y
  double max_scale = 1.1;
  double shear_probability = 0.3;
  double max_shear = 0.1;  // x += shear_x * dy and y += shear_y * dx, each uniform in [-max, max]
  double time_warp_probability = 0.5;
  double max_time_warp = 0.3;  // warp strength uniform in [-max, max], in [0, 1) (see time_warp)
  double crop_probability = 0.3;
  double min_crop_fraction = 0.8;  // kept share of frames uniform in [min, 1], in (0, 1]
  double jitter_probability = 0.5;
  double jitter_std = 0.01;  // of the diagonal of the box around every seen keypoint
  double dropout_probability = 0.3;
  double dropout_rate = 0.05;  // share of seen keypoints dropped, in [0, 1]
};

// Throws Error(InvalidInput) naming the field, value and rule: probabilities in [0, 1], ranges
// finite and ordered, scales > 0, max_time_warp in [0, 1), min_crop_fraction in (0, 1].
void validate(const AugmentOptions& options);

PoseSequence mirror(const PoseSequence& s, Pivot pivot = Pivot::SequenceCentre);
PoseSequence rotate(const PoseSequence& s, double degrees, Pivot pivot = Pivot::SequenceCentre);
// factor > 0: every bone length is multiplied by it.
PoseSequence scale(const PoseSequence& s, double factor, Pivot pivot = Pivot::SequenceCentre);
PoseSequence shear(const PoseSequence& s, double shear_x, double shear_y,
                   Pivot pivot = Pivot::SequenceCentre);

// Resamples the time axis, keeping the frame count and both ends: output frame i shows the
// source at frame (n - 1) * w(i / (n - 1)), w(u) = u + strength * sin(pi u) / pi, which is smooth
// and strictly increasing for |strength| < 1. strength > 0 plays the first half faster (the
// motion is brought forward), < 0 slower; 0 is the identity. One frame is returned unchanged.
PoseSequence time_warp(const PoseSequence& s, double strength);
// Frames [first, first + count); count >= 1 and first + count <= frames.
PoseSequence crop(const PoseSequence& s, std::size_t first, std::size_t count);
// Adds N(0, std^2) to x and y of every seen keypoint (std in the sequence's units, >= 0).
PoseSequence jitter(const PoseSequence& s, double std, Rng& rng);
// Each seen keypoint of each frame is dropped (x, y NaN, score 0 if it had one) with
// probability rate.
PoseSequence dropout(const PoseSequence& s, double rate, Rng& rng);

// Draws and applies, in this order: crop, time warp, mirror, rotation, scale, shear, jitter,
// dropout.
PoseSequence augment(const PoseSequence& s, const AugmentOptions& options, std::uint64_t seed);

}  // namespace podium::action
