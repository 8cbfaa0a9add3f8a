// podium's labelled pose sequences as JSON: every field of PoseSequence, one document per file
// (docs/actions.md, "Formats").
//
// Contract: {"format": "podium.pose_sequences", "version": 1, "sequences": [{"id", "source",
// "group", "layout" (vision::LayoutInfo::name), "coordinates" (coordinates_name), "fps" (0: not
// known), "frames", "label", "segments": [{"start", "end", "label"}], "x", "y", "score"}]}, with
// x, y and score frame-major arrays of frames x keypoints numbers, null where NaN (not seen, no
// score). Reading takes "source", "group", "label", "fps", "segments" and "score" as optional
// (empty, 0, none, all null); every sequence must pass validate(), ids must be unique, and
// frames and sequences are bounded (limits::kPoseSequenceFrames, kPoseSequences). Errors are
// Error(Format or InvalidInput) placed at the JSON path: "a.json: sequences[2].layout: unknown
// layout 'coco18' ...". write then parse gives back the same sequences, bit for bit.
//
//   write_file_atomic("clips.json", write_sequences_json(sequences));
//   const auto again = parse_sequences_json(read_file("clips.json"), "clips.json");
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

std::string write_sequences_json(std::span<const PoseSequence> sequences);
std::vector<PoseSequence> parse_sequences_json(std::string_view bytes, const std::string& source);

}  // namespace podium::action
