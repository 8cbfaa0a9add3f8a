#include "podium/learn/torch/integrated_gradients.hpp"

#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::learn {

IntegratedGradients integrated_gradients(
    const std::function<torch::Tensor(const torch::Tensor&)>& f, const torch::Tensor& x,
    const torch::Tensor& baseline, int steps) {
  require_option(steps >= 1 && steps <= 100000, "integrated gradients", "steps", steps,
                 "must be in 1..100000");
  const torch::Tensor alphas = torch::linspace(0.0, 1.0, steps + 1).unsqueeze(1);
  const torch::Tensor path = (baseline + alphas * (x - baseline)).detach().requires_grad_(true);
  const torch::Tensor out = f(path);
  // autograd::grad, not backward(): leaves the parameters' .grad untouched.
  const torch::Tensor grad = torch::autograd::grad({out.sum()}, {path})[0];
  torch::Tensor weights = torch::full({steps + 1, 1}, 1.0 / steps, torch::kFloat64);
  weights[0] = 0.5 / steps;
  weights[steps] = 0.5 / steps;
  const torch::Tensor mean_grad = (grad.to(torch::kFloat64) * weights).sum(0);
  const torch::Tensor attr =
      ((x - baseline).to(torch::kFloat64).squeeze(0) * mean_grad).contiguous();

  IntegratedGradients ig;
  ig.attributions.assign(attr.data_ptr<double>(), attr.data_ptr<double>() + attr.numel());
  ig.score = out[steps].item<double>();
  ig.baseline_score = out[0].item<double>();
  ig.steps = steps;
  return ig;
}

}  // namespace podium::learn
