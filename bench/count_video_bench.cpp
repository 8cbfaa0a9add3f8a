// Repetition counting through the video path, per second of video: for each clip and pose model,
// the pose pipeline (decode -> pose -> track: action::video_sequence) and the counting after it
// (action::count_repetitions), timed apart on one thread, as a markdown table. Seconds of video
// are the whole clip's (its decoded frames over the frame rate); the athlete's track may be
// shorter.
//
//   build/bench/podium_bench_count_video [--models movenet-lightning,movenet-thunder] VIDEO...
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "podium/action/count.hpp"
#include "podium/action/video_sequence.hpp"
#include "podium/core/error.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    out.push_back(item);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace podium;
  std::vector<std::string> models{"movenet-lightning", "movenet-thunder"}, videos;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--models" && i + 1 < argc) {
      models = split(argv[++i]);
    } else {
      videos.push_back(a);
    }
  }
  if (videos.empty()) {
    std::fprintf(stderr, "usage: podium_bench_count_video [--models M,M] VIDEO...\n");
    return 2;
  }
  std::printf(
      "| clip | model | video frames | video s | track frames | pose path s | count ms | "
      "count frames/s | s per s of video | reps |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  try {
    for (const std::string& model : models) {
      for (const std::string& video : videos) {
        action::VideoSequenceOptions o;
        o.model = vision::parse_pose_model(model);
        o.threads = 1;
        std::int64_t decoded = 0;  // the whole clip's frames, not only the athlete's track
        o.progress = [&decoded](const vision::AnalyzeProgress& p) { decoded = p.frame; };
        const auto t0 = Clock::now();
        const action::TrackSequence t = action::video_sequence(video, o);
        const double pose_s = seconds_since(t0);
        const auto t1 = Clock::now();
        const action::RepCount c = action::count_repetitions(t.sequence);
        const double count_s = seconds_since(t1);
        const double video_s = static_cast<double>(decoded) / t.sequence.fps;
        std::printf("| %s | %s | %lld | %.1f | %zu | %.2f | %.2f | %.0f | %.3f | %zu |\n",
                    std::filesystem::path(video).stem().c_str(), model.c_str(),
                    static_cast<long long>(decoded), video_s, t.sequence.frames, pose_s,
                    1000 * count_s, static_cast<double>(t.sequence.frames) / count_s,
                    (pose_s + count_s) / video_s, c.count);
        std::fflush(stdout);
      }
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "podium_bench_count_video: %s\n", e.what());
    return 2;
  }
}
