// What integrated gradients (Sundararajan et al. 2017) say about one input of a differentiable
// model: per-input attributions of f(x) - f(baseline), and the completeness check that tells how
// far the quadrature is from that difference. Computed by learn/torch/integrated_gradients.hpp;
// this header needs no libtorch, so callers that only read attributions stay light.
//
//   IntegratedGradients ig = integrated_gradients(f, x, x0, 64);
//   if (ig.completeness_error() > 1e-3 * std::fabs(ig.score - ig.baseline_score)) ...
#pragma once

#include <vector>

namespace podium::learn {

// Integrated gradients of the score for one row against a baseline along the straight path,
// trapezoid rule with `steps` intervals. Completeness: sum(attributions) ~ score - baseline_score.
struct IntegratedGradients {
  std::vector<double> attributions;  // per input, in score units
  double score = 0.0;                // f(row)
  double baseline_score = 0.0;       // f(baseline)
  int steps = 0;
  // |sum(attributions) - (score - baseline_score)|: the quadrature error.
  double completeness_error() const;
};

}  // namespace podium::learn
