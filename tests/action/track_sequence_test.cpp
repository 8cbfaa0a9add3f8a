// A tracked athlete of `video analyze` as a pose sequence (action/track_sequence.hpp): the
// keypoints as detected, low scores and hidden frames not seen, the frame times' rate as fps;
// counted like any sequence. The tracks are synthetic squats the test makes.
#include "podium/action/track_sequence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "action/synthetic_squats.hpp"
#include "podium/action/count.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

// The squats as vision::analyze_video reports one track: from clip frame `first`, at 30 fps.
vision::TrackSeries squat_track(const PoseSequence& s, std::int64_t first) {
  vision::TrackSeries t;
  t.id = 4;
  t.layout = s.layout;
  for (std::size_t f = 0; f < s.frames; ++f) {
    t.frames.push_back(first + static_cast<std::int64_t>(f));
    t.times_s.push_back(static_cast<double>(first + static_cast<std::int64_t>(f)) / 30);
    t.observed.push_back(true);
    std::vector<vision::Keypoint> k(s.keypoints());
    for (std::size_t j = 0; j < k.size(); ++j)
      k[j] = {.x = s.x[s.at(f, j)], .y = s.y[s.at(f, j)], .score = 0.9};
    t.raw.push_back(k);
  }
  t.smoothed = t.raw;
  return t;
}

std::string track_error(const vision::TrackSeries& t, double min_score = 0.3) {
  try {
    track_sequence(t, "clip", min_score);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    return e.what();
  }
  return "(no error)";
}

TEST(TrackSequence, KeepsTheDetectedKeypointsTimesAndTrack) {
  const PoseSequence squats = testing::squats(testing::steady_phase(300, 30), {.pixels = 2});
  vision::TrackSeries t = squat_track(squats, 120);
  t.raw[5][9].score = 0.1;  // a wrist the model barely saw
  t.observed[7] = false;    // the athlete hidden: the tracker leaves score 0 and NaN
  for (vision::Keypoint& k : t.raw[7])
    k = {.x = NAN, .y = NAN, .score = 0};
  const TrackSequence out = track_sequence(t, "clip", 0.3);
  EXPECT_EQ(out.track_id, 4);
  EXPECT_EQ(out.first_frame, 120);
  EXPECT_EQ(out.times_s, t.times_s);
  const PoseSequence& s = out.sequence;
  EXPECT_EQ(s.id, "clip#4");
  EXPECT_EQ(s.group, "clip");
  EXPECT_EQ(s.coordinates, Coordinates::Pixels);
  EXPECT_NEAR(s.fps, 30, 1e-9);
  ASSERT_EQ(s.frames, 300U);
  EXPECT_EQ(s.x[s.at(3, 9)], squats.x[squats.at(3, 9)]);
  EXPECT_FLOAT_EQ(s.score[s.at(3, 9)], 0.9F);
  EXPECT_TRUE(std::isnan(s.x[s.at(5, 9)]));
  EXPECT_FLOAT_EQ(s.score[s.at(5, 9)], 0.1F);  // the score stays, the position is not seen
  EXPECT_FALSE(std::isnan(s.x[s.at(5, 10)]));
  for (std::size_t j = 0; j < s.keypoints(); ++j)
    EXPECT_TRUE(std::isnan(s.y[s.at(7, j)])) << j;

  // Smoothed keypoints are not what is read: changing them changes nothing.
  for (auto& frame : t.smoothed)
    for (vision::Keypoint& k : frame)
      k.x += 50;
  const std::vector<float> again = track_sequence(t, "clip", 0.3).sequence.x;
  ASSERT_EQ(again.size(), s.x.size());
  EXPECT_EQ(std::memcmp(again.data(), s.x.data(), again.size() * sizeof(float)), 0);

  const RepCount c = count_repetitions(s);
  EXPECT_EQ(c.count, 10U);
  EXPECT_EQ(c.period_frames, 30);
}

TEST(TrackSequence, MinScoreZeroKeepsEveryObservedKeypoint) {
  vision::TrackSeries t = squat_track(testing::squats(testing::steady_phase(60, 30)), 0);
  t.raw[2][0].score = 0;
  EXPECT_FALSE(std::isnan(track_sequence(t, "clip", 0).sequence.x[0 * 17 + 0]));
  EXPECT_FALSE(std::isnan(track_sequence(t, "clip", 0).sequence.x[2 * 17 + 0]));
  EXPECT_TRUE(std::isnan(track_sequence(t, "clip", 0.01).sequence.x[2 * 17 + 0]));
}

TEST(TrackSequence, BrokenTracksAreOneLocatedError) {
  const vision::TrackSeries good = squat_track(testing::squats(testing::steady_phase(60, 30)), 0);
  EXPECT_EQ(track_error(vision::TrackSeries{.id = 2}), "clip: track 2: the track has no samples");
  vision::TrackSeries short_times = good;
  short_times.times_s.pop_back();
  EXPECT_EQ(track_error(short_times),
            "clip: track 4: frames, times_s, observed and raw keypoints differ in length");
  vision::TrackSeries ragged = good;
  ragged.raw[3].pop_back();
  EXPECT_EQ(track_error(ragged), "clip: track 4: sample 3 holds 16 keypoints, the layout 17");
  EXPECT_EQ(track_error(good, 1.5), "clip: min_keypoint_score = 1.5: must be within 0..1");
}

}  // namespace
}  // namespace podium::action
