// How well predicted frame labels match true ones, in the three ways the temporal action
// segmentation literature reports (MS-TCN, Farha & Gall, CVPR 2019): frame accuracy, the edit
// score (the order of segments, ignoring their lengths) and F1@IoU (segments matched one to one).
//
// Contract: both label vectors have one entry per frame and the same length (Error(InvalidInput)
// otherwise, or when empty). Segments are runs of one label. Edit = 1 - Levenshtein(predicted
// runs, true runs) / max(run counts). F1@t: a predicted segment is a hit when its best-overlapping
// true segment of the same label has IoU >= t and is not already matched. All scores in [0, 1].
//
//   SegmentScores s = segment_scores(truth, predicted);  // s.edit, s.f1_at_50
//   std::vector<std::string> truth = frame_labels(stitched);  // from its segments
#pragma once

#include <span>
#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

struct SegmentScores {
  double frame_accuracy = 0;
  double edit = 0;
  double f1_at_10 = 0;
  double f1_at_25 = 0;
  double f1_at_50 = 0;
  std::size_t true_segments = 0;
  std::size_t predicted_segments = 0;
};

SegmentScores segment_scores(std::span<const std::string> truth,
                             std::span<const std::string> predicted);

// Per frame, the label of the segment it lies in ("" outside every segment).
std::vector<std::string> frame_labels(const PoseSequence& sequence);

}  // namespace podium::action
