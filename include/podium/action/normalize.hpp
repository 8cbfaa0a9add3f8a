// Body-centred pose normalisation: each frame centred on the hips, the whole sequence scaled by
// one torso length, optionally rotated so the view's tilt is gone. What classifiers, augmentation
// and the repetition counter compare, so that where the athlete stands and how far the camera is
// do not matter.
//
// Contract: the result has the input's layout, frames, scores, labels and segments; its x and y
// are in torso lengths (the median over frames of the mid-shoulder to mid-hip distance, one number
// for the sequence so it does not jitter per frame), with the frame's mid-hip at (0, 0) and y
// still pointing down; coordinates is Coordinates::Torso. A keypoint not seen stays NaN. A frame
// that sees one hip is centred on it; a frame that sees neither on the centre of the nearest frame
// that does. Keypoints are looked up by name ("left_hip", "right_shoulder", ...), so every layout
// that names both hips and both shoulders works. Rotation (angles in radians, counter-clockwise on
// screen positive): Shoulders/Hips rotate by the median over frames of that line's tilt, folded
// into (-pi/2, pi/2] so a person seen from behind is not turned upside down; Angle rotates the
// view by `angle_rad`. Throws Error(InvalidInput) naming the sequence and the field when the
// layout lacks hips or shoulders, no frame sees a hip, no frame sees both a hip and a shoulder,
// or the torso length is zero; validate() runs first.
//
//   NormalizeOptions o{.rotation = Rotation::Shoulders};
//   PoseSequence n = normalize(sequence, o);   // n.x[n.at(f, k)]: torso lengths from mid-hip
#pragma once

#include "podium/action/sequence.hpp"

namespace podium::action {

enum class Rotation {
  None,
  Shoulders,  // make the median shoulder line horizontal
  Hips,       // make the median hip line horizontal
  Angle,      // rotate the view by NormalizeOptions::angle_rad
};

struct NormalizeOptions {
  Rotation rotation = Rotation::None;
  double angle_rad = 0;  // with Rotation::Angle: finite
};

PoseSequence normalize(const PoseSequence& sequence, const NormalizeOptions& options = {});

}  // namespace podium::action
