// Offline tracklet stitching: since a clip is analysed whole, fragments of one athlete that the
// online tracker split (a long occlusion, an athlete leaving and re-entering, a missed stretch)
// are joined afterwards, seeing both the end of one fragment and the start of the next.
//
// Contract: each Tracklet is one track id's observed frames (times in seconds, strictly
// increasing; boxes in pixels) and optionally its appearance (an L1-normalised histogram, e.g.
// the tracker's moving average; empty: none). The result maps every id to the id it is merged
// into: the first tracklet (earliest start) of its chain, which for the tracker's ids is also the
// smallest; ids not merged map to themselves.
//
// A join links the end of tracklet A to the start of a later tracklet B when
//   - B starts after A ends (never two tracklets that overlap in time: those are two athletes
//     seen at once), by at most max_gap_s;
//   - motion agrees: A's box centre extrapolated at constant velocity (fitted over its last
//     velocity_window_s) to B's start, and B's start extrapolated back to A's end, miss by less
//     than reach = mean box height * (reach_heights + reach_heights_per_s * gap) on average;
//   - the box heights differ by at most max_height_ratio;
//   - when both have appearance, their Bhattacharyya coefficient is >= min_appearance.
// Cost = (1 - appearance_weight) * miss / reach + appearance_weight * (1 - coefficient) (motion
// alone without appearance) + gap / max_gap_s (of two fragments on one path, the nearer in time
// is the continuation; the later one is then the continuation's). Joins are made greedily by
// increasing cost (ties: smaller ids first), each end and each start at most once, so chains never
// branch; because every link goes forward in time, no chain holds two tracklets that overlap.
// Throws Error(InvalidInput) naming the tracklet and field for a duplicate id, an empty
// tracklet, times and boxes of unequal count, times not finite and increasing, a box without
// positive finite size, a negative or non-finite appearance entry, or an invalid option.
//
//   const auto merged = stitch_tracklets(tracklets, {});
//   for (auto& row : rows) row.id = merged.at(row.id);
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "podium/vision/person.hpp"

namespace podium::vision {

struct Tracklet {
  std::int64_t id = 0;
  std::vector<double> times;      // s, observed frames only, strictly increasing
  std::vector<Box> boxes;         // one per time, pixels
  std::vector<float> appearance;  // L1-normalised; empty: none
};

struct StitchOptions {
  // [0, 3600] s. The tracker already bridges max_hidden_s (2 s) online; 5 s more covers an
  // athlete running behind a group or out of a panning shot and back, while a longer gap is as
  // likely someone else entering where the first left.
  double max_gap_s = 5.0;
  // (0, 60] s: the constant-velocity fit over the last (first) half second: long enough to
  // average a stride's jitter at 25-30 fps, short enough to follow a turn.
  double velocity_window_s = 0.5;
  // [0, 100] box heights: the miss allowed at no gap (detector jitter, stride) ...
  double reach_heights = 0.5;
  // [0, 100] box heights/s: ... growing with the gap, as a walker's unpredictability does (the
  // tracker's hidden reach, 0.5, doubled: offline the end and the start both vote).
  double reach_heights_per_s = 1.0;
  double max_height_ratio = 1.5;  // [1, 100]: larger / smaller box height
  // [0, 1]: the Bhattacharyya coefficient below which two torso histograms are two kits.
  double min_appearance = 0.5;
  double appearance_weight = 0.5;  // [0, 1]: share of appearance in the cost
};

std::map<std::int64_t, std::int64_t> stitch_tracklets(std::span<const Tracklet> tracklets,
                                                      const StitchOptions& options);

}  // namespace podium::vision
