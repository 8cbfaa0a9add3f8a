#include "podium/vision/export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/json.hpp"
#include "podium/vision/coco.hpp"
#include "podium/vision/mot.hpp"

namespace podium::vision {
namespace {

// Shortest text that reads back as the same double; empty for NaN (a missing value in CSV).
std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

std::string keypoints_csv(const AnalyzeResult& r) {
  std::string out = "frame,time_s,track_id,keypoint,x,y,score,raw_x,raw_y,x_m,y_m\n";
  for (const TrackSeries& s : r.tracks) {
    const auto names = layout_info(s.layout).keypoints;
    // Metres from the top-left corner, when a height gave the scale.
    const double m = s.metres_per_pixel > 0 ? s.metres_per_pixel : std::nan("");
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
      for (std::size_t k = 0; k < names.size(); ++k) {
        const Keypoint& c = s.smoothed[i][k];
        const Keypoint& raw = s.raw[i][k];
        out += std::to_string(s.frames[i]) + ',' + num(s.times_s[i]) + ',' + std::to_string(s.id) +
               ',' + std::string(names[k]) + ',' + num(c.x) + ',' + num(c.y) + ',' + num(c.score) +
               ',' + num(raw.x) + ',' + num(raw.y) + ',' + num(c.x * m) + ',' + num(c.y * m) + '\n';
      }
    }
  }
  return out;
}

std::string world_csv(const AnalyzeResult& r) {
  std::string out = "frame,time_s,track_id,keypoint,x_m,y_m,z_m\n";
  for (const TrackSeries& s : r.tracks) {
    const auto names = layout_info(s.layout).keypoints;
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
      for (std::size_t k = 0; k < s.world[i].size() && k < names.size(); ++k) {
        const Point3& w = s.world[i][k];
        out += std::to_string(s.frames[i]) + ',' + num(s.times_s[i]) + ',' + std::to_string(s.id) +
               ',' + std::string(names[k]) + ',' + num(w.x) + ',' + num(w.y) + ',' + num(w.z) +
               '\n';
      }
    }
  }
  return out;
}

std::string angles_csv(const AnalyzeResult& r) {
  std::string out = "frame,time_s,track_id,angle,deg,deg_per_s\n";
  for (const TrackSeries& s : r.tracks) {
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
      for (const AngleSeries& a : s.angles) {
        out += std::to_string(s.frames[i]) + ',' + num(s.times_s[i]) + ',' + std::to_string(s.id) +
               ',' + a.name + ',' + num(a.deg[i]) + ',' + num(a.deg_per_s[i]) + '\n';
      }
    }
  }
  return out;
}

nlohmann::json tracks_json(const AnalyzeResult& r, const AnalyzeOptions& o) {
  nlohmann::json tracks = nlohmann::json::array();
  for (const TrackSeries& s : r.tracks) {
    nlohmann::json rom = nlohmann::json::object();
    for (const AngleSeries& a : s.angles) {
      rom[a.name] = {{"min_deg", json::number_or_null(a.range.min_deg)},
                     {"max_deg", json::number_or_null(a.range.max_deg)},
                     {"range_deg", json::number_or_null(a.range.range_deg)},
                     {"p05_deg", json::number_or_null(a.range.p05_deg)},
                     {"p50_deg", json::number_or_null(a.range.p50_deg)},
                     {"p95_deg", json::number_or_null(a.range.p95_deg)},
                     {"samples", a.range.samples}};
    }
    std::size_t observed = 0;
    for (bool b : s.observed)
      observed += b ? 1 : 0;
    nlohmann::json t = {
        {"id", s.id},
        {"layout", layout_info(s.layout).name},
        {"frames", s.frames.size()},
        {"observed_frames", observed},
        {"first_frame", s.frames.front()},
        {"last_frame", s.frames.back()},
        {"first_time_s", s.times_s.front()},
        {"duration_s", s.times_s.back() - s.times_s.front()},
        {"swaps_repaired", s.swaps_repaired},
        {"facing", s.facing ? nlohmann::json(*s.facing == Facing::Right ? "right" : "left")
                            : nlohmann::json(nullptr)},
        {"metres_per_pixel",
         s.metres_per_pixel > 0 ? json::number_or_null(s.metres_per_pixel) : nullptr},
        {"rom", rom},
        {"cadence", nullptr}};
    if (!r.team.empty()) {
      const int team = r.team[static_cast<std::size_t>(&s - r.tracks.data())];
      t["team"] = team == kOtherTeam ? nlohmann::json("other") : nlohmann::json(team + 1);
    }
    if (s.cadence) {
      t["cadence"] = {{"angle", "left_knee_flexion"},
                      {"cycles_per_minute", s.cadence->cycles_per_minute},
                      {"period_s", s.cadence->period_s},
                      {"correlation", s.cadence->correlation}};
    }
    tracks.push_back(std::move(t));
  }
  nlohmann::json parameters = {
      {"model", pose_model_name(o.model)},
      {"athletes", o.athletes},
      {"lock_on", o.lock_on},
      {"start_s", o.start_s},
      {"end_s", json::number_or_null(o.end_s)},
      {"height_m", o.series.height_m > 0 ? json::number_or_null(o.series.height_m) : nullptr},
      {"min_pose_score", o.min_pose_score},
      {"min_keypoint_score", o.series.min_keypoint_score},
      {"max_gap_frames", o.series.max_gap_frames},
      {"filter", smooth_filter_name(o.series.filter)},
      {"detector", r.detector ? nlohmann::json(detector_model_name(*r.detector)) : nullptr},
      {"detect_every", o.detect_every},
      {"camera_motion", o.camera_motion},
      {"stitch", o.stitch},
      {"teams", o.teams},
      {"tracker",
       {{"min_similarity", o.tracker.min_similarity},
        {"keypoint_weight", o.tracker.keypoint_weight},
        {"min_hits", o.tracker.min_hits},
        {"max_hidden_s", o.tracker.max_hidden_s}}}};
  if (o.series.filter == SmoothFilter::Butterworth) {
    parameters["butterworth"] = {
        {"cutoff_hz", o.series.cutoff_hz}, {"order", 4}, {"zero_phase", true}};
  } else if (o.series.filter == SmoothFilter::OneEuro) {
    parameters["one_euro"] = {{"min_cutoff_hz", o.series.one_euro.min_cutoff_hz},
                              {"beta", o.series.one_euro.beta},
                              {"d_cutoff_hz", o.series.one_euro.d_cutoff_hz}};
  }
  const VideoInfo& v = r.video;
  return {{"video",
           {{"file", std::filesystem::path(v.path).filename().string()},
            {"width", v.width},
            {"height", v.height},
            {"fps", v.fps},
            {"codec", v.codec},
            {"rotation_deg", v.rotation_deg},
            {"frames", r.frames},
            {"first_time_s", r.first_time_s},
            {"last_time_s", r.last_time_s}}},
          {"parameters", parameters},
          {"stage_seconds",
           {{"decode", r.times.decode_s},
            {"detect", r.times.detect_s},
            {"pose", r.times.pose_s},
            {"camera_motion", r.times.camera_s},
            {"appearance", r.times.appearance_s},
            {"track", r.times.track_s},
            {"stitch", r.times.stitch_s},
            {"smooth", r.times.smooth_s},
            {"kinematics", r.times.kinematics_s}}},
          {"people",
           {{"detector_runs", r.detector_runs},
            {"pose_runs", r.pose_runs},
            {"track_ids", r.track_ids},
            {"stitched", r.stitched},
            {"teams", r.teams}}},
          {"tracks", tracks}};
}

std::string mot_tracks(const AnalyzeResult& r) {
  std::vector<MotRow> rows;
  for (const TrackSeries& s : r.tracks) {
    for (std::size_t i = 0; i < s.frames.size() && i < s.boxes.size(); ++i) {
      if (!s.observed[i] || s.boxes[i].empty()) continue;
      rows.push_back(
          {.frame = s.frames[i] + 1, .id = s.id, .box = s.boxes[i], .score = s.scores[i]});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const MotRow& a, const MotRow& b) {
    return a.frame != b.frame ? a.frame < b.frame : a.id < b.id;
  });
  return format_mot(rows);
}

std::string coco_results(const AnalyzeResult& r) {
  std::vector<CocoResult> out;
  for (const TrackSeries& s : r.tracks) {
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
      // Hidden, or seen as a box without a pose (a low-score detection): no keypoints to score.
      if (!s.observed[i] || !std::all_of(s.raw[i].begin(), s.raw[i].end(), [](const Keypoint& k) {
            return std::isfinite(k.x) && std::isfinite(k.y);
          })) {
        continue;
      }
      Person p;
      p.layout = s.layout;
      p.keypoints = s.raw[i];
      for (const Keypoint& k : p.keypoints)
        p.score += k.score / static_cast<double>(p.keypoints.size());
      for (CocoResult& c : coco_results_from_people(s.frames[i], std::span(&p, 1)))
        out.push_back(c);
    }
  }
  return write_coco_results(out);
}

std::vector<std::string> write_analysis(const AnalyzeResult& r, const AnalyzeOptions& o,
                                        const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"keypoints.csv", keypoints_csv(r)},
      {"angles.csv", angles_csv(r)},
      {"tracks.json", tracks_json(r, o).dump(2) + "\n"},
      {"coco_keypoints.json", coco_results(r)},
      {"tracks_mot.txt", mot_tracks(r)}};
  const bool has_world = std::any_of(r.tracks.begin(), r.tracks.end(), [](const TrackSeries& s) {
    return s.layout == Layout::BlazePose33;
  });
  if (has_world) files.emplace_back("world.csv", world_csv(r));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorKind::Io, dir + ": cannot create the output folder: " + ec.message());
  std::vector<std::string> written;
  for (const auto& [name, bytes] : files) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    write_file_atomic(path, bytes);
    written.push_back(path);
  }
  return written;
}

}  // namespace podium::vision
