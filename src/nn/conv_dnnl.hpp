// DnnlConv: one 2-D convolution node (Conv2D, _FusedConv2D, DepthwiseConv2dNative,
// FusedDepthwiseConv2dNative) run by oneDNN directly on TensorFlow's NHWC float tensors. Internal
// to src/nn: oneDNN's headers stay in conv_dnnl.cpp.
//
// Contract:
// - Built once per node at load from the TF filter as the graph holds it ([kh, kw, in, out], or
//   [kh, kw, in, mult] for a depthwise convolution; float32), an optional bias [out channels],
//   the strides, the TF dilations (>= 1) and the fused activation.
// - run(x, pads) takes x [N, H, W, in] float32 (any strides) and its padding {top, bottom, left,
//   right} in pixels (asymmetric allowed) and returns y = act(conv(x) + bias), [N, OH, OW, out
//   channels] float32, contiguous NHWC. With options.add, run(x, pads, addend) returns
//   y = act(conv(x) + bias + addend) for an addend of exactly y's shape (float32, any strides):
//   a oneDNN binary-add post-op reading the addend where it lies (y never aliases it). Out channels
//   of a depthwise convolution are in * mult, channel c * mult + j from input channel c and
//   multiplier j, as in TensorFlow.
// - The first run for an input shape and intra-op thread count creates the oneDNN primitive
//   (add and activation fused as post-ops) and reorders the filter once into the layout that
//   primitive prefers; both are cached, later runs only execute. A convolution to one output
//   channel without an addend runs as the depthwise convolution of its filter and a channel
//   sum instead (oneDNN's kernels are slow there, conv_dnnl.cpp), into a new tensor.
// - Ownership: y is a buffer owned by the DnnlConv, the same for every run with that input shape,
//   and overwritten by the next such run. The caller must be done with y and every view of it
//   before then (nn::Model is: every runtime value is released within its run, see where
//   Model::Impl::plan schedules the releases).
// - Errors (podium::Error, kind Model, naming `where`): x of the wrong rank, channels or dtype; a
//   window larger than the padded input; an addend missing, or of another shape or dtype. Not
//   thread-safe, like the Model that owns it.
//
//   DnnlConv conv({.where = "m.json: node 'c'", .filter = f, .stride = {2, 2}});
//   at::Tensor y = conv.run(x, {0, 1, 0, 1});  // TF SAME on an even size, stride 2
#pragma once

#include <ATen/ATen.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace podium::nn {

// HardSwish is x * relu6(x + 3) / 6, times DnnlConvOptions::activation_scale.
enum class ConvActivation { None, Relu, Relu6, LeakyRelu, HardSwish, Sigmoid };

struct DnnlConvOptions {
  std::string where;  // names the node in errors
  at::Tensor filter;  // TF layout, float32
  bool depthwise = false;
  std::optional<at::Tensor> bias;                 // [out channels], float32
  std::array<std::int64_t, 2> stride = {1, 1};    // h, w
  std::array<std::int64_t, 2> dilation = {1, 1};  // h, w; TF convention, 1 = dense
  bool add = false;  // run() adds an addend before the activation (a residual connection)
  ConvActivation activation = ConvActivation::None;
  float leaky_alpha = 0;       // slope below zero for LeakyRelu
  float activation_scale = 1;  // HardSwish's result times this
};

class DnnlConv {
 public:
  explicit DnnlConv(DnnlConvOptions options);
  ~DnnlConv();
  DnnlConv(const DnnlConv&) = delete;
  DnnlConv& operator=(const DnnlConv&) = delete;

  at::Tensor run(const at::Tensor& x, const std::array<std::int64_t, 4>& pads,
                 const at::Tensor* addend = nullptr);
  // The output shape run() gives for x of that shape: [N, OH, OW, out channels].
  std::array<std::int64_t, 4> output_shape(const at::Tensor& x,
                                           const std::array<std::int64_t, 4>& pads) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::nn
