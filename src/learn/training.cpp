#include "podium/learn/training.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "podium/core/error.hpp"

namespace podium::learn {

HoldoutSplit split_holdout(std::size_t n, double fraction, std::mt19937_64& rng) {
  if (n < 2 || !(fraction > 0.0 && fraction < 1.0)) {
    throw Error(ErrorKind::InvalidInput,
                "hold-out split of " + std::to_string(n) + " examples, fraction " +
                    std::to_string(fraction) +
                    ": needs at least 2 examples and a fraction in (0, 1)");
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  const auto held = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::lround(fraction * static_cast<double>(n))), 1, n - 1);
  HoldoutSplit s;
  s.held_out.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(held));
  s.kept.assign(order.begin() + static_cast<std::ptrdiff_t>(held), order.end());
  std::sort(s.held_out.begin(), s.held_out.end());
  std::sort(s.kept.begin(), s.kept.end());
  return s;
}

EarlyStopping::Verdict EarlyStopping::record(int epoch, double score) {
  curve_.push_back(score);
  if (score > best_score_) {
    best_score_ = score;
    best_epoch_ = epoch;
    return Verdict::Best;
  }
  if (patience_ > 0 && epoch - best_epoch_ >= patience_) return Verdict::Stop;
  return Verdict::Continue;
}

}  // namespace podium::learn
