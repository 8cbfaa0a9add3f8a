// The Hungarian algorithm with row and column potentials and shortest augmenting paths (the form
// Jonker and Volgenant made fast). Runs in the orientation with no more rows than columns.
#include "podium/vision/assignment.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::vision {

std::vector<int> solve_assignment(std::span<const double> cost, int rows, int cols) {
  if (rows < 0 || cols < 0) {
    throw Error(ErrorKind::InvalidInput, "assignment: size " + std::to_string(rows) + "x" +
                                             std::to_string(cols) + " must not be negative");
  }
  require_option(cost.size() == static_cast<size_t>(rows) * static_cast<size_t>(cols), "assignment",
                 "cost.size()", cost.size(),
                 "must be " + std::to_string(rows) + "x" + std::to_string(cols));
  for (size_t i = 0; i < cost.size(); ++i) {
    if (!std::isfinite(cost[i])) {
      reject_option("assignment",
                    "cost[" + std::to_string(i / static_cast<size_t>(cols)) + "][" +
                        std::to_string(i % static_cast<size_t>(cols)) + "]",
                    number_text(cost[i]), "must be finite");
    }
  }
  std::vector<int> result(static_cast<size_t>(rows), -1);
  if (rows == 0 || cols == 0) return result;
  const bool flip = rows > cols;
  const int n = flip ? cols : rows, m = flip ? rows : cols;
  const auto at = [&](int i, int j) {  // 1-based, in the n <= m orientation
    const int r = flip ? j - 1 : i - 1, c = flip ? i - 1 : j - 1;
    return cost[static_cast<size_t>(r) * static_cast<size_t>(cols) + static_cast<size_t>(c)];
  };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const size_t sm = static_cast<size_t>(m) + 1;
  std::vector<double> u(static_cast<size_t>(n) + 1, 0), v(sm, 0);
  std::vector<int> owner(sm, 0), way(sm, 0);  // owner[j]: row holding column j, 0 = none
  for (int i = 1; i <= n; ++i) {
    owner[0] = i;
    int j0 = 0;
    std::vector<double> minv(sm, kInf);
    std::vector<bool> used(sm, false);
    do {
      used[static_cast<size_t>(j0)] = true;
      const int i0 = owner[static_cast<size_t>(j0)];
      double delta = kInf;
      int j1 = 0;
      for (int j = 1; j <= m; ++j) {
        const size_t sj = static_cast<size_t>(j);
        if (used[sj]) continue;
        const double cur = at(i0, j) - u[static_cast<size_t>(i0)] - v[sj];
        if (cur < minv[sj]) {
          minv[sj] = cur;
          way[sj] = j0;
        }
        if (minv[sj] < delta) {
          delta = minv[sj];
          j1 = j;
        }
      }
      for (size_t j = 0; j < sm; ++j) {
        if (used[j]) {
          u[static_cast<size_t>(owner[j])] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (owner[static_cast<size_t>(j0)] != 0);
    do {
      const int j1 = way[static_cast<size_t>(j0)];
      owner[static_cast<size_t>(j0)] = owner[static_cast<size_t>(j1)];
      j0 = j1;
    } while (j0 != 0);
  }
  for (int j = 1; j <= m; ++j) {
    const int i = owner[static_cast<size_t>(j)];
    if (i == 0) continue;
    if (flip) {
      result[static_cast<size_t>(j - 1)] = i - 1;
    } else {
      result[static_cast<size_t>(i - 1)] = j - 1;
    }
  }
  return result;
}

}  // namespace podium::vision
