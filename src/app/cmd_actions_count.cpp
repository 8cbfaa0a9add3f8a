// podium actions count: a video or pose sequences in; per sequence the repetitions counted
// (action/count.hpp) with each one's time, tempo, range of motion and symmetry out (--json: only
// that, as JSON). A video runs the pose pipeline on its most-observed athlete and counts on the
// keypoints as detected (action/video_sequence.hpp); anything else is read as pose sequences,
// recognised by content (action/read_sequences.hpp). Runs in podium_cli_action_torch
// (actions_torch.hpp). Output shapes: docs/actions.md, "podium actions count".
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "actions_torch.hpp"
#include "podium/action/count.hpp"
#include "podium/action/read_sequences.hpp"
#include "podium/action/video_sequence.hpp"
#include "podium/core/option.hpp"
#include "progress_line.hpp"

namespace podium::app {
namespace {

// Bytes sniffed to tell a video from a pose file.
constexpr std::size_t kCountSniffBytes = 512;

// Pose files are text (CSV, JSON) and shared sets folders; every video container carries binary
// bytes (NUL, control characters) in its first few hundred.
bool count_input_is_video(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) return false;
  std::ifstream in(path, std::ios::binary);
  std::array<char, kCountSniffBytes> head{};
  in.read(head.data(), head.size());
  for (std::streamsize i = 0; i < in.gcount(); ++i) {
    const auto c = static_cast<unsigned char>(head[static_cast<std::size_t>(i)]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

// What is counted, with the video's frame numbers and times when it came from one.
struct Counted {
  action::PoseSequence sequence;
  std::optional<action::TrackSequence> track;  // without its sequence (moved out)
  action::RepCount count;
};

// The time of sequence frame f: the video's presentation time, else f / fps (NaN without fps).
double frame_time(const Counted& c, std::int64_t f) {
  const auto i = static_cast<std::size_t>(f);
  if (c.track) {
    const std::vector<double>& t = c.track->times_s;
    if (i < t.size()) return t[i];
    return c.sequence.fps > 0 ? t.back() + static_cast<double>(i + 1 - t.size()) / c.sequence.fps
                              : std::nan("");
  }
  return c.sequence.fps > 0 ? static_cast<double>(f) / c.sequence.fps : std::nan("");
}

std::int64_t frame_number(const Counted& c, std::int64_t f) {
  return c.track ? c.track->first_frame + f : f;
}

// NaN (no fps, no symmetry) is written as null: nlohmann dumps every non-finite number so.
nlohmann::ordered_json count_json(const Counted& c) {
  const action::RepCount& r = c.count;
  nlohmann::ordered_json reps = nlohmann::ordered_json::array();
  for (const action::Rep& p : r.reps) {
    const double start = frame_time(c, p.start_frame), end = frame_time(c, p.end_frame);
    reps.push_back({{"start_frame", frame_number(c, p.start_frame)},
                    {"end_frame", frame_number(c, p.end_frame)},
                    {"start_s", start},
                    {"end_s", end},
                    {"duration_s", end - start},
                    {"range_of_motion", p.range_of_motion},
                    {"symmetry", p.symmetry}});
  }
  const double fps = c.sequence.fps;
  nlohmann::ordered_json j = {
      {"id", c.sequence.id},
      {"frames", c.sequence.frames},
      {"fps", fps > 0 ? fps : std::nan("")},
      {"count", r.count},
      {"reps", reps},
      {"period_frames", r.period_frames},
      {"period_s", fps > 0 && r.period_frames > 0 ? r.period_frames / fps : std::nan("")},
      {"periodicity", r.periodicity},
      {"moving_keypoint", r.moving_keypoint}};
  if (c.track) {
    j["track_id"] = c.track->track_id;
    j["first_frame"] = c.track->first_frame;
  }
  return j;
}

// A table cell: the number, or "-" where there is none (NaN: no fps, no symmetry).
std::string cell(double v, int width) {
  char buf[32];
  if (std::isnan(v)) {
    std::snprintf(buf, sizeof buf, "%*s", width, "-");
  } else {
    std::snprintf(buf, sizeof buf, "%*.3f", width, v);
  }
  return buf;
}

void print_count(const Counted& c) {
  const action::RepCount& r = c.count;
  std::printf("%s: %zu repetition%s", c.sequence.id.c_str(), r.count, r.count == 1 ? "" : "s");
  if (r.period_frames > 0 && c.sequence.fps > 0) {
    std::printf(", period %.3f s", r.period_frames / c.sequence.fps);
  } else if (r.period_frames > 0) {
    std::printf(", period %.0f frames", r.period_frames);
  } else {
    std::printf(", no clear period");
  }
  std::printf(", periodicity %.2f, moving keypoint %s\n", r.periodicity, r.moving_keypoint.c_str());
  if (r.reps.empty()) return;
  std::printf("%5s %8s %8s %9s %9s %10s %9s %9s\n", "rep", "start", "end", "start_s", "end_s",
              "duration_s", "range", "symmetry");
  for (std::size_t i = 0; i < r.reps.size(); ++i) {
    const action::Rep& p = r.reps[i];
    const double start = frame_time(c, p.start_frame), end = frame_time(c, p.end_frame);
    std::printf("%5zu %8lld %8lld %s %s %s %s %s\n", i + 1,
                static_cast<long long>(frame_number(c, p.start_frame)),
                static_cast<long long>(frame_number(c, p.end_frame)), cell(start, 9).c_str(),
                cell(end, 9).c_str(), cell(end - start, 10).c_str(),
                cell(p.range_of_motion, 9).c_str(), cell(p.symmetry, 9).c_str());
  }
}

std::vector<Counted> count_input(const ActionsCountArgs& a) {
  std::vector<Counted> out;
  if (count_input_is_video(a.input)) {
    action::VideoSequenceOptions o;
    if (!a.model.empty()) o.model = vision::parse_pose_model(a.model);
    o.threads = a.threads;
    ProgressLine progress(::isatty(STDERR_FILENO) != 0 && !a.json);
    o.progress = [&progress](const vision::AnalyzeProgress& p) {
      progress.update("frame", p.frame, p.frame_count);
    };
    action::TrackSequence t = action::video_sequence(a.input, o);
    progress.done();
    Counted c{.sequence = std::move(t.sequence), .track = {}, .count = {}};
    t.sequence = {};
    c.track = std::move(t);
    c.count = action::count_repetitions(c.sequence);
    out.push_back(std::move(c));
    return out;
  }
  require_option(a.model.empty(), "", "--model", a.model,
                 "applies to a video only; " + a.input + " holds pose sequences");
  for (action::PoseSequence& s : action::read_sequences(a.input)) {
    action::RepCount r = action::count_repetitions(s);
    out.push_back(Counted{.sequence = std::move(s), .track = {}, .count = std::move(r)});
  }
  return out;
}

}  // namespace
}  // namespace podium::app

extern "C" void podium_actions_count(const podium::app::ActionsCountArgs& a) {
  using namespace podium::app;
  const std::vector<Counted> counted = count_input(a);
  if (a.json) {
    nlohmann::ordered_json j;
    if (counted.size() == 1) {
      j = count_json(counted.front());
    } else {
      j = {{"sequences", nlohmann::ordered_json::array()}};
      for (const Counted& c : counted)
        j["sequences"].push_back(count_json(c));
    }
    std::printf("%s\n",
                j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    return;
  }
  for (std::size_t i = 0; i < counted.size(); ++i) {
    if (i > 0) std::printf("\n");
    print_count(counted[i]);
  }
}
