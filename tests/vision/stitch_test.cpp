// Tracklet stitching: a split track is joined (also across two gaps), two athletes seen at the
// same time never are, appearance vetoes and decides, the rules' limits, bad input.
#include "podium/vision/stitch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "podium/core/error.hpp"
#include "testkit/throws_error.hpp"

namespace podium::vision {
namespace {

constexpr double kStitchFps = 25;

// Frames of a walker (centre (x0 + vx t, y0 + vy t), 60 x 150 px) in [from_s, to_s), with a
// seeded jitter of a few pixels as a detector gives.
Tracklet walker(std::int64_t id, double from_s, double to_s, double x0, double vx, double y0 = 300,
                double vy = 0, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> jitter(0, 2);
  Tracklet t{.id = id, .times = {}, .boxes = {}, .appearance = {}};
  for (int f = static_cast<int>(std::ceil(from_s * kStitchFps)); f < to_s * kStitchFps; ++f) {
    const double s = f / kStitchFps;
    t.times.push_back(s);
    t.boxes.push_back(
        {x0 + vx * s - 30 + jitter(rng), y0 + vy * s - 75 + jitter(rng), 60, 150 + jitter(rng)});
  }
  return t;
}

std::vector<float> kit(int colour) {
  std::vector<float> h(8, 0.02F);
  h[static_cast<size_t>(colour)] = 0.86F;
  return h;
}

TEST(Stitch, JoinsASplitTrackAndChainsToTheFirstId) {
  // One walker at 120 px/s, unseen in [2, 3.5) s and [5, 7.5) s: three fragments.
  const std::vector<Tracklet> parts = {walker(4, 0, 2, 100, 120),
                                       walker(9, 3.5, 5, 100, 120, 300, 0, 2),
                                       walker(17, 7.5, 9, 100, 120, 300, 0, 3)};
  const auto merged = stitch_tracklets(parts, {});
  EXPECT_EQ(merged.at(4), 4);
  EXPECT_EQ(merged.at(9), 4);
  EXPECT_EQ(merged.at(17), 4);
  // Nothing to join: each to itself.
  EXPECT_EQ(stitch_tracklets(std::span(parts).first(1), {}).at(4), 4);
  EXPECT_TRUE(stitch_tracklets({}, {}).empty());
}

TEST(Stitch, NeverJoinsTwoAthletesSeenAtTheSameTime) {
  // B starts exactly where A's extrapolation goes, but while A is still in view: two athletes.
  const Tracklet a = walker(1, 0, 2, 100, 120);
  const Tracklet b = walker(2, 1.6, 4, 100, 120, 300, 0, 5);
  const auto merged = stitch_tracklets(std::vector{a, b}, {});
  EXPECT_EQ(merged.at(1), 1);
  EXPECT_EQ(merged.at(2), 2);
  // After A's gap, two look-alikes appear together, both plausible: one continues A, the other
  // is someone else, and they never end up in one chain.
  const Tracklet c = walker(3, 3, 5, 100, 120, 300, 0, 6);
  const Tracklet d = walker(4, 3, 5, 110, 120, 320, 0, 7);
  const auto both = stitch_tracklets(std::vector{a, c, d}, {});
  EXPECT_EQ(both.at(3), 1);  // the nearer continuation
  EXPECT_EQ(both.at(4), 4);
}

TEST(Stitch, MotionAndSizeLimits) {
  const Tracklet a = walker(1, 0, 2, 100, 120);
  // Three body heights off the extrapolation after a 1 s gap: someone else.
  const Tracklet far = walker(2, 3, 5, 100 + 450, 120);
  EXPECT_EQ(stitch_tracklets(std::vector{a, far}, {}).at(2), 2);
  // On the path but after more than max_gap_s.
  const Tracklet late = walker(3, 8, 9, 100, 120);
  EXPECT_EQ(stitch_tracklets(std::vector{a, late}, {}).at(3), 3);
  EXPECT_EQ(stitch_tracklets(std::vector{a, late}, {.max_gap_s = 6.5}).at(3), 1);
  // On the path but twice as tall: nearer the camera, someone else.
  Tracklet tall = walker(4, 3, 5, 100, 120);
  for (Box& b : tall.boxes)
    b.height *= 2;
  EXPECT_EQ(stitch_tracklets(std::vector{a, tall}, {}).at(4), 4);
  // A sprinter: the back-extrapolation from the new fragment agrees too, 1.5 s later.
  const Tracklet fast_a = walker(5, 0, 1, 100, 600, 300, 20);
  const Tracklet fast_b = walker(6, 2.5, 4, 100, 600, 300, 20, 8);
  EXPECT_EQ(stitch_tracklets(std::vector{fast_a, fast_b}, {}).at(6), 5);
}

TEST(Stitch, AppearanceVetoesAndDecides) {
  Tracklet a = walker(1, 0, 2, 100, 120);
  a.appearance = kit(0);
  Tracklet same = walker(2, 3, 5, 100, 120, 300, 0, 4);
  same.appearance = kit(0);
  Tracklet other = same;
  other.id = 3;
  other.appearance = kit(5);
  EXPECT_EQ(stitch_tracklets(std::vector{a, same}, {}).at(2), 1);
  EXPECT_EQ(stitch_tracklets(std::vector{a, other}, {}).at(3), 3);  // another kit
  // Two candidates: the other kit exactly on the path, the own kit 30 px off it: the kit wins.
  Tracklet off = walker(4, 3, 5, 130, 120, 300, 0, 4);
  off.appearance = kit(0);
  const auto merged = stitch_tracklets(std::vector{a, other, off}, {});
  EXPECT_EQ(merged.at(4), 1);
  EXPECT_EQ(merged.at(3), 3);
  // Without appearance on one side, motion alone decides.
  Tracklet plain = same;
  plain.appearance.clear();
  EXPECT_EQ(stitch_tracklets(std::vector{a, plain}, {}).at(2), 1);
}

TEST(Stitch, InputOrderChangesNothing) {
  std::vector<Tracklet> parts;
  for (int k = 0; k < 6; ++k) {
    // Two walkers' fragments, interleaved in time, crossing paths.
    parts.push_back(
        walker(2 * k + 1, k * 1.5, k * 1.5 + 1, 100, 100, 200, 0, static_cast<unsigned>(k)));
    parts.push_back(
        walker(2 * k + 2, k * 1.5, k * 1.5 + 1, 1000, -100, 260, 0, static_cast<unsigned>(k + 50)));
  }
  const auto merged = stitch_tracklets(parts, {});
  for (int k = 0; k < 6; ++k) {
    EXPECT_EQ(merged.at(2 * k + 1), 1) << k;
    EXPECT_EQ(merged.at(2 * k + 2), 2) << k;
  }
  std::mt19937 rng(3);
  std::shuffle(parts.begin(), parts.end(), rng);
  EXPECT_EQ(stitch_tracklets(parts, {}), merged);
}

TEST(Stitch, BadInputIsOneLocatedError) {
  const Tracklet a = walker(1, 0, 1, 100, 120);
  const auto invalid = [](std::vector<Tracklet> v, const std::string& what, StitchOptions o = {}) {
    EXPECT_THAT([&] { stitch_tracklets(v, o); },
                testkit::ThrowsError(ErrorKind::InvalidInput, ::testing::HasSubstr(what)));
  };
  invalid({a, a}, "tracklets[1] (id 1).id = 1: must be unique");
  Tracklet empty = a;
  empty.id = 2;
  empty.times.clear();
  invalid({a, empty}, "tracklets[1] (id 2).times.size() = 0");
  Tracklet back = a;
  back.times[3] = back.times[2];
  invalid({back}, "times[3] = 0.08: must be finite and after");
  Tracklet flat = a;
  flat.boxes[5].width = 0;
  invalid({flat}, "boxes[5] = 0 x");
  Tracklet bad = a;
  bad.appearance = {0.5F, -0.1F};
  invalid({bad}, "appearance[1] = -0.1");
  invalid({a}, "stitch: max_gap_s = -1", {.max_gap_s = -1});
  invalid({a}, "max_height_ratio = 0.5", {.max_height_ratio = 0.5});
}

}  // namespace
}  // namespace podium::vision
