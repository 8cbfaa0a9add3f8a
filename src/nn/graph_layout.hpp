// Load-time layout rewrite of a GraphDef: the Transposes an ONNX (NCHW) → TF.js conversion wraps
// around every NHWC convolution are moved past layout-agnostic ops until they meet their inverse
// and cancel, so that the convolutions read each other's outputs directly (graph_fuse.hpp can then
// fold Pads and fuse activations). Runs first in fuse_graph; each rewrite keeps TF's values.
//
// Contract: sink_transposes(graph, weights) rewrites `graph` in place and returns the number of
// Transpose nodes it removed (0 when it changed nothing).
// - Sinking: an op O that reads Transpose(x, perm) nodes (a Const perm, the same for every
//   data input) becomes Transpose(O'(x...), perm) under O's name, O' being O in x's layout:
//     unary element-wise (Relu, Relu6, LeakyRelu, Sigmoid, Tanh, Elu, Abs, Neg):  O'(x)
//     binary element-wise (Add, AddV2, Sub, Mul, Maximum, Minimum) with both operands
//     transposed alike, or one a one-element Const:  O'(x, y)
//     Pad / PadV2 / MirrorPad with Const paddings:  the paddings rows permuted
//     ConcatV2 with a Const axis:  the axis permuted
//   The constants this needs (paddings, axis) are added to `weights` under new node names;
//   existing weights are never changed.
// - Hoisting: Transpose(Pad(x, p), perm), the Transpose the Pad's only reader, becomes
//   Pad(Transpose(x, perm), p permuted) under the Transpose's name (a Pad of a graph input then
//   reaches the convolution that reads it).
// - Cancelling: Transpose(Transpose(x, p), q) with q∘p the identity: its readers read x.
// - Nodes named by a signature output keep their names and values (they may become Transposes
//   of a new node); a Transpose that is a signature output is never bypassed. Nodes the rewrite
//   leaves unread are dropped. The rewrite is kept only when the graph ends with fewer
//   Transposes than it had; otherwise `graph` and `weights` are left as they were. Nothing at all
//   happens in a graph with duplicate node names (order_graph rejects it next).
//
//   const std::size_t removed = sink_transposes(graph, weights);  // nanodet: 83 → 9 Transposes
#pragma once

#include <ATen/ATen.h>

#include <cstddef>
#include <string>
#include <unordered_map>

#include "graph_def.hpp"

namespace podium::nn {

std::size_t sink_transposes(GraphDef& graph, std::unordered_map<std::string, at::Tensor>& weights);

}  // namespace podium::nn
