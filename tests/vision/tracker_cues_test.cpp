// Tracker on sports-footage scenes: ByteTrack's low-score stage, camera-motion compensation of a
// panning shot, appearance only where motion is ambiguous, box-only detections, bad cues.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/tracker.hpp"
#include "testkit/throws_error.hpp"
#include "vision/tracker_test_util.hpp"

namespace podium::vision {
namespace {

using namespace tracker_test;

// A frame's cues: per shot, its athlete's kit as a histogram (-1: none).
std::vector<float> kit_histogram(int colour) {
  std::vector<float> h(8, 0.02F);
  h[static_cast<size_t>(colour)] = 0.86F;
  return h;
}

struct CueFrame {
  Frame frame;
  FrameCues cues;
};

Ids run_cues(Tracker& tracker, const std::vector<CueFrame>& frames) {
  Ids ids;
  for (const CueFrame& f : frames) {
    std::vector<Person> people;
    for (const Shot& s : f.frame.shots)
      people.push_back(s.person);
    ids.push_back(tracker.update(f.frame.t, people, f.cues).detection_ids);
  }
  return ids;
}

std::vector<Frame> frames_of(const std::vector<CueFrame>& frames) {
  std::vector<Frame> out;
  for (const CueFrame& f : frames)
    out.push_back(f.frame);
  return out;
}

// Identity errors without failing the test (for the runs that show a scene is hard): ids that
// served two athletes plus athletes' ids beyond their first.
int identity_errors(const std::vector<Frame>& frames, const Ids& ids) {
  std::map<std::int64_t, std::set<int>> athletes_of;
  std::map<int, std::set<std::int64_t>> ids_of;
  for (size_t f = 0; f < frames.size(); ++f) {
    for (size_t s = 0; s < frames[f].shots.size(); ++s) {
      if (ids[f][s] == 0) continue;
      athletes_of[ids[f][s]].insert(frames[f].shots[s].who);
      ids_of[frames[f].shots[s].who].insert(ids[f][s]);
    }
  }
  int errors = 0;
  for (const auto& [id, who] : athletes_of)
    errors += static_cast<int>(who.size()) - 1;
  for (const auto& [who, set] : ids_of)
    errors += static_cast<int>(set.size()) - 1;
  return errors;
}

Person box_only(Person p) {
  p.keypoints.clear();
  return p;
}

TEST(TrackerCues, CrossingLookAlikesMotionDecides) {
  // Same kit (equal histograms), boxes only, exactly one height: at frame 60 the boxes coincide.
  const Walker a{{100, 300}, {150, 0}};
  const Walker b{{700, 300}, {-150, 0}};
  std::vector<CueFrame> frames;
  for (int i = 0; i < 120; ++i) {
    const double t = i / kFps;
    CueFrame f;
    f.frame = {
        t,
        {{0, box_only(person_at(a.at(t), a.w, a.h))}, {1, box_only(person_at(b.at(t), b.w, b.h))}}};
    f.cues.appearance = {kit_histogram(2), kit_histogram(2)};
    frames.push_back(f);
  }
  EXPECT_GT(iou(frames[60].frame.shots[0].person.box, frames[60].frame.shots[1].person.box), 0.99);
  Tracker tracker = Tracker::create({});
  const Ids ids = run_cues(tracker, frames);
  const auto who = ids_by_athlete(frames_of(frames), ids);
  ASSERT_EQ(who.size(), 2u);
  EXPECT_EQ(unlabelled(frames_of(frames), ids, 0, 2), 0);
  EXPECT_EQ(unlabelled(frames_of(frames), ids, 1, 2), 0);
}

TEST(TrackerCues, AthleteHiddenFor1sBehindAnotherKeepsItsId) {
  // A walks right behind B (nearer, larger) walking left; A is unseen while B covers it, 1 s.
  const Walker a{{200, 300}, {60, 0}, 80, 200};
  const Walker b{{800, 330}, {-60, 0}, 100, 250};
  for (const bool keypoints : {true, false}) {
    SCOPED_TRACE(keypoints ? "keypoints" : "boxes only");
    std::vector<Frame> frames;
    int hidden = 0;
    for (int i = 0; i < 240; ++i) {
      const double t = i / kFps;
      Frame f{t, {}};
      Person pa = person_at(a.at(t), a.w, a.h), pb = person_at(b.at(t), b.w, b.h);
      if (!keypoints) {
        pa = box_only(pa);
        pb = box_only(pb);
      }
      if (std::abs(a.at(t).x - b.at(t).x) > 60) {
        f.shots.push_back({0, pa});
      } else {
        ++hidden;
      }
      f.shots.push_back({1, pb});
      frames.push_back(f);
    }
    EXPECT_NEAR(hidden, 30, 1);
    Tracker tracker = Tracker::create({});
    const Ids ids = run(tracker, frames);
    EXPECT_EQ(ids_by_athlete(frames, ids).size(), 2u);
    EXPECT_EQ(unlabelled(frames, ids, 0, 2), 0);
    EXPECT_EQ(unlabelled(frames, ids, 1, 2), 0);
  }
}

// Four athletes jogging side by side 100 px apart, confirmed while the camera is still, then the
// camera pans: right 45 px/frame for 12 frames, then left (the detections move the other way),
// and again.
std::vector<CueFrame> panning() {
  std::vector<CueFrame> frames;
  double camera_x = 0;
  for (int i = 0; i < 96; ++i) {
    const double t = i / kFps;
    const double pan = i < 15 ? 0 : ((i - 15) / 12) % 2 == 0 ? 45 : -45;  // pixels this frame
    CueFrame f;
    if (i > 0) {
      camera_x += pan;
      f.cues.camera = CameraMotion{{{1, 0, -pan}, {0, 1, 0}}};
    }
    for (int w = 0; w < 4; ++w) {
      const Walker wk{{300.0 + 100 * w, 300}, {20, 0}, 60, 160};
      f.frame.shots.push_back({w, person_at(wk.at(t) + Vec2{-camera_x, 0}, wk.w, wk.h)});
    }
    f.frame.t = t;
    frames.push_back(f);
  }
  return frames;
}

TEST(TrackerCues, PanningCameraSwitchesIdsWithoutCompensationAndNoneWithIt) {
  const std::vector<CueFrame> frames = panning();
  const std::vector<Frame> plain = frames_of(frames);
  // The scene is hard: the pan moves every athlete 45 px a frame (three quarters of a box
  // width), each reversal 90 px from where constant velocity puts it, nearly onto a neighbour.
  std::vector<CueFrame> still = frames;
  for (CueFrame& f : still)
    f.cues.camera.reset();
  Tracker blind = Tracker::create({});
  EXPECT_GT(identity_errors(plain, run_cues(blind, still)), 0);

  Tracker tracker = Tracker::create({});
  const Ids ids = run_cues(tracker, frames);
  EXPECT_EQ(ids_by_athlete(plain, ids).size(), 4u);
  for (int w = 0; w < 4; ++w)
    EXPECT_EQ(unlabelled(plain, ids, w, 2), 0) << w;
}

TEST(TrackerCues, CameraMotionMovesTheHiddenPrediction) {
  // One athlete standing still, hidden for 10 frames while the camera zooms in 2 % a frame
  // about the image centre and pans: the prediction follows the camera.
  Tracker tracker = Tracker::create({.min_hits = 1});
  Person p = person_at({400, 300}, 60, 160);
  tracker.update(0, {p});
  Box expected = p.box;
  for (int i = 1; i <= 10; ++i) {
    const double s = 1.02, tx = (1 - s) * 320 + 5, ty = (1 - s) * 240;
    const CameraMotion zoom{{{s, 0, tx}, {0, s, ty}}};
    const TrackerFrame out = tracker.update(i / kFps, {}, {.camera = zoom});
    expected = {s * expected.x + tx, s * expected.y + ty, s * expected.width, s * expected.height};
    ASSERT_EQ(out.tracks.size(), 1u);
    const Box& got = out.tracks[0].person.box;
    EXPECT_NEAR(got.x, expected.x, 1e-6 * 400) << i;
    EXPECT_NEAR(got.y, expected.y, 1e-6 * 400) << i;
    EXPECT_NEAR(got.height, expected.height, 1e-6 * 400) << i;
    // Keypoint offsets scale with the box.
    EXPECT_NEAR(out.tracks[0].person.keypoints[15].y - got.y, 0.95 * got.height, 1e-6 * 400);
  }
}

// A walks behind B, a wide athlete standing in front, for 2.7 s; behind B the detector
// still sees part of A, at a low score. Scores: A 0.8 in view, 0.25 behind B.
std::vector<Frame> walking_behind() {
  const Walker a{{260, 300}, {60, 0}, 80, 200};
  const Walker b{{500, 320}, {0, 0}, 160, 260};
  std::vector<Frame> frames;
  for (int i = 0; i < 240; ++i) {
    const double t = i / kFps;
    const bool behind = std::abs(a.at(t).x - 500) < 80;
    Frame f{t, {{1, person_at(b.at(t), b.w, b.h, 0.9)}}};
    f.shots.push_back({0, person_at(a.at(t), a.w, a.h, behind ? 0.25 : 0.8)});
    frames.push_back(f);
  }
  return frames;
}

TEST(TrackerCues, LowScoreDetectionsKeepATrackAliveThroughOcclusion) {
  const std::vector<Frame> frames = walking_behind();
  Tracker tracker = Tracker::create({});
  const Ids ids = run(tracker, frames);
  const auto who = ids_by_athlete(frames, ids);
  ASSERT_EQ(who.size(), 2u);
  // A is followed behind B too: every one of its detections after the first two has its id.
  EXPECT_EQ(unlabelled(frames, ids, 0, 2), 0);
  EXPECT_EQ(unlabelled(frames, ids, 1, 2), 0);
  // Without the low-score stage (everything under 0.5 thrown away, the usual single threshold)
  // A's track is retired behind B (max_hidden_s 2) and A comes back as someone else.
  Tracker single = Tracker::create({.low_score = 0.5});
  EXPECT_GT(identity_errors(frames, run(single, frames)), 0);
}

TEST(TrackerCues, LowScoreDetectionsNeitherStartTracksNorClaimHiddenOnes) {
  Tracker tracker = Tracker::create({.min_hits = 1});
  const Person ghost = person_at({300, 300}, 80, 200, 0.3);
  for (int i = 0; i < 5; ++i) {
    const TrackerFrame out = tracker.update(i / kFps, {ghost});
    EXPECT_EQ(out.detection_ids[0], 0);
    EXPECT_TRUE(out.tracks.empty());
  }
  // A confirmed athlete missed for a frame is hidden: a low-score detection where it was does
  // not bring it back (too unsure), a high-score one does.
  const Person athlete = person_at({600, 300}, 80, 200, 0.9);
  EXPECT_EQ(tracker.update(1.0, {athlete}).detection_ids[0], 1);
  EXPECT_EQ(tracker.update(1.1, {}).tracks.size(), 1u);
  Person faint = athlete;
  faint.score = 0.3;
  const TrackerFrame out = tracker.update(1.2, {faint});
  EXPECT_EQ(out.detection_ids[0], 0);
  ASSERT_EQ(out.tracks.size(), 1u);
  EXPECT_FALSE(out.tracks[0].observed);
  EXPECT_EQ(tracker.update(1.3, {athlete}).detection_ids[0], 1);
  // Below low_score a detection is ignored even where a track is in view.
  Person noise = athlete;
  noise.score = 0.05;
  EXPECT_EQ(tracker.update(1.4, {noise}).detection_ids[0], 0);
}

// Two athletes standing in one spot (boxes only, identical) for a second, then walking apart:
// motion cannot tell who is who, their kits can. `first` is the athlete given first.
std::vector<CueFrame> standing_together(int first, bool kits) {
  std::vector<CueFrame> frames;
  for (int i = 0; i < 60; ++i) {
    const double t = i / kFps;
    const double apart = t < 1 ? 0 : 150 * (t - 1);
    CueFrame f;
    f.frame.t = t;
    for (int k = 0; k < 2; ++k) {
      const int w = k == 0 ? first : 1 - first;
      const Vec2 c{400 + (w == 0 ? -apart : apart), 300};
      f.frame.shots.push_back({w, box_only(person_at(c, 80, 200))});
      if (kits) f.cues.appearance.push_back(kit_histogram(w == 0 ? 1 : 6));
    }
    frames.push_back(f);
  }
  return frames;
}

TEST(TrackerCues, AppearanceDecidesWhereMotionCannot) {
  int blind_errors = 0;
  for (const int first : {0, 1}) {
    SCOPED_TRACE(first);
    const std::vector<CueFrame> frames = standing_together(first, true);
    Tracker tracker = Tracker::create({});
    const Ids ids = run_cues(tracker, frames);
    EXPECT_EQ(ids_by_athlete(frames_of(frames), ids).size(), 2u);
    Tracker blind = Tracker::create({});
    blind_errors +=
        identity_errors(frames_of(frames), run_cues(blind, standing_together(first, false)));
  }
  // Without kits the order they were given in decides, and one order gets it wrong.
  EXPECT_GT(blind_errors, 0);
}

TEST(TrackerCues, AppearanceReidentifiesHiddenTracksAndIsAveraged) {
  // A (kit 1) leaves the detector for 0.5 s; meanwhile C (kit 6) appears where A's guess is and
  // must not take A's id; A returns and gets it back.
  std::vector<CueFrame> frames;
  for (int i = 0; i < 75; ++i) {
    const double t = i / kFps;
    CueFrame f;
    f.frame.t = t;
    const Vec2 a{200 + 60 * t, 300};
    if (i < 30 || i >= 45) {
      f.frame.shots.push_back({0, box_only(person_at(a, 80, 200))});
      f.cues.appearance.push_back(kit_histogram(1));
    }
    if (i >= 35) {
      f.frame.shots.push_back({2, box_only(person_at(Vec2{240 + 60 * t, 300}, 80, 200))});
      f.cues.appearance.push_back(kit_histogram(6));
    }
    frames.push_back(f);
  }
  Tracker tracker = Tracker::create({});
  const Ids ids = run_cues(tracker, frames);
  const auto who = ids_by_athlete(frames_of(frames), ids);
  ASSERT_EQ(who.size(), 2u);
  EXPECT_EQ(unlabelled(frames_of(frames), ids, 0, 2), 0);
  // Without kits, C takes A's id.
  std::vector<CueFrame> blind_frames = frames;
  for (CueFrame& f : blind_frames)
    f.cues.appearance.clear();
  Tracker blind = Tracker::create({});
  EXPECT_GT(identity_errors(frames_of(frames), run_cues(blind, blind_frames)), 0);

  // The track's descriptor is the moving average of its detections'.
  Tracker avg = Tracker::create({.min_hits = 1, .appearance_memory = 0.5});
  const Person p = person_at({300, 300}, 80, 200);
  avg.update(0, {p}, {.appearance = {kit_histogram(1)}});
  const TrackerFrame out = avg.update(0.1, {p}, {.appearance = {kit_histogram(6)}});
  ASSERT_EQ(out.tracks.size(), 1u);
  ASSERT_EQ(out.tracks[0].appearance.size(), 8u);
  EXPECT_NEAR(out.tracks[0].appearance[1], 0.44, 1e-6);
  EXPECT_NEAR(out.tracks[0].appearance[6], 0.44, 1e-6);
  EXPECT_NEAR(out.tracks[0].appearance[0], 0.02, 1e-6);
}

void expect_invalid_cue(const std::function<void()>& f, const std::string& what) {
  EXPECT_THAT(f, testkit::ThrowsError(ErrorKind::InvalidInput, ::testing::HasSubstr(what)));
}

TEST(TrackerCues, BadCuesAndOptionsAreOneLineErrors) {
  Tracker tracker = Tracker::create({});
  const Person p = person_at({300, 300}, 80, 200);
  expect_invalid_cue(
      [&] {
        tracker.update(0, {p}, {.appearance = {kit_histogram(1), {}}});
      },
      "tracker: appearance.size() = 2: must be 0 or the number of detections, 1");
  expect_invalid_cue(
      [&] {
        tracker.update(0, {p, p}, {.appearance = {kit_histogram(1), {0.5F, 0.5F}}});
      },
      "appearance[1].size() = 2: must be the other descriptors' 8");
  expect_invalid_cue(
      [&] {
        tracker.update(0, {p}, {.appearance = {{0.5F, -1.0F}}});
      },
      "appearance[0][1] = -1: must be finite and >= 0");
  expect_invalid_cue(
      [&] {
        tracker.update(0, {p}, {.camera = CameraMotion{{{1, 0, NAN}, {0, 1, 0}}}});
      },
      "camera.m[0][2] = nan");
  expect_invalid_cue(
      [&] {
        tracker.update(0, {p}, {.camera = CameraMotion{{{0, 0, 0}, {0, 0, 0}}}});
      },
      "camera determinant = 0");
  // The tracker is still usable, at the same time.
  EXPECT_EQ(tracker.update(0, {p}, {.appearance = {{}}}).detection_ids.size(), 1u);
  expect_invalid_cue([] { Tracker::create({.low_score = 0.6}); },
                     "low_score = 0.6: must be within [0, high_score = 0.5]");
  expect_invalid_cue([] { Tracker::create({.new_track_score = 0.4}); },
                     "new_track_score = 0.4: must be within [high_score = 0.5, 1]");
  expect_invalid_cue([] { Tracker::create({.low_min_iou = 0}); }, "low_min_iou = 0");
  expect_invalid_cue([] { Tracker::create({.appearance_memory = 1}); },
                     "appearance_memory = 1: must be within [0, 1)");
  expect_invalid_cue([] { Tracker::create({.reid_min_appearance = 2}); },
                     "reid_min_appearance = 2");
}

}  // namespace
}  // namespace podium::vision
