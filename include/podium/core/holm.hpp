// Holm's step-down adjustment (1979) of a family of p-values: controls the family-wise error rate
// at any alpha without assumptions on their dependence. Used wherever podium reports several
// tests at once (the careers' peak differences, the rankers' per-season comparisons).
//
// Contract: sort ascending, adjusted p_(i) = max over j <= i of min(1, (m - j) p_(j)) (j from 0),
// returned in input order; NaN entries are not members of the family (m counts the others) and
// stay NaN. Ties get the same adjusted value whatever their order.
//
//   std::vector<double> adjusted = holm_adjust(p);  // adjusted[i] belongs to p[i]
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace podium {

inline std::vector<double> holm_adjust(std::span<const double> p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(p_values.size(), std::numeric_limits<double>::quiet_NaN());
  const std::size_t m = order.size();
  double running = 0.0;
  for (std::size_t j = 0; j < m; ++j) {
    const double scaled = std::min(1.0, static_cast<double>(m - j) * p_values[order[j]]);
    running = std::max(running, scaled);
    adjusted[order[j]] = running;
  }
  return adjusted;
}

}  // namespace podium
