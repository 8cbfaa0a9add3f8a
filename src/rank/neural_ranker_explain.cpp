#include <cmath>
#include <limits>

#include "podium/core/error.hpp"
#include "rank/neural_ranker_net.hpp"
#include "rank/ranker_input.hpp"

namespace podium::rank {

double IntegratedGradients::completeness_error() const {
  double sum = 0.0;
  for (double a : attributions)
    sum += a;
  return std::fabs(sum - (score - baseline_score));
}

IntegratedGradients NeuralRanker::integrated_gradients(std::span<const float> row,
                                                       int steps) const {
  // The training means standardise to 0; NaN does too.
  const std::vector<float> baseline(features(), std::numeric_limits<float>::quiet_NaN());
  return integrated_gradients(row, baseline, steps);
}

IntegratedGradients NeuralRanker::integrated_gradients(std::span<const float> row,
                                                       std::span<const float> baseline,
                                                       int steps) const {
  check_matrix(row, 1, features());
  check_matrix(baseline, 1, features());
  if (steps < 1 || steps > 100000) {
    throw Error(ErrorKind::InvalidInput, "integrated gradients: steps = " + std::to_string(steps) +
                                             ": must be in 1..100000");
  }
  // Standardisation is affine per feature, so attributions in standardised units times the
  // input delta equal those in raw units: integrate where the network lives.
  const torch::Tensor z = impl_->standardiser.apply(row, 1);
  const torch::Tensor z0 = impl_->standardiser.apply(baseline, 1);
  const torch::Tensor alphas = torch::linspace(0.0, 1.0, steps + 1).unsqueeze(1);
  const torch::Tensor path = (z0 + alphas * (z - z0)).detach().requires_grad_(true);
  const torch::Tensor out = impl_->net->forward(path);
  // autograd::grad, not backward(): leaves the parameters' .grad untouched.
  const torch::Tensor grad = torch::autograd::grad({out.sum()}, {path})[0];
  // Trapezoid weights: 1/m inside, 1/(2m) at both ends.
  torch::Tensor weights = torch::full({steps + 1, 1}, 1.0 / steps, torch::kFloat64);
  weights[0] = 0.5 / steps;
  weights[steps] = 0.5 / steps;
  const torch::Tensor mean_grad = (grad.to(torch::kFloat64) * weights).sum(0);
  const torch::Tensor attr = ((z - z0).to(torch::kFloat64).squeeze(0) * mean_grad).contiguous();

  IntegratedGradients ig;
  ig.attributions.assign(attr.data_ptr<double>(), attr.data_ptr<double>() + attr.numel());
  ig.score = out[steps].item<double>();
  ig.baseline_score = out[0].item<double>();
  ig.steps = steps;
  return ig;
}

}  // namespace podium::rank
