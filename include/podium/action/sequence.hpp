// Pose sequences: what the action module reads, normalises, learns from, segments and counts in.
// One sequence is one athlete over consecutive frames in one skeleton layout (vision/skeleton.hpp),
// with a whole-sequence label (a clip of one stroke or one set) and/or labelled segments (a long
// recording), and the group a train/test split must keep together (the source video, the
// subject). Formats and importers: docs/actions.md.
//
// Contract: x, y and score hold frames x keypoints values, frame-major (frame f, keypoint k at
// f * keypoints() + k). A keypoint not seen in a frame has NaN x and y; a source without scores
// has NaN scores. fps is 0 when the source does not say. Segments are half-open frame ranges
// [start, end), sorted and disjoint. validate() checks all of it and names the sequence.
//
//   PoseSequence s = ...;                      // from a reader or importer
//   validate(s);                               // throws Error(InvalidInput) "id: ..." if broken
//   float hip_y = s.y[f * s.keypoints() + 11]; // COCO-17 left_hip in frame f
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/vision/skeleton.hpp"

namespace podium::action {

// What a sequence's x and y are measured in.
enum class Coordinates {
  Pixels,          // of the source video frame (origin top-left, y down)
  Normalized,      // 0..1 of the frame, or of a crop around the athlete (the source says which)
  MinMaxPerFrame,  // each frame's keypoints min-max scaled to 0..1 per axis (Countix-Fitness)
  Torso,           // torso lengths from the frame's mid-hip, y down (action/normalize.hpp)
};

// "pixels", "normalized", "minmax_per_frame": the names the formats write.
std::string_view coordinates_name(Coordinates coordinates);
std::optional<Coordinates> coordinates_named(std::string_view name);  // nullopt: no such name

struct Segment {
  std::int64_t start = 0;  // first frame
  std::int64_t end = 0;    // one past the last frame
  std::string label;
};

struct PoseSequence {
  std::string id;      // unique within a dataset: "tennis/alcaraz/forehand_001"
  std::string source;  // the dataset or file it came from: "tennis_shots_movenet"
  std::string group;   // what a split keeps together: "alcaraz" (source video), a subject id
  vision::Layout layout = vision::Layout::Coco17;
  Coordinates coordinates = Coordinates::Pixels;
  double fps = 0;  // 0: not known
  std::size_t frames = 0;
  std::vector<float> x, y, score;  // frames x keypoints(), frame-major
  std::string label;               // "" when unlabelled
  std::vector<Segment> segments;   // [start, end) frame ranges, sorted, disjoint

  std::size_t keypoints() const { return vision::layout_info(layout).keypoints.size(); }
  std::size_t at(std::size_t frame, std::size_t keypoint) const {
    return frame * keypoints() + keypoint;
  }
};

// Throws Error(InvalidInput) naming the sequence (its id) and the broken rule: array sizes that
// are not frames x keypoints, no frames, infinite coordinates (NaN is "not seen"), a score outside
// 0..1, a negative or non-finite fps, segments out of range, empty, unsorted or overlapping.
void validate(const PoseSequence& sequence);

// The same sequence in COCO-17 (vision::coco17_index): each keypoint moves to its COCO place, a
// keypoint the layout lacks (MoveNet-13's eyes and ears) is NaN x, y and score (not seen); what
// COCO lacks (OpenPose's neck, BlazePose's hands and feet) is dropped. Everything else is kept.
// Throws what validate() throws for a broken sequence.
PoseSequence to_coco17(const PoseSequence& sequence);

}  // namespace podium::action
