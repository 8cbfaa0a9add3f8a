// Tracker: lock-on and athlete choice, keypoint similarity, and rejected options and frames.
#include "podium/vision/tracker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "podium/core/error.hpp"

#include "testkit/throws_error.hpp"
#include "vision/tracker_test_util.hpp"

namespace podium::vision {
namespace {

using namespace tracker_test;

TEST(Tracker, LockOnKeepsTheChosenAthleteWhileAnotherCrossesInFront) {
  const Walker a{{200, 300}, {60, 0}, 80, 200};      // walks right from the start
  const Walker b{{1150, 340}, {-250, 0}, 100, 250};  // nearer, enters at 1 s, runs left
  std::vector<Frame> frames;
  for (int i = 0; i < 150; ++i) {
    const double t = i / kFps;
    Frame f{t, {}};
    const bool b_in = i >= 30;
    // B hides A while its box covers A's centre.
    if (!b_in || std::abs(a.at(t).x - b.at(t).x) > 60) {
      f.shots.push_back({0, person_at(a.at(t), a.w, a.h, 0.8)});
    }
    if (b_in) f.shots.push_back({1, person_at(b.at(t), b.w, b.h, 0.9)});
    frames.push_back(f);
  }
  Tracker tracker = Tracker::create({});
  std::int64_t chosen = 0;
  int hidden_frames = 0, seen_after = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    std::vector<Person> people;
    for (const Shot& s : frames[i].shots)
      people.push_back(s.person);
    const TrackerFrame out = tracker.update(frames[i].t, people);
    if (i == 45) {
      chosen = tracker.pick_athlete(AthleteRule::MostFrames);  // A: in view longest
      EXPECT_EQ(chosen, out.detection_ids[0]);
      // B is bigger and surer; it is tracked too, only not reported once we follow A.
      EXPECT_EQ(tracker.pick_athlete(AthleteRule::Largest), out.detection_ids[1]);
      EXPECT_EQ(tracker.pick_athlete(AthleteRule::MostConfident), out.detection_ids[1]);
      tracker.follow(chosen);
      continue;
    }
    if (i < 45) continue;
    ASSERT_EQ(out.tracks.size(), 1u) << "t=" << frames[i].t;
    EXPECT_EQ(out.tracks[0].id, chosen);
    for (size_t s = 0; s < frames[i].shots.size(); ++s) {
      EXPECT_EQ(out.detection_ids[s], frames[i].shots[s].who == 0 ? chosen : 0);
    }
    if (!out.tracks[0].observed) {
      ++hidden_frames;
      continue;
    }
    EXPECT_EQ(frames[i].shots[static_cast<size_t>(out.tracks[0].detection)].who, 0);
    if (hidden_frames > 0) ++seen_after;
  }
  EXPECT_GT(hidden_frames, 5);  // A really was hidden behind B
  EXPECT_GT(seen_after, 30);    // and followed again afterwards

  tracker.follow(0);  // everyone again
  const TrackerFrame all = tracker.update(5.0, {});
  EXPECT_EQ(all.tracks.size(), 2u);
}

TEST(Tracker, FollowingAnAbsentIdReportsNobody) {
  Tracker tracker = Tracker::create({.min_hits = 1, .follow_id = 2});
  const TrackerFrame out = tracker.update(0, {person_at({100, 100}, 80, 200)});
  EXPECT_EQ(out.detection_ids, std::vector<std::int64_t>{0});
  EXPECT_TRUE(out.tracks.empty());
  EXPECT_EQ(tracker.pick_athlete(), 1);
}

TEST(Tracker, PickAthleteIgnoresCandidates) {
  Tracker tracker = Tracker::create({});
  tracker.update(0, {person_at({100, 100}, 80, 200)});
  EXPECT_EQ(tracker.pick_athlete(), 0);  // tentative only
}
TEST(KeypointSimilarity, IdenticalIsOneFarIsZeroTooFewIsNone) {
  const Person p = person_at({200, 200}, 80, 200);
  const double area = p.box.area();
  EXPECT_NEAR(*keypoint_similarity(p.keypoints, p.keypoints, Layout::Coco17, area, 0.3), 1, 1e-12);
  const Person far = person_at({600, 200}, 80, 200);
  EXPECT_LT(*keypoint_similarity(p.keypoints, far.keypoints, Layout::Coco17, area, 0.3), 1e-6);
  // A small shift costs the face (small sigma) more than the hips (large sigma).
  const Person near = person_at({205, 200}, 80, 200);
  const double s = *keypoint_similarity(p.keypoints, near.keypoints, Layout::Coco17, area, 0.3);
  EXPECT_GT(s, 0.3);
  EXPECT_LT(s, 0.95);
  Person sparse = p;
  for (size_t i = 2; i < sparse.keypoints.size(); ++i)
    sparse.keypoints[i].score = 0.1;
  EXPECT_FALSE(keypoint_similarity(p.keypoints, sparse.keypoints, Layout::Coco17, area, 0.3));
  EXPECT_THROW(keypoint_similarity(p.keypoints, p.keypoints, Layout::BlazePose33, area, 0.3),
               Error);
  EXPECT_THROW(keypoint_similarity(p.keypoints, p.keypoints, Layout::Coco17, 0, 0.3), Error);
}

void expect_invalid(const std::function<void()>& f, const std::string& field) {
  EXPECT_THAT(f, testkit::ThrowsError(ErrorKind::InvalidInput,
                                      testkit::OneLine(::testing::HasSubstr(field))));
}

TEST(Tracker, InvalidOptionsAreOneLineErrorsNamingTheField) {
  const double nan = std::nan("");
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::pair<TrackerOptions, std::string>> cases = {
      {{.min_similarity = 0}, "tracker: min_similarity = 0: must be within (0, 1]"},
      {{.min_similarity = 1.5}, "min_similarity = 1.5"},
      {{.keypoint_weight = -0.1}, "keypoint_weight = -0.1"},
      {{.keypoint_min_score = nan}, "keypoint_min_score = nan"},
      {{.min_hits = 0}, "min_hits = 0: must be >= 1"},
      {{.max_hidden_s = -1}, "max_hidden_s = -1"},
      {{.max_hidden_s = inf}, "max_hidden_s = inf: must be within [0, 3600]"},
      {{.hidden_reach_per_s = -0.5}, "hidden_reach_per_s = -0.5"},
      {{.measurement_noise = 0}, "measurement_noise = 0: must be within [1e-06, 1000]"},
      {{.motion_noise = -1}, "motion_noise = -1"},
      {{.shape_velocity_decay_s = 0}, "shape_velocity_decay_s = 0"},
      {{.follow_id = -3}, "follow_id = -3"},
  };
  for (const auto& c : cases)
    expect_invalid([&] { Tracker::create(c.first); }, c.second);
  Tracker tracker = Tracker::create({});
  expect_invalid([&] { tracker.follow(-1); }, "follow_id = -1");
}

TEST(Tracker, InvalidFramesAreRejectedAndLeaveTheTrackerUsable) {
  Tracker tracker = Tracker::create({.min_hits = 1});
  const Person ok = person_at({100, 100}, 80, 200);
  tracker.update(1.0, {ok});
  expect_invalid([&] { tracker.update(1.0, {ok}); }, "frame time = 1: must be after");
  expect_invalid([&] { tracker.update(std::nan(""), {ok}); }, "frame time = nan");
  Person flat = ok;
  flat.box.width = 0;
  expect_invalid(
      [&] {
        tracker.update(2.0, {ok, flat});
      },
      "detections[1].box width = 0: must be within (0, 1e+06]");
  Person few = ok;
  few.keypoints.resize(5);
  expect_invalid([&] { tracker.update(2.0, {few}); }, "detections[0].keypoints.size() = 5");
  Person bad = ok;
  bad.keypoints[3].x = std::nan("");
  expect_invalid([&] { tracker.update(2.0, {bad}); }, "keypoints[3] = (nan");
  Person huge = ok;
  huge.box.x = 1e300;
  expect_invalid([&] { tracker.update(2.0, {huge}); }, "box corner = (1e+300, 0)");
  // Keypoint-less detections track by box alone.
  Person box_only = ok;
  box_only.keypoints.clear();
  EXPECT_EQ(tracker.update(1.1, {box_only}).detection_ids[0], 1);
}

}  // namespace
}  // namespace podium::vision
