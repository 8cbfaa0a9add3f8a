// podium video analyze: a clip in; tracked athletes, cleaned keypoints, joint angles, an
// annotated video (optional) and a summary out. Everything is computed before anything is
// written, so a failure leaves DIR as it was.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/analyze.hpp"
#include "podium/vision/export.hpp"
#include "podium/vision/overlay.hpp"
#include "progress_line.hpp"

namespace podium::app {
namespace {

struct VideoArgs {
  std::string video;
  std::string model = "movenet-lightning";
  std::string athletes = "1";
  std::int64_t lock_on = 0;
  std::string out = "podium-out";
  bool overlay = false;
  bool anonymize = false;
  double start_s = 0;
  double end_s = std::numeric_limits<double>::infinity();
  double height_m = 0;
  std::string filter = "butterworth";
  double cutoff_hz = 6.0;
  bool json = false;
  int threads = 1;
  std::string detector = "auto";
  int detect_every = 5;
  std::optional<int> tiles;
  std::optional<int> teams;
  bool no_camera_motion = false;
  bool no_stitch = false;
  bool progress_lines = false;
};

void video_analyze(const VideoArgs& a) {
  vision::AnalyzeOptions o;
  o.threads = a.threads;
  o.model = vision::parse_pose_model(a.model);
  if (a.athletes == "all") {
    o.athletes = 0;
  } else {
    try {
      std::size_t used = 0;
      o.athletes = std::stoi(a.athletes, &used);
      if (used != a.athletes.size() || o.athletes < 1) throw std::invalid_argument("");
    } catch (const std::exception&) {
      reject_option("", "--athletes", a.athletes, "must be a whole number >= 1 or 'all'");
    }
  }
  o.lock_on = a.lock_on;
  o.detector = vision::parse_detector_choice(a.detector);
  o.detect_every = a.detect_every;
  if (a.tiles) o.detection.tiles = *a.tiles;
  if (a.teams) {
    require_option(*a.teams >= 1, "", "--teams", *a.teams, "must be >= 1");
    o.teams = *a.teams;
  }
  o.camera_motion = !a.no_camera_motion;
  o.stitch = !a.no_stitch;
  o.every_person = a.anonymize;
  o.start_s = a.start_s;
  o.end_s = a.end_s;
  o.series.height_m = a.height_m;
  o.series.filter = vision::parse_smooth_filter(a.filter);
  o.series.cutoff_hz = a.cutoff_hz;
  ProgressLine progress(::isatty(STDERR_FILENO) != 0 && !a.json && !a.progress_lines);
  auto last_line = std::chrono::steady_clock::time_point{};
  o.progress = [&](const vision::AnalyzeProgress& p) {
    progress.update("frame", p.frame, p.frame_count);
    // For a supervising process (podium serve's job runner): a line per quarter second at most.
    const auto now = std::chrono::steady_clock::now();
    if (a.progress_lines && now - last_line >= std::chrono::milliseconds(250)) {
      last_line = now;
      std::fprintf(stderr, "progress %lld %lld %.3f\n", static_cast<long long>(p.frame),
                   static_cast<long long>(p.frame_count), p.time_s);
    }
  };

  const auto t0 = std::chrono::steady_clock::now();
  const vision::AnalyzeResult r = vision::analyze_video(a.video, o);
  progress.done();
  // The overlay goes to a temporary name first; the tables follow only when it succeeded. A
  // folder this command created is removed again when anything fails.
  const std::string overlay_path = (std::filesystem::path(a.out) / "overlay.mp4").string();
  // lstat, not stat: a dangling or looping symlink named as --out is the user's, not ours to
  // remove when the run fails; only "nothing there at all" makes the folder ours.
  std::error_code ec;
  const bool created =
      std::filesystem::symlink_status(a.out, ec).type() == std::filesystem::file_type::not_found;
  std::vector<std::string> written;
  try {
    if (a.overlay) {
      std::filesystem::create_directories(a.out, ec);
      if (ec) throw Error(ErrorKind::Io, a.out + ": cannot create the output folder");
      vision::render_overlay(a.video, r, o, overlay_path, {.anonymize = a.anonymize});
    }
    written = vision::write_analysis(r, o, a.out);
  } catch (...) {
    if (created) std::filesystem::remove_all(a.out, ec);
    throw;
  }
  if (a.overlay) written.push_back(overlay_path);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (a.json) {
    nlohmann::json j = vision::tracks_json(r, o);
    j["outputs"] = written;
    j["wall_seconds"] = seconds;
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf("%s: %dx%d, %lld frames in %.1f s (%.1f frames/s), %zu athlete%s\n", a.video.c_str(),
              r.video.width, r.video.height, static_cast<long long>(r.frames), seconds,
              r.frames / std::max(seconds, 1e-9), r.tracks.size(), r.tracks.size() == 1 ? "" : "s");
  for (const vision::TrackSeries& s : r.tracks) {
    std::size_t seen = 0;
    for (bool b : s.observed)
      seen += b ? 1 : 0;
    std::printf("  id %lld: frames %lld-%lld (%zu seen), %.1f s", static_cast<long long>(s.id),
                static_cast<long long>(s.frames.front()), static_cast<long long>(s.frames.back()),
                seen, s.times_s.back() - s.times_s.front());
    if (!r.team.empty()) {
      const int team = r.team[static_cast<std::size_t>(&s - r.tracks.data())];
      if (team == vision::kOtherTeam) {
        std::printf(", team other");
      } else {
        std::printf(", team %d", team + 1);
      }
    }
    if (s.cadence) std::printf(", cadence %.0f/min", s.cadence->cycles_per_minute);
    std::printf("\n");
  }
  for (const std::string& w : written)
    std::printf("wrote %s\n", w.c_str());
}

}  // namespace

void add_video_commands(CLI::App& group) {
  CLI::App* video = &group;
  video->require_subcommand(1);
  auto a = std::make_shared<VideoArgs>();
  auto* analyze = video->add_subcommand(
      "analyze", "Track athletes in a clip: keypoints, joint angles, overlay");
  analyze->add_option("VIDEO", a->video, "Video file (mp4, avi, mkv, webm, mov)")->required();
  analyze
      ->add_option("--model", a->model,
                   "movenet-lightning, movenet-thunder, movenet-multipose or blazepose")
      ->capture_default_str();
  analyze->add_option("--athletes", a->athletes, "Athletes to report: N or all")
      ->capture_default_str();
  analyze->add_option("--lock-on", a->lock_on, "Follow only this athlete id");
  analyze
      ->add_option("--detector", a->detector,
                   "Person detector for top-down pose: auto (none for one athlete, centernet for "
                   "more or with --anonymize), none, nanodet or centernet")
      ->capture_default_str();
  analyze
      ->add_option("--detect-every", a->detect_every,
                   "Frames between detections at most (sooner on fast motion or a lost pose)")
      ->capture_default_str();
  analyze->add_option(
      "--tiles", a->tiles,
      "Detector tiling: 0 auto, 1 whole frame only, N an N x N grid plus the frame");
  analyze->add_option("--teams", a->teams, "Group athletes into N teams by kit colour");
  analyze->add_flag("--no-camera-motion", a->no_camera_motion,
                    "Do not compensate camera motion (a fixed camera)");
  analyze->add_flag("--no-stitch", a->no_stitch,
                    "Do not join fragments of one athlete's track across gaps");
  analyze->add_option("--out", a->out, "Output folder")->capture_default_str();
  analyze->add_flag("--overlay", a->overlay, "Also write overlay.mp4 (skeletons, ids, angles)");
  analyze->add_flag("--anonymize", a->anonymize, "Blur every face in the exported frames");
  analyze->add_option("--start", a->start_s, "Start time in seconds");
  analyze->add_option("--end", a->end_s, "End time in seconds");
  analyze->add_option("--height-m", a->height_m, "Athlete height in metres, for metric scale");
  analyze->add_option("--filter", a->filter, "butterworth, one-euro or none")
      ->capture_default_str();
  analyze->add_option("--cutoff-hz", a->cutoff_hz, "Butterworth cutoff")->capture_default_str();
  analyze->add_flag(
      "--progress-lines", a->progress_lines,
      "Print 'progress FRAME FRAMES TIME_S' lines on stderr (for a supervising process)");
  analyze->add_flag("--json", a->json, "Print the summary (tracks.json) on stdout");
  analyze->add_option("--threads", a->threads, "Intra-op threads")->capture_default_str();
  analyze->callback([a] { video_analyze(*a); });
}

}  // namespace podium::app
