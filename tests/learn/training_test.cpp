#include "podium/learn/training.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace podium::learn {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

using Verdict = EarlyStopping::Verdict;

TEST(SplitHoldout, HoldsOutTheRoundedFractionAndCoversEveryIndexOnce) {
  std::mt19937_64 rng(42);
  const HoldoutSplit s = split_holdout(13, 0.2, rng);
  EXPECT_EQ(s.held_out.size(), 3U);  // round(2.6)
  EXPECT_EQ(s.kept.size(), 10U);
  EXPECT_TRUE(std::is_sorted(s.kept.begin(), s.kept.end()));
  EXPECT_TRUE(std::is_sorted(s.held_out.begin(), s.held_out.end()));
  std::vector<std::size_t> all = s.kept;
  all.insert(all.end(), s.held_out.begin(), s.held_out.end());
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> expected(13);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(all, expected);
}

TEST(SplitHoldout, ClampsToOneHeldAndOneKept) {
  std::mt19937_64 rng(1);
  EXPECT_EQ(split_holdout(2, 0.01, rng).held_out.size(), 1U);
  EXPECT_EQ(split_holdout(3, 0.9, rng).kept.size(), 1U);
  EXPECT_THAT([&] { split_holdout(1, 0.5, rng); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("at least 2")));
  EXPECT_THAT([&] { split_holdout(10, 0.0, rng); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("fraction")));
}

TEST(SplitHoldout, SameSeedSameSplitAndTheGeneratorAdvances) {
  std::mt19937_64 a(7), b(7);
  const HoldoutSplit sa = split_holdout(50, 0.2, a);
  const HoldoutSplit sb = split_holdout(50, 0.2, b);
  EXPECT_EQ(sa.held_out, sb.held_out);
  EXPECT_EQ(a(), b());  // both advanced by the same amount
  std::mt19937_64 c(8);
  EXPECT_NE(split_holdout(50, 0.2, c).held_out, sa.held_out);
}

TEST(EarlyStopping, KeepsTheFirstStrictBestAndStopsAfterPatience) {
  EarlyStopping stop(2);
  EXPECT_EQ(stop.best_epoch(), -1);
  EXPECT_EQ(stop.record(0, 0.5), Verdict::Best);
  EXPECT_EQ(stop.record(1, 0.7), Verdict::Best);
  EXPECT_EQ(stop.record(2, 0.7), Verdict::Continue);  // a tie is no gain
  EXPECT_EQ(stop.record(3, 0.6), Verdict::Stop);      // 2 epochs since epoch 1
  EXPECT_EQ(stop.best_epoch(), 1);
  EXPECT_EQ(stop.best_score(), 0.7);
  EXPECT_EQ(stop.curve(), (std::vector<double>{0.5, 0.7, 0.7, 0.6}));
}

TEST(EarlyStopping, PatienceZeroNeverStops) {
  EarlyStopping stop(0);
  EXPECT_EQ(stop.record(0, 1.0), Verdict::Best);
  for (int e = 1; e < 100; ++e)
    EXPECT_EQ(stop.record(e, 0.0), Verdict::Continue);
  EXPECT_EQ(stop.best_epoch(), 0);
}

}  // namespace
}  // namespace podium::learn
