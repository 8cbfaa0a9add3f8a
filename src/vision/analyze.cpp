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

namespace podium::vision {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

[[noreturn]] void bad_option(const std::string& field, const std::string& value,
                             const std::string& rule) {
  throw Error(ErrorKind::InvalidInput, field + " " + value + " " + rule);
}

void validate(const AnalyzeOptions& o) {
  if (o.athletes < 0) bad_option("--athletes", std::to_string(o.athletes), "must be >= 0");
  if (o.lock_on < 0) bad_option("--lock-on", std::to_string(o.lock_on), "must be >= 0");
  if (!(o.height_m == 0 || (o.height_m >= 0.5 && o.height_m <= 2.5))) {
    bad_option("--height-m", std::to_string(o.height_m), "must be within 0.5..2.5 m");
  }
  if (!(o.cutoff_hz > 0)) bad_option("--cutoff-hz", std::to_string(o.cutoff_hz), "must be > 0");
  if (!(o.min_keypoint_score >= 0 && o.min_keypoint_score <= 1)) {
    bad_option("--min-keypoint-score", std::to_string(o.min_keypoint_score), "must be within 0..1");
  }
  if (o.max_gap_frames < 0) {
    bad_option("--max-gap", std::to_string(o.max_gap_frames), "must be >= 0");
  }
  if (o.athletes != 1 &&
      (o.model == PoseModel::MoveNetLightning || o.model == PoseModel::MoveNetThunder ||
       o.model == PoseModel::BlazePose)) {
    bad_option("--athletes", o.athletes == 0 ? "all" : std::to_string(o.athletes),
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
  std::int64_t id = 0;
  Layout layout = Layout::Coco17;
  bool confirmed = false;
  std::vector<std::int64_t> frames;
  std::vector<double> times_s;
  std::vector<std::vector<Keypoint>> keypoints;  // as detected
  std::vector<std::vector<Point3>> world;        // BlazePose: metres; else empty
};

// The samples of a track from its first to its last observation, hidden frames included.
TrackSeries to_series(const RawTrack& raw, const std::vector<std::int64_t>& all_frames,
                      const std::vector<double>& all_times) {
  TrackSeries s;
  s.id = raw.id;
  s.layout = raw.layout;
  const auto first = std::lower_bound(all_frames.begin(), all_frames.end(), raw.frames.front());
  const auto last = std::upper_bound(all_frames.begin(), all_frames.end(), raw.frames.back());
  const std::size_t n_kp = layout_info(raw.layout).keypoints.size();
  std::size_t next = 0;
  for (auto it = first; it != last; ++it) {
    const auto i = static_cast<std::size_t>(it - all_frames.begin());
    s.frames.push_back(*it);
    s.times_s.push_back(all_times[i]);
    if (next < raw.frames.size() && raw.frames[next] == *it) {
      s.observed.push_back(true);
      s.raw.push_back(raw.keypoints[next]);
      s.world.push_back(raw.world[next]);
      ++next;
    } else {
      s.observed.push_back(false);
      s.raw.emplace_back(n_kp, Keypoint{std::nan(""), std::nan(""), 0, 0});
      s.world.emplace_back();
    }
  }
  return s;
}

// Nominal rate of a series' timestamps: the median frame interval's inverse.
double sample_rate_hz(const std::vector<double>& t) {
  std::vector<double> dt;
  for (std::size_t i = 1; i < t.size(); ++i)
    dt.push_back(t[i] - t[i - 1]);
  if (dt.empty()) return 0;
  std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2), dt.end());
  const double m = dt[dt.size() / 2];
  return m > 0 ? 1.0 / m : 0;
}

// One coordinate series, masked and gap-filled already, smoothed by the chosen filter.
std::vector<double> smooth(const std::vector<double>& t, const std::vector<double>& v,
                           const AnalyzeOptions& o) {
  switch (o.filter) {
    case SmoothFilter::None:
      return v;
    case SmoothFilter::OneEuro: {
      OneEuroFilter f = OneEuroFilter::create(o.one_euro);
      std::vector<double> out(v.size());
      for (std::size_t i = 0; i < v.size(); ++i)
        out[i] = f.filter(t[i], v[i]);
      return out;
    }
    case SmoothFilter::Butterworth: {
      const double rate = sample_rate_hz(t);
      // Too short, or a cutoff the frame rate cannot carry: leave the series as measured.
      if (rate <= 2 * o.cutoff_hz || v.size() < 4) return v;
      const ZeroPhaseButterworth bw = ZeroPhaseButterworth::create(
          {.sample_rate_hz = rate, .cutoff_hz = o.cutoff_hz, .order = 4});
      // On a uniform grid and back, so that variable-frame-rate clips filter correctly.
      UniformSeries u = resample_uniform(t, v, rate);
      u.values = bw.apply(u.values);
      return resample_at(u, t);
    }
  }
  return v;
}

// Exchanges every left_* keypoint with its right_* twin that `group` covers, scores included.
void swap_keypoints(std::vector<Keypoint>& kps, Layout layout, SwapGroup group) {
  // swap_left_right() knows the groups; run it on indices to learn the pairs.
  PoseFrame probe{layout, {}};
  for (std::size_t i = 0; i < kps.size(); ++i)
    probe.points.push_back({static_cast<double>(i), 0});
  const PoseFrame swapped = swap_left_right(probe, group);
  const std::vector<Keypoint> before = kps;
  for (std::size_t i = 0; i < kps.size(); ++i)
    kps[i] = before[static_cast<std::size_t>(swapped.points[i].x)];
}

void repair_swaps(TrackSeries& s, const AnalyzeOptions& o) {
  std::vector<PoseFrame> frames;
  for (const auto& kps : s.raw) {
    PoseFrame f{s.layout, {}};
    for (const Keypoint& k : kps) {
      f.points.push_back(k.score >= o.min_keypoint_score ? Point2{k.x, k.y} : Point2{});
    }
    frames.push_back(std::move(f));
  }
  const SwapRepair r = repair_left_right_swaps(frames);
  for (std::size_t i = 0; i < s.raw.size(); ++i) {
    const FrameSwap& w = r.swaps[i];
    if (w.whole_body) swap_keypoints(s.raw[i], s.layout, SwapGroup::WholeBody);
    if (w.legs) swap_keypoints(s.raw[i], s.layout, SwapGroup::Legs);
    if (w.arms) swap_keypoints(s.raw[i], s.layout, SwapGroup::Arms);
  }
  s.swaps_repaired = static_cast<int>(r.repaired_frames);
}

void add_kinematics(TrackSeries& s, const AnalyzeOptions& o) {
  std::vector<PoseFrame> frames;
  for (const auto& kps : s.smoothed) {
    PoseFrame f{s.layout, {}};
    for (const Keypoint& k : kps)
      f.points.push_back({k.x, k.y});
    frames.push_back(std::move(f));
  }
  s.facing = estimate_facing(frames);
  const Facing facing = s.facing.value_or(Facing::Right);
  auto add = [&](std::string name, std::vector<double> deg) {
    AngleSeries a;
    a.name = std::move(name);
    a.deg_per_s = angular_velocity(s.times_s, deg);
    a.range = range_of_motion(deg);
    a.deg = std::move(deg);
    s.angles.push_back(std::move(a));
  };
  const bool blazepose = s.layout == Layout::BlazePose33;
  for (Side side : {Side::Left, Side::Right}) {
    const std::string prefix = side == Side::Left ? "left_" : "right_";
    for (Joint j : {Joint::Ankle, Joint::Knee, Joint::Hip, Joint::Shoulder, Joint::Elbow}) {
      if (j == Joint::Ankle && !blazepose) continue;  // COCO-17 has no foot
      add(prefix + joint_name(j), joint_angle_series(frames, j, side, facing));
    }
  }
  add("trunk", segment_angle_series(frames, Segment::Trunk, Side::Centre));
  for (Side side : {Side::Left, Side::Right}) {
    const std::string prefix = side == Side::Left ? "left_" : "right_";
    for (Segment g :
         {Segment::Thigh, Segment::Shank, Segment::Foot, Segment::UpperArm, Segment::Forearm}) {
      if (g == Segment::Foot && !blazepose) continue;
      add(prefix + segment_name(g), segment_angle_series(frames, g, side));
    }
  }
  for (const AngleSeries& a : s.angles) {
    if (a.name == "left_knee_flexion" && s.times_s.size() >= 4) {
      s.cadence = estimate_cadence(s.times_s, a.deg);
    }
  }
  if (o.height_m > 0) {
    try {
      s.metres_per_pixel = estimate_metric_scale(frames, o.height_m).metres_per_pixel;
    } catch (const Error&) {
      s.metres_per_pixel = 0;  // no frame showed a limb: this athlete stays in pixels
    }
  }
}

void clean(TrackSeries& s, const AnalyzeOptions& o) {
  const std::size_t n = s.raw.size();
  const std::size_t n_kp = s.raw.empty() ? 0 : s.raw.front().size();
  s.smoothed = s.raw;
  std::vector<double> x(n), y(n), score(n);
  for (std::size_t k = 0; k < n_kp; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = s.raw[i][k].x;
      y[i] = s.raw[i][k].y;
      score[i] = s.raw[i][k].score;
    }
    const std::vector<double> fx =
        smooth(s.times_s,
               fill_gaps(mask_low_confidence(x, score, o.min_keypoint_score), o.max_gap_frames), o);
    const std::vector<double> fy =
        smooth(s.times_s,
               fill_gaps(mask_low_confidence(y, score, o.min_keypoint_score), o.max_gap_frames), o);
    for (std::size_t i = 0; i < n; ++i) {
      Keypoint& kp = s.smoothed[i][k];
      kp.x = fx[i];
      kp.y = fy[i];
      // Measured points keep their score; interpolated ones get 0 (positions without evidence).
      kp.score = score[i] >= o.min_keypoint_score ? score[i] : 0;
    }
  }
}

}  // namespace

SmoothFilter parse_smooth_filter(std::string_view name) {
  if (name == "butterworth") return SmoothFilter::Butterworth;
  if (name == "one-euro") return SmoothFilter::OneEuro;
  if (name == "none") return SmoothFilter::None;
  throw Error(ErrorKind::InvalidInput,
              "--filter '" + std::string(name) + "' is not one of butterworth, one-euro, none");
}

const char* smooth_filter_name(SmoothFilter f) {
  switch (f) {
    case SmoothFilter::Butterworth:
      return "butterworth";
    case SmoothFilter::OneEuro:
      return "one-euro";
    case SmoothFilter::None:
      return "none";
  }
  return "?";
}

AnalyzeResult analyze_video(const std::string& path, const AnalyzeOptions& options) {
  validate(options);
  // Fail on a bad option or a bad file before the models load.
  OneEuroFilter::create(options.one_euro);
  TrackerOptions tracker_options = options.tracker;
  tracker_options.follow_id = options.lock_on;
  Tracker tracker = Tracker::create(tracker_options);
  VideoReader video = VideoReader::open(path, options.start_s, options.end_s);
  PoseEstimator pose = PoseEstimator::create({.model = options.model,
                                              .models_dir = options.models_dir,
                                              .min_score = options.min_pose_score});

  AnalyzeResult result;
  result.video = video.info();
  std::map<std::int64_t, RawTrack> raw;
  std::vector<std::int64_t> all_frames;
  std::vector<double> all_times;
  std::optional<Person> previous;  // single-athlete crop tracking
  Frame frame;
  FramePrefetcher frames(video);
  auto t0 = Clock::now();
  // decode_s is the time spent waiting for a decoded frame (decoding itself overlaps the model).
  while (frames.next(frame)) {
    result.times.decode_s += seconds_since(t0);
    t0 = Clock::now();
    const std::vector<Person> people = pose.estimate(frame.rgb, previous ? &*previous : nullptr);
    result.times.pose_s += seconds_since(t0);
    t0 = Clock::now();
    const TrackerFrame tf = tracker.update(frame.time_s, people);
    for (const TrackedPerson& t : tf.tracks) {
      if (!t.observed) continue;
      RawTrack& r = raw[t.id];
      r.id = t.id;
      r.layout = t.person.layout;
      r.confirmed = r.confirmed || t.confirmed;
      r.frames.push_back(frame.index);
      r.times_s.push_back(frame.time_s);
      r.keypoints.push_back(t.person.keypoints);
      r.world.push_back(t.person.world);
    }
    previous.reset();
    if (people.size() == 1) previous = people.front();
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
      return a->frames.size() > b->frames.size();
    });
    kept.resize(static_cast<std::size_t>(options.athletes));
    std::sort(kept.begin(), kept.end(),
              [](const RawTrack* a, const RawTrack* b) { return a->id < b->id; });
  }
  t0 = Clock::now();
  for (const RawTrack* r : kept) {
    TrackSeries s = to_series(*r, all_frames, all_times);
    repair_swaps(s, options);
    clean(s, options);
    result.tracks.push_back(std::move(s));
  }
  result.times.smooth_s = seconds_since(t0);
  t0 = Clock::now();
  for (TrackSeries& s : result.tracks)
    add_kinematics(s, options);
  result.times.kinematics_s = seconds_since(t0);
  return result;
}

}  // namespace podium::vision
