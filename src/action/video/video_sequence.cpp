#include "podium/action/video_sequence.hpp"

#include <filesystem>

#include "podium/action/track_sequence.hpp"
#include "podium/core/error.hpp"

namespace podium::action {

TrackSequence video_sequence(const std::string& path, const VideoSequenceOptions& o) {
  vision::AnalyzeOptions a;
  a.model = o.model;
  a.athletes = 1;
  // The counter reads the keypoints as detected: the smoothed copy would be work thrown away.
  a.series.filter = vision::SmoothFilter::None;
  a.threads = o.threads;
  a.models_dir = o.models_dir;
  a.progress = o.progress;
  const vision::AnalyzeResult r = vision::analyze_video(path, a);
  if (r.tracks.empty()) {
    throw Error(
        ErrorKind::InvalidInput, Place{.source = path},
        "nobody was tracked in " + std::to_string(r.frames) + " frames: no pose sequence to read");
  }
  return track_sequence(r.tracks.front(), std::filesystem::path(path).stem().string(),
                        o.min_keypoint_score);
}

}  // namespace podium::action
