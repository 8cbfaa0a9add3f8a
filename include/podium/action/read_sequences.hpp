// One entry point for every pose input a command accepts, recognised by what it is rather than by
// a --format flag: a shared set's folder, video analyze's keypoints.csv, podium's sequence CSV or
// JSON (docs/actions.md, "Formats").
//
// Contract: `path` is
// - a folder holding an index.csv: one of the shared sets of datasets.hpp, told apart by the
//   index's header (tennis: player_video; Pose Trainer: exercise; Countix: gt_count; push-up:
//   form_label without exercise); any other folder is Error(InvalidInput) naming it;
// - a file whose first non-blank byte is '[' or '{': podium's sequence JSON;
// - a CSV whose header has track_id, raw_x and raw_y: video analyze's keypoints.csv, one sequence
//   per track, named as `actions import --format keypoints` names them;
// - any other file: podium's sequence CSV.
// Every sequence is validated; errors are the readers' own, naming the file and place.
//
//   const std::vector<PoseSequence> clips = read_sequences(args.data);
#pragma once

#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

std::vector<PoseSequence> read_sequences(const std::string& path);

// The name a keypoints.csv's sequences are given: the folder for ".../NAME/keypoints.csv" (video
// analyze's output folder names the recording), else the file's stem.
std::string keypoints_csv_name(const std::string& path);

}  // namespace podium::action
