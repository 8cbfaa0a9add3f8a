#include "podium/vision/analyze.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/threads.hpp"

namespace podium::vision {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void validate(const AnalyzeOptions& o) {
  require_option(o.athletes >= 0, "", "--athletes", o.athletes, "must be >= 0");
  require_option(o.lock_on >= 0, "", "--lock-on", o.lock_on, "must be >= 0");
  checked_threads(o.threads);  // before the video opens: a bad option fails at once
  check_track_series_options(o.series);
  if (o.athletes != 1 &&
      (o.model == PoseModel::MoveNetLightning || o.model == PoseModel::MoveNetThunder ||
       o.model == PoseModel::BlazePose)) {
    reject_option("", "--athletes", o.athletes == 0 ? "all" : std::to_string(o.athletes),
                  std::string("needs a multi-person model: ") + pose_model_name(o.model) +
                      " finds one athlete (use --model movenet-multipose)");
  }
}

// Decodes ahead on its own thread, so that decoding the next frames overlaps with the pose model
// on this one (on two cores, frames/s becomes 1 / max(decode, pose) instead of 1 / their sum).
// Errors on the decoding thread are rethrown by next().
class FramePrefetcher {
 public:
  explicit FramePrefetcher(VideoReader& video) : thread_([this, &video] { produce(video); }) {}
  ~FramePrefetcher() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  FramePrefetcher(const FramePrefetcher&) = delete;
  FramePrefetcher& operator=(const FramePrefetcher&) = delete;

  bool next(Frame& frame) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !queue_.empty() || done_; });
    if (!queue_.empty()) {
      frame = std::move(queue_.front());
      queue_.pop_front();
      changed_.notify_all();
      return true;
    }
    if (error_) std::rethrow_exception(error_);
    return false;
  }

 private:
  static constexpr std::size_t kDepth = 4;

  void produce(VideoReader& video) {
    try {
      for (Frame f; video.next(f);) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return queue_.size() < kDepth || stop_; });
        if (stop_) return;
        queue_.push_back(std::move(f));
        f = Frame();
        changed_.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Frame> queue_;
  bool done_ = false, stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: starts after everything it touches exists
};

// Per track, what pass one saw: the tracker's detections frame by frame.
struct RawTrack {
  TrackObservations seen;
  bool confirmed = false;
};

}  // namespace

AnalyzeResult analyze_video(const std::string& path, const AnalyzeOptions& options) {
  validate(options);
  // Fail on a bad option or a bad file before the models load.
  OneEuroFilter::create(options.series.one_euro);
  TrackerOptions tracker_options = options.tracker;
  tracker_options.follow_id = options.lock_on;
  Tracker tracker = Tracker::create(tracker_options);
  VideoReader video = VideoReader::open(path, options.start_s, options.end_s);
  PoseEstimator pose = PoseEstimator::create({.model = options.model,
                                              .models_dir = options.models_dir,
                                              .min_score = options.min_pose_score,
                                              .threads = options.threads});

  AnalyzeResult result;
  result.video = video.info();
  std::map<std::int64_t, RawTrack> raw;
  std::vector<std::int64_t> all_frames;
  std::vector<double> all_times;
  // The previous frame's people: single-athlete crop tracking follows a lone one. (A vector, not
  // an optional<Person>: GCC 12 warns falsely about the latter once the loop is inlined.)
  std::vector<Person> previous;
  Frame frame;
  FramePrefetcher frames(video);
  auto t0 = Clock::now();
  // decode_s is the time spent waiting for a decoded frame (decoding itself overlaps the model).
  while (frames.next(frame)) {
    result.times.decode_s += seconds_since(t0);
    t0 = Clock::now();
    const std::vector<Person> people =
        pose.estimate(frame.rgb, previous.size() == 1 ? &previous.front() : nullptr);
    result.times.pose_s += seconds_since(t0);
    t0 = Clock::now();
    const TrackerFrame tf = tracker.update(frame.time_s, people);
    for (const TrackedPerson& t : tf.tracks) {
      if (!t.observed) continue;
      RawTrack& r = raw[t.id];
      r.seen.id = t.id;
      r.seen.layout = t.person.layout;
      r.confirmed = r.confirmed || t.confirmed;
      r.seen.frames.push_back(frame.index);
      r.seen.keypoints.push_back(t.person.keypoints);
      r.seen.world.push_back(t.person.world);
    }
    previous = people;
    all_frames.push_back(frame.index);
    all_times.push_back(frame.time_s);
    result.times.track_s += seconds_since(t0);
    if (options.progress) {
      options.progress({frame.index + 1, result.video.frame_count, frame.time_s});
    }
    t0 = Clock::now();
  }
  result.frames = static_cast<std::int64_t>(all_frames.size());
  if (!all_times.empty()) {
    result.first_time_s = all_times.front();
    result.last_time_s = all_times.back();
  }
  // Confirmed tracks; with a limit, those observed longest.
  std::vector<const RawTrack*> kept;
  for (const auto& [id, r] : raw) {
    if (r.confirmed) kept.push_back(&r);
  }
  if (options.athletes > 0 && kept.size() > static_cast<std::size_t>(options.athletes)) {
    std::stable_sort(kept.begin(), kept.end(), [](const RawTrack* a, const RawTrack* b) {
      return a->seen.frames.size() > b->seen.frames.size();
    });
    kept.resize(static_cast<std::size_t>(options.athletes));
    std::sort(kept.begin(), kept.end(),
              [](const RawTrack* a, const RawTrack* b) { return a->seen.id < b->seen.id; });
  }
  t0 = Clock::now();
  for (const RawTrack* r : kept)
    result.tracks.push_back(clean_track_series(r->seen, all_frames, all_times, options.series));
  result.times.smooth_s = seconds_since(t0);
  t0 = Clock::now();
  for (TrackSeries& s : result.tracks)
    add_track_kinematics(s, options.series);
  result.times.kinematics_s = seconds_since(t0);
  return result;
}

}  // namespace podium::vision
