#include "stgcn.hpp"

#include <limits>
#include <string>

#include "podium/core/option.hpp"

namespace podium::action {
namespace {

constexpr std::int64_t kPartitions = 3;
constexpr int kUnreached = std::numeric_limits<int>::max();

}  // namespace

SkeletonTree skeleton_tree(vision::Layout layout) {
  const vision::LayoutInfo& info = vision::layout_info(layout);
  const std::size_t nodes = info.keypoints.size();
  SkeletonTree tree{std::vector<std::vector<int>>(nodes), std::vector<int>(nodes, kUnreached),
                    std::vector<int>(nodes, -1)};
  for (const auto& [a, b] : info.bones) {
    tree.neighbours[static_cast<std::size_t>(a)].push_back(b);
    tree.neighbours[static_cast<std::size_t>(b)].push_back(a);
  }
  for (std::size_t root = 0; root < nodes; ++root) {
    if (tree.hops[root] != kUnreached) continue;
    std::vector<std::size_t> queue = {root};
    tree.hops[root] = 0;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::size_t v = queue[head];
      for (int w : tree.neighbours[v]) {
        const auto u = static_cast<std::size_t>(w);
        if (tree.hops[u] != kUnreached) continue;
        tree.hops[u] = tree.hops[v] + 1;
        tree.parent[u] = static_cast<int>(v);
        queue.push_back(u);
      }
    }
  }
  return tree;
}

torch::Tensor spatial_partitions(vision::Layout layout) {
  const SkeletonTree tree = skeleton_tree(layout);
  const std::size_t nodes = tree.hops.size();
  const std::vector<int>& hops = tree.hops;
  const std::vector<std::vector<int>>& adjacent = tree.neighbours;
  const auto n = static_cast<std::int64_t>(nodes);
  torch::Tensor a = torch::zeros({kPartitions, n, n});
  auto acc = a.accessor<float, 3>();
  for (std::size_t w = 0; w < nodes; ++w) {
    // w's neighbourhood: itself and its bone neighbours, each weighted 1 / its size (a mean).
    std::vector<int> hood = adjacent[w];
    hood.push_back(static_cast<int>(w));
    const float weight = 1.0F / static_cast<float>(hood.size());
    for (int v : hood) {
      const int dv = hops[static_cast<std::size_t>(v)], dw = hops[w];
      const int k = dv == dw ? 0 : (dv < dw ? 1 : 2);
      acc[k][v][static_cast<std::int64_t>(w)] += weight;
    }
  }
  return a;
}

void validate(const StgcnOptions& o) {
  require_option(o.in_channels >= 1, "stgcn", "in_channels", o.in_channels, "must be >= 1");
  require_option(!o.channels.empty(), "stgcn", "channels", "[]", "must name at least one block");
  for (std::size_t i = 0; i < o.channels.size(); ++i) {
    if (o.channels[i] < 1 || o.channels[i] > 1024) {
      reject_option("stgcn", "channels[" + std::to_string(i) + "]", std::to_string(o.channels[i]),
                    "must be within 1..1024");
    }
  }
  require_option(o.temporal_kernel >= 1 && o.temporal_kernel % 2 == 1, "stgcn", "temporal_kernel",
                 o.temporal_kernel, "must be odd and >= 1");
  require_option(o.dropout >= 0 && o.dropout < 1, "stgcn", "dropout", o.dropout,
                 "must be within [0, 1)");
  require_option(o.classes >= 1, "stgcn", "classes", o.classes, "must be >= 1");
}

StgcnBlockImpl::StgcnBlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride,
                               const torch::Tensor& a, const StgcnOptions& options, bool residual)
    : out_(out) {
  const std::int64_t k = a.size(0);
  a_ = register_buffer("a", a.clone());
  importance_ = register_parameter("importance", torch::ones_like(a));
  graph_ = register_module("graph", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, k * out, 1)));
  const std::int64_t pad = (options.temporal_kernel - 1) / 2;
  temporal_ = register_module(
      "temporal",
      torch::nn::Sequential(
          torch::nn::BatchNorm2d(out), torch::nn::ReLU(),
          torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, {options.temporal_kernel, 1})
                                .stride({stride, 1})
                                .padding({pad, 0})),
          torch::nn::BatchNorm2d(out), torch::nn::Dropout(options.dropout)));
  if (residual) {
    residual_ = torch::nn::Sequential();
    if (in != out || stride != 1) {
      residual_->push_back(
          torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride({stride, 1})));
      residual_->push_back(torch::nn::BatchNorm2d(out));
    }
    register_module("residual", residual_);
  }
}

torch::Tensor StgcnBlockImpl::forward(const torch::Tensor& x) {
  const std::int64_t n = x.size(0), t = x.size(2), v = x.size(3);
  // [N, K*out, T, V] -> [N, K, out, T, V], aggregated over each partition's neighbours.
  torch::Tensor y = graph_->forward(x).view({n, a_.size(0), out_, t, v});
  y = torch::einsum("nkctv,kvw->nctw", {y, a_ * importance_});
  y = temporal_->forward(y);
  if (residual_) y = y + (residual_->is_empty() ? x : residual_->forward(x));
  return torch::relu(y);
}

StgcnNetImpl::StgcnNetImpl(const StgcnOptions& options, const torch::Tensor& a) {
  validate(options);
  const std::int64_t v = a.size(1);
  data_norm_ = register_module("data_norm", torch::nn::BatchNorm1d(options.in_channels * v));
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  std::int64_t in = options.in_channels;
  for (std::size_t i = 0; i < options.channels.size(); ++i) {
    const std::int64_t out = options.channels[i];
    // Time is halved where the channels grow (ST-GCN's stride-2 blocks); the first block has no
    // residual path (its input is the raw coordinates).
    const std::int64_t stride = i > 0 && out > in ? 2 : 1;
    blocks_->push_back(StgcnBlock(in, out, stride, a, options, i > 0));
    in = out;
  }
  classifier_ = register_module("classifier", torch::nn::Linear(in, options.classes));
}

torch::Tensor StgcnNetImpl::embed(const torch::Tensor& x) {
  const std::int64_t n = x.size(0), c = x.size(1), t = x.size(2), v = x.size(3);
  // Normalise each (keypoint, channel) over the batch and time: [N, V*C, T] for BatchNorm1d.
  torch::Tensor y = x.permute({0, 3, 1, 2}).reshape({n, v * c, t});
  y = data_norm_->forward(y).view({n, v, c, t}).permute({0, 2, 3, 1}).contiguous();
  for (const auto& block : *blocks_)
    y = block->as<StgcnBlockImpl>()->forward(y);
  return y.mean({2, 3});
}

torch::Tensor StgcnNetImpl::forward(const torch::Tensor& x) {
  return classifier_->forward(embed(x));
}

}  // namespace podium::action
