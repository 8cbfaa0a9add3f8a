// Temporal segmentation by a sliding window: a window classifier (any function from a pose
// sequence to class probabilities, e.g. ActionClassifier::probabilities) run over a long sequence
// turns it into labelled segments. Pure: the classifier is passed in, so podium_action needs no
// libtorch.
//
// Contract: windows of `window` frames start every `stride` frames; the last one is moved to end
// at the last frame so every frame is covered; a sequence shorter than a window is one window.
// Each window is the sequence's frames [start, start + window) (frame_range) and keeps its fps,
// layout and group. A frame's probabilities are the mean over the windows that cover it; its class
// the most probable one, or `background` when that probability is below `background_below` (0:
// never). Runs of one label shorter than `min_frames` are merged, shortest first, into the
// neighbour whose class is more probable over the run (into the only neighbour at an end).
// Segments are [start, end) frames with the mean over their frames of their class's probability
// (for background: of the most probable class). Errors: Error(InvalidInput) naming the option for
// window < 2, stride outside 1..window, min_frames < 1, background_below outside [0, 1], no
// classes, a background label that is also a class; Error(Model) when the classifier returns
// another number of probabilities than classes; what validate() throws for a broken sequence.
//
//   const auto p = [&](const PoseSequence& w) { return model.probabilities(w); };
//   Segmentation s = segment_sequence(long_clip, model.classes(), p, {.window = 30, .stride = 5});
//   for (const PredictedSegment& g : s.segments) ... g.start, g.end, g.label, g.probability
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

using WindowClassifier = std::function<std::vector<double>(const PoseSequence& window)>;

struct SegmentOptions {
  std::size_t window = 30;      // frames
  std::size_t stride = 0;       // frames; 0: a quarter window (at least 1)
  std::size_t min_frames = 1;   // shorter runs are merged into a neighbour
  double background_below = 0;  // 0: every frame gets a class
  std::string background = "background";
};

struct PredictedSegment {
  std::int64_t start = 0;  // first frame
  std::int64_t end = 0;    // one past the last
  std::string label;
  double probability = 0;  // mean over the segment's frames
};

struct Segmentation {
  std::vector<std::string> classes;
  std::size_t windows = 0;
  std::vector<double> frame_probabilities;  // frames x classes, frame-major
  std::vector<std::string> frame_labels;    // per frame, after merging
  std::vector<PredictedSegment> segments;
};

Segmentation segment_sequence(const PoseSequence& sequence, std::span<const std::string> classes,
                              const WindowClassifier& classify, const SegmentOptions& options);

// Frames [start, end) of a sequence as a sequence of their own (id "<id>@<start>-<end>", no label,
// the segments that overlap the range clipped to it). Error(InvalidInput) for an empty or
// out-of-range span.
PoseSequence frame_range(const PoseSequence& sequence, std::size_t start, std::size_t end);

// A window or stride given on the command line: "45" is frames, "1.5s" seconds (needs fps > 0).
// Error(InvalidInput) naming `field` for anything else, a value that is not positive, or seconds
// without an fps.
std::size_t frames_of(std::string_view spec, double fps, std::string_view field);

}  // namespace podium::action
