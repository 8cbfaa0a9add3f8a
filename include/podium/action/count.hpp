// Class-agnostic repetition counting from a pose sequence alone: no model, no class, one set of
// parameters for every exercise. The sequence is normalised (action/normalize.hpp), its joint
// trajectories are gap-filled and detrended, the period is found by the self-similarity
// (autocorrelation) of their main principal components, and each repetition is one swing of the
// first principal component out of its rest position and back, found with a hysteresis that
// follows a changing tempo and ignores pauses. Method and parameters: docs/actions.md,
// "Repetition counting".
//
// Contract: input any validated PoseSequence with at least 2 * min_period_frames frames and at
// most limits::kCountFrames; keypoints not seen (NaN) are interpolated over time, keypoints seen in
// fewer than half the frames are left out. Output: the count (0 for swings under min_swing torso
// lengths, and below min_periodicity when it is set; without a clear period the swings are still
// counted and periodicity is 0, so a caller can tell a doubtful count), one Rep per
// repetition in frame order with half-open frame ranges [start_frame, end_frame) (consecutive
// reps may share a boundary frame), seconds when fps is known (NaN otherwise), the range of motion
// of the sequence's most-moving keypoint in torso lengths, and the left/right symmetry of that
// keypoint's pair (min/max of the two ranges, 1 = equal; NaN for a centre keypoint or when neither
// side moves). Throws Error(InvalidInput) naming the sequence and field for bad options, too few
// or too many frames, and sequences that cannot be normalised (no hip or shoulder ever seen).
//
//   RepCount c = count_repetitions(sequence);
//   for (const Rep& r : c.reps) std::printf("%g..%g s\n", r.start_s, r.end_s);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

struct CountOptions {
  std::size_t min_period_frames = 4;  // >= 2; a speed rope at 7 jumps/s at 30 fps
  double min_periodicity = 0;         // 0..1: below it the count is 0 (0: always count)
  double hysteresis = 0.25;           // (0, 1): swing that confirms an extreme, of the amplitude
  double min_swing = 0.1;             // >= 0 torso lengths: smaller swings are not repetitions
};

struct Rep {
  std::int64_t start_frame = 0;
  std::int64_t end_frame = 0;     // one past the last frame
  double start_s = 0, end_s = 0;  // start_frame / fps, end_frame / fps; NaN when fps is unknown
  double duration_s = 0;          // the tempo; NaN when fps is unknown
  double range_of_motion = 0;     // torso lengths, of RepCount::moving_keypoint
  double symmetry = 0;            // 0..1, NaN when not applicable
};

struct RepCount {
  std::size_t count = 0;
  std::vector<Rep> reps;
  double period_frames = 0;     // the dominant period (self-similarity), 0 when none was found
  double periodicity = 0;       // 0..1: the self-similarity at that period, the confidence
  std::string moving_keypoint;  // the layout's name of the keypoint that moves most
};

RepCount count_repetitions(const PoseSequence& sequence, const CountOptions& options = {});

}  // namespace podium::action
