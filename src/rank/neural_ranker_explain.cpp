#include <limits>

#include "podium/learn/model_container.hpp"
#include "podium/learn/torch/integrated_gradients.hpp"
#include "rank/neural_ranker_net.hpp"

namespace podium::rank {

IntegratedGradients NeuralRanker::integrated_gradients(std::span<const float> row,
                                                       int steps) const {
  // The training means standardise to 0; NaN does too.
  const std::vector<float> baseline(features(), std::numeric_limits<float>::quiet_NaN());
  return integrated_gradients(row, baseline, steps);
}

IntegratedGradients NeuralRanker::integrated_gradients(std::span<const float> row,
                                                       std::span<const float> baseline,
                                                       int steps) const {
  learn::check_matrix(row, 1, features());
  learn::check_matrix(baseline, 1, features());
  // Standardisation is affine per feature, so attributions in standardised units times the
  // input delta equal those in raw units: integrate where the network lives.
  const torch::Tensor z = impl_->standardiser.apply(row, 1);
  const torch::Tensor z0 = impl_->standardiser.apply(baseline, 1);
  return learn::integrated_gradients(
      [this](const torch::Tensor& path) { return impl_->net->forward(path); }, z, z0, steps);
}

}  // namespace podium::rank
