// The spatio-temporal graph-convolution network (ST-GCN, Yan, Xiong & Lin, AAAI 2018) podium
// trains on pose sequences, sized for a CPU and small data. Internal to podium_action_torch (it
// includes libtorch); the action module's public headers speak PoseSequence, not tensors.
//
// Contract: input [N, C, T, V] (batch, channels per keypoint — x, y, score —, frames, keypoints of
// the layout); forward() gives class logits [N, classes], embed() the pooled features of the
// last block [N, channels.back()] (the few-shot prototypes' space). A block is a graph
// convolution over the skeleton's three spatial partitions (each joint itself and the neighbours
// as near the root as it, the neighbours nearer the root, those farther), each with a learnable
// edge importance, then a temporal convolution (kernel 9, stride 2 where the channels grow),
// batch norm, ReLU, dropout and a residual path. The same weights for the same seed at one thread.
//
//   const torch::Tensor a = spatial_partitions(vision::Layout::Coco17);
//   StgcnNet net(StgcnOptions{.classes = 4}, a);
//   torch::Tensor logits = net->forward(x);  // x: [8, 3, 30, 17]
#pragma once

#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "podium/vision/skeleton.hpp"

namespace podium::action {

// The skeleton as a graph: each keypoint's bone neighbours, its hops from the root of its part
// (keypoint 0 — the nose in every layout podium knows — for the body; a part the bones leave
// apart, like BlazePose's mouth, from its own first keypoint), and its parent on that
// breadth-first tree (-1 for a root).
struct SkeletonTree {
  std::vector<std::vector<int>> neighbours;
  std::vector<int> hops;
  std::vector<int> parent;
};
SkeletonTree skeleton_tree(vision::Layout layout);

// [3, V, V] float32: partition k's normalised adjacency, A[k][v][w] the weight of keypoint v in
// w's aggregate; the three partitions of a column w sum to 1 over w's neighbourhood (itself and
// its bone neighbours), by hops on skeleton_tree().
torch::Tensor spatial_partitions(vision::Layout layout);

struct StgcnOptions {
  std::int64_t in_channels = 3;                           // x, y, score
  std::vector<std::int64_t> channels = {32, 32, 64, 64};  // one block each
  std::int64_t temporal_kernel = 9;                       // odd
  double dropout = 0.1;
  std::int64_t classes = 2;
};

// Checks the options (Error(InvalidInput) naming the option and its rule).
void validate(const StgcnOptions& options);

class StgcnBlockImpl : public torch::nn::Module {
 public:
  StgcnBlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride, const torch::Tensor& a,
                 const StgcnOptions& options, bool residual);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::Tensor a_;           // [K, V, V], a buffer (saved, not trained)
  torch::Tensor importance_;  // [K, V, V], trained, starts at 1
  torch::nn::Conv2d graph_{nullptr};
  torch::nn::Sequential temporal_{nullptr};
  torch::nn::Sequential residual_{nullptr};  // empty: identity; null: none
  std::int64_t out_;
};
TORCH_MODULE(StgcnBlock);

class StgcnNetImpl : public torch::nn::Module {
 public:
  StgcnNetImpl(const StgcnOptions& options, const torch::Tensor& a);
  torch::Tensor forward(const torch::Tensor& x);  // [N, C, T, V] -> [N, classes]
  torch::Tensor embed(const torch::Tensor& x);    // [N, C, T, V] -> [N, channels.back()]

 private:
  torch::nn::BatchNorm1d data_norm_{nullptr};  // over C x V, per keypoint and channel
  torch::nn::ModuleList blocks_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};
TORCH_MODULE(StgcnNet);

}  // namespace podium::action
