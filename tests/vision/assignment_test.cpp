#include "podium/vision/assignment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <set>

#include "podium/core/error.hpp"

namespace podium::vision {
namespace {

double brute_force(const std::vector<double>& cost, int rows, int cols) {
  // Every injective map of the smaller side into the larger.
  const int n = std::min(rows, cols), m = std::max(rows, cols);
  const auto at = [&](int small, int large) {
    return rows <= cols ? cost[static_cast<size_t>(small * cols + large)]
                        : cost[static_cast<size_t>(large * cols + small)];
  };
  std::vector<bool> used(static_cast<size_t>(m), false);
  double best = std::numeric_limits<double>::infinity();
  std::function<void(int, double)> go = [&](int i, double sum) {
    if (i == n) {
      best = std::min(best, sum);
      return;
    }
    for (int j = 0; j < m; ++j) {
      if (used[static_cast<size_t>(j)]) continue;
      used[static_cast<size_t>(j)] = true;
      go(i + 1, sum + at(i, j));
      used[static_cast<size_t>(j)] = false;
    }
  };
  go(0, 0);
  return best;
}

TEST(Assignment, MatchesBruteForceOnSeededRandomMatrices) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> real(-1, 1);
  std::uniform_int_distribution<int> small(0, 3);  // many ties
  for (int rows = 1; rows <= 7; ++rows) {
    for (int cols = 1; cols <= 7; ++cols) {
      for (int trial = 0; trial < 20; ++trial) {
        std::vector<double> cost(static_cast<size_t>(rows * cols));
        for (double& c : cost)
          c = trial % 2 ? real(rng) : small(rng);
        const std::vector<int> match = solve_assignment(cost, rows, cols);
        ASSERT_EQ(match.size(), static_cast<size_t>(rows));
        std::set<int> columns;
        double total = 0;
        for (int r = 0; r < rows; ++r) {
          const int c = match[static_cast<size_t>(r)];
          if (c < 0) continue;
          ASSERT_LT(c, cols);
          columns.insert(c);
          total += cost[static_cast<size_t>(r * cols + c)];
        }
        EXPECT_EQ(columns.size(), static_cast<size_t>(std::min(rows, cols)));
        EXPECT_NEAR(total, brute_force(cost, rows, cols), 1e-9)
            << rows << "x" << cols << " trial " << trial;
        EXPECT_EQ(match, solve_assignment(cost, rows, cols));
      }
    }
  }
}

TEST(Assignment, EmptyAndInvalidInput) {
  EXPECT_EQ(solve_assignment({}, 3, 0), std::vector<int>(3, -1));
  EXPECT_TRUE(solve_assignment({}, 0, 4).empty());
  const std::vector<double> two = {1, 2};
  EXPECT_THROW(solve_assignment(two, 2, 2), Error);
  EXPECT_THROW(solve_assignment(two, -1, -2), Error);
  const std::vector<double> nan = {1, std::nan("")};
  try {
    solve_assignment(nan, 1, 2);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find("cost[0][1] = nan: must be finite"), std::string::npos)
        << e.what();
  }
}

TEST(Assignment, HeaderExample) {
  const std::vector<double> cost = {4, 1, 2, 3};
  EXPECT_EQ(solve_assignment(cost, 2, 2), (std::vector<int>{1, 0}));
}

TEST(Assignment, OneRowOrOneColumnTakesTheCheapest) {
  const std::vector<double> cost = {5, -2, 7, -2.5, 0, 3, 9, 1, -1, 4, 8, 2, 6};
  EXPECT_EQ(solve_assignment(cost, 1, 13), std::vector<int>{3});
  std::vector<int> column(13, -1);
  column[3] = 0;
  EXPECT_EQ(solve_assignment(cost, 13, 1), column);
}

}  // namespace
}  // namespace podium::vision
