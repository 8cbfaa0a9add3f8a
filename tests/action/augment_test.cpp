// Augmentation: each transform's exact effect on a hand-made COCO-17 sequence, skeletons staying
// valid, mirror swapping sides (and twice being the identity), NaN staying NaN, determinism.
#include "podium/action/augment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>

#include "testkit/throws_error.hpp"

namespace podium::action {
namespace {

using ::testing::HasSubstr;
using testkit::ThrowsError;

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
constexpr std::size_t kLeftWrist = 9, kRightWrist = 10, kLeftElbow = 7, kLeftShoulder = 5;

// Keypoint k of frame f at (2k + f, 3k - f): integers, every keypoint distinct, a seen box of
// x 0..32 + f and y -f..48, so the sequence centre is a half-integer and mirroring is exact.
PoseSequence hand_made(std::size_t frames = 4) {
  PoseSequence s;
  s.id = "clip";
  s.label = "squat";
  s.frames = frames;
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t k = 0; k < 17; ++k) {
      s.x.push_back(static_cast<float>(2 * k + f));
      s.y.push_back(static_cast<float>(3 * k) - static_cast<float>(f));
      s.score.push_back(0.5F + static_cast<float>(k) / 100);
    }
  }
  if (frames > 2) s.segments = {{0, 2, "down"}, {2, static_cast<std::int64_t>(frames), "up"}};
  return s;
}

bool same_bytes(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool same_bytes(const PoseSequence& a, const PoseSequence& b) {
  return a.frames == b.frames && same_bytes(a.x, b.x) && same_bytes(a.y, b.y) &&
         same_bytes(a.score, b.score) && a.segments.size() == b.segments.size();
}

double length(const PoseSequence& s, std::size_t f, std::size_t a, std::size_t b) {
  return std::hypot(s.x[s.at(f, a)] - s.x[s.at(f, b)], s.y[s.at(f, a)] - s.y[s.at(f, b)]);
}

TEST(Mirror, SwapsSidesAndFlipsAboutTheSequenceCentre) {
  const PoseSequence s = hand_made();
  const PoseSequence m = mirror(s);
  validate(m);
  // x spans 0..35 over all frames: the centre is 17.5, so x becomes 35 - x.
  for (std::size_t f = 0; f < s.frames; ++f) {
    EXPECT_EQ(m.x[s.at(f, kLeftWrist)], 35 - s.x[s.at(f, kRightWrist)]);
    EXPECT_EQ(m.y[s.at(f, kLeftWrist)], s.y[s.at(f, kRightWrist)]);
    EXPECT_EQ(m.score[s.at(f, kLeftWrist)], s.score[s.at(f, kRightWrist)]);
    EXPECT_EQ(m.x[s.at(f, kRightWrist)], 35 - s.x[s.at(f, kLeftWrist)]);
    EXPECT_EQ(m.x[s.at(f, 0)], 35 - s.x[s.at(f, 0)]);  // the nose has no side
  }
  EXPECT_EQ(m.label, "squat");
  EXPECT_TRUE(same_bytes(mirror(m), s));
}

TEST(Mirror, AboutTheOriginAndOnBlazePoseNames) {
  PoseSequence s;
  s.id = "blaze";
  s.layout = vision::Layout::BlazePose33;
  s.frames = 1;
  for (std::size_t k = 0; k < 33; ++k) {
    s.x.push_back(static_cast<float>(k) + 1);
    s.y.push_back(0);
    s.score.push_back(kNaNf);
  }
  const PoseSequence m = mirror(s, Pivot::Origin);
  EXPECT_EQ(m.x[9], -11.0F);   // mouth_left shows mouth_right (index 10) mirrored about x = 0
  EXPECT_EQ(m.x[31], -33.0F);  // left_foot_index <- right_foot_index (32)
  EXPECT_EQ(m.x[0], -1.0F);
  EXPECT_TRUE(std::isnan(m.score[0]));
  EXPECT_TRUE(same_bytes(mirror(m, Pivot::Origin), s));
}

TEST(Geometry, RotateScaleAndShearAboutThePivot) {
  PoseSequence s = hand_made(1);  // x 0..32, y 0..48: centre (16, 24)
  const PoseSequence r = rotate(s, 90);
  // Anticlockwise on screen with y down: right of the centre goes up.
  EXPECT_NEAR(r.x[s.at(0, 16)], 16 + 24, 1e-4);  // (32, 48) -> (16 + 24, 24 - 16)
  EXPECT_NEAR(r.y[s.at(0, 16)], 24 - 16, 1e-4);
  const PoseSequence o = rotate(s, 90, Pivot::Origin);
  EXPECT_NEAR(o.x[s.at(0, 1)], 3, 1e-5);  // (2, 3) -> (3, -2)
  EXPECT_NEAR(o.y[s.at(0, 1)], -2, 1e-5);

  const PoseSequence z = scale(s, 1.5);
  EXPECT_EQ(z.x[s.at(0, 0)], 16 - 1.5F * 16);
  EXPECT_EQ(z.y[s.at(0, 0)], 24 - 1.5F * 24);
  const PoseSequence h = shear(s, 0.5, -0.25, Pivot::Origin);
  EXPECT_EQ(h.x[s.at(0, 2)], 4 + 0.5F * 6);  // (4, 6)
  EXPECT_EQ(h.y[s.at(0, 2)], 6 - 0.25F * 4);
}

TEST(Geometry, BoneLengthsScaleTogether) {
  PoseSequence s = hand_made(3);
  s.x[s.at(1, 3)] = s.y[s.at(1, 3)] = kNaNf;  // an unseen ear stays unseen
  const PoseSequence z = scale(rotate(s, 33), 0.8);
  validate(z);
  EXPECT_TRUE(std::isnan(z.x[s.at(1, 3)]) && std::isnan(z.y[s.at(1, 3)]));
  for (const auto& [a, b] : vision::layout_info(s.layout).bones) {
    for (std::size_t f = 0; f < s.frames; ++f) {
      const double before = length(s, f, a, b);
      if (std::isnan(before)) continue;
      EXPECT_NEAR(length(z, f, a, b), 0.8 * before, 1e-4 * before + 1e-5);
    }
  }
}

TEST(TimeWarp, ResamplesWithTheStatedWarpAndKeepsNaN) {
  PoseSequence s = hand_made(5);  // x of keypoint 0 is the frame index
  s.x[s.at(3, 1)] = s.y[s.at(3, 1)] = kNaNf;
  const PoseSequence w = time_warp(s, 0.5);
  validate(w);
  ASSERT_EQ(w.frames, 5U);
  // Frame 2 shows source frame 4 * (0.5 + 0.5 / pi).
  const double at = 4 * (0.5 + 0.5 / std::numbers::pi);
  EXPECT_NEAR(w.x[w.at(2, 0)], at, 1e-5);
  EXPECT_NEAR(w.y[w.at(2, 0)], -at, 1e-5);
  EXPECT_EQ(w.x[w.at(0, 0)], 0);
  EXPECT_EQ(w.x[w.at(4, 0)], 4);
  for (std::size_t f = 1; f < 5; ++f)
    EXPECT_GT(w.x[w.at(f, 0)], w.x[w.at(f - 1, 0)]);
  // Frames that interpolate with source frame 3 lose keypoint 1; the last copies frame 4.
  EXPECT_TRUE(std::isnan(w.x[w.at(2, 1)]));  // between 2 and 3
  EXPECT_TRUE(std::isnan(w.x[w.at(3, 1)]));  // between 3 and 4
  EXPECT_FALSE(std::isnan(w.x[w.at(4, 1)]));
  // The "up" segment starts at source frame 2: output frame 1 shows 1.45, frame 2 shows 2.64.
  ASSERT_EQ(w.segments.size(), 2U);
  EXPECT_EQ(w.segments[0].end, 2);
  EXPECT_EQ(w.segments[1].start, 2);
  EXPECT_EQ(w.segments[1].end, 5);
  EXPECT_TRUE(same_bytes(time_warp(s, 0), s));
  EXPECT_THAT([&] { time_warp(s, 1); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("time_warp: strength = 1")));
}

TEST(Crop, KeepsTheFramesAndClipsSegments) {
  const PoseSequence s = hand_made(5);
  const PoseSequence c = crop(s, 1, 3);
  validate(c);
  ASSERT_EQ(c.frames, 3U);
  EXPECT_EQ(c.x[c.at(0, 0)], 1);
  EXPECT_EQ(c.x[c.at(2, 0)], 3);
  ASSERT_EQ(c.segments.size(), 2U);
  EXPECT_EQ(c.segments[0].start, 0);
  EXPECT_EQ(c.segments[0].end, 1);
  EXPECT_EQ(c.segments[1].start, 1);
  EXPECT_EQ(c.segments[1].end, 3);
  EXPECT_EQ(crop(s, 2, 3).segments.size(), 1U);  // "down" [0, 2) is cropped away
  EXPECT_THAT([&] { crop(s, 3, 3); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("crop: first = 3")));
  EXPECT_THAT([&] { crop(s, 0, 0); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("crop: count = 0")));
}

TEST(Noise, JitterAndDropoutTouchOnlySeenKeypoints) {
  PoseSequence s = hand_made(50);
  s.x[s.at(7, 2)] = s.y[s.at(7, 2)] = kNaNf;
  Rng rng(7);
  EXPECT_TRUE(same_bytes(jitter(s, 0, rng), s));
  const PoseSequence j = jitter(s, 2, rng);
  validate(j);
  EXPECT_TRUE(std::isnan(j.x[j.at(7, 2)]));
  double sum = 0, squares = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    if (std::isnan(s.x[i])) continue;
    const double d = j.x[i] - s.x[i];
    sum += d;
    squares += d * d;
    ++n;
  }
  EXPECT_NEAR(sum / static_cast<double>(n), 0, 0.15);
  EXPECT_NEAR(std::sqrt(squares / static_cast<double>(n)), 2, 0.15);

  const PoseSequence all = dropout(s, 1, rng);
  validate(all);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    EXPECT_TRUE(std::isnan(all.x[i]));
    EXPECT_EQ(all.score[i], std::isnan(s.x[i]) ? s.score[i] : 0.0F);
  }
  EXPECT_TRUE(same_bytes(dropout(s, 0, rng), s));
  const PoseSequence some = dropout(s, 0.25, rng);
  std::size_t dropped = 0;
  for (float v : some.x)
    dropped += std::isnan(v) ? 1 : 0;
  EXPECT_NEAR(static_cast<double>(dropped) / static_cast<double>(s.x.size()), 0.25, 0.05);
}

TEST(Augment, DeterministicFromTheSeedAndAlwaysValid) {
  PoseSequence s = hand_made(30);
  s.x[s.at(4, 6)] = s.y[s.at(4, 6)] = kNaNf;
  AugmentOptions o;
  const PoseSequence a = augment(s, o, 11);
  EXPECT_TRUE(same_bytes(a, augment(s, o, 11)));
  std::size_t differing = 0;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const PoseSequence b = augment(s, o, seed);
    validate(b);
    EXPECT_EQ(b.label, "squat");
    EXPECT_GE(b.frames, 24U);  // min_crop_fraction 0.8 of 30
    differing += same_bytes(a, b) ? 0 : 1;
  }
  EXPECT_EQ(differing, 49U);  // only seed 11 itself gives a
}

TEST(Augment, AProbabilityDoesNotShiftTheOtherDraws) {
  const PoseSequence s = hand_made(10);
  AugmentOptions only_scale;
  only_scale.mirror_probability = only_scale.rotate_probability = 0;
  only_scale.shear_probability = only_scale.time_warp_probability = 0;
  only_scale.crop_probability = only_scale.jitter_probability = 0;
  only_scale.dropout_probability = 0;
  only_scale.scale_probability = 1;
  AugmentOptions with_mirror = only_scale;
  with_mirror.mirror_probability = 1;
  // The same scale factor is drawn either way: mirroring the scaled copy gives the other (up to
  // the rounding of the scaled box's centre).
  const PoseSequence a = mirror(augment(s, only_scale, 3));
  const PoseSequence b = augment(s, with_mirror, 3);
  ASSERT_EQ(a.x.size(), b.x.size());
  for (std::size_t i = 0; i < a.x.size(); ++i) {
    EXPECT_NEAR(a.x[i], b.x[i], 1e-4);
    EXPECT_NEAR(a.y[i], b.y[i], 1e-4);
  }
  EXPECT_NE(augment(s, only_scale, 3).x, s.x);
}

TEST(Augment, RejectsBadOptionsAndSequences) {
  AugmentOptions o;
  o.mirror_probability = 1.5;
  EXPECT_THAT([&] { augment(hand_made(), o, 1); },
              ThrowsError(ErrorKind::InvalidInput,
                          "augment options: mirror_probability = 1.5: must be a probability in "
                          "[0, 1]"));
  o = {};
  o.max_scale = 0.5;
  EXPECT_THAT([&] { validate(o); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("max_scale = 0.5")));
  PoseSequence broken = hand_made();
  broken.x.pop_back();
  EXPECT_THAT([&] { mirror(broken); }, ThrowsError(ErrorKind::InvalidInput, HasSubstr("clip")));
  EXPECT_THAT([&] { scale(hand_made(), 0); },
              ThrowsError(ErrorKind::InvalidInput, "scale: factor = 0: must be finite and > 0"));
  PoseSequence huge = hand_made(1);
  huge.x[0] = 3e38F;
  EXPECT_THAT([&] { scale(huge, 10, Pivot::Origin); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("clip")));
}

}  // namespace
}  // namespace podium::action
