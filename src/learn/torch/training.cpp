#include "podium/learn/torch/training.hpp"

#include <sstream>
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

namespace {

// Parameters, then buffers (batch-norm statistics belong to the weights of their epoch).
std::vector<torch::Tensor> state(const torch::nn::Module& module) {
  std::vector<torch::Tensor> tensors = module.parameters();
  for (const torch::Tensor& b : module.buffers())
    tensors.push_back(b);
  return tensors;
}

}  // namespace

void BestWeights::keep(const torch::nn::Module& module) {
  weights_.clear();
  for (const auto& t : state(module))
    weights_.push_back(t.detach().clone());
}

void BestWeights::restore(torch::nn::Module& module) const {
  torch::NoGradGuard no_grad;
  auto tensors = state(module);
  PODIUM_ASSERT(tensors.size() == weights_.size());
  for (std::size_t i = 0; i < tensors.size(); ++i)
    tensors[i].copy_(weights_[i]);
}

std::string save_module(const torch::nn::Module& module) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

void load_module(torch::nn::Module& module, const std::string& payload, const std::string& what) {
  std::vector<std::vector<std::int64_t>> shapes;
  for (const auto& t : state(module))
    shapes.push_back(t.sizes().vec());
  try {
    std::istringstream bytes(payload);
    torch::serialize::InputArchive archive;
    archive.load_from(bytes);
    module.load(archive);
  } catch (const c10::Error& e) {
    std::string text = e.what_without_backtrace();
    if (const std::size_t nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
    throw Error(ErrorKind::Model,
                what + ": torch archive does not fit the card's network: " + text);
  }
  // Loading replaces each tensor wholesale, whatever its shape: check them against the card's.
  const auto params = module.named_parameters();
  const auto buffers = module.named_buffers();
  std::size_t i = 0;
  for (const auto* list : {&params, &buffers}) {
    for (const auto& item : *list) {
      if (item.value().sizes().vec() != shapes[i]) {
        throw Error(ErrorKind::Model, what + ": parameter '" + item.key() + "' has shape " +
                                          c10::str(item.value().sizes()) +
                                          ", the card's network needs " +
                                          c10::str(c10::IntArrayRef(shapes[i])));
      }
      ++i;
    }
  }
}

}  // namespace podium::learn
