// The per-track series step of video analysis on synthetic tracks: no video, no model.
#include "podium/vision/track_series.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/kinematics_swap.hpp"
#include "testkit/throws_error.hpp"
#include "vision/kinematics_test_util.hpp"

namespace podium::vision {
namespace {

using namespace kinematics_test;

constexpr double kFps = 30;
constexpr double kStrideHz = 1.4;
constexpr double kScore = 0.9;

std::vector<Keypoint> keypoints_of(const PoseFrame& f) {
  std::vector<Keypoint> out;
  for (const Point2& p : f.points)
    out.push_back(is_missing(p) ? Keypoint{} : Keypoint{p.x, p.y, kScore, 0});
  return out;
}

// A clip of `count` frames (indices 0.., 30 fps) and a running athlete observed in `seen` of them.
struct Clip {
  std::vector<std::int64_t> frames;
  std::vector<double> times_s;
  std::vector<PoseFrame> poses;  // the athlete in every frame
  TrackObservations track;
};

Clip running(int count, const std::vector<int>& seen) {
  Clip c;
  for (int i = 0; i < count; ++i) {
    c.frames.push_back(i);
    c.times_s.push_back(i / kFps);
    c.poses.push_back(running_frame(i / kFps, kStrideHz));
  }
  c.track.id = 7;
  for (int i : seen) {
    c.track.frames.push_back(i);
    c.track.keypoints.push_back(keypoints_of(c.poses[static_cast<std::size_t>(i)]));
    c.track.world.emplace_back();
  }
  return c;
}

std::vector<int> all_of(int from, int to) {  // [from, to)
  std::vector<int> v(static_cast<std::size_t>(to - from));
  std::iota(v.begin(), v.end(), from);
  return v;
}

TEST(TrackSeries, SpansFirstToLastObservationWithHiddenFramesEmptyInRaw) {
  const Clip c = running(10, {2, 3, 6});
  const TrackSeries s = clean_track_series(c.track, c.frames, c.times_s, {});
  EXPECT_EQ(s.id, 7);
  EXPECT_EQ(s.frames, (std::vector<std::int64_t>{2, 3, 4, 5, 6}));
  ASSERT_EQ(s.times_s.size(), 5u);
  EXPECT_EQ(s.times_s[0], 2 / kFps);
  EXPECT_EQ(s.observed, (std::vector<bool>{true, true, false, false, true}));
  ASSERT_EQ(s.raw.size(), 5u);
  ASSERT_EQ(s.world.size(), 5u);
  for (const std::size_t hidden : {2u, 3u}) {
    for (const Keypoint& k : s.raw[hidden]) {
      EXPECT_TRUE(std::isnan(k.x));
      EXPECT_EQ(k.score, 0);
    }
  }
  EXPECT_EQ(s.raw[0][0].x, c.track.keypoints[0][0].x);
  EXPECT_TRUE(s.angles.empty());  // kinematics is the second step
}

TEST(TrackSeries, ShortGapsAreFilledWithScoreZeroAndLongOnesStayEmpty) {
  const Clip c = running(10, {2, 3, 6});
  TrackSeriesOptions o;
  o.filter = SmoothFilter::None;
  const TrackSeries filled = clean_track_series(c.track, c.frames, c.times_s, o);
  const std::size_t nose = 0;
  // Linear interpolation between frames 3 and 6.
  const double x3 = c.track.keypoints[1][nose].x, x6 = c.track.keypoints[2][nose].x;
  EXPECT_NEAR(filled.smoothed[2][nose].x, x3 + (x6 - x3) / 3, 1e-9);
  EXPECT_EQ(filled.smoothed[2][nose].score, 0);
  EXPECT_EQ(filled.smoothed[0][nose].x, c.track.keypoints[0][nose].x);
  EXPECT_EQ(filled.smoothed[0][nose].score, kScore);
  o.max_gap_frames = 1;
  const TrackSeries gappy = clean_track_series(c.track, c.frames, c.times_s, o);
  EXPECT_TRUE(std::isnan(gappy.smoothed[2][nose].x));
  EXPECT_TRUE(std::isnan(gappy.smoothed[3][nose].x));
}

TEST(TrackSeries, LowScoresAreMaskedBeforeSmoothing) {
  Clip c = running(6, all_of(0, 6));
  c.track.keypoints[3][0].score = 0.1;  // the nose, below min_keypoint_score
  c.track.keypoints[3][0].x += 500;     // and wildly off
  TrackSeriesOptions o;
  o.filter = SmoothFilter::None;
  const TrackSeries s = clean_track_series(c.track, c.frames, c.times_s, o);
  const double x2 = c.track.keypoints[2][0].x, x4 = c.track.keypoints[4][0].x;
  EXPECT_NEAR(s.smoothed[3][0].x, (x2 + x4) / 2, 1e-9);  // interpolated, the outlier ignored
  EXPECT_EQ(s.smoothed[3][0].score, 0);
  EXPECT_EQ(s.raw[3][0].x, c.track.keypoints[3][0].x);  // raw keeps what was detected
}

TEST(TrackSeries, ButterworthSmoothsAndLeavesATooSlowClipAsMeasured) {
  Clip c = running(60, all_of(0, 60));
  for (std::size_t i = 0; i < c.track.keypoints.size(); ++i)
    c.track.keypoints[i][0].x += i % 2 == 0 ? 3 : -3;  // 15 Hz jitter on the nose
  const TrackSeries s = clean_track_series(c.track, c.frames, c.times_s, {});
  double jitter_in = 0, jitter_out = 0;
  for (std::size_t i = 1; i < s.raw.size(); ++i) {
    jitter_in += std::abs(s.raw[i][0].x - s.raw[i - 1][0].x);
    jitter_out += std::abs(s.smoothed[i][0].x - s.smoothed[i - 1][0].x);
  }
  EXPECT_LT(jitter_out, jitter_in / 5);
  // At 10 fps a 6 Hz cutoff is above Nyquist: the series stays as measured.
  Clip slow = running(20, all_of(0, 20));
  for (double& t : slow.times_s)
    t *= 3;
  const TrackSeries kept = clean_track_series(slow.track, slow.frames, slow.times_s, {});
  for (std::size_t i = 0; i < kept.raw.size(); ++i)
    EXPECT_EQ(kept.smoothed[i][5].x, kept.raw[i][5].x);
}

TEST(TrackSeries, LegSwapInOneFrameIsRepairedInRawAndCounted) {
  Clip c = running(30, all_of(0, 30));
  const PoseFrame swapped = swap_left_right(c.poses[12], SwapGroup::Legs);
  c.track.keypoints[12] = keypoints_of(swapped);
  const TrackSeries s = clean_track_series(c.track, c.frames, c.times_s, {});
  EXPECT_EQ(s.swaps_repaired, 1);
  const std::vector<Keypoint> want = keypoints_of(c.poses[12]);
  for (std::size_t k = 0; k < want.size(); ++k) {
    EXPECT_EQ(s.raw[12][k].x, want[k].x) << k;
    EXPECT_EQ(s.raw[12][k].y, want[k].y) << k;
  }
}

TEST(TrackSeries, KinematicsGiveCocoAnglesFacingCadenceAndScale) {
  const Clip c = running(150, all_of(0, 150));
  TrackSeriesOptions o;
  o.filter = SmoothFilter::None;
  TrackSeries s = clean_track_series(c.track, c.frames, c.times_s, o);
  add_track_kinematics(s, o);
  ASSERT_TRUE(s.facing.has_value());
  EXPECT_EQ(*s.facing, Facing::Right);
  std::vector<std::string> names;
  for (const AngleSeries& a : s.angles) {
    names.push_back(a.name);
    EXPECT_EQ(a.deg.size(), s.times_s.size()) << a.name;
    EXPECT_EQ(a.deg_per_s.size(), s.times_s.size()) << a.name;
  }
  // COCO-17 has no foot: no ankle angle, no foot segment.
  EXPECT_EQ(names, (std::vector<std::string>{
                       "left_knee_flexion", "left_hip_flexion", "left_shoulder_flexion",
                       "left_elbow_flexion", "right_knee_flexion", "right_hip_flexion",
                       "right_shoulder_flexion", "right_elbow_flexion", "trunk", "left_thigh",
                       "left_shank", "left_upper_arm", "left_forearm", "right_thigh", "right_shank",
                       "right_upper_arm", "right_forearm"}));
  // Knee flexion 50 + 40 cos(phi): the range is 80 degrees.
  EXPECT_NEAR(s.angles[0].range.range_deg, 80, 0.5);
  ASSERT_TRUE(s.cadence.has_value());
  EXPECT_NEAR(s.cadence->cycles_per_minute, 60 * kStrideHz, 1.5);
  EXPECT_EQ(s.metres_per_pixel, 0);  // no height given

  o.height_m = 1.8;
  add_track_kinematics(s, o);  // again: replaces, never appends
  EXPECT_EQ(s.angles.size(), names.size());
  // Shank 100 + thigh 100 + trunk 130 px is 0.779 of the height.
  EXPECT_NEAR(s.metres_per_pixel, 1.8 * 0.779 / 330, 1e-3 * 1.8 / 330);
}

TEST(TrackSeries, BadTracksAndOptionsAreOneLineErrors) {
  const Clip c = running(10, {2, 3, 6});
  const auto clean = [&](const TrackObservations& t, const TrackSeriesOptions& o) {
    return [&c, t, o] { clean_track_series(t, c.frames, c.times_s, o); };
  };
  const auto invalid = [](const std::string& part) {
    return testkit::ThrowsError(ErrorKind::InvalidInput,
                                testkit::OneLine(::testing::HasSubstr(part)));
  };
  EXPECT_THAT(clean({}, {}), invalid("no observed frame"));
  TrackObservations few = c.track;
  few.keypoints[1].resize(5);
  EXPECT_THAT(clean(few, {}), invalid("frame 3 has 5 keypoints, expected 17"));
  TrackObservations outside = c.track;
  outside.frames[2] = 12;
  EXPECT_THAT(clean(outside, {}), invalid("observed frame 12 is not a clip frame"));
  TrackObservations sizes = c.track;
  sizes.world.pop_back();
  EXPECT_THAT(clean(sizes, {}), invalid("3 frames but 3 keypoint sets and 2 world sets"));
  EXPECT_THAT(
      clean(c.track, {.height_m = 3}),
      testkit::ThrowsError(ErrorKind::InvalidInput, "--height-m = 3: must be within 0.5..2.5 m"));
  EXPECT_THAT(clean(c.track, {.max_gap_frames = -1}), invalid("--max-gap = -1: must be >= 0"));
}

}  // namespace
}  // namespace podium::vision
