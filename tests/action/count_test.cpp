#include "podium/action/count.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "action/synthetic_squats.hpp"
#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"

namespace podium::action {
namespace {

using testing::changing_phase;
using testing::paused_phase;
using testing::SquatNoise;
using testing::squats;
using testing::steady_phase;

std::string count_error(const PoseSequence& s, const CountOptions& o = {}) {
  try {
    count_repetitions(s, o);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    return e.what();
  }
  return "(no error)";
}

TEST(CountRepetitions, CleanSquats) {
  const RepCount c = count_repetitions(squats(steady_phase(300, 30)));
  EXPECT_EQ(c.count, 10U);
  EXPECT_EQ(c.period_frames, 30);
  EXPECT_GT(c.periodicity, 0.9);
  ASSERT_EQ(c.reps.size(), 10U);
  for (std::size_t i = 0; i < c.reps.size(); ++i) {
    const Rep& r = c.reps[i];
    // Each rep is one cycle out of standing and back: about 30 frames, within the cycle.
    EXPECT_GE(r.start_frame, static_cast<std::int64_t>(30 * i) - 1) << i;
    EXPECT_LE(r.end_frame, static_cast<std::int64_t>(30 * (i + 1)) + 2) << i;
    EXPECT_NEAR(r.duration_s, (r.end_frame - r.start_frame) / 30.0, 1e-12);
    EXPECT_NEAR(r.start_s, r.start_frame / 30.0, 1e-12);
    EXPECT_GT(r.duration_s, 0.6) << i;
    // The most-moving keypoint of a squat seen from the hips is an ankle (it rises 80 px = 0.73
    // torso lengths towards them); both sides move alike.
    EXPECT_NEAR(r.range_of_motion, 80.0 / 110.0, 0.02) << i;
    EXPECT_NEAR(r.symmetry, 1.0, 1e-6) << i;
  }
  EXPECT_TRUE(c.moving_keypoint == "left_ankle" || c.moving_keypoint == "right_ankle")
      << c.moving_keypoint;
}

TEST(CountRepetitions, NoisySquats) {
  const RepCount c = count_repetitions(squats(steady_phase(360, 30), {.pixels = 4, .seed = 3}));
  EXPECT_EQ(c.count, 12U);
}

TEST(CountRepetitions, PausesBetweenRepsAreNotReps) {
  const RepCount c = count_repetitions(squats(paused_phase(8, 25, 40), {.pixels = 1, .seed = 5}));
  EXPECT_EQ(c.count, 8U);
  // A rep ends where the athlete is back up, not in the 40-frame pause: its 25-frame cycle
  // widened by the smoothing over a quarter period (6 frames) and the detrending at the ends.
  for (const Rep& r : c.reps)
    EXPECT_LE(r.end_frame - r.start_frame, 25 + 6 + 5) << r.start_frame;
}

TEST(CountRepetitions, SlowDriftIsRemoved) {
  const RepCount c = count_repetitions(
      squats(steady_phase(300, 30), {.pixels = 1, .lean_pixels = 120, .seed = 9}));
  EXPECT_EQ(c.count, 10U);
}

TEST(CountRepetitions, AcceleratingTempo) {
  const RepCount c = count_repetitions(squats(changing_phase(12, 45, 15), {.pixels = 1}));
  EXPECT_EQ(c.count, 12U);
  ASSERT_EQ(c.reps.size(), 12U);
  EXPECT_GT(c.reps.front().duration_s, 2 * c.reps.back().duration_s);
}

// The tempo slows from 15 to 30 frames per repetition while the athlete rests 30 frames after
// every fourth, with noise and a lean: everything at once. (A known limit, docs/actions.md: with
// a tempo that changes more, 12 to 40 frames, and shorter rests, the period search takes a group
// of four repetitions and its rest for the period, and the count collapses.)
TEST(CountRepetitions, DeceleratingTempoWithPausesNoiseAndDrift) {
  std::vector<double> phase;
  double previous = 0;
  for (const double p : changing_phase(12, 15, 30)) {
    const double whole = std::floor(p);
    if (whole > std::floor(previous) && whole < 12 && static_cast<int>(whole) % 4 == 0)
      phase.insert(phase.end(), 30, whole);  // standing, between two repetitions
    phase.push_back(p);
    previous = p;
  }
  ASSERT_GT(phase.size(), 60U + 12 * 15);  // the two rests are in
  const RepCount c = count_repetitions(squats(phase, {.pixels = 3, .lean_pixels = 80, .seed = 23}));
  EXPECT_EQ(c.count, 12U);
  ASSERT_EQ(c.reps.size(), 12U);
  EXPECT_LT(c.reps.front().duration_s, c.reps.back().duration_s);
}

TEST(CountRepetitions, VeryFastReps) {
  for (const double period : {4.0, 5.0}) {
    const RepCount c =
        count_repetitions(squats(steady_phase(static_cast<std::size_t>(30 * period), period)));
    EXPECT_EQ(c.count, 30U) << period;
    EXPECT_EQ(c.period_frames, period);
  }
}

TEST(CountRepetitions, MissingKeypointsAndFrames) {
  const SquatNoise holes{
      .pixels = 1, .drop_keypoints = 0.2, .drop_every = 37, .drop_frames = 4, .seed = 11};
  const RepCount c = count_repetitions(squats(steady_phase(300, 30), holes));
  EXPECT_EQ(c.count, 10U);
}

TEST(CountRepetitions, StandingStillHasNoReps) {
  std::vector<double> still(300, 0.0);
  const RepCount c = count_repetitions(squats(still, {.pixels = 2, .seed = 13}));
  EXPECT_EQ(c.count, 0U);
  EXPECT_TRUE(c.reps.empty());
  EXPECT_LT(c.periodicity, 0.25);
  const RepCount frozen = count_repetitions(squats(still));  // no motion at all: no period either
  EXPECT_EQ(frozen.count, 0U);
  EXPECT_EQ(frozen.period_frames, 0);
}

TEST(CountRepetitions, IsDeterministic) {
  const auto s = squats(steady_phase(300, 30), {.pixels = 4, .seed = 21});
  const RepCount a = count_repetitions(s), b = count_repetitions(s);
  ASSERT_EQ(a.count, b.count);
  for (std::size_t i = 0; i < a.reps.size(); ++i) {
    EXPECT_EQ(a.reps[i].start_frame, b.reps[i].start_frame);
    EXPECT_EQ(a.reps[i].range_of_motion, b.reps[i].range_of_motion);
  }
}

TEST(CountRepetitions, OneArmRaisesAreAsymmetric) {
  PoseSequence s = squats(std::vector<double>(240, 0.0));
  for (std::size_t f = 0; f < s.frames; ++f) {
    const double up = (1 - std::cos(2 * std::numbers::pi * static_cast<double>(f) / 40)) / 2;
    s.y[s.at(f, 9)] -= static_cast<float>(150 * up);  // left wrist only
  }
  const RepCount c = count_repetitions(s);
  EXPECT_EQ(c.count, 6U);
  EXPECT_EQ(c.moving_keypoint, "left_wrist");
  for (const Rep& r : c.reps)
    EXPECT_LT(r.symmetry, 0.05);
}

TEST(CountRepetitions, UnknownFpsGivesNoSeconds) {
  PoseSequence s = squats(steady_phase(120, 30));
  s.fps = 0;
  const RepCount c = count_repetitions(s);
  ASSERT_EQ(c.count, 4U);
  EXPECT_TRUE(std::isnan(c.reps[0].start_s));
  EXPECT_TRUE(std::isnan(c.reps[0].duration_s));
}

TEST(CountRepetitions, BadInputIsOneLocatedError) {
  EXPECT_EQ(count_error(squats(steady_phase(7, 30))),
            "synthetic-squats: frames = 7: counting needs at least two of the shortest periods, "
            "8 frames");
  PoseSequence unseen = squats(steady_phase(60, 30));
  unseen.x.assign(unseen.x.size(), std::numeric_limits<float>::quiet_NaN());
  unseen.y = unseen.x;
  EXPECT_EQ(count_error(unseen),
            "synthetic-squats: left_hip, right_hip: no frame sees a hip: nothing to centre on");
  EXPECT_EQ(count_error(squats(steady_phase(60, 30)), {.min_period_frames = 1}),
            "synthetic-squats: min_period_frames = 1: must be >= 2");
  EXPECT_EQ(count_error(squats(steady_phase(60, 30)), {.hysteresis = 1}),
            "synthetic-squats: hysteresis = 1: must be within (0, 1)");
  EXPECT_EQ(count_error(squats(std::vector<double>(limits::kCountFrames + 1, 0.0))),
            "synthetic-squats: frames = 36001: more than podium's limit of 36000 frames per "
            "counted sequence (docs/limits.md)");
  PoseSequence ragged = squats(steady_phase(60, 30));
  ragged.x.pop_back();
  EXPECT_NE(count_error(ragged).find("synthetic-squats: keypoints: "), std::string::npos);
}

}  // namespace
}  // namespace podium::action
