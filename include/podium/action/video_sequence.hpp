// The pose sequence of a video's most-observed athlete, for counting and classifying straight
// from a clip: vision::analyze_video (decode -> pose -> track) with one athlete reported, then
// track_sequence.hpp on its keypoints as detected. In podium_action_video, the one action
// library that links OpenCV and the pose models.
//
// Contract: `path` is a video FFmpeg decodes; the result is the most-observed confirmed track
// (analyze.hpp) as track_sequence() makes it (pixels, fps from the frame times, keypoints below
// min_keypoint_score not seen), named after the file's stem. Throws what analyze_video throws
// (bad video, bad option, missing model), and Error(InvalidInput) naming the file when nobody was
// tracked in it.
//
//   const TrackSequence t = video_sequence("squats.mp4");
//   const RepCount c = count_repetitions(t.sequence);
#pragma once

#include <functional>
#include <string>

#include "podium/action/keypoints_csv.hpp"
#include "podium/vision/analyze.hpp"

namespace podium::action {

struct VideoSequenceOptions {
  // Thunder: Lightning loses athletes lying down (QUVA 013: docs/science.md, "Actions:
  // repetition counting").
  vision::PoseModel model = vision::PoseModel::MoveNetThunder;
  double min_keypoint_score = 0.3;  // 0..1: keypoints detected below it are not seen
  int threads = 1;                  // of the pose model, 1..256
  std::string models_dir;           // default: nn::models_dir()
  std::function<void(const vision::AnalyzeProgress&)> progress;
};

TrackSequence video_sequence(const std::string& path, const VideoSequenceOptions& options = {});

}  // namespace podium::action
