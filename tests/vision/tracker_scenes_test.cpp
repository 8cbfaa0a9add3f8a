// Tracker scenes: crossing, hidden and reappearing, new, jittered, crowded, shuffled and randomly
// generated athletes keep their ids.
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

#include "vision/tracker_test_util.hpp"

namespace podium::vision {
namespace {

using namespace tracker_test;

// Two athletes running towards each other, B `dy` pixels lower (nearer the camera); they meet at
// frame 60.
std::vector<Frame> crossing(Layout layout, double dy) {
  const Walker a{{100, 300}, {150, 0}};
  const Walker b{{700, 300 + dy}, {-150, 0}};
  std::vector<Frame> frames;
  for (int i = 0; i < 120; ++i) {
    const double t = i / kFps;
    frames.push_back({t,
                      {{0, person_at(a.at(t), a.w, a.h, 0.9, layout)},
                       {1, person_at(b.at(t), b.w, b.h, 0.9, layout)}}});
  }
  return frames;
}

TEST(Tracker, TwoAthletesCrossingKeepTheirIds) {
  for (const auto& [layout, dy] :
       {std::pair{Layout::Coco17, 20.0}, {Layout::BlazePose33, 20.0}, {Layout::Coco17, 0.0}}) {
    SCOPED_TRACE(dy);
    const std::vector<Frame> frames = crossing(layout, dy);
    // The scene is hard: at the crossing their boxes nearly (dy 0: exactly) coincide, so only
    // the motion tells them apart.
    EXPECT_GT(iou(frames[60].shots[0].person.box, frames[60].shots[1].person.box), 0.8);
    Tracker tracker = Tracker::create({});
    const Ids ids = run(tracker, frames);
    const auto who = ids_by_athlete(frames, ids);
    ASSERT_EQ(who.size(), 2u);
    EXPECT_NE(who.at(0), who.at(1));
    EXPECT_EQ(unlabelled(frames, ids, 0, 2), 0);  // confirmed on the third frame, min_hits 3
    EXPECT_EQ(unlabelled(frames, ids, 1, 2), 0);
  }
}

// One athlete walking right, missing in frames [hide_from, hide_to), reappearing `offset` away
// from where constant velocity puts it, labelled `who_after` then (0: the same athlete).
std::vector<Frame> occluded(int hide_from, int hide_to, Vec2 offset, int count, int who_after) {
  const Walker a{{100, 300}, {120, 0}};
  std::vector<Frame> frames;
  for (int i = 0; i < count; ++i) {
    const double t = i / kFps;
    Frame f{t, {}};
    if (i < hide_from) f.shots.push_back({0, person_at(a.at(t), a.w, a.h)});
    if (i >= hide_to) f.shots.push_back({who_after, person_at(a.at(t) + offset, a.w, a.h)});
    frames.push_back(f);
  }
  return frames;
}

TEST(Tracker, AthleteHiddenFor1_5sKeepsItsIdAndIsPredictedMeanwhile) {
  // Last seen at frame 29, back at frame 75: 1.53 s unseen.
  const std::vector<Frame> frames = occluded(30, 75, {0, 0}, 105, 0);
  Tracker tracker = Tracker::create({});
  Ids ids;
  for (const Frame& f : frames) {
    std::vector<Person> people;
    for (const Shot& s : f.shots)
      people.push_back(s.person);
    const TrackerFrame out = tracker.update(f.t, people);
    ids.push_back(out.detection_ids);
    ASSERT_EQ(out.tracks.size(), 1u) << "t=" << f.t;
    const TrackedPerson& tp = out.tracks[0];
    EXPECT_EQ(tp.observed, !f.shots.empty());
    if (tp.observed) continue;
    // Hidden: a prediction, honest about being one, where the athlete really is.
    const Walker truth{{100, 300}, {120, 0}};
    EXPECT_NEAR(tp.hidden_s, f.t - 29 / kFps, 1e-9);
    EXPECT_EQ(tp.detection, -1);
    EXPECT_EQ(tp.person.score, 0);
    EXPECT_EQ(tp.person.keypoints.size(), 17u);
    EXPECT_EQ(tp.person.keypoints[0].score, 0);
    EXPECT_GT(iou(tp.person.box, truth.box(f.t)), 0.9) << "t=" << f.t;
  }
  EXPECT_EQ(ids_by_athlete(frames, ids).size(), 1u);
  EXPECT_EQ(unlabelled(frames, ids, 0, 2), 0);  // back as the confirmed athlete at once
}

TEST(Tracker, HiddenAthleteMayReappearNearbyButNotFarAway) {
  // 50 px (a quarter of a body height) from the prediction after 1.5 s: within reach
  // (0.5 heights/s * 1.53 s), though plain IoU (0.23) would not match.
  const std::vector<Frame> near = occluded(30, 75, {50, 0}, 90, 0);
  Tracker t1 = Tracker::create({});
  const Ids near_ids = run(t1, near);
  EXPECT_EQ(ids_by_athlete(near, near_ids).size(), 1u);
  EXPECT_EQ(unlabelled(near, near_ids, 0, 2), 0);
  // Three body heights away is someone else.
  const std::vector<Frame> far = occluded(30, 75, {600, 0}, 90, 1);
  Tracker t2 = Tracker::create({});
  const auto who_far = ids_by_athlete(far, run(t2, far));
  ASSERT_EQ(who_far.size(), 2u);
  EXPECT_GT(who_far.at(1), who_far.at(0));
}

TEST(Tracker, AthleteHiddenFor3sGetsANewId) {
  // Last seen at frame 29 (0.97 s); max_hidden_s 2 retires the track after 2.97 s.
  const std::vector<Frame> frames = occluded(30, 120, {0, 0}, 150, 1);
  Tracker tracker = Tracker::create({});
  Ids ids;
  for (size_t i = 0; i < frames.size(); ++i) {
    std::vector<Person> people;
    for (const Shot& s : frames[i].shots)
      people.push_back(s.person);
    const TrackerFrame out = tracker.update(frames[i].t, people);
    ids.push_back(out.detection_ids);
    if (i == 88) {
      EXPECT_EQ(out.tracks.size(), 1u);  // hidden 1.97 s: still kept
    }
    if (i == 91) {
      EXPECT_TRUE(out.tracks.empty());  // hidden 2.07 s: retired
    }
  }
  const auto who = ids_by_athlete(frames, ids);
  ASSERT_EQ(who.size(), 2u);
  EXPECT_GT(who.at(1), who.at(0));
}

TEST(Tracker, NewAthletesGetFreshIdsNeverReusedAndAreTentativeFirst) {
  const Walker a{{200, 300}, {60, 0}};
  const Walker b{{700, 300}, {-40, 0}};
  std::vector<Frame> frames;
  for (int i = 0; i < 210; ++i) {
    const double t = i / kFps;
    Frame f{t, {}};
    if (i < 60) f.shots.push_back({0, person_at(a.at(t), a.w, a.h)});  // leaves at 2 s
    // Enters at 1 s. Around 3.5 s it walks into the reach of A's guess: a hidden track must not
    // take a detection from an athlete in view.
    if (i >= 30) f.shots.push_back({1, person_at(b.at(t), b.w, b.h)});
    // Enters at 5 s where A was last seen, after A has been retired.
    if (i >= 150) f.shots.push_back({2, person_at(a.at(59 / kFps), a.w, a.h)});
    frames.push_back(f);
  }
  Tracker tracker = Tracker::create({});
  Ids ids;
  std::int64_t tentative_b = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    std::vector<Person> people;
    for (const Shot& s : frames[i].shots)
      people.push_back(s.person);
    const TrackerFrame out = tracker.update(frames[i].t, people);
    ids.push_back(out.detection_ids);
    if (i == 30 || i == 31) {  // B's first two frames: reported, but as a candidate only
      EXPECT_EQ(out.detection_ids[1], 0);
      ASSERT_EQ(out.tracks.size(), 2u);
      EXPECT_FALSE(out.tracks[1].confirmed);
      EXPECT_TRUE(out.tracks[1].observed);
      EXPECT_EQ(out.tracks[1].detection, 1);
      tentative_b = out.tracks[1].id;
    }
  }
  const auto who = ids_by_athlete(frames, ids);
  ASSERT_EQ(who.size(), 3u);
  EXPECT_EQ(who.at(1), tentative_b);  // the candidate's id is the one it keeps
  EXPECT_GT(who.at(1), who.at(0));
  EXPECT_GT(who.at(2), who.at(1));
  EXPECT_EQ(unlabelled(frames, ids, 1, 2), 0);
  EXPECT_EQ(unlabelled(frames, ids, 2, 2), 0);

  // min_hits 1: confirmed on first sight.
  Tracker eager = Tracker::create({.min_hits = 1});
  EXPECT_EQ(eager.update(0, {person_at({100, 100}, 80, 200)}).detection_ids[0], 1);
}

// Three athletes whose paths cross, with jittered boxes and keypoints, dropped keypoints and
// false positives: two in consecutive frames at one place, one overlapping an athlete.
std::vector<Frame> crowd() {
  const std::array<Walker, 3> walkers = {Walker{{100, 200}, {100, 20}, 80, 200},
                                         Walker{{600, 250}, {-80, 10}, 70, 180},
                                         Walker{{350, 500}, {10, -60}, 90, 220}};
  std::mt19937 rng(7);
  std::normal_distribution<double> jitter(0, 3);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Frame> frames;
  const Vec2 ghost(700 * unit(rng), 500 * unit(rng));
  for (int i = 0; i < 150; ++i) {
    const double t = i / kFps;
    Frame f{t, {}};
    for (int w = 0; w < 3; ++w) {
      const Walker& wk = walkers[static_cast<size_t>(w)];
      Person p = person_at(wk.at(t) + Vec2(jitter(rng), jitter(rng)), wk.w + jitter(rng),
                           wk.h + jitter(rng), 0.5 + 0.5 * unit(rng));
      for (Keypoint& k : p.keypoints) {
        k.x += jitter(rng);
        k.y += jitter(rng);
        k.score = unit(rng) < 0.1 ? 0.1 : 0.6 + 0.4 * unit(rng);
      }
      f.shots.push_back({w, p});
    }
    if (i == 20 || i == 21) f.shots.push_back({-1, person_at(ghost, 60, 150, 0.6)});
    if (i == 60 || i == 61) {
      f.shots.push_back({-1, person_at(walkers[0].at(t) + Vec2(40, 30), 60, 150, 0.7)});
    }
    if (i == 95 || i == 130) {
      f.shots.push_back({-1, person_at({700 * unit(rng), 500 * unit(rng)}, 50, 120, 0.5)});
    }
    frames.push_back(f);
  }
  return frames;
}

TEST(Tracker, ThreeJitteredAthletesAndFalsePositives) {
  const std::vector<Frame> frames = crowd();
  Tracker tracker = Tracker::create({});
  const Ids ids = run(tracker, frames);
  const auto who = ids_by_athlete(frames, ids);
  ASSERT_EQ(who.size(), 3u);
  EXPECT_EQ(std::set<std::int64_t>({who.at(0), who.at(1), who.at(2)}).size(), 3u);
  for (int w = 0; w < 3; ++w) {
    EXPECT_EQ(unlabelled(frames, ids, w, 2), 0) << "athlete " << w;
  }
  // The false positives' candidate tracks are gone: only the athletes remain.
  const TrackerFrame last = tracker.update(frames.back().t + 1 / kFps, {});
  ASSERT_EQ(last.tracks.size(), 3u);
  for (const TrackedPerson& tp : last.tracks)
    EXPECT_TRUE(tp.confirmed);
}

TEST(Tracker, KeypointsTellApartAthletesWhoseBoxesCoincide) {
  // Two athletes in one place, one facing the camera and one facing away (left and right
  // swapped), reported in a random order: the boxes cannot tell them apart, the keypoints can.
  std::mt19937 rng(5);
  std::vector<Frame> frames;
  for (int i = 0; i < 60; ++i) {
    const Vec2 c(300 + 30 * std::sin(i / 10.0), 300);
    Person facing = person_at(c, 80, 200);
    Person away = facing;
    for (size_t k = 0; k < 17; ++k)
      away.keypoints[k].x = 2 * c.x - facing.keypoints[k].x;
    Frame f{i / kFps, {{0, facing}, {1, away}}};
    std::shuffle(f.shots.begin(), f.shots.end(), rng);
    frames.push_back(f);
  }
  Tracker tracker = Tracker::create({});
  const Ids ids = run(tracker, frames);
  EXPECT_EQ(ids_by_athlete(frames, ids).size(), 2u);
  EXPECT_EQ(unlabelled(frames, ids, 0, 2), 0);
  EXPECT_EQ(unlabelled(frames, ids, 1, 2), 0);
}

TEST(Tracker, ShuffledDetectionOrderChangesNoIdAndRunsRepeat) {
  const std::vector<Frame> frames = crowd();
  std::vector<Frame> shuffled = frames;
  std::mt19937 rng(11);
  for (Frame& f : shuffled)
    std::shuffle(f.shots.begin(), f.shots.end(), rng);
  Tracker t1 = Tracker::create({});
  Tracker t2 = Tracker::create({});
  Tracker t3 = Tracker::create({});
  const Ids a = run(t1, frames), b = run(t2, shuffled), again = run(t3, frames);
  EXPECT_EQ(a, again);
  // The same athlete, and the same false positive, gets the same id in both orders.
  for (size_t f = 0; f < frames.size(); ++f) {
    std::map<std::pair<int, double>, std::int64_t> by_shot;
    for (size_t s = 0; s < frames[f].shots.size(); ++s) {
      by_shot[{frames[f].shots[s].who, frames[f].shots[s].person.box.x}] = a[f][s];
    }
    for (size_t s = 0; s < shuffled[f].shots.size(); ++s) {
      const Shot& shot = shuffled[f].shots[s];
      EXPECT_EQ(b[f][s], (by_shot[{shot.who, shot.person.box.x}])) << "t=" << frames[f].t;
    }
  }
}

TEST(Tracker, VariableFrameRateStillTracks) {
  // Fast athletes crossing, frames 8 ms to 125 ms apart, plus one 0.4 s dropout.
  const Walker a{{100, 300}, {300, 0}};
  const Walker b{{900, 330}, {-300, 0}};
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> gap(1 / 120.0, 1 / 8.0);
  std::vector<Frame> frames;
  for (double t = 0; t < 2.7; t += frames.size() == 20 ? 0.4 : gap(rng)) {
    frames.push_back({t, {{0, person_at(a.at(t), a.w, a.h)}, {1, person_at(b.at(t), b.w, b.h)}}});
  }
  // Across the dropout the athletes move 1.5 box widths: only a prediction over the actual dt
  // bridges it.
  ASSERT_NEAR(frames[20].t - frames[19].t, 0.4, 1e-9);
  EXPECT_EQ(iou(frames[19].shots[0].person.box, frames[20].shots[0].person.box), 0);
  Tracker tracker = Tracker::create({});
  const Ids ids = run(tracker, frames);
  const auto who = ids_by_athlete(frames, ids);
  ASSERT_EQ(who.size(), 2u);
  EXPECT_NE(who.at(0), who.at(1));
  EXPECT_EQ(unlabelled(frames, ids, 0, 2), 0);
  EXPECT_EQ(unlabelled(frames, ids, 1, 2), 0);
}

TEST(Tracker, RandomScenesKeepTheInvariants) {
  // Clutter: 0..8 random people per frame, some without keypoints, irregular frame times, scores
  // over the whole range.
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> unit(0, 1);
  Tracker tracker = Tracker::create({.min_hits = 2});
  std::int64_t highest = 0;
  double t = 0;
  for (int frame = 0; frame < 300; ++frame) {
    t += 0.005 + 0.2 * unit(rng);
    std::vector<Person> people;
    const int n = static_cast<int>(9 * unit(rng));
    for (int i = 0; i < n; ++i) {
      Person p = person_at({400 * unit(rng), 300 * unit(rng)}, 20 + 100 * unit(rng),
                           40 + 200 * unit(rng), unit(rng));
      if (unit(rng) < 0.2) p.keypoints.clear();
      people.push_back(p);
    }
    const TrackerFrame out = tracker.update(t, people);
    ASSERT_EQ(out.detection_ids.size(), people.size());
    std::set<std::int64_t> ids;
    std::set<int> detections;
    std::int64_t previous = 0;
    for (const TrackedPerson& tp : out.tracks) {
      EXPECT_GT(tp.id, previous);  // by increasing id, each once
      previous = tp.id;
      EXPECT_LE(tp.hidden_s, 2.0);
      EXPECT_EQ(tp.observed, tp.hidden_s == 0);
      if (tp.id > highest) {
        EXPECT_TRUE(tp.observed);  // a new id is a new detection
        EXPECT_EQ(tp.hits, 1);
        highest = tp.id;
      }
      if (!tp.observed) {
        EXPECT_TRUE(tp.confirmed);  // candidates are dropped when unseen
        continue;
      }
      ASSERT_GE(tp.detection, 0);
      ASSERT_LT(tp.detection, n);
      EXPECT_TRUE(detections.insert(tp.detection).second);
      EXPECT_EQ(out.detection_ids[static_cast<size_t>(tp.detection)], tp.confirmed ? tp.id : 0);
    }
    // Every detection that could start a track belongs to one; below new_track_score only those
    // a track took (ByteTrack's second stage), below low_score none.
    for (size_t d = 0; d < people.size(); ++d) {
      const bool tracked = detections.count(static_cast<int>(d)) > 0;
      if (people[d].score >= TrackerOptions{}.new_track_score) {
        EXPECT_TRUE(tracked) << d;
      }
      if (people[d].score < TrackerOptions{}.low_score) {
        EXPECT_FALSE(tracked) << d;
      }
    }
  }
}

}  // namespace
}  // namespace podium::vision
