// The ST-GCN network: the skeleton graph's partitions, shapes, options, determinism
// (stgcn_learning_test.cpp: that it learns).
#include "action/torch/stgcn.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "podium/core/error.hpp"
#include "podium/learn/torch/training.hpp"
#include "stgcn_waves.hpp"

namespace podium::action {
namespace {

constexpr std::int64_t kCocoLeftWrist = 9;

TEST(StgcnPartitions, EachColumnIsAMeanOverTheNeighbourhood) {
  const torch::Tensor a = spatial_partitions(vision::Layout::Coco17);
  ASSERT_EQ(a.sizes(), (std::vector<std::int64_t>{3, 17, 17}));
  const torch::Tensor columns = a.sum(0).sum(0);  // over partitions and source keypoints
  EXPECT_TRUE(torch::allclose(columns, torch::ones({17}))) << columns;
  // The nose is the root: nothing is nearer the root than it.
  EXPECT_EQ(a[1].select(1, 0).abs().sum().item<float>(), 0.0F);
  // The left wrist's neighbourhood is itself and the left elbow (nearer the root): 1/2 each.
  EXPECT_FLOAT_EQ(a[0][kCocoLeftWrist][kCocoLeftWrist].item<float>(), 0.5F);
  EXPECT_FLOAT_EQ(a[1][7][kCocoLeftWrist].item<float>(), 0.5F);
  EXPECT_FLOAT_EQ(a[2].select(1, kCocoLeftWrist).sum().item<float>(), 0.0F);
  // ... and the left elbow hears the wrist in its farther partition.
  EXPECT_GT(a[2][kCocoLeftWrist][7].item<float>(), 0.0F);
}

TEST(StgcnNet, ShapesAndOptions) {
  learn::seed_training(1, 1);
  StgcnNet net(StgcnOptions{.channels = {8, 16}, .classes = 5},
               spatial_partitions(vision::Layout::BlazePose33));
  net->eval();
  const torch::Tensor x = torch::randn({2, 3, 20, 33});
  EXPECT_EQ(net->forward(x).sizes(), (std::vector<std::int64_t>{2, 5}));
  EXPECT_EQ(net->embed(x).sizes(), (std::vector<std::int64_t>{2, 16}));
  EXPECT_THROW(
      StgcnNet(StgcnOptions{.temporal_kernel = 4}, spatial_partitions(vision::Layout::Coco17)),
      Error);
  EXPECT_THROW(StgcnNet(StgcnOptions{.channels = {}}, spatial_partitions(vision::Layout::Coco17)),
               Error);
}

TEST(StgcnNet, TrainsBitIdenticallyWithTheSameSeedAtOneThread) {
  const auto [logits, accuracy] = test::train_waves(11, 8, 5);
  const auto [again, accuracy_again] = test::train_waves(11, 8, 5);
  EXPECT_TRUE(torch::equal(logits, again)) << "not bit-identical with the same seed";
  const auto [other, accuracy_other] = test::train_waves(12, 8, 5);
  EXPECT_FALSE(torch::equal(logits, other)) << "the seed is not used";
}

}  // namespace
}  // namespace podium::action
