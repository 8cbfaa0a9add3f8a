// Minimum-cost assignment (the linear assignment problem) of a rows x cols cost matrix: the
// tracker's association step, usable by anything that pairs two sets by a score.
//
// Contract: cost is row-major, rows x cols, every entry finite (any sign, any unit). The result
// has one entry per row: its column, or -1 when the row is left out. min(rows, cols) pairs are
// made, each column at most once, and their total cost is minimal; among equal totals the same
// input always gives the same answer. O(min^2 max) time. Throws Error(InvalidInput) for a
// negative size, a size mismatch or a non-finite cost (naming its row and column).
//
//   const std::vector<double> cost = {4, 1, 2, 3};  // 2 x 2
//   solve_assignment(cost, 2, 2);                   // {1, 0}: total 1 + 2
#pragma once

#include <span>
#include <vector>

namespace podium::vision {

std::vector<int> solve_assignment(std::span<const double> cost, int rows, int cols);

}  // namespace podium::vision
