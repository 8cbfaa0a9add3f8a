// Left/right swap repair: the smoothest labelling of a clip, part by part (Viterbi).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "kinematics_common.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/kinematics_swap.hpp"

namespace podium::vision {
namespace {

using namespace kinematics;  // the shared layout roles, checks and geometry

// For one part, whether to flip each frame's left/right labels against the detector: the
// labelling of the whole clip that minimises penalty_px per flipped frame and pair, plus for every
// present keypoint its distance from where its labelled side should be, capped at cap_px so that
// one wild detection cannot outweigh the rest. "Should be": extrapolated at constant velocity
// from the two previous frames, or the last of them alone when only it shows the pair. Viterbi
// over the flips of the last two frames (4 states), so the choice is global: one ambiguous frame
// cannot hand wrong sides on to the frames after it. A prediction needs both sides of the pair in
// the frames it uses, so every labelling is charged for the same keypoints.
std::vector<bool> smoothest_flips(const std::vector<PoseFrame>& frames, const LayoutIndex& idx,
                                  Part part, double penalty_px, double cap_px) {
  const std::size_t n = frames.size();
  // The evidence grows with the number of pairs compared, and so must the bar: otherwise noise
  // summed over a side view's eight near-coincident core keypoints outweighs one penalty.
  const auto pairs = static_cast<double>(std::count_if(
      idx.pairs.begin(), idx.pairs.end(), [&](const Pair& p) { return p.part == part; }));
  penalty_px *= pairs;
  const auto labelled = [&](std::size_t k, const Pair& p, std::size_t side, std::size_t flip) {
    return frames[k].points[static_cast<std::size_t>((side ^ flip) == 0 ? p.left : p.right)];
  };
  const auto complete = [&](std::size_t k, const Pair& p) {
    return !is_missing(frames[k].points[static_cast<std::size_t>(p.left)]) &&
           !is_missing(frames[k].points[static_cast<std::size_t>(p.right)]);
  };
  // Cost of frame k labelled with flip z0 after frames k-1, k-2 labelled with z1, z2.
  const auto step_cost = [&](std::size_t k, std::size_t z2, std::size_t z1, std::size_t z0) {
    double cost = 0;
    for (const Pair& p : idx.pairs) {
      if (p.part != part || k == 0) continue;
      const bool last = complete(k - 1, p), older = k >= 2 && complete(k - 2, p);
      if (!last && !older) continue;
      for (std::size_t side = 0; side < 2; ++side) {
        const Point2 x = labelled(k, p, side, z0);
        if (is_missing(x)) continue;
        Point2 expect = last ? labelled(k - 1, p, side, z1) : labelled(k - 2, p, side, z2);
        if (last && older) {
          const Point2 o = labelled(k - 2, p, side, z2);
          expect = {2 * expect.x - o.x, 2 * expect.y - o.y};
        }
        cost += std::min(distance(x, expect), cap_px);
      }
    }
    return cost;
  };
  if (n == 0) return {};
  // State s = 2 * z[k-1] + z[k]; frame 0 has no predecessor, so only s = 0 and s = 3 exist. Ties
  // go to the earlier candidate, i.e. to not flipping: deterministic and detector-friendly.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<std::array<double, 4>> best(n, {kInf, kInf, kInf, kInf});
  std::vector<std::array<std::size_t, 4>> from(n, {0, 0, 0, 0});
  best[0] = {0.0, kInf, kInf, penalty_px};
  for (std::size_t k = 1; k < n; ++k) {
    for (std::size_t z1 = 0; z1 < 2; ++z1) {
      for (std::size_t z0 = 0; z0 < 2; ++z0) {
        for (std::size_t z2 = 0; z2 < 2; ++z2) {
          const double before = best[k - 1][2 * z2 + z1];
          if (before == kInf) continue;
          const double total = before + step_cost(k, z2, z1, z0) + (z0 == 1 ? penalty_px : 0.0);
          const std::size_t s = 2 * z1 + z0;
          if (total < best[k][s]) {
            best[k][s] = total;
            from[k][s] = z2;
          }
        }
      }
    }
  }
  std::size_t s = 0;
  for (std::size_t c = 1; c < 4; ++c) {
    if (best[n - 1][c] < best[n - 1][s]) s = c;
  }
  std::vector<bool> flips(n);
  for (std::size_t k = n - 1;; --k) {
    flips[k] = (s & 1u) != 0;
    if (k == 0) break;
    s = 2 * from[k][s] + (s >> 1u);
  }
  return flips;
}

}  // namespace

PoseFrame swap_left_right(const PoseFrame& frame, SwapGroup group) {
  check_frame(frame, "swap_left_right");
  PoseFrame out = frame;
  for (const Pair& p : layout_index(frame.layout).pairs) {
    const bool in_group = group == SwapGroup::WholeBody ||
                          (group == SwapGroup::Arms && p.part == Part::Arms) ||
                          (group == SwapGroup::Legs && p.part == Part::Legs);
    if (in_group) {
      std::swap(out.points[static_cast<std::size_t>(p.left)],
                out.points[static_cast<std::size_t>(p.right)]);
    }
  }
  return out;
}

SwapRepair repair_left_right_swaps(std::span<const PoseFrame> frames,
                                   const SwapRepairOptions& options) {
  for (const auto& [field, value] : {std::pair{"flip_penalty_torso", options.flip_penalty_torso},
                                     std::pair{"max_cost_torso", options.max_cost_torso}})
    require_option(std::isfinite(value) && value > 0, "SwapRepairOptions", field, value,
                   "must be finite and > 0");
  check_frames(frames, "repair_left_right_swaps");
  SwapRepair out;
  out.frames.assign(frames.begin(), frames.end());
  out.swaps.resize(frames.size());
  if (frames.empty()) return out;
  const LayoutIndex& idx = layout_index(frames[0].layout);
  std::vector<double> torsos;
  for (const PoseFrame& f : frames) {
    const double t = frame_torso_px(f, idx);
    if (!std::isnan(t)) torsos.push_back(t);
  }
  if (torsos.empty()) return out;
  out.torso_px = median_of(torsos);
  const double penalty_px = options.flip_penalty_torso * out.torso_px;
  const double cap_px = options.max_cost_torso * out.torso_px;

  // Core first (its flip is the whole body), then legs and arms on the result.
  struct Pass {
    Part part;
    SwapGroup group;
    bool FrameSwap::*flag;
  };
  for (const Pass& pass : {Pass{Part::Core, SwapGroup::WholeBody, &FrameSwap::whole_body},
                           Pass{Part::Legs, SwapGroup::Legs, &FrameSwap::legs},
                           Pass{Part::Arms, SwapGroup::Arms, &FrameSwap::arms}}) {
    const std::vector<bool> flips = smoothest_flips(out.frames, idx, pass.part, penalty_px, cap_px);
    for (std::size_t k = 0; k < flips.size(); ++k) {
      if (!flips[k]) continue;
      out.frames[k] = swap_left_right(out.frames[k], pass.group);
      out.swaps[k].*pass.flag = true;
    }
  }
  for (const FrameSwap& s : out.swaps) {
    if (s.whole_body || s.legs || s.arms) ++out.repaired_frames;
  }
  return out;
}

}  // namespace podium::vision
