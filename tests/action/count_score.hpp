// Issue 12's counting metrics over a set of clips: MAE = mean |pred - gt| / gt, OBO = share of
// clips with |pred - gt| <= 1.
#pragma once

#include <cmath>
#include <cstddef>

namespace podium::action::testing {

struct CountScore {
  double error = 0;  // sum of |pred - gt| / gt
  std::size_t off_by_one = 0, clips = 0;
  // |pred - gt|, after adding it to the score.
  double add(std::size_t pred, std::size_t gt) {
    const double d = std::abs(static_cast<double>(pred) - static_cast<double>(gt));
    error += d / static_cast<double>(gt);
    off_by_one += d <= 1 ? 1 : 0;
    ++clips;
    return d;
  }
  double mae() const { return error / static_cast<double>(clips); }
  double obo() const { return static_cast<double>(off_by_one) / static_cast<double>(clips); }
};

}  // namespace podium::action::testing
