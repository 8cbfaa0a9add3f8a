// Integrated gradients of a libtorch model (torch side of learn/integrated_gradients.hpp; includes
// libtorch, so only torch-side code includes it).
//
// Contract: `f` maps a [n, inputs] float tensor to [n] scores and is differentiable; `x` and
// `baseline` are [1, inputs] float tensors in the units f takes. The path baseline -> x is
// sampled at steps + 1 points in one batch and the gradients are averaged with trapezoid weights
// (1/m inside, 1/(2m) at both ends), in double. Gradients are taken with autograd::grad, so the
// model's parameter .grad stay untouched. steps: 1..100000, else Error(InvalidInput).
//
//   auto f = [&](const torch::Tensor& z) { return net->forward(z); };
//   IntegratedGradients ig = integrated_gradients(f, z, torch::zeros_like(z), 64);
#pragma once

#include <functional>

#include <torch/torch.h>

#include "podium/learn/integrated_gradients.hpp"

namespace podium::learn {

IntegratedGradients integrated_gradients(
    const std::function<torch::Tensor(const torch::Tensor&)>& f, const torch::Tensor& x,
    const torch::Tensor& baseline, int steps);

}  // namespace podium::learn
