// Load-time rewrites of a GraphDef that let one oneDNN convolution do the work of several nodes,
// before the graph is ordered and planned (model.cpp). Each rewrite keeps TensorFlow's values.
//
// Contract: fuse_graph(graph, weights) rewrites `graph` in place and returns what it did.
// - Layout: first, Transposes are moved past layout-agnostic ops until they cancel
//   (graph_layout.hpp; the one rewrite that adds constants to `weights`).
// - Pad folding: a zero-valued Pad / PadV2 whose paddings are a Const padding only H and W (rows
//   0 and 3 zero, none negative) moves into every following Conv2D / _FusedConv2D /
//   DepthwiseConv2dNative / FusedDepthwiseConv2dNative that reads it as its input and pads
//   VALID or EXPLICIT (NHWC): that convolution becomes EXPLICIT with the pad added and reads
//   the Pad's input. Likewise a PadV2 of -inf into a MaxPool reading it (a max pool's own
//   padding never wins a window). A Pad nothing else reads is then dropped.
// - Bias fusion: Add / AddV2 / BiasAdd of a 1-D float Const with as many values as a Conv2D or
//   DepthwiseConv2dNative (without bias) has output channels, its only reader, becomes the
//   convolution's bias (fused_ops [BiasAdd]).
// - Residual fusion: Add / AddV2 (x, conv) where the convolution has no fused activation and
//   the Add is its only reader becomes that convolution with fused_ops [BiasAdd,] Add and the
//   other Add input as its last input (DnnlConv runs it as a oneDNN sum post-op). When the Add's
//   only reader is a Relu, Relu6 or ClipByValue(0, 6), that is fused too (an eltwise post-op).
//   The fused node takes the name of the last node it replaces, so readers and signature outputs
//   still find it; errors name that node.
// - Activation fusion: a Relu, Relu6, LeakyRelu (its alpha as leakyrelu_alpha) or Sigmoid that
//   is the only reader of a convolution without a fused activation becomes that convolution's
//   last fused op.
// - Hard-swish fusion: x * relu6(x + 3) / 6 after a convolution without fused activation, in
//   the spellings TF writes it (MobileNetV3: Mul(Mul(x, 1/6), Relu6(Add(x, 3))) and the
//   operand orders of each Mul/Add) becomes fused_ops [BiasAdd,] HardSwish.
// - Nothing is fused across a node that is a signature output or that anything else reads, and
//   nothing at all in a graph with duplicate node names (order_graph rejects it next).
//   Existing weights are never changed. Shapes are checked where they are known, at run time: an
//   addend whose shape differs from the convolution's output is added with broadcasting
//   outside oneDNN (ops_conv.cpp), so the rewrite never changes a result.
//
//   const FuseStats s = fuse_graph(graph, weights);  // s.transposes_removed, s.pads_folded, ...
#pragma once

#include <ATen/ATen.h>

#include <cstddef>
#include <string>
#include <unordered_map>

#include "graph_def.hpp"

namespace podium::nn {

struct FuseStats {
  std::size_t pads_folded = 0;         // Pad nodes folded into (every) convolution reading them
  std::size_t adds_fused = 0;          // residual Adds fused into a convolution
  std::size_t activations_fused = 0;   // Relu / Relu6 / Clip after such an Add, or after a conv
  std::size_t hard_swish_fused = 0;    // x * relu6(x + 3) / 6 after a convolution
  std::size_t biases_fused = 0;        // constant Adds that became a convolution's bias
  std::size_t transposes_removed = 0;  // Transposes that cancelled (graph_layout.hpp)
};

FuseStats fuse_graph(GraphDef& graph, std::unordered_map<std::string, at::Tensor>& weights);

}  // namespace podium::nn
