// Seeded libtorch training helpers (torch side of learn/training.hpp; includes libtorch, so only
// torch-side code includes it): seeding, the Adam optimiser podium trains with, and keeping the
// best epoch's weights for early stopping.
//
// Contract: seed_training seeds libtorch's global generator with `seed`, sets its global intra-op
// thread count to `threads` (1..256, else Error(InvalidInput)) and returns a std generator seeded
// the same, for shuffles and splits: the same seed and threads give the same training. Both
// settings are process-wide. BestWeights copies a module's parameters and buffers (batch-norm
// statistics belong to their epoch's weights) and writes them back without recording gradients.
// save_module writes a module's parameters and buffers as a torch archive; load_module reads one
// into a module built with the same shapes (from its model card), and a payload that does not fit
// — other names, other shapes — is Error(Model) "<what>: ...".
//
//   std::mt19937_64 rng = seed_training(42, 1);
//   torch::optim::Adam adam = make_adam(net->parameters(), 1e-3, 1e-4);
//   BestWeights best;  ... best.keep(*net);  ...  best.restore(*net);
//   std::string payload = save_module(*net);  load_module(*other, payload, "neural ranker");
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace podium::learn {

std::mt19937_64 seed_training(std::uint64_t seed, int threads);

torch::optim::Adam make_adam(const std::vector<torch::Tensor>& parameters, double learning_rate,
                             double weight_decay);

std::string save_module(const torch::nn::Module& module);
void load_module(torch::nn::Module& module, const std::string& payload, const std::string& what);

class BestWeights {
 public:
  void keep(const torch::nn::Module& module);
  bool empty() const { return weights_.empty(); }
  // Writes the kept parameters back; `module` must be the one kept (same parameter shapes).
  void restore(torch::nn::Module& module) const;

 private:
  std::vector<torch::Tensor> weights_;
};

}  // namespace podium::learn
