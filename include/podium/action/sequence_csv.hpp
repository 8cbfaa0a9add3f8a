// podium's labelled pose sequences as CSV: one row per frame x keypoint (docs/actions.md,
// "Formats"), the shape of `podium video analyze`'s keypoints.csv and of what a spreadsheet or
// pandas (`df.to_csv(index=False)` of a long table) writes without reshaping, for any layout.
//
// Contract: a header row naming the columns, in any order:
//   id, layout, frame, keypoint, x, y       required
//   source, group, coordinates, fps, label  per sequence: the same on every row of its id
//                                           (defaults "", "", pixels, 0, "")
//   segment                                 per frame: the label of the segment the frame is in
//   score                                   "" or absent: no score
// Rows of one id may come in any order; frames are 0-based and every frame from 0 to the last
// must have at least one row; a keypoint without a row, or with empty x and y, is not seen.
// Segments are the runs of frames with one non-empty `segment` label, so two touching segments
// of the same label cannot be told apart: write_sequences_csv refuses them (JSON keeps them).
// Sequences come back in the order their ids first appear. Bounds: limits::kPoseSequenceFrames
// and kPoseSequences, and core's CSV limits. Every error is Error(Format or InvalidInput) placed
// at its line and column name: "a.csv: line 12: keypoint = ...: not a keypoint of movenet13".
// write then parse gives back the same sequences, bit for bit.
//
//   write_file_atomic("clips.csv", write_sequences_csv(sequences));
//   const auto again = parse_sequences_csv(read_file("clips.csv"), "clips.csv");
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

std::string write_sequences_csv(std::span<const PoseSequence> sequences);
std::vector<PoseSequence> parse_sequences_csv(std::string_view bytes, const std::string& source);

}  // namespace podium::action
