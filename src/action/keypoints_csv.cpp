#include "podium/action/keypoints_csv.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

#include "podium/core/csv.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "podium/vision/track_series.hpp"
#include "sequence_io.hpp"

namespace podium::action {
namespace {

// Frame numbers and track ids: far past any video, small enough that differences cannot overflow.
constexpr std::int64_t kMaxVideoFrame = std::int64_t{1} << 40;

struct TrackRows {
  std::int64_t track_id = 0;
  std::int64_t first_line = 0;
  std::vector<std::string> names;  // keypoint names in the order first seen
  std::vector<detail::KeypointRow> rows;
  std::unordered_map<std::int64_t, double> times;  // frame -> time_s
};

// The smallest layout that names every keypoint of the track.
std::optional<vision::Layout> layout_of(const std::vector<std::string>& names) {
  std::optional<vision::Layout> best;
  for (const vision::Layout l : {vision::Layout::MoveNet13, vision::Layout::Coco17,
                                 vision::Layout::OpenPose18, vision::Layout::BlazePose33}) {
    const auto known = vision::layout_info(l).keypoints;
    const bool all = std::all_of(names.begin(), names.end(), [&](const std::string& n) {
      return std::find(known.begin(), known.end(), n) != known.end();
    });
    if (all && (!best || known.size() < vision::layout_info(*best).keypoints.size())) best = l;
  }
  return best;
}

TrackSequence build_track(TrackRows& t, const std::string& source, const std::string& name) {
  TrackSequence out;
  out.track_id = t.track_id;
  PoseSequence& s = out.sequence;
  s.id = name + "#" + std::to_string(t.track_id);
  s.source = "keypoints.csv";
  s.group = name;
  s.coordinates = Coordinates::Pixels;
  const Place track_at{.source = source, .line = static_cast<std::uint64_t>(t.first_line)};
  const auto layout = layout_of(t.names);
  if (!layout) {
    throw Error(ErrorKind::InvalidInput, track_at,
                "track " + std::to_string(t.track_id) +
                    ": its keypoint names are not all of one layout (coco17, blazepose33, "
                    "openpose18, movenet13)");
  }
  s.layout = *layout;
  const auto names = vision::layout_info(s.layout).keypoints;
  for (detail::KeypointRow& r : t.rows) {
    const auto k = std::find(names.begin(), names.end(), t.names[r.keypoint]);
    r.keypoint = static_cast<std::uint32_t>(k - names.begin());
  }
  out.first_frame = detail::fill_keypoints(s, t.rows, false, source, t.first_line).first_frame;
  for (std::size_t f = 0; f < s.frames; ++f) {
    out.times_s.push_back(t.times.at(out.first_frame + static_cast<std::int64_t>(f)));
    if (f > 0 && !(out.times_s[f] > out.times_s[f - 1])) {
      throw Error(ErrorKind::InvalidInput, track_at,
                  "track " + std::to_string(t.track_id) + ": time_s of frame " +
                      std::to_string(out.first_frame + static_cast<std::int64_t>(f)) +
                      " is not after the previous frame's");
    }
  }
  s.fps = vision::sample_rate_hz(out.times_s);
  detail::validate_in(s, track_at);
  return out;
}

}  // namespace

std::vector<TrackSequence> parse_keypoints_csv(std::string_view bytes, const std::string& source,
                                               const std::string& name,
                                               std::optional<std::int64_t> track) {
  CsvReader csv(bytes, source);
  CsvRecord record = detail::read_header_row(csv, source);
  const detail::CsvHeader header(record, source, {}, true);
  const int c_frame = header.required("frame"), c_time = header.required("time_s");
  const int c_track = header.required("track_id"), c_keypoint = header.required("keypoint");
  const int c_score = header.required("score"), c_x = header.required("raw_x");
  const int c_y = header.required("raw_y");
  std::vector<TrackRows> tracks;
  std::unordered_map<std::int64_t, std::size_t> by_id;
  while (csv.next(record)) {
    const detail::CsvRow r{record, source};
    const std::int64_t id =
        detail::integer_field(r.text(c_track, "track_id"), r.at("track_id"), 0, kMaxVideoFrame);
    if (track && id != *track) continue;
    auto [it, added] = by_id.try_emplace(id, tracks.size());
    if (added) {
      if (tracks.size() == limits::kPoseSequences) {
        throw limits::exceeded(r.at(""), "tracks", tracks.size() + 1, limits::kPoseSequences,
                               "sequences per file");
      }
      tracks.push_back({.track_id = id, .first_line = record.line});
    }
    TrackRows& t = tracks[it->second];
    detail::KeypointRow row;
    row.line = record.line;
    row.frame = detail::integer_field(r.text(c_frame, "frame"), r.at("frame"), 0, kMaxVideoFrame);
    const double time = detail::number_field(r.text(c_time, "time_s"), r.at("time_s"));
    if (std::isnan(time))
      throw Error(ErrorKind::InvalidInput, r.at("time_s"), "must be a number of seconds");
    const auto [time_at, new_frame] = t.times.try_emplace(row.frame, time);
    if (!new_frame && time_at->second != time) {
      throw Error(ErrorKind::InvalidInput, r.at("time_s"),
                  "differs from another row of frame " + std::to_string(row.frame));
    }
    const std::string_view keypoint = r.text(c_keypoint, "keypoint");
    auto k = std::find(t.names.begin(), t.names.end(), keypoint);
    if (k == t.names.end()) {
      if (t.names.size() == vision::layout_info(vision::Layout::BlazePose33).keypoints.size()) {
        throw Error(ErrorKind::InvalidInput, r.at("keypoint"),
                    quoted_for_message(keypoint) + ": more keypoint names than any layout has");
      }
      k = t.names.emplace(t.names.end(), keypoint);
    }
    row.keypoint = static_cast<std::uint32_t>(k - t.names.begin());
    row.x = static_cast<float>(detail::number_field(r.text(c_x, "raw_x"), r.at("raw_x")));
    row.y = static_cast<float>(detail::number_field(r.text(c_y, "raw_y"), r.at("raw_y")));
    row.score = static_cast<float>(detail::number_field(r.text(c_score, "score"), r.at("score")));
    t.rows.push_back(row);
  }
  if (track && tracks.empty()) {
    throw Error(ErrorKind::NotFound, Place{.source = source},
                "no rows of track " + std::to_string(*track));
  }
  std::vector<TrackSequence> out;
  out.reserve(tracks.size());
  for (TrackRows& t : tracks)
    out.push_back(build_track(t, source, name));
  return out;
}

std::vector<SegmentLabel> parse_segment_labels(std::string_view bytes, const std::string& source) {
  CsvReader csv(bytes, source);
  CsvRecord record = detail::read_header_row(csv, source);
  const detail::CsvHeader header(
      record, source, {"track_id", "start_s", "end_s", "start_frame", "end_frame", "label"});
  const int c_label = header.required("label"), c_track = header.column("track_id");
  const bool seconds = header.column("start_s") >= 0;
  if (seconds == (header.column("start_frame") >= 0)) {
    throw Error(ErrorKind::Format, Place{.source = source, .line = 1},
                "expected either start_s and end_s or start_frame and end_frame");
  }
  const int c_start = header.required(seconds ? "start_s" : "start_frame");
  const int c_end = header.required(seconds ? "end_s" : "end_frame");
  std::vector<SegmentLabel> out;
  while (csv.next(record)) {
    const detail::CsvRow r{record, source};
    if (out.size() == limits::kPoseSequenceFrames) {
      throw limits::exceeded(r.at(""), "segments", out.size() + 1, limits::kPoseSequenceFrames,
                             "segments per file");
    }
    SegmentLabel l;
    l.line = record.line;
    l.in_seconds = seconds;
    const std::string_view track = r.text(c_track, "track_id");
    if (!track.empty())
      l.track_id = detail::integer_field(track, r.at("track_id"), 0, kMaxVideoFrame);
    const char* start_name = seconds ? "start_s" : "start_frame";
    const char* end_name = seconds ? "end_s" : "end_frame";
    if (seconds) {
      l.start = detail::number_field(r.text(c_start, start_name), r.at(start_name));
      l.end = detail::number_field(r.text(c_end, end_name), r.at(end_name));
    } else {
      l.start = static_cast<double>(
          detail::integer_field(r.text(c_start, start_name), r.at(start_name), 0, kMaxVideoFrame));
      l.end = static_cast<double>(
          detail::integer_field(r.text(c_end, end_name), r.at(end_name), 0, kMaxVideoFrame));
    }
    if (!(l.start < l.end)) {
      throw Error(ErrorKind::InvalidInput, r.at(end_name),
                  "must be a number above " + std::string(start_name));
    }
    l.label = r.text(c_label, "label");
    if (l.label.empty()) throw Error(ErrorKind::InvalidInput, r.at("label"), "must not be empty");
    out.push_back(std::move(l));
  }
  return out;
}

void apply_segment_labels(std::span<TrackSequence> tracks, std::span<const SegmentLabel> labels,
                          const std::string& source) {
  for (TrackSequence& t : tracks) {
    PoseSequence& s = t.sequence;
    std::vector<std::pair<Segment, std::int64_t>> segments;  // with the label's line
    for (const SegmentLabel& l : labels) {
      if (l.track_id && *l.track_id != t.track_id) continue;
      // The first sequence frame at or past v (times increase with the frame).
      const auto first_at = [&](double v) -> std::int64_t {
        if (l.in_seconds) {
          return std::lower_bound(t.times_s.begin(), t.times_s.end(), v) - t.times_s.begin();
        }
        const double f = std::ceil(v - static_cast<double>(t.first_frame));
        return static_cast<std::int64_t>(std::clamp(f, 0.0, static_cast<double>(s.frames)));
      };
      const std::int64_t start = first_at(l.start), end = first_at(l.end);
      if (start < end) segments.emplace_back(Segment{start, end, l.label}, l.line);
    }
    std::sort(segments.begin(), segments.end(),
              [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
    s.segments.clear();
    for (const auto& [segment, line] : segments) {
      if (!s.segments.empty() && segment.start < s.segments.back().end) {
        throw Error(ErrorKind::InvalidInput,
                    Place{.source = source, .line = static_cast<std::uint64_t>(line)},
                    "overlaps another segment of track " + std::to_string(t.track_id));
      }
      s.segments.push_back(segment);
    }
  }
}

}  // namespace podium::action
