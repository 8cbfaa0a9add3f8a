#include "podium/learn/torch/training.hpp"

#include <string>

#include "podium/core/error.hpp"
#include "podium/core/threads.hpp"
#include "podium/nn/model.hpp"

namespace podium::learn {

std::mt19937_64 seed_training(std::uint64_t seed, int threads) {
  nn::set_threads(checked_threads(threads, "training threads"));
  torch::manual_seed(seed);
  return std::mt19937_64(seed);
}

torch::optim::Adam make_adam(const std::vector<torch::Tensor>& parameters, double learning_rate,
                             double weight_decay) {
  return torch::optim::Adam(parameters,
                            torch::optim::AdamOptions(learning_rate).weight_decay(weight_decay));
}

void BestWeights::keep(const torch::nn::Module& module) {
  weights_.clear();
  for (const auto& p : module.parameters())
    weights_.push_back(p.detach().clone());
}

void BestWeights::restore(torch::nn::Module& module) const {
  torch::NoGradGuard no_grad;
  auto params = module.parameters();
  PODIUM_ASSERT(params.size() == weights_.size());
  for (std::size_t i = 0; i < params.size(); ++i)
    params[i].copy_(weights_[i]);
}

}  // namespace podium::learn
