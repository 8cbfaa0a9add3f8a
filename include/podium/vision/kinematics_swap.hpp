// Left/right label swaps: exchanging a side group, and repairing a clip's swaps offline. The
// conventions (pixels, y down; seconds, strictly increasing; NaN for missing points;
// Error(InvalidInput) naming field, value and rule) are kinematics.hpp's.
//
//   const SwapRepair r = repair_left_right_swaps(frames);
//   for (std::size_t k = 0; k < r.frames.size(); ++k) use(r.frames[k], r.swaps[k].legs);
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "podium/vision/kinematics.hpp"

namespace podium::vision {

// Which left/right keypoint pairs a swap exchanges. Legs: knee, ankle (+ heel, foot_index). Arms:
// elbow, wrist (+ pinky, index, thumb). WholeBody: every pair, eyes/ears/shoulders/hips included.
enum class SwapGroup { WholeBody, Arms, Legs };
PoseFrame swap_left_right(const PoseFrame& frame, SwapGroup group);

struct SwapRepairOptions {
  // What overriding the detector costs, in torso lengths per frame and left/right pair: a part's
  // labels in a frame are flipped only when that makes its labelled trajectories smoother by more
  // than this times its pairs. Finite, > 0.
  double flip_penalty_torso = 0.5;
  // One keypoint's miss (distance from its predicted position) counts at most this many torso
  // lengths, so a single wild detection cannot force a flip. Finite, > 0.
  double max_cost_torso = 1.0;
};

// What was swapped back in one frame, applied in the order whole_body, legs, arms.
struct FrameSwap {
  bool whole_body = false, arms = false, legs = false;
};

struct SwapRepair {
  std::vector<PoseFrame> frames;  // repaired copy of the input
  std::vector<FrameSwap> swaps;   // what was swapped back, per frame
  std::size_t repaired_frames = 0;
  double torso_px = std::numeric_limits<double>::quiet_NaN();  // the median torso length used
};

// Repairs left/right label swaps over a whole clip (offline: it needs every frame first).
// Rule: a keypoint's labelled side should continue its motion, i.e. lie where that side's two
// previous positions extrapolate at constant velocity (the last position alone when the one
// before lacks the pair). For a part, the cost of a labelling of the clip is the sum over present
// keypoints of their distances from those predictions (each capped at max_cost_torso) plus
// flip_penalty_torso x pairs for every frame whose labels it flips against the detector. The
// cheapest labelling is found exactly (Viterbi over the last two frames' flips), so a frame is
// swapped back only when that makes the motion smoother by more than the penalty, and a frame in
// doubt never hands wrong sides on to the frames after it. Three passes, each on the last's output:
//   1. whole body, judged on the core (eyes, ears, shoulders, hips, mouth: their side comes from
//      the body's orientation, so when they flip the detector flipped the whole person),
//   2. legs: knee, ankle, heel, foot_index (legs crossing in a running side view, the classic),
//   3. arms: elbow, wrist, pinky, index, thumb.
// Velocity matters: at 25-30 fps a swinging foot moves ~40 px a frame, so crossing legs look
// swapped to a nearest-position rule. Torso length = median over frames of the mean same-side
// shoulder-hip distance; without any torso the frames come back unchanged. Limits: a swap in a
// frame where the two limbs overlap is invisible and stays as detected, as does one where the
// previous two frames never show both sides of the pair; a swap covering most of the frames
// between two crossings of the limbs outweighs the evidence at the crossings and is believed.
// Measured accuracy: docs/kinematics.md. Throws Error(InvalidInput) for bad options, mixed
// layouts or wrong point counts.
SwapRepair repair_left_right_swaps(std::span<const PoseFrame> frames,
                                   const SwapRepairOptions& options = {});

}  // namespace podium::vision
