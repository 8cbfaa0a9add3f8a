// Training-loop helpers every model podium trains shares, without any ML library: a seeded
// hold-out split of examples (queries, clips) and early stopping on a validation score.
//
// Contract: split_holdout shuffles 0..n-1 with `rng` (std::shuffle, so the same generator state
// gives the same split) and holds out round(fraction * n) of them, clamped to 1..n-1; both lists
// come back ascending. It needs n >= 2 and fraction in (0, 1), else Error(InvalidInput). The
// generator advances, so later shuffles drawn from it stay reproducible. EarlyStopping records one
// validation score per epoch (higher is better); an epoch is best when its score is strictly higher
// than every earlier one; with patience p > 0 it says Stop once p epochs have passed since the best
// without a strictly higher score; patience 0 never stops.
//
//   HoldoutSplit s = split_holdout(queries, 0.2, rng);
//   EarlyStopping stop(10);
//   for (int e = 0; e < max && stop.record(e, validate()) != EarlyStopping::Verdict::Stop; ++e) {}
#pragma once

#include <cstddef>
#include <limits>
#include <random>
#include <vector>

namespace podium::learn {

struct HoldoutSplit {
  std::vector<std::size_t> kept;      // ascending
  std::vector<std::size_t> held_out;  // ascending
};

HoldoutSplit split_holdout(std::size_t n, double fraction, std::mt19937_64& rng);

class EarlyStopping {
 public:
  enum class Verdict { Best, Continue, Stop };

  explicit EarlyStopping(int patience) : patience_(patience) {}
  Verdict record(int epoch, double score);

  int best_epoch() const { return best_epoch_; }               // -1 before the first record
  double best_score() const { return best_score_; }            // -inf before the first record
  const std::vector<double>& curve() const { return curve_; }  // every recorded score, in order

 private:
  int patience_;
  int best_epoch_ = -1;
  double best_score_ = -std::numeric_limits<double>::infinity();
  std::vector<double> curve_;
};

}  // namespace podium::learn
