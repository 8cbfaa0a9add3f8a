// DTW on hand-computed cases (1-D and 2-D, a missing dimension, the Sakoe-Chiba band), its
// invariance to a time shift and stretch that the lock-step (Euclidean) distance lacks, gap
// filling, and the k-NN: the right class for a shifted movement where lock-step fails,
// deterministic ties, bad options.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "evaluation_synthetic.hpp"
#include "podium/action/knn_dtw.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr long kNoBand = -1;

TEST(Dtw, OneDimensionHandComputed) {
  // b is a delayed by one frame: DTW repeats a's first frame and b's last, cost 0; lock-step
  // (band 0) pays |0-0| + |0-1| + |1-2| + |2-3| + |3-3| = 3.
  const std::vector<float> a = {0, 0, 1, 2, 3}, b = {0, 1, 2, 3, 3};
  EXPECT_DOUBLE_EQ(dtw_distance(a, b, 1, kNoBand), 0.0);
  EXPECT_DOUBLE_EQ(dtw_distance(a, b, 1, 0), 3.0);
  // [1 2 3] vs [2 2 4]: costs |a_i - b_j| = [[1 1 3] [0 0 2] [1 1 1]]; the best path
  // (0,0) (1,1) (2,2) or (0,0) (1,0) (1,1) ... sums to 2.
  const std::vector<float> c = {1, 2, 3}, d = {2, 2, 4};
  EXPECT_DOUBLE_EQ(dtw_distance(c, d, 1, kNoBand), 2.0);
}

TEST(Dtw, FramesAreComparedAsVectors) {
  // (0,0) -> (3,4): Euclidean 5 per frame; a repeated frame costs nothing.
  const std::vector<float> a = {0, 0, 3, 4}, b = {0, 0, 0, 0, 3, 4}, far = {3, 4};
  EXPECT_DOUBLE_EQ(dtw_distance(a, b, 2, kNoBand), 0.0);
  EXPECT_DOUBLE_EQ(dtw_distance(std::vector<float>{0, 0}, far, 2, kNoBand), 5.0);
  // (0,0) vs (3,4) and (0,0) vs (3,4): 5 each on the lock-step diagonal, 10 in all.
  EXPECT_DOUBLE_EQ(
      dtw_distance(std::vector<float>{0, 0, 0, 0}, std::vector<float>{3, 4, 3, 4}, 2, kNoBand),
      10.0);
}

TEST(Dtw, AMissingDimensionIsLeftOutAndTheRestScaledUp) {
  // Only y is shared: |1 - 4| = 3, scaled by sqrt(2 / 1).
  const std::vector<float> a = {kNaN, 1}, b = {5, 4};
  EXPECT_NEAR(dtw_distance(a, b, 2, kNoBand), 3 * std::sqrt(2.0), 1e-12);
  const std::vector<float> none = {kNaN, kNaN};
  EXPECT_TRUE(std::isinf(dtw_distance(none, b, 2, kNoBand)));
}

TEST(Dtw, TheBandLimitsHowFarFramesMayShift) {
  // A bump at frame 2 of a and frame 6 of b: aligned only when a band of 4 frames allows it.
  std::vector<float> a(10, 0), b(10, 0);
  a[2] = 1;
  b[6] = 1;
  EXPECT_DOUBLE_EQ(dtw_distance(a, b, 1, 0), 2.0);
  EXPECT_DOUBLE_EQ(dtw_distance(a, b, 1, 3), 2.0);
  EXPECT_DOUBLE_EQ(dtw_distance(a, b, 1, 4), 0.0);
  EXPECT_DOUBLE_EQ(dtw_distance(a, b, 1, kNoBand), 0.0);
}

TEST(Dtw, UnequalLengthsAlwaysHaveAPath) {
  const std::vector<float> short_one = {0, 1, 0};
  std::vector<float> long_one(30);
  for (std::size_t i = 0; i < long_one.size(); ++i)
    long_one[i] = static_cast<float>(std::sin(static_cast<double>(i) / 5));
  for (const long band : {0L, 1L, 5L, kNoBand}) {
    EXPECT_TRUE(std::isfinite(dtw_distance(short_one, long_one, 1, band))) << band;
    EXPECT_TRUE(std::isfinite(dtw_distance(long_one, short_one, 1, band))) << band;
  }
  // A stretched copy (every frame twice) is 0 away from the original, at any band.
  std::vector<float> stretched;
  for (const float v : long_one)
    stretched.insert(stretched.end(), {v, v});
  EXPECT_NEAR(dtw_distance(long_one, stretched, 1, 2), 0.0, 1e-12);
}

// Against the unconstrained recurrence on seeded random trajectories of awkward lengths: a band
// as wide as the longer sequence changes nothing, and narrowing a band never shortens the path.
TEST(Dtw, BandsAgreeWithTheUnconstrainedRecurrence) {
  std::mt19937_64 rng(17);
  std::normal_distribution<float> value(0, 1);
  for (const auto& [n, m] : {std::pair{1, 13}, {13, 1}, {2, 3}, {13, 13}, {7, 31}, {31, 9}}) {
    std::vector<float> a(static_cast<std::size_t>(n) * 2), b(static_cast<std::size_t>(m) * 2);
    for (float& v : a)
      v = value(rng);
    for (float& v : b)
      v = value(rng);
    const double free = dtw_distance(a, b, 2, kNoBand);
    EXPECT_DOUBLE_EQ(dtw_distance(a, b, 2, std::max(n, m)), free) << n << " x " << m;
    double wider = free;
    for (long band = std::max(n, m); band >= 0; --band) {
      const double d = dtw_distance(a, b, 2, band);
      EXPECT_TRUE(std::isfinite(d)) << n << " x " << m << " band " << band;
      EXPECT_GE(d, wider - 1e-9) << n << " x " << m << " band " << band;
      wider = d;
    }
  }
}

TEST(Dtw, BadTrajectoriesAreErrors) {
  const std::vector<float> three = {1, 2, 3}, two = {1, 2};
  EXPECT_THROW(dtw_distance(three, two, 2, kNoBand), Error);
  EXPECT_THROW(dtw_distance({}, two, 1, kNoBand), Error);
  EXPECT_THROW(dtw_distance(two, two, 0, kNoBand), Error);
}

TEST(DtwTrajectory, GapsAreInterpolatedAndANeverSeenKeypointStaysMissing) {
  PoseSequence s = testing::raise_clip(5, 0, 4);
  const std::size_t wrist = testing::kRightWrist, nose = 0;
  s.x[s.at(2, wrist)] = s.y[s.at(2, wrist)] = kNaN;
  for (std::size_t f = 0; f < s.frames; ++f)
    s.x[s.at(f, nose)] = s.y[s.at(f, nose)] = kNaN;
  const std::vector<float> t = dtw_trajectory(s, {});
  const std::size_t dims = 2 * s.keypoints();
  const float y1 = t[1 * dims + 2 * wrist + 1], y2 = t[2 * dims + 2 * wrist + 1],
              y3 = t[3 * dims + 2 * wrist + 1];
  EXPECT_NEAR(y2, (y1 + y3) / 2, 1e-6);
  EXPECT_TRUE(std::isnan(t[2 * nose]));
  EXPECT_TRUE(std::isnan(t[4 * dims + 2 * nose + 1]));
}

TEST(KnnDtw, AShiftedAndStretchedMovementFindsItsClassWhereLockStepDoesNot) {
  // Training: a raise early in the clip, and standing still. The query raises late and slowly:
  // lock-step compares the early raise with the query's rest and its late raise with stillness,
  // so stillness is nearer; DTW aligns the two raises.
  const std::vector<PoseSequence> train = {testing::raise_clip(40, 2, 8),
                                           testing::standing_clip(40, "still")};
  const PoseSequence query = testing::raise_clip(40, 24, 14);
  const KnnDtw dtw = KnnDtw::train(train, {.k = 1, .band_fraction = -1});
  const KnnDtw lock_step = KnnDtw::train(train, {.k = 1, .band_fraction = 0});
  ASSERT_EQ(dtw.classes(), (std::vector<std::string>{"raise", "still"}));
  EXPECT_EQ(dtw.neighbours(query)[0].index, 0U);
  EXPECT_EQ(lock_step.neighbours(query)[0].index, 1U);
  EXPECT_EQ(dtw.probabilities(query), (std::vector<double>{1.0, 0.0}));
}

TEST(KnnDtw, TiesGoToTheLowerTrainingIndex) {
  PoseSequence still = testing::standing_clip(20, "still");
  PoseSequence copy = still;
  copy.label = "other";
  const KnnDtw knn = KnnDtw::train(std::vector<PoseSequence>{copy, still}, {.k = 2});
  const std::vector<KnnDtw::Neighbour> n = knn.neighbours(still);
  ASSERT_EQ(n.size(), 2U);
  EXPECT_EQ(n[0].index, 0U);
  EXPECT_EQ(n[1].index, 1U);
  EXPECT_EQ(n[0].distance, n[1].distance);
  EXPECT_EQ(knn.probabilities(still), (std::vector<double>{0.5, 0.5}));
}

TEST(KnnDtw, InverseDistanceWeightsTheNearerNeighbourMore) {
  const std::vector<PoseSequence> train = {testing::raise_clip(30, 5, 10),
                                           testing::standing_clip(30, "still")};
  const KnnDtw knn = KnnDtw::train(
      train, {.k = 2, .band_fraction = -1, .weighting = KnnWeighting::InverseDistance});
  const std::vector<double> p = knn.probabilities(testing::raise_clip(30, 12, 10));
  EXPECT_GT(p[0], 0.9);
  EXPECT_NEAR(p[0] + p[1], 1.0, 1e-12);
}

TEST(KnnDtw, BadOptionsAndInputsAreErrors) {
  const std::vector<PoseSequence> train = {testing::raise_clip(20, 2, 8),
                                           testing::standing_clip(20, "still")};
  EXPECT_THROW(KnnDtw::train(train, {.k = 0}), Error);
  EXPECT_THROW(KnnDtw::train(train, {.k = 3}), Error);  // two training sequences
  EXPECT_THROW(KnnDtw::train(train, {.band_fraction = 1.5}), Error);
  std::vector<PoseSequence> unlabelled = train;
  unlabelled[1].label.clear();
  EXPECT_THROW(KnnDtw::train(unlabelled, {}), Error);
  const KnnDtw knn = KnnDtw::train(train, {});
  PoseSequence other = testing::standing_clip(20, "still");
  other.layout = vision::Layout::BlazePose33;
  other.x.resize(20 * 33, 0);
  other.y.resize(20 * 33, 0);
  other.score.resize(20 * 33, 0);
  EXPECT_THROW(knn.probabilities(other), Error);
}

}  // namespace
}  // namespace podium::action
