// Pose sequences from `podium video analyze`'s keypoints.csv (docs/formats.md), one per track,
// and a segment-labels file that labels stretches of them (docs/actions.md, "Formats").
//
// Contract: keypoints.csv is long, one row per frame x track x keypoint, with at least the
// columns frame, time_s, track_id, keypoint, score, raw_x, raw_y (others are ignored). A
// sequence takes raw_x and raw_y (NaN where empty: the athlete was hidden), because the smoothed
// x and y erase fast motion (a wrist in a tennis stroke), and the score column (NaN where empty).
// Its layout is the smallest whose names include every keypoint name of the track; its fps is 1
// over the median frame interval (time_s difference per frame), 0 with a single frame. Frames run
// from a track's first to its last, each with at least one row. Coordinates are pixels; the id is
// "<name>#<track_id>" (name: the file's stem, passed by the caller), the group is the name.
//
// Segment labels: a CSV with columns label and either start_s, end_s (seconds, as time_s) or
// start_frame, end_frame (the video's frame numbers), and optionally track_id (empty or absent:
// every track). A segment covers [start, end): the frames whose time or number is at least start
// and below end, cut to each track's frames. Segments of one track must not overlap.
//
//   auto tracks = parse_keypoints_csv(read_file(p), p, "serve_01");
//   apply_segment_labels(tracks, parse_segment_labels(read_file(l), l), l);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

struct TrackSequence {
  std::int64_t track_id = 0;
  std::int64_t first_frame = 0;  // the video frame of sequence frame 0
  std::vector<double> times_s;   // per sequence frame, as the file has them
  PoseSequence sequence;
};

// Every track (or only `track`: Error(NotFound) when the file has none of it), in the order
// their ids first appear.
std::vector<TrackSequence> parse_keypoints_csv(std::string_view bytes, const std::string& source,
                                               const std::string& name,
                                               std::optional<std::int64_t> track = {});

struct SegmentLabel {
  std::int64_t line = 0;                 // in its file
  std::optional<std::int64_t> track_id;  // nullopt: every track
  bool in_seconds = true;                // start and end are seconds, else frame numbers
  double start = 0, end = 0;             // start < end
  std::string label;
};

std::vector<SegmentLabel> parse_segment_labels(std::string_view bytes, const std::string& source);
// Sets each track's segments (sorted) from the labels; Error(InvalidInput) at a label's line when
// two overlap on one track.
void apply_segment_labels(std::span<TrackSequence> tracks, std::span<const SegmentLabel> labels,
                          const std::string& source);

}  // namespace podium::action
