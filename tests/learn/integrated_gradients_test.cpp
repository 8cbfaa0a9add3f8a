// Integrated gradients on models small enough to know the answer: a linear model (attributions
// are exactly w * (x - x0)) and a seeded two-layer SiLU network (completeness within the
// trapezoid rule's error, shrinking as the steps grow).
#include "podium/learn/torch/integrated_gradients.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace podium::learn {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

TEST(IntegratedGradients, LinearModelGetsExactAttributions) {
  const torch::Tensor w = torch::tensor({2.0F, -1.0F, 0.5F});
  const auto f = [&](const torch::Tensor& z) { return (z * w).sum(1) + 3.0F; };
  const torch::Tensor x = torch::tensor({{1.0F, 2.0F, -4.0F}});
  const torch::Tensor x0 = torch::zeros({1, 3});
  const IntegratedGradients ig = integrated_gradients(f, x, x0, 4);
  ASSERT_EQ(ig.attributions.size(), 3U);
  EXPECT_NEAR(ig.attributions[0], 2.0, 1e-6);
  EXPECT_NEAR(ig.attributions[1], -2.0, 1e-6);
  EXPECT_NEAR(ig.attributions[2], -2.0, 1e-6);
  EXPECT_NEAR(ig.score, 1.0, 1e-6);
  EXPECT_NEAR(ig.baseline_score, 3.0, 1e-6);
  EXPECT_EQ(ig.steps, 4);
  EXPECT_LT(ig.completeness_error(), 1e-6);
}

TEST(IntegratedGradients, TinyNetworkIsCompleteAndConvergesWithSteps) {
  torch::manual_seed(3);
  torch::nn::Sequential net(torch::nn::Linear(4, 8), torch::nn::SiLU(), torch::nn::Linear(8, 1));
  const auto f = [&](const torch::Tensor& z) { return net->forward(z).squeeze(1); };
  const torch::Tensor x = torch::tensor({{1.5F, -0.5F, 2.0F, 0.25F}});
  const torch::Tensor x0 = torch::zeros({1, 4});
  const IntegratedGradients coarse = integrated_gradients(f, x, x0, 4);
  const IntegratedGradients fine = integrated_gradients(f, x, x0, 256);
  const double delta = std::fabs(fine.score - fine.baseline_score);
  ASSERT_GT(delta, 1e-3);
  EXPECT_LT(fine.completeness_error(), 1e-3 * delta);
  EXPECT_LT(fine.completeness_error(), coarse.completeness_error());
  for (const auto& p : net->parameters())
    EXPECT_FALSE(p.grad().defined()) << "IG must leave parameter gradients alone";
}

TEST(IntegratedGradients, RejectsStepsOutOfRange) {
  const auto f = [](const torch::Tensor& z) { return z.sum(1); };
  const torch::Tensor x = torch::ones({1, 2});
  EXPECT_THAT([&] { integrated_gradients(f, x, x, 0); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("steps = 0")));
  EXPECT_THAT([&] { integrated_gradients(f, x, x, 100001); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("steps = 100001")));
}

}  // namespace
}  // namespace podium::learn
