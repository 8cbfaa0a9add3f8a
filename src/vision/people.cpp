#include "podium/vision/people.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/appearance.hpp"
#include "podium/vision/camera_motion.hpp"
#include "podium/vision/pose_eval.hpp"

namespace podium::vision {
namespace {

using PeopleClock = std::chrono::steady_clock;

// A detected box and an athlete followed into it are the same person at this overlap.
constexpr double kSamePersonIou = 0.5;
// Two followed crops that converged on one athlete: the weaker is dropped.
constexpr double kDuplicateIou = 0.6;
constexpr double kBoxKeypointScore = 0.3;

class PeopleTimer {
 public:
  explicit PeopleTimer(double& total) : total_(total), t0_(PeopleClock::now()) {}
  ~PeopleTimer() { total_ += std::chrono::duration<double>(PeopleClock::now() - t0_).count(); }
  PeopleTimer(const PeopleTimer&) = delete;
  PeopleTimer& operator=(const PeopleTimer&) = delete;

 private:
  double& total_;
  PeopleClock::time_point t0_;
};

double mean_keypoint_score(const Person& p) {
  if (p.keypoints.empty()) return 0;
  double s = 0;
  for (const Keypoint& k : p.keypoints)
    s += k.score;
  return s / static_cast<double>(p.keypoints.size());
}

cv::Point2d apply_motion(const CameraMotion& m, double x, double y) {
  return {m.m[0][0] * x + m.m[0][1] * y + m.m[0][2], m.m[1][0] * x + m.m[1][1] * y + m.m[1][2]};
}

// The person where the camera moved them: keypoints mapped, box = the bounds of its mapped
// corners.
Person moved_by_camera(Person p, const CameraMotion& m) {
  for (Keypoint& k : p.keypoints) {
    const cv::Point2d q = apply_motion(m, k.x, k.y);
    k.x = q.x;
    k.y = q.y;
  }
  const Box& b = p.box;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (const auto& [x, y] :
       {std::pair{b.x, b.y}, std::pair{b.x + b.width, b.y}, std::pair{b.x, b.y + b.height},
        std::pair{b.x + b.width, b.y + b.height}}) {
    const cv::Point2d q = apply_motion(m, x, y);
    x0 = std::min(x0, q.x);
    y0 = std::min(y0, q.y);
    x1 = std::max(x1, q.x);
    y1 = std::max(y1, q.y);
  }
  p.box = {x0, y0, x1 - x0, y1 - y0};
  return p;
}

// How far a followed athlete moved, in box heights: the mean displacement of the keypoints
// confident in both poses (boxes would not do: a detector's box and a pose's box differ in shape
// by convention, not by motion); 0 with fewer than three such keypoints.
double pose_motion(const Person& before, const Person& after) {
  if (before.keypoints.size() != after.keypoints.size()) return 0;
  double sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < before.keypoints.size(); ++i) {
    const Keypoint &a = before.keypoints[i], &b = after.keypoints[i];
    if (a.score < kBoxKeypointScore || b.score < kBoxKeypointScore) continue;
    sum += std::hypot(b.x - a.x, b.y - a.y);
    ++n;
  }
  return n < 3 ? 0 : sum / n / std::max(1.0, before.box.height);
}

void validate_people(const PeopleOptions& o) {
  require_option(o.detect_every >= 1 && o.detect_every <= 1000, "", "--detect-every",
                 o.detect_every, "must be within 1..1000");
  require_option(o.fast_motion > 0 && o.fast_motion <= 10, "people", "fast_motion", o.fast_motion,
                 "must be within (0, 10]");
  require_option(o.redetect_score >= 0 && o.redetect_score <= 1, "people", "redetect_score",
                 o.redetect_score, "must be within 0..1");
  require_option(o.pose_detection_score >= 0 && o.pose_detection_score <= 1, "people",
                 "pose_detection_score", o.pose_detection_score, "must be within 0..1");
  if (o.detector && o.model == PoseModel::MoveNetMultiPose) {
    reject_option("", "--detector", detector_model_name(*o.detector),
                  "needs a single-person pose model: movenet-multipose is bottom-up (use "
                  "--detector none, or --model movenet-lightning|movenet-thunder|blazepose)");
  }
}

}  // namespace

Box pose_box(const std::vector<Keypoint>& keypoints, double min_score, const Box& fallback) {
  const Box k = keypoint_box(keypoints, min_score);
  if (k.empty()) return fallback;
  const double h = std::max(k.height, k.width);
  return {k.x - 0.1 * h, k.y - 0.15 * h, k.width + 0.2 * h, k.height + 0.2 * h};
}

struct PeopleFinder::Impl {
  PeopleOptions options;
  PoseEstimator pose;
  std::optional<PersonDetector> detector;
  std::optional<CameraMotionEstimator> camera;
  PeopleWork work;
  std::int64_t frames = 0;
  int since_detection = 0;
  double motion = 0;  // of the previous frame, box heights per frame

  Impl(const PeopleOptions& o, PoseEstimator p) : options(o), pose(std::move(p)) {}

  FoundPeople whole_frame(const cv::Mat& rgb, const std::vector<Person>& following);
  FoundPeople top_down(const cv::Mat& rgb, const std::vector<Person>& following);
  // The pose in `previous`'s crop; nullopt when lost or scoring below redetect_score. `lost_good`
  // tells whether a pose that was good before got lost (a reason to detect now).
  std::optional<Person> follow(const cv::Mat& rgb, const Person& previous, bool& lost_good);
  void detection_pass(const cv::Mat& rgb, const std::vector<Person>& following,
                      std::vector<bool> tried, std::vector<Person>& people);
  bool detection_due() const;
};

bool PeopleFinder::Impl::detection_due() const {
  if (frames == 0) return true;
  const double k = motion > options.fast_motion
                       ? options.detect_every * options.fast_motion / motion
                       : static_cast<double>(options.detect_every);
  return since_detection >= std::max(1, static_cast<int>(std::floor(k)));
}

FoundPeople PeopleFinder::Impl::whole_frame(const cv::Mat& rgb,
                                            const std::vector<Person>& following) {
  FoundPeople found;
  {
    PeopleTimer t(work.pose_s);
    found.people = pose.estimate(rgb, following.size() == 1 ? &following.front() : nullptr);
    ++work.pose_runs;
  }
  return found;
}

std::optional<Person> PeopleFinder::Impl::follow(const cv::Mat& rgb, const Person& previous,
                                                 bool& lost_good) {
  PeopleTimer t(work.pose_s);
  ++work.pose_runs;
  std::optional<Person> p = pose.estimate_following(rgb, previous);
  if (p && mean_keypoint_score(*p) >= options.redetect_score) {
    p->box = pose_box(p->keypoints, kBoxKeypointScore, previous.box);
    p->score = previous.score;  // the detection score, for the tracker's high/low split
    return p;
  }
  lost_good = lost_good || mean_keypoint_score(previous) >= options.redetect_score;
  return std::nullopt;
}

void PeopleFinder::Impl::detection_pass(const cv::Mat& rgb, const std::vector<Person>& following,
                                        std::vector<bool> tried, std::vector<Person>& people) {
  std::vector<Detection> detections;
  {
    PeopleTimer t(work.detect_s);
    detections = detector->detect(rgb);
    ++work.detector_runs;
  }
  std::vector<bool> claimed(people.size(), false);
  std::vector<Person> out;
  for (const Detection& d : detections) {
    // An athlete already followed into this box keeps the pose found for them.
    std::size_t best = people.size();
    double best_iou = kSamePersonIou;
    for (std::size_t i = 0; i < people.size(); ++i) {
      const double iou = box_iou(people[i].box, d.box);
      if (!claimed[i] && iou >= best_iou) {
        best = i;
        best_iou = iou;
      }
    }
    if (best < people.size()) {
      claimed[best] = true;
      Person p = people[best];
      p.box = d.box;
      p.score = d.score;
      out.push_back(std::move(p));
      continue;
    }
    Person p;
    p.box = d.box;
    p.score = d.score;
    p.layout = options.model == PoseModel::BlazePose ? Layout::BlazePose33 : Layout::Coco17;
    const auto crop = top_down_crop(d.box);
    if (crop && d.score >= options.pose_detection_score) {
      PeopleTimer t(work.pose_s);
      ++work.pose_runs;
      if (auto pose_found = pose.estimate_in_square(rgb, crop->x0, crop->y0, crop->side)) {
        p.keypoints = std::move(pose_found->keypoints);
        p.world = std::move(pose_found->world);
      }
    }
    out.push_back(std::move(p));
  }
  // Followed athletes the detector missed (occluded, or below its score floor) stay when their
  // pose is good: first those already found this frame, then the others, tried once.
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!claimed[i]) out.push_back(people[i]);
  }
  for (std::size_t i = 0; i < following.size(); ++i) {
    if (tried[i]) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Person& p) {
      return box_iou(p.box, following[i].box) >= kSamePersonIou;
    });
    if (seen) continue;
    bool lost_good = false;
    if (auto p = follow(rgb, following[i], lost_good)) out.push_back(std::move(*p));
  }
  people = std::move(out);
}

FoundPeople PeopleFinder::Impl::top_down(const cv::Mat& rgb, const std::vector<Person>& previous) {
  FoundPeople found;
  CameraMotion cm;
  if (camera) {
    PeopleTimer t(work.camera_s);
    std::vector<Box> boxes;
    boxes.reserve(previous.size());
    for (const Person& p : previous)
      boxes.push_back(p.box);
    cm = camera->estimate(rgb, boxes);
    found.cues.camera = cm;
  }
  std::vector<Person> following;
  for (const Person& p : previous) {
    if (!p.keypoints.empty()) following.push_back(camera ? moved_by_camera(p, cm) : p);
  }
  std::vector<Person> people;
  std::vector<bool> tried(following.size(), false);
  bool detect = detection_due();
  if (!detect) {
    bool lost_good = false;
    for (std::size_t i = 0; i < following.size(); ++i) {
      tried[i] = true;
      if (auto p = follow(rgb, following[i], lost_good)) people.push_back(std::move(*p));
    }
    detect = lost_good;  // a good pose lost: look again on this very frame
  }
  if (detect) {
    detection_pass(rgb, following, tried, people);
    since_detection = 0;
    found.detected = true;
  }
  ++since_detection;
  // Crops that converged on one athlete: keep the one with the best pose.
  std::stable_sort(people.begin(), people.end(), [](const Person& a, const Person& b) {
    return mean_keypoint_score(a) > mean_keypoint_score(b);
  });
  std::vector<Person> kept;
  for (Person& p : people) {
    const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const Person& k) {
      return box_iou(k.box, p.box) > kDuplicateIou;
    });
    if (!duplicate) kept.push_back(std::move(p));
  }
  // How fast the athletes move decides how soon the detector looks again.
  motion = 0;
  for (const Person& p : kept) {
    for (const Person& f : following) {
      if (box_iou(f.box, p.box) >= kSamePersonIou) motion = std::max(motion, pose_motion(f, p));
    }
  }
  found.people = std::move(kept);
  return found;
}

PeopleFinder PeopleFinder::create(const PeopleOptions& options) {
  validate_people(options);
  PoseEstimator pose = PoseEstimator::create({.model = options.model,
                                              .models_dir = options.models_dir,
                                              .min_score = options.min_pose_score,
                                              .threads = options.threads});
  auto impl = std::make_unique<Impl>(options, std::move(pose));
  if (options.detector) {
    DetectorOptions d = options.detection;
    d.model = *options.detector;
    d.models_dir = options.models_dir;
    d.threads = options.threads;
    impl->detector = PersonDetector::create(d);
    if (options.camera_motion) impl->camera.emplace();
  }
  return PeopleFinder(std::move(impl));
}

FoundPeople PeopleFinder::find(const cv::Mat& rgb, const std::vector<Person>& following) {
  Impl& m = *impl_;
  FoundPeople found = m.detector ? m.top_down(rgb, following) : m.whole_frame(rgb, following);
  {
    PeopleTimer t(m.work.appearance_s);
    for (const Person& p : found.people)
      found.cues.appearance.push_back(torso_histogram(rgb, p));
  }
  ++m.frames;
  return found;
}

PeopleFinder::PeopleFinder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PeopleFinder::~PeopleFinder() = default;
PeopleFinder::PeopleFinder(PeopleFinder&&) noexcept = default;
PeopleFinder& PeopleFinder::operator=(PeopleFinder&&) noexcept = default;
const PeopleWork& PeopleFinder::work() const {
  return impl_->work;
}
const PeopleOptions& PeopleFinder::options() const {
  return impl_->options;
}

}  // namespace podium::vision
