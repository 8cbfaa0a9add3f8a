#include "podium/sensor/mmp.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "sensor/synthetic_ride.hpp"

namespace podium::sensor {
namespace {

using testkit::ThrowsError;

using Grid = std::vector<std::int32_t>;

void expect_same(const MmpCurve& fast, const MmpCurve& naive, const std::string& what) {
  ASSERT_EQ(fast.watts.size(), naive.watts.size()) << what;
  ASSERT_EQ(fast.start_s.size(), naive.start_s.size()) << what;
  for (std::size_t d = 0; d < naive.watts.size(); ++d) {
    // Bit-for-bit: the same integer sum divided by the same d.
    ASSERT_EQ(fast.watts[d], naive.watts[d]) << what << " d=" << d;
    ASSERT_EQ(fast.start_s[d], naive.start_s[d]) << what << " d=" << d;
  }
}

// Awkward shapes: ties everywhere (zeros, constant, plateaus), a lone spike, long zero gaps,
// ERG-like noise around a constant, white noise, and the realistic synthetic ride.
Grid pattern(int kind, std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  Grid g(n, 0);
  switch (kind) {
    case 0:  // all zeros
      break;
    case 1:  // constant
      std::fill(g.begin(), g.end(), 237);
      break;
    case 2:  // a single spike
      g[rng() % n] = 1200;
      break;
    case 3:  // long zero gaps between efforts
      for (std::size_t i = 0; i < n; ++i)
        g[i] = (i / 97) % 3 == 0 ? 0 : 150 + rng() % 200;
      break;
    case 4:  // plateaus of equal power: many equal window sums
      for (std::size_t i = 0; i < n; ++i)
        g[i] = ((i / 7) % 2) * 300;
      break;
    case 5:  // ERG-like: 200 W +- a few watts
      for (auto& w : g)
        w = 195 + static_cast<std::int32_t>(rng() % 11);
      break;
    case 6:  // white noise 0..999 W
      for (auto& w : g)
        w = static_cast<std::int32_t>(rng() % 1000);
      break;
    default:  // realistic ride
      g = testing::synthetic_ride(n, seed);
  }
  return g;
}

TEST(Mmp, FastEqualsNaiveOnSeededRides) {
  int rides = 0;
  for (std::size_t n : {1, 2, 13, 127, 1000, 3601}) {
    for (int kind = 0; kind <= 7; ++kind) {
      for (std::uint32_t seed : {11u, 12u}) {
        const Grid g = pattern(kind, n, seed * 1000 + static_cast<std::uint32_t>(kind));
        const std::string what = "n=" + std::to_string(n) + " kind=" + std::to_string(kind) +
                                 " seed=" + std::to_string(seed);
        expect_same(mean_max_power(g), mean_max_power_naive(g), what);
        ++rides;
      }
    }
  }
  EXPECT_GE(rides, 50);
}

TEST(Mmp, FastEqualsNaiveOnLongRealisticRides) {
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    const Grid g = testing::synthetic_ride(7200 + seed * 331, seed);
    expect_same(mean_max_power(g), mean_max_power_naive(g), "seed " + std::to_string(seed));
  }
}

// Long near-constant rides: the growth bounds carry most of the pruning here, over thousands of
// durations (the bench's ERG pattern, a narrower one, and one with a dropout to 0 W).
TEST(Mmp, FastEqualsNaiveOnLongErgRides) {
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    std::mt19937 rng(seed);
    Grid g(6000 + seed * 517);
    for (auto& w : g)
      w = seed == 2 ? 199 + static_cast<std::int32_t>(rng() % 3)
                    : 195 + static_cast<std::int32_t>(rng() % 11);
    if (seed == 3) std::fill(g.begin() + 2000, g.begin() + 2300, 0);
    expect_same(mean_max_power(g), mean_max_power_naive(g), "erg seed " + std::to_string(seed));
  }
}

// The largest totals still summed in int32 (growth bounds reach 17x the total there).
TEST(Mmp, ThirtyTwoBitSumsNearTheirLimit) {
  std::mt19937 rng(6);
  Grid g(1500);
  std::int64_t total = 0;
  for (auto& w : g) {
    w = 30'000 + static_cast<std::int32_t>(rng() % 100'000);  // total ~1.2e8
    total += w;
  }
  ASSERT_LE(total, std::numeric_limits<std::int32_t>::max() / 17);
  expect_same(mean_max_power(g), mean_max_power_naive(g), "large watts, int32");
}

TEST(Mmp, SixtyFourBitSumsWhenTheTotalOverflowsInt32) {
  std::mt19937 rng(5);
  Grid g(1500);
  for (auto& w : g)
    w = 1'000'000 + static_cast<std::int32_t>(rng() % 3'000'000);  // total ~4e9
  expect_same(mean_max_power(g), mean_max_power_naive(g), "large watts");
}

TEST(Mmp, HandComputedCurve) {
  const Grid g = {0, 100, 300, 0, 200};
  const MmpCurve c = mean_max_power(g);
  ASSERT_EQ(c.watts.size(), 6u);
  EXPECT_EQ(c.watts[1], 300.0);
  EXPECT_EQ(c.start_s[1], 2);
  EXPECT_EQ(c.watts[2], 200.0);  // 100 + 300
  EXPECT_EQ(c.start_s[2], 1);
  EXPECT_EQ(c.watts[3], 500.0 / 3);  // 300 + 0 + 200 beats 0 + 100 + 300
  EXPECT_EQ(c.start_s[3], 2);
  EXPECT_EQ(c.watts[4], 150.0);  // 100 + 300 + 0 + 200
  EXPECT_EQ(c.start_s[4], 1);
  EXPECT_EQ(c.watts[5], 120.0);
  EXPECT_EQ(c.start_s[5], 0);
}

TEST(Mmp, TiesGoToTheEarliestWindow) {
  const Grid g = {5, 0, 5, 0, 5};
  const MmpCurve c = mean_max_power(g);
  EXPECT_EQ(c.start_s[1], 0);
  EXPECT_EQ(c.start_s[2], 0);  // 5+0, 0+5, 5+0, 0+5 all 5
  EXPECT_EQ(c.start_s[3], 0);  // 10 at 0 and at 2
  const MmpCurve zeros = mean_max_power(Grid(40, 0));
  for (std::size_t d = 1; d < zeros.watts.size(); ++d)
    EXPECT_EQ(zeros.start_s[d], 0);
}

TEST(Mmp, MaxDurationLimitsTheCurve) {
  const Grid g = testing::synthetic_ride(1000, 3);
  const MmpCurve full = mean_max_power(g);
  for (std::size_t limit : {0, 1, 60, 999, 1000, 5000}) {
    const MmpCurve c = mean_max_power(g, limit);
    const std::size_t size = std::min<std::size_t>(limit, g.size()) + 1;
    ASSERT_EQ(c.watts.size(), size) << limit;
    ASSERT_EQ(c.start_s.size(), size) << limit;
    EXPECT_EQ(mean_max_power_naive(g, limit).watts.size(), size);
    for (std::size_t d = 0; d < size; ++d)
      EXPECT_EQ(c.watts[d], full.watts[d]) << limit;
  }
}

TEST(Mmp, EmptyGridGivesOnlyTheUnusedEntry) {
  const MmpCurve c = mean_max_power(Grid{});
  EXPECT_EQ(c.watts, std::vector<double>{0.0});
  EXPECT_EQ(c.start_s, std::vector<std::int32_t>{0});
}

TEST(Mmp, NegativeWattsAreInvalidInput) {
  const Grid g = {100, 200, -5, 300};
  for (auto* fn : {&mean_max_power, &mean_max_power_naive}) {
    EXPECT_THAT([&] { fn(g, kMmpAllDurations); },
                ThrowsError(ErrorKind::InvalidInput, "grid_w[2] = -5: power must be >= 0 W"));
  }
}

}  // namespace
}  // namespace podium::sensor
