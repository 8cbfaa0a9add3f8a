// Internals of the neural ranker shared by its translation units: the MLP, the standardisation
// stats and NeuralRanker::Impl. Only podium_rank_neural includes this (it pulls in libtorch).
#pragma once

#include <span>
#include <string>
#include <vector>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "podium/rank/neural_ranker.hpp"

namespace podium::rank {

inline constexpr const char* kNeuralKind = "neural-listwise";

// features -> hidden[0] -> ... -> 1; SiLU (smooth, so the trapezoid rule of integrated gradients
// converges fast) and dropout after each hidden layer.
struct MlpImpl : torch::nn::Module {
  MlpImpl(int features, const std::vector<int>& hidden, double dropout);
  torch::Tensor forward(const torch::Tensor& x);  // [n, features] -> [n]
  torch::nn::Sequential layers;
};
TORCH_MODULE(Mlp);

// Per-feature location and scale; scale 1 for a constant or all-missing feature.
struct Standardiser {
  std::vector<float> mean;
  std::vector<float> scale;
  static Standardiser fit(std::span<const float> x, std::size_t rows, std::size_t features);
  // [rows, features] float tensor; NaN -> 0 (the training mean).
  torch::Tensor apply(std::span<const float> x, std::size_t rows) const;
};

nlohmann::json options_to_json(const NeuralRankerOptions& o);
// Reads options saved by options_to_json; missing fields, wrong types and values outside the
// rules of validate() are Error(Format).
NeuralRankerOptions options_from_json(const nlohmann::json& j);

}  // namespace podium::rank

struct podium::rank::NeuralRanker::Impl {
  NeuralRankerOptions options;
  std::vector<std::string> feature_names;
  Standardiser standardiser;
  Mlp net{nullptr};
  nlohmann::json card;
};
