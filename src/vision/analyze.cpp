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
#include "podium/vision/people.hpp"

namespace podium::vision {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CenterNet for video, although NanoDet ranks better as eval pose's detector (detect.hpp): in
// sports footage CenterNet finds the crouched sprinters in the blocks of sports2d's
// demo2_sprint_start.mp4 (scores 0.41-0.51, NanoDet 0.18 untiled) and the backlit athlete of
// demo.mp4 that NanoDet misses, within 1.2x of its cost per run since the TopK fix
// (docs/tracking.md).
constexpr DetectorModel kVideoDetector = DetectorModel::CenterNet;

void validate(const AnalyzeOptions& o) {
  require_option(o.athletes >= 0, "", "--athletes", o.athletes, "must be >= 0");
  require_option(o.lock_on >= 0, "", "--lock-on", o.lock_on, "must be >= 0");
  require_option(o.teams >= 0, "", "--teams", o.teams, "must be >= 1");
  checked_threads(o.threads);  // before the video opens: a bad option fails at once
  check_track_series_options(o.series);
  const bool single_model = o.model != PoseModel::MoveNetMultiPose;
  if (!resolve_detector(o) && single_model && o.athletes != 1) {
    reject_option("", "--athletes", o.athletes == 0 ? "all" : std::to_string(o.athletes),
                  std::string("needs a person detector or a multi-person model: ") +
                      pose_model_name(o.model) +
                      " alone finds one athlete (use --detector nanodet, or --model "
                      "movenet-multipose)");
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

// Per track, what pass one saw: the tracker's detections frame by frame, and the sum of their
// torso histograms (the kit colour, for stitching and teams).
struct RawTrack {
  TrackObservations seen;
  std::vector<double> times;
  std::vector<double> appearance_sum;
  int appearance_n = 0;
  bool confirmed = false;
};

std::vector<float> mean_appearance(const RawTrack& r) {
  std::vector<float> m(r.appearance_sum.size());
  for (std::size_t i = 0; i < m.size(); ++i)
    m[i] = static_cast<float>(r.appearance_sum[i] / std::max(1, r.appearance_n));
  return m;
}

void add_observation(RawTrack& r, std::int64_t frame, double time_s, const Person& p,
                     const std::vector<float>* appearance) {
  r.seen.layout = p.layout;
  r.seen.frames.push_back(frame);
  r.times.push_back(time_s);
  const std::size_t n_kp = layout_info(p.layout).keypoints.size();
  // A box-only detection (no pose) is a frame with every keypoint missing.
  r.seen.keypoints.push_back(p.keypoints.size() == n_kp
                                 ? p.keypoints
                                 : std::vector<Keypoint>(n_kp, Keypoint{NAN, NAN, 0, 0}));
  r.seen.world.push_back(p.world);
  r.seen.boxes.push_back(p.box);
  r.seen.scores.push_back(p.score);
  if (appearance && !appearance->empty()) {
    if (r.appearance_sum.empty()) r.appearance_sum.assign(appearance->size(), 0.0);
    if (r.appearance_sum.size() == appearance->size()) {
      for (std::size_t i = 0; i < appearance->size(); ++i)
        r.appearance_sum[i] += (*appearance)[i];
      ++r.appearance_n;
    }
  }
}

// Appends `from`'s observations to `into` in frame order (stitched fragments never share a
// frame; a shared one keeps `into`'s).
void merge_track(RawTrack& into, const RawTrack& from) {
  RawTrack merged;
  merged.seen.id = into.seen.id;
  merged.seen.layout = into.seen.layout;
  merged.confirmed = true;
  std::size_t i = 0, j = 0;
  const auto take = [&merged](const RawTrack& r, std::size_t k) {
    merged.seen.frames.push_back(r.seen.frames[k]);
    merged.times.push_back(r.times[k]);
    merged.seen.keypoints.push_back(r.seen.keypoints[k]);
    merged.seen.world.push_back(r.seen.world[k]);
    merged.seen.boxes.push_back(r.seen.boxes[k]);
    merged.seen.scores.push_back(r.seen.scores[k]);
  };
  while (i < into.seen.frames.size() || j < from.seen.frames.size()) {
    if (j == from.seen.frames.size() ||
        (i < into.seen.frames.size() && into.seen.frames[i] <= from.seen.frames[j])) {
      if (j < from.seen.frames.size() && into.seen.frames[i] == from.seen.frames[j]) ++j;
      take(into, i++);
    } else {
      take(from, j++);
    }
  }
  merged.appearance_sum = into.appearance_sum;
  merged.appearance_n = into.appearance_n + from.appearance_n;
  if (merged.appearance_sum.empty())
    merged.appearance_sum = from.appearance_sum;
  else if (from.appearance_sum.size() == merged.appearance_sum.size()) {
    for (std::size_t k = 0; k < merged.appearance_sum.size(); ++k)
      merged.appearance_sum[k] += from.appearance_sum[k];
  }
  into = std::move(merged);
}

// Joins the confirmed fragments stitch_tracklets pairs up; returns how many were joined.
std::int64_t stitch_raw_tracks(std::map<std::int64_t, RawTrack>& raw, const StitchOptions& o) {
  std::vector<Tracklet> tracklets;
  for (const auto& [id, r] : raw) {
    if (!r.confirmed) continue;
    tracklets.push_back(
        {.id = id, .times = r.times, .boxes = r.seen.boxes, .appearance = mean_appearance(r)});
  }
  const std::map<std::int64_t, std::int64_t> into = stitch_tracklets(tracklets, o);
  std::int64_t joined = 0;
  for (const auto& [id, target] : into) {
    if (id == target) continue;
    merge_track(raw.at(target), raw.at(id));
    raw.erase(id);
    ++joined;
  }
  return joined;
}

}  // namespace

DetectorChoice parse_detector_choice(std::string_view name) {
  if (name == "auto") return DetectorChoice::Auto;
  if (name == "none") return DetectorChoice::None;
  if (name == "nanodet") return DetectorChoice::NanoDet;
  if (name == "centernet") return DetectorChoice::CenterNet;
  reject_option("", "--detector", std::string(name), "must be auto, none, nanodet or centernet");
}

std::optional<DetectorModel> resolve_detector(const AnalyzeOptions& o) {
  switch (o.detector) {
    case DetectorChoice::None:
      return std::nullopt;
    case DetectorChoice::NanoDet:
      return DetectorModel::NanoDet;
    case DetectorChoice::CenterNet:
      return DetectorModel::CenterNet;
    case DetectorChoice::Auto:
      break;
  }
  if (o.model == PoseModel::MoveNetMultiPose) return std::nullopt;
  if (o.athletes == 1 && o.lock_on == 0 && !o.every_person) return std::nullopt;
  return kVideoDetector;
}

AnalyzeResult analyze_video(const std::string& path, const AnalyzeOptions& options) {
  validate(options);
  // Fail on a bad option or a bad file before the models load.
  OneEuroFilter::create(options.series.one_euro);
  TrackerOptions tracker_options = options.tracker;
  tracker_options.follow_id = options.lock_on;
  const std::optional<DetectorModel> detector = resolve_detector(options);
  if (detector) {
    // Top-down: Person::score is the detector's (or a confident pose's, people.hpp). Below
    // detection_high_score a person only keeps a track alive (ByteTrack's low stage): static
    // look-alikes (posts, bins, a tripod) score 0.2-0.35 and would otherwise become athletes.
    tracker_options.high_score = std::max(tracker_options.high_score, options.detection_high_score);
    tracker_options.new_track_score =
        std::max(tracker_options.new_track_score, tracker_options.high_score);
  } else {
    // Whole-frame mode: Person::score is the pose model's, and everyone scoring min_pose_score is
    // a detection in full standing.
    tracker_options.high_score = tracker_options.new_track_score =
        std::min(tracker_options.high_score, options.min_pose_score);
    tracker_options.low_score = std::min(tracker_options.low_score, tracker_options.high_score);
  }
  Tracker tracker = Tracker::create(tracker_options);
  VideoReader video = VideoReader::open(path, options.start_s, options.end_s);
  PeopleFinder finder = PeopleFinder::create({.model = options.model,
                                              .detector = detector,
                                              .detection = options.detection,
                                              .detect_every = options.detect_every,
                                              .pose_detection_score = tracker_options.high_score,
                                              .min_pose_score = options.min_pose_score,
                                              .camera_motion = options.camera_motion,
                                              .models_dir = options.models_dir,
                                              .threads = options.threads});

  AnalyzeResult result;
  result.video = video.info();
  result.detector = detector;
  std::map<std::int64_t, RawTrack> raw;
  std::vector<std::int64_t> all_frames;
  std::vector<double> all_times;
  // Whom to follow into the next frame: whole-frame mode, everyone found (MoveNet's crop
  // tracking follows a lone athlete); top-down, the athletes the tracker matched.
  std::vector<Person> following;
  Frame frame;
  FramePrefetcher frames(video);
  auto t0 = Clock::now();
  // decode_s is the time spent waiting for a decoded frame (decoding itself overlaps the model).
  while (frames.next(frame)) {
    result.times.decode_s += seconds_since(t0);
    FoundPeople found = finder.find(frame.rgb, following);
    t0 = Clock::now();
    const TrackerFrame tf = tracker.update(frame.time_s, found.people, found.cues);
    following.clear();
    if (!detector) following = found.people;
    for (const TrackedPerson& t : tf.tracks) {
      if (!t.observed) continue;
      RawTrack& r = raw[t.id];
      r.seen.id = t.id;
      r.confirmed = r.confirmed || t.confirmed;
      const auto d = static_cast<std::size_t>(t.detection);
      add_observation(r, frame.index, frame.time_s, t.person,
                      d < found.cues.appearance.size() ? &found.cues.appearance[d] : nullptr);
      if (detector) following.push_back(t.person);
    }
    FrameHeads heads{.frame = frame.index, .time_s = frame.time_s, .heads = {}};
    for (const Person& p : found.people) {
      if (const auto h = head_circle(p, options.series.min_keypoint_score)) {
        heads.heads.push_back(*h);
      }
    }
    if (!heads.heads.empty()) result.heads.push_back(std::move(heads));
    all_frames.push_back(frame.index);
    all_times.push_back(frame.time_s);
    result.times.track_s += seconds_since(t0);
    if (options.progress) {
      options.progress({frame.index + 1, result.video.frame_count, frame.time_s});
    }
    t0 = Clock::now();
  }
  const PeopleWork& work = finder.work();
  result.times.detect_s = work.detect_s;
  result.times.pose_s = work.pose_s;
  result.times.camera_s = work.camera_s;
  result.times.appearance_s = work.appearance_s;
  result.detector_runs = work.detector_runs;
  result.pose_runs = work.pose_runs;
  result.frames = static_cast<std::int64_t>(all_frames.size());
  if (!all_times.empty()) {
    result.first_time_s = all_times.front();
    result.last_time_s = all_times.back();
  }
  for (auto it = raw.begin(); it != raw.end();) {
    it = it->second.confirmed ? std::next(it) : raw.erase(it);
  }
  result.track_ids = static_cast<std::int64_t>(raw.size());
  t0 = Clock::now();
  if (options.stitch && options.lock_on == 0) {
    result.stitched = stitch_raw_tracks(raw, options.stitching);
  }
  result.times.stitch_s = seconds_since(t0);
  // With a limit, the tracks observed longest.
  std::vector<const RawTrack*> kept;
  kept.reserve(raw.size());
  for (const auto& [id, r] : raw)
    kept.push_back(&r);
  if (options.athletes > 0 && kept.size() > static_cast<std::size_t>(options.athletes)) {
    std::stable_sort(kept.begin(), kept.end(), [](const RawTrack* a, const RawTrack* b) {
      return a->seen.frames.size() > b->seen.frames.size();
    });
    kept.resize(static_cast<std::size_t>(options.athletes));
    std::sort(kept.begin(), kept.end(),
              [](const RawTrack* a, const RawTrack* b) { return a->seen.id < b->seen.id; });
  }
  if (options.teams > 0) {
    std::vector<std::vector<float>> kits;
    kits.reserve(kept.size());
    for (const RawTrack* r : kept)
      kits.push_back(mean_appearance(*r));
    const TeamAssignment teams = assign_teams(kits, {.teams = options.teams});
    result.team = teams.team;
    result.teams = teams.teams;
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
