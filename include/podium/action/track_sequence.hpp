// One tracked athlete of `video analyze` (vision::TrackSeries) as a pose sequence, from the
// keypoints as detected, not the smoothed ones: the 6 Hz low-pass of the analysis would flatten a
// speed rope's 7 jumps a second and shift every turning point a counter looks for.
//
// Contract: input a TrackSeries of vision::analyze_video or vision::clean_track_series (at least
// one sample, every sample holding the layout's keypoints). Output: a TrackSequence
// (keypoints_csv.hpp) with the track's id, first video frame and sample times, and a validated
// PoseSequence in the track's layout, pixels, one frame per sample, id "<name>#<track id>", group
// `name`, fps 1 over the median sample interval (0 for one sample). A keypoint scoring below
// `min_keypoint_score`, or in a frame where the athlete was hidden, is not seen (NaN x and y);
// scores are kept. Throws Error(InvalidInput) naming `name` for a track without samples or with
// per-sample sizes that disagree, and for min_keypoint_score outside 0..1.
//
//   const TrackSequence t = track_sequence(result.tracks.front(), "squats", 0.3);
//   const RepCount c = count_repetitions(t.sequence);
#pragma once

#include <string>

#include "podium/action/keypoints_csv.hpp"
#include "podium/vision/track_series.hpp"

namespace podium::action {

TrackSequence track_sequence(const vision::TrackSeries& track, const std::string& name,
                             double min_keypoint_score);

}  // namespace podium::action
