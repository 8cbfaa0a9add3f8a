// Synthetic data ST-GCN must learn to tell apart, and a small full-batch training on it: shared by
// the fast (determinism) and slow (learning) ST-GCN tests.
#pragma once

#include <cstdint>
#include <numbers>
#include <utility>

#include <torch/torch.h>

#include "action/torch/stgcn.hpp"
#include "podium/learn/torch/training.hpp"

namespace podium::action::test {

inline constexpr std::int64_t kCocoRightWrist = 10;

// The right wrist waving up and down (label 0) or sideways (label 1), everything else still: a
// normalised (hip-centred) pose with a little noise, a random phase and amplitude per sample.
inline torch::Tensor waves(std::int64_t samples, std::int64_t label, std::int64_t frames) {
  torch::Tensor x = 0.02 * torch::randn({samples, 3, frames, 17});
  x.select(1, 2).fill_(1.0);  // scores
  const torch::Tensor phase = torch::rand({samples, 1}) * 2 * std::numbers::pi;
  const torch::Tensor amplitude = 0.5 + torch::rand({samples, 1});
  const torch::Tensor t = torch::arange(frames).to(torch::kFloat).unsqueeze(0);
  x.select(1, label == 0 ? 1 : 0).select(2, kCocoRightWrist) +=
      amplitude * torch::sin(t * 0.8 + phase);
  return x;
}

// `epochs` full-batch Adam steps on `per_class` samples of each label with `seed` at one thread;
// the logits of 20 fresh samples per label and the accuracy on them.
inline std::pair<torch::Tensor, double> train_waves(std::uint64_t seed, std::int64_t per_class,
                                                    int epochs) {
  learn::seed_training(seed, 1);
  constexpr std::int64_t kFrames = 16;
  const auto labels = [](std::int64_t n) {
    return torch::cat({torch::zeros({n}, torch::kLong), torch::ones({n}, torch::kLong)});
  };
  const torch::Tensor x = torch::cat({waves(per_class, 0, kFrames), waves(per_class, 1, kFrames)});
  const torch::Tensor y = labels(per_class);
  StgcnNet net(StgcnOptions{.channels = {8, 16}, .dropout = 0.0, .classes = 2},
               spatial_partitions(vision::Layout::Coco17));
  torch::optim::Adam adam = learn::make_adam(net->parameters(), 3e-3, 0.0);
  net->train();
  for (int epoch = 0; epoch < epochs; ++epoch) {
    adam.zero_grad();
    torch::nn::functional::cross_entropy(net->forward(x), y).backward();
    adam.step();
  }
  net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor logits =
      net->forward(torch::cat({waves(20, 0, kFrames), waves(20, 1, kFrames)}));
  return {logits, logits.argmax(1).eq(labels(20)).to(torch::kDouble).mean().item<double>()};
}

}  // namespace podium::action::test
