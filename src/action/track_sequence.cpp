#include "podium/action/track_sequence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::action {

TrackSequence track_sequence(const vision::TrackSeries& track, const std::string& name,
                             double min_keypoint_score) {
  require_option(min_keypoint_score >= 0 && min_keypoint_score <= 1, name, "min_keypoint_score",
                 min_keypoint_score, "must be within 0..1");
  const std::size_t n = track.raw.size();
  const std::size_t k = vision::layout_info(track.layout).keypoints.size();
  const Place at{.source = name, .field = "track " + std::to_string(track.id)};
  if (n == 0) throw Error(ErrorKind::InvalidInput, at, "the track has no samples");
  if (track.frames.size() != n || track.times_s.size() != n || track.observed.size() != n) {
    throw Error(ErrorKind::InvalidInput, at,
                "frames, times_s, observed and raw keypoints differ in length");
  }
  TrackSequence out;
  out.track_id = track.id;
  out.first_frame = track.frames.front();
  out.times_s = track.times_s;
  PoseSequence& s = out.sequence;
  s.id = name;
  s.id.append("#").append(std::to_string(track.id));
  s.source = name;
  s.group = name;
  s.layout = track.layout;
  s.coordinates = Coordinates::Pixels;
  s.fps = vision::sample_rate_hz(track.times_s);
  s.frames = n;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  s.x.assign(n * k, nan);
  s.y.assign(n * k, nan);
  s.score.assign(n * k, 0);
  for (std::size_t f = 0; f < n; ++f) {
    if (track.raw[f].size() != k) {
      throw Error(ErrorKind::InvalidInput, at,
                  "sample " + std::to_string(f) + " holds " + std::to_string(track.raw[f].size()) +
                      " keypoints, the layout " + std::to_string(k));
    }
    for (std::size_t j = 0; j < k; ++j) {
      const vision::Keypoint& p = track.raw[f][j];
      const std::size_t i = f * k + j;
      s.score[i] = static_cast<float>(std::isfinite(p.score) ? std::clamp(p.score, 0.0, 1.0) : 0);
      if (!track.observed[f] || !(p.score >= min_keypoint_score) || !std::isfinite(p.x) ||
          !std::isfinite(p.y)) {
        continue;
      }
      s.x[i] = static_cast<float>(p.x);
      s.y[i] = static_cast<float>(p.y);
    }
  }
  validate(s);
  return out;
}

}  // namespace podium::action
