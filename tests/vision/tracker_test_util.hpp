// Builders shared by the tracker tests: synthetic athletes (standing poses moving at constant
// velocity), frames of shots with ground-truth identities, and id bookkeeping.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "podium/vision/person.hpp"
#include "podium/vision/tracker.hpp"

namespace podium::vision::tracker_test {

inline constexpr double kFps = 30;

// A standing pose, COCO-17 order, as fractions of its box (x right, y down).
inline constexpr std::array<std::array<double, 2>, 17> kPose = {{{0.50, 0.08},
                                                                 {0.53, 0.06},
                                                                 {0.47, 0.06},
                                                                 {0.57, 0.07},
                                                                 {0.43, 0.07},
                                                                 {0.65, 0.20},
                                                                 {0.35, 0.20},
                                                                 {0.72, 0.35},
                                                                 {0.28, 0.35},
                                                                 {0.75, 0.48},
                                                                 {0.25, 0.48},
                                                                 {0.60, 0.52},
                                                                 {0.40, 0.52},
                                                                 {0.60, 0.72},
                                                                 {0.40, 0.72},
                                                                 {0.60, 0.95},
                                                                 {0.40, 0.95}}};
// The COCO joint each BlazePose-33 keypoint sits on in the synthetic pose.
inline constexpr std::array<int, 33> kBlazeFromCoco = {0,  1,  1,  1,  2,  2,  2,  3,  4,  0,  0,
                                                       5,  6,  7,  8,  9,  10, 9,  10, 9,  10, 9,
                                                       10, 11, 12, 13, 14, 15, 16, 15, 16, 15, 16};

// A point or velocity in pixels (per second).
struct Vec2 {
  double x = 0, y = 0;
};
inline Vec2 operator+(Vec2 a, Vec2 b) {
  return {a.x + b.x, a.y + b.y};
}
inline Vec2 operator*(Vec2 a, double s) {
  return {a.x * s, a.y * s};
}

inline Person person_at(Vec2 centre, double w, double h, double score = 0.9,
                        Layout layout = Layout::Coco17) {
  Person p;
  p.score = score;
  p.layout = layout;
  p.box = {centre.x - w / 2, centre.y - h / 2, w, h};
  const auto joint = [&](int j) {
    const auto& f = kPose[static_cast<size_t>(j)];
    return Keypoint{p.box.x + f[0] * w, p.box.y + f[1] * h, 0.9};
  };
  if (layout == Layout::Coco17) {
    for (int j = 0; j < 17; ++j)
      p.keypoints.push_back(joint(j));
  } else {
    for (int j : kBlazeFromCoco)
      p.keypoints.push_back(joint(j));
  }
  return p;
}

// An athlete moving with constant velocity.
struct Walker {
  Vec2 start;
  Vec2 velocity;  // pixels/s
  double w = 80, h = 200;
  Vec2 at(double t) const { return start + velocity * t; }
  Box box(double t) const { return {at(t).x - w / 2, at(t).y - h / 2, w, h}; }
};

struct Shot {
  int who = -1;  // ground-truth athlete; -1 = a false positive
  Person person;
};
struct Frame {
  double t = 0;
  std::vector<Shot> shots;
};

using Ids = std::vector<std::vector<std::int64_t>>;  // per frame, per shot

inline Ids run(Tracker& tracker, const std::vector<Frame>& frames) {
  Ids ids;
  for (const Frame& f : frames) {
    std::vector<Person> people;
    for (const Shot& s : f.shots)
      people.push_back(s.person);
    ids.push_back(tracker.update(f.t, people).detection_ids);
  }
  return ids;
}

// Who got which id. Fails on an id shared by two athletes (a switch), an athlete with two ids or
// a false positive reported as an athlete.
inline std::map<int, std::int64_t> ids_by_athlete(const std::vector<Frame>& frames,
                                                  const Ids& ids) {
  std::map<int, std::set<std::int64_t>> seen;
  std::map<std::int64_t, int> whose;
  for (size_t f = 0; f < frames.size(); ++f) {
    for (size_t s = 0; s < frames[f].shots.size(); ++s) {
      const std::int64_t id = ids[f][s];
      const int who = frames[f].shots[s].who;
      if (id == 0) continue;
      EXPECT_GE(who, 0) << "false positive got id " << id << " at t=" << frames[f].t;
      const auto [it, fresh] = whose.emplace(id, who);
      EXPECT_EQ(it->second, who) << "id " << id << " switched athletes at t=" << frames[f].t;
      seen[who].insert(id);
    }
  }
  std::map<int, std::int64_t> out;
  for (const auto& [who, set] : seen) {
    EXPECT_EQ(set.size(), 1u) << "athlete " << who << " had " << set.size() << " ids";
    out[who] = *set.begin();
  }
  return out;
}

// Shots of athlete `who` reported without an id, beyond its first `grace` shots.
inline int unlabelled(const std::vector<Frame>& frames, const Ids& ids, int who, int grace) {
  int n = 0, count = 0;
  for (size_t f = 0; f < frames.size(); ++f) {
    for (size_t s = 0; s < frames[f].shots.size(); ++s) {
      if (frames[f].shots[s].who != who) continue;
      if (count++ >= grace && ids[f][s] == 0) ++n;
    }
  }
  return n;
}

inline double iou(const Box& a, const Box& b) {
  const double w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
  const double h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  const double inter = w > 0 && h > 0 ? w * h : 0;
  return inter / (a.area() + b.area() - inter);
}

}  // namespace podium::vision::tracker_test
