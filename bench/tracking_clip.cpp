// The tracker on a real clip, with and without its cues: a pose model's people per frame (the
// detections), the camera motion and torso histograms from the pixels, then confirmed track ids
// without cues (the pipeline as it was), with camera motion and appearance, and after offline
// stitching, as a markdown table. Ids per clip are what a viewer counts as "tracks per person"
// once the people are counted by eye; the cost of each cue per frame is beside it. On stderr:
// how alike (torso histograms, Bhattacharyya) a track's detection is to its own last one and to
// the other tracks' (ids of the tracker without cues), which is what appearance has to work with.
//
//   build/bench/podium_bench_tracking_clip [--model movenet-multipose] [--end 30] VIDEO...
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "podium/core/error.hpp"
#include "podium/vision/appearance.hpp"
#include "podium/vision/camera_motion.hpp"
#include "podium/vision/pose.hpp"
#include "podium/vision/stitch.hpp"
#include "podium/vision/tracker.hpp"
#include "podium/vision/video.hpp"

namespace {

using namespace podium::vision;
// This thread's CPU time: the machine may be shared, and the cues run on the calling thread.
double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Confirmed tracks' observed frames, as tracklets.
struct TrackLog {
  std::map<std::int64_t, Tracklet> tracks;
  void add(double t, const TrackerFrame& frame) {
    for (const TrackedPerson& tp : frame.tracks) {
      if (!tp.observed || !tp.confirmed) continue;
      Tracklet& tl = tracks[tp.id];
      tl.id = tp.id;
      tl.times.push_back(t);
      tl.boxes.push_back(tp.person.box);
      tl.appearance = tp.appearance;
    }
  }
  std::size_t stitched_ids() const {
    std::vector<Tracklet> all;
    for (const auto& [id, tl] : tracks)
      all.push_back(tl);
    std::map<std::int64_t, bool> heads;
    for (const auto& [id, head] : stitch_tracklets(all, {}))
      heads[head] = true;
    return heads.size();
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string model = "movenet-multipose";
  double end_s = 1e9;
  std::vector<std::string> videos;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--model" && i + 1 < argc) {
      model = argv[++i];
    } else if (a == "--end" && i + 1 < argc) {
      end_s = std::stod(argv[++i]);
    } else {
      videos.push_back(a);
    }
  }
  cv::setNumThreads(1);  // the cues' costs on one thread, as the pipeline's budget counts them
  try {
    PoseEstimator pose = PoseEstimator::create({.model = parse_pose_model(model)});
    std::printf(
        "| clip | frames | people/frame | ids, no cues | ids, camera + appearance | after "
        "stitching | mean pan px/frame | camera CPU ms/frame | histograms CPU ms/frame |\n"
        "|---|---|---|---|---|---|---|---|---|\n");
    for (const std::string& path : videos) {
      VideoReader video = VideoReader::open(path, 0, end_s);
      CameraMotionEstimator camera;
      Tracker plain = Tracker::create({});
      Tracker cued = Tracker::create({});
      TrackLog plain_log, cued_log;
      std::size_t frames = 0, people_seen = 0;
      double camera_s = 0, histogram_s = 0, pan = 0;
      std::map<std::int64_t, std::vector<float>> last_seen;  // plain tracker id -> histogram
      std::vector<double> same, other;
      for (Frame f; video.next(f);) {
        const std::vector<Person> people = pose.estimate(f.rgb);
        std::vector<Box> boxes;
        for (const Person& p : people)
          boxes.push_back(p.box);
        double t0 = thread_cpu_s();
        FrameCues cues{.camera = camera.estimate(f.rgb, boxes), .appearance = {}};
        camera_s += thread_cpu_s() - t0;
        t0 = thread_cpu_s();
        for (const Person& p : people)
          cues.appearance.push_back(torso_histogram(f.rgb, p));
        histogram_s += thread_cpu_s() - t0;
        pan += std::hypot(cues.camera->m[0][2], cues.camera->m[1][2]);
        const TrackerFrame plain_frame = plain.update(f.time_s, people);
        plain_log.add(f.time_s, plain_frame);
        for (size_t d = 0; d < people.size(); ++d) {
          const std::int64_t id = plain_frame.detection_ids[d];
          const std::vector<float>& h = cues.appearance[d];
          if (id == 0 || h.empty()) continue;
          for (const auto& [other_id, seen] : last_seen) {
            (other_id == id ? same : other).push_back(appearance_similarity(h, seen));
          }
        }
        for (size_t d = 0; d < people.size(); ++d) {
          if (plain_frame.detection_ids[d] != 0 && !cues.appearance[d].empty()) {
            last_seen[plain_frame.detection_ids[d]] = cues.appearance[d];
          }
        }
        cued_log.add(f.time_s, cued.update(f.time_s, people, cues));
        ++frames;
        people_seen += people.size();
      }
      const double n = frames > 0 ? static_cast<double>(frames) : 1;
      std::printf("| %s | %zu | %.2f | %zu | %zu | %zu | %.1f | %.2f | %.2f |\n", path.c_str(),
                  frames, static_cast<double>(people_seen) / n, plain_log.tracks.size(),
                  cued_log.tracks.size(), cued_log.stitched_ids(), pan / n, 1e3 * camera_s / n,
                  1e3 * histogram_s / n);
      for (auto* v : {&same, &other}) {
        std::sort(v->begin(), v->end());
        const auto q = [&](double f) {
          return v->empty() ? 0.0
                            : (*v)[static_cast<size_t>(f * static_cast<double>(v->size() - 1))];
        };
        const double reid = TrackerOptions{}.reid_min_appearance;
        const auto below =
            static_cast<double>(std::lower_bound(v->begin(), v->end(), reid) - v->begin());
        std::fprintf(stderr,
                     "%s, %s: %zu pairs, quantiles 5/25/50/75/95 %%: %.2f %.2f %.2f %.2f %.2f; "
                     "%.1f %% below %.2f\n",
                     path.c_str(), v == &same ? "same id, last histogram" : "other ids", v->size(),
                     q(0.05), q(0.25), q(0.5), q(0.75), q(0.95),
                     v->empty() ? 0.0 : 100 * below / static_cast<double>(v->size()), reid);
      }
    }
  } catch (const podium::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
