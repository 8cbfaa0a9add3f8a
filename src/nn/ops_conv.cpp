// Convolutions and pooling: Conv2D, _FusedConv2D, DepthwiseConv2dNative,
// FusedDepthwiseConv2dNative, Conv2DBackpropInput, MaxPool.
#include <ATen/ATen.h>

#include <memory>

#include "conv_dnnl.hpp"
#include "ops.hpp"
#include "podium/core/error.hpp"

namespace podium::nn {
namespace {

struct Window {
  std::int64_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  enum class Padding { Same, Valid, Explicit } padding = Padding::Valid;
  std::int64_t explicit_pad[4] = {0, 0, 0, 0};  // top, bottom, left, right
};

Window parse_window(const BuildContext& c, bool with_dilation) {
  Window w;
  if (const std::string fmt = c.attr_string("data_format", "NHWC"); fmt != "NHWC") {
    c.fail("data_format '" + fmt + "' is not supported (only NHWC)");
  }
  const auto strides = c.attr_ints("strides", std::vector<std::int64_t>{1, 1, 1, 1});
  if (strides.size() != 4 || strides[0] != 1 || strides[3] != 1 || strides[1] < 1 ||
      strides[2] < 1) {
    c.fail("strides must be [1,h,w,1] with h,w >= 1");
  }
  w.stride_h = strides[1];
  w.stride_w = strides[2];
  if (with_dilation) {
    const auto dil = c.attr_ints("dilations", std::vector<std::int64_t>{1, 1, 1, 1});
    if (dil.size() != 4 || dil[0] != 1 || dil[3] != 1 || dil[1] < 1 || dil[2] < 1) {
      c.fail("dilations must be [1,h,w,1] with h,w >= 1");
    }
    w.dilation_h = dil[1];
    w.dilation_w = dil[2];
  }
  const std::string pad = c.attr_string("padding");
  if (pad == "SAME") {
    w.padding = Window::Padding::Same;
  } else if (pad == "VALID") {
    w.padding = Window::Padding::Valid;
  } else if (pad == "EXPLICIT") {
    w.padding = Window::Padding::Explicit;
    const auto p = c.attr_ints("explicit_paddings");
    if (p.size() != 8) c.fail("explicit_paddings must hold 8 values");
    for (int i = 0; i < 4; ++i) {
      if (p[2 + i] < 0) c.fail("explicit_paddings must not be negative");
      w.explicit_pad[i] = p[2 + i];
    }
  } else {
    c.fail("padding '" + pad + "' is not supported");
  }
  return w;
}

// {top, bottom, left, right} for an input of h x w and a kernel of kh x kw.
std::array<std::int64_t, 4> paddings(const Window& w, std::int64_t h, std::int64_t wd,
                                     std::int64_t kh, std::int64_t kw) {
  switch (w.padding) {
    case Window::Padding::Same: {
      const auto [t, b] = same_padding(h, kh, w.stride_h, w.dilation_h);
      const auto [l, r] = same_padding(wd, kw, w.stride_w, w.dilation_w);
      return {t, b, l, r};
    }
    case Window::Padding::Explicit:
      return {w.explicit_pad[0], w.explicit_pad[1], w.explicit_pad[2], w.explicit_pad[3]};
    case Window::Padding::Valid:
      break;
  }
  return {0, 0, 0, 0};
}

// Output length of a window of k taps (dilated) moved by `stride` over `in` padded by `before`
// and `after` pixels; 0 when it does not fit. In 128 bits: strides, dilations and explicit paddings
// come from model.json and may be anything up to 2^63.
std::int64_t window_out(std::int64_t in, std::int64_t before, std::int64_t after, std::int64_t k,
                        std::int64_t dilation, std::int64_t stride) {
  using Wide = __int128;
  const Wide span = Wide{in} + before + after - ((Wide{k} - 1) * dilation + 1);
  if (span < 0) return 0;
  const Wide out = span / stride + 1;
  return out > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(out);
}

// What a fused convolution adds after the convolution itself. TF writes fused_ops as BiasAdd then
// an activation; podium's own rewrites (graph_fuse.hpp) add "Add" (a residual addend, the last
// input), "Sigmoid" and "HardSwish" (with attribute hard_swish_scale).
struct FusedOps {
  bool bias = false;
  bool add = false;
  ConvActivation act = ConvActivation::None;
  float alpha = 0;  // LeakyRelu
  float scale = 1;  // HardSwish
};

FusedOps parse_fused_ops(const BuildContext& c) {
  const auto ops = c.attr_strings("fused_ops");
  FusedOps f;
  std::size_t i = 0;
  if (i < ops.size() && ops[i] == "BiasAdd") {
    f.bias = true;
    ++i;
  }
  if (i < ops.size() && ops[i] == "Add") {
    f.add = true;
    ++i;
  }
  if (i + 1 == ops.size()) {
    const std::string& op = ops[i];
    if (op == "Relu") {
      f.act = ConvActivation::Relu;
      ++i;
    } else if (op == "Relu6") {
      f.act = ConvActivation::Relu6;
      ++i;
    } else if (op == "LeakyRelu") {
      f.act = ConvActivation::LeakyRelu;
      f.alpha = static_cast<float>(c.attr_float("leakyrelu_alpha", 0.2));
      ++i;
    } else if (op == "Sigmoid") {
      f.act = ConvActivation::Sigmoid;
      ++i;
    } else if (op == "HardSwish" && !f.add) {
      f.act = ConvActivation::HardSwish;
      f.scale = static_cast<float>(c.attr_float("hard_swish_scale", 1.0));
      ++i;
    }
  }
  if (ops.empty()) c.fail("fused_ops is empty");
  if (i != ops.size()) {
    c.fail("fused op list element '" + ops[i] + "' is not supported (supported: BiasAdd, then " +
           "optionally Relu, Relu6, LeakyRelu or Sigmoid)");
  }
  const std::int64_t num_args = c.attr_int("num_args", 1);
  const int args = (f.bias ? 1 : 0) + (f.add ? 1 : 0);
  const std::size_t expected = 2 + static_cast<std::size_t>(args);
  if (num_args != args || c.num_inputs() != expected) {
    c.fail("num_args " + std::to_string(num_args) + " with " + std::to_string(c.num_inputs()) +
           " inputs does not match fused_ops");
  }
  return f;
}

// The activation of a fused convolution, on a tensor (the broadcasting-Add fallback).
at::Tensor conv_activation(const at::Tensor& y, const FusedOps& f) {
  switch (f.act) {
    case ConvActivation::Relu:
      return at::relu(y);
    case ConvActivation::Relu6:
      return at::clamp(y, 0, 6);
    case ConvActivation::LeakyRelu:
      return at::leaky_relu(y, f.alpha);
    case ConvActivation::HardSwish:
      return at::hardswish(y) * f.scale;
    case ConvActivation::Sigmoid:
      return at::sigmoid(y);
    case ConvActivation::None:
      break;
  }
  return y;
}

// Conv2D, _FusedConv2D, DepthwiseConv2dNative, FusedDepthwiseConv2dNative, through DnnlConv. The
// output is a buffer the node rewrites on its next run with the same input shape. That is safe:
// Model::Impl releases every runtime value within the run (after its last reader; outputs once
// copied out), and no op writes into its inputs. A node folded at load runs once and is dropped,
// its output then owned by the folded constant alone.
Op build_conv(const BuildContext& c, bool depthwise, bool fused) {
  const Window win = parse_window(c, true);
  const FusedOps f = fused ? parse_fused_ops(c) : FusedOps{};
  if (!fused && c.num_inputs() != 2) c.fail("expects 2 inputs");
  const at::Tensor& filter = c.require_const(1, "filter");
  if (filter.dim() != 4) {
    c.fail("filter has rank " + std::to_string(filter.dim()) + ", expected 4");
  }
  if (filter.scalar_type() != at::kFloat) c.fail("filter must be float32");
  if (filter.numel() == 0) {
    c.fail("filter has shape " + shape_string(filter.sizes().vec()) +
           ", expected no empty dimension");
  }
  const std::int64_t kh = filter.size(0), kw = filter.size(1);
  const std::int64_t in_c = filter.size(2);
  const std::int64_t out_c = depthwise ? filter.size(2) * filter.size(3) : filter.size(3);
  std::optional<at::Tensor> bias;
  if (f.bias) {
    const at::Tensor& b = c.require_const(2, "bias");
    if (b.dim() != 1 || b.size(0) != out_c) {
      c.fail("bias has shape " + shape_string(b.sizes().vec()) + ", expected [" +
             std::to_string(out_c) + "]");
    }
    if (b.scalar_type() != at::kFloat) c.fail("bias must be float32");
    bias = b;
  }
  const DnnlConvOptions options{
      .where = c.where(),
      .filter = filter,
      .depthwise = depthwise,
      .bias = bias,
      .stride = {win.stride_h, win.stride_w},
      .dilation = {win.dilation_h, win.dilation_w},
      .add = f.add,
      .activation = f.act,
      .leaky_alpha = f.alpha,
      .activation_scale = f.scale,
  };
  const auto conv = std::make_shared<DnnlConv>(options);
  // A fused Add whose addend broadcasts (the graph allowed it; oneDNN's sum does not) runs as
  // the convolution alone, then the Add and the activation on libtorch.
  std::shared_ptr<DnnlConv> plain;
  if (f.add) {
    DnnlConvOptions o = options;
    o.add = false;
    o.activation = ConvActivation::None;
    plain = std::make_shared<DnnlConv>(std::move(o));
  }
  const std::size_t addend_index = 2 + (f.bias ? 1 : 0);
  const std::string where = c.where();
  return {
      [=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
        const at::Tensor& x = in[0];
        // DnnlConv checks x; the padding needs its spatial size first.
        const auto pads = x.dim() == 4 ? paddings(win, x.size(1), x.size(2), kh, kw)
                                       : std::array<std::int64_t, 4>{};
        if (x.dim() == 4) {
          check_output(
              ctx,
              {x.size(0), window_out(x.size(1), pads[0], pads[1], kh, win.dilation_h, win.stride_h),
               window_out(x.size(2), pads[2], pads[3], kw, win.dilation_w, win.stride_w), out_c});
        }
        if (!f.add) {
          out[0] = conv->run(x, pads);
        } else {
          const at::Tensor& addend = in[addend_index];
          if (addend.scalar_type() != at::kFloat) {
            runtime_fail(where, std::string("the fused Add's addend has dtype ") +
                                    c10::toString(addend.scalar_type()) + ", expected float32");
          }
          const auto shape =
              x.dim() == 4 ? conv->output_shape(x, pads) : std::array<std::int64_t, 4>{};
          if (x.dim() == 4 && addend.sizes().equals(shape)) {
            out[0] = conv->run(x, pads, &addend);
          } else {
            const at::Tensor y = plain->run(x, pads);
            check_output(ctx, at::infer_size(y.sizes(), addend.sizes()));
            out[0] = conv_activation(y + addend, f);
          }
        }
        ctx.flops += 2 * out[0].numel() * kh * kw * (depthwise ? 1 : in_c);
      },
      1, true};
}

Op build_conv2d(const BuildContext& c) {
  return build_conv(c, false, false);
}
Op build_fused_conv2d(const BuildContext& c) {
  return build_conv(c, false, true);
}
Op build_depthwise(const BuildContext& c) {
  return build_conv(c, true, false);
}
Op build_fused_depthwise(const BuildContext& c) {
  return build_conv(c, true, true);
}

// Conv2DBackpropInput(input_sizes, filter [kh, kw, out_c, in_c], out_backprop): the transposed
// convolution whose forward convolution maps input_sizes to out_backprop's size.
Op build_conv_backprop_input(const BuildContext& c) {
  const Window win = parse_window(c, true);
  const at::Tensor& filter = c.require_const(1, "filter");
  if (filter.dim() != 4) c.fail("filter has rank " + std::to_string(filter.dim()) + ", expected 4");
  const std::int64_t kh = filter.size(0), kw = filter.size(1);
  const std::int64_t result_c = filter.size(2), grad_c = filter.size(3);
  // libtorch conv_transpose2d weight: [in (= out_backprop channels), out, kh, kw].
  const at::Tensor weight = filter.permute({3, 2, 0, 1}).contiguous();
  std::optional<std::vector<std::int64_t>> const_sizes;
  if (c.const_input(0)) const_sizes = to_int_vector(*c.const_input(0));
  const std::string where = c.where();
  return {
      [=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
        const std::vector<std::int64_t> sizes = const_sizes ? *const_sizes : to_int_vector(in[0]);
        const at::Tensor& dy = in[2];
        if (sizes.size() != 4 || dy.dim() != 4 || dy.size(3) != grad_c || sizes[3] != result_c) {
          throw Error(ErrorKind::Model, where + ": input_sizes " + shape_string(sizes) +
                                            " and out_backprop " + shape_string(dy.sizes().vec()) +
                                            " do not fit the filter");
        }
        check_output(ctx, sizes);
        // The transposed convolution first makes the whole strided, dilated plane, then crops.
        auto full_size = [](std::int64_t in, std::int64_t k, std::int64_t dilation,
                            std::int64_t stride) {
          const __int128 n = (__int128{in} - 1) * stride + (__int128{k} - 1) * dilation + 1;
          return n > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(n);
        };
        check_output(ctx,
                     {dy.size(0), result_c, full_size(dy.size(1), kh, win.dilation_h, win.stride_h),
                      full_size(dy.size(2), kw, win.dilation_w, win.stride_w)});
        const auto [pt, pb, pl, pr] = paddings(win, sizes[1], sizes[2], kh, kw);
        at::Tensor dyn = dy.permute({0, 3, 1, 2}).contiguous();
        at::Tensor full = at::conv_transpose2d(dyn, weight, {}, {win.stride_h, win.stride_w},
                                               {0, 0}, {0, 0}, 1, {win.dilation_h, win.dilation_w});
        ctx.flops += 2 * dy.numel() * kh * kw * result_c;
        // The forward convolution's padded input starts at -pt/-pl: crop (or zero-extend) to
        // the requested size.
        const std::int64_t fh = full.size(2), fw = full.size(3);
        const std::int64_t h = sizes[1], w = sizes[2];
        at::Tensor y = full.slice(2, pt, std::min(fh, pt + h)).slice(3, pl, std::min(fw, pl + w));
        if (y.size(2) < h || y.size(3) < w) {
          y = at::constant_pad_nd(y, {0, w - y.size(3), 0, h - y.size(2)}, 0);
        }
        (void)pb;
        (void)pr;
        out[0] = y.permute({0, 2, 3, 1}).contiguous();
      },
      1};
}

Op build_max_pool(const BuildContext& c) {
  const Window win = parse_window(c, false);
  const auto ksize = c.attr_ints("ksize");
  if (ksize.size() != 4 || ksize[0] != 1 || ksize[3] != 1 || ksize[1] < 1 || ksize[2] < 1) {
    c.fail("ksize must be [1,h,w,1] with h,w >= 1");
  }
  const std::int64_t kh = ksize[1], kw = ksize[2];
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            const at::Tensor& x = in[0];
            if (x.dim() != 4) {
              throw Error(ErrorKind::Model,
                          where + ": input has rank " + std::to_string(x.dim()) + ", expected 4");
            }
            auto [pt, pb, pl, pr] = paddings(win, x.size(1), x.size(2), kh, kw);
            // The padded input may be far larger than x: SAME padding grows with ksize.
            check_output(ctx, {x.size(0), window_out(x.size(1), pt, pb, 1, 1, 1),
                               window_out(x.size(2), pl, pr, 1, 1, 1), x.size(3)});
            at::Tensor xn = x.permute({0, 3, 1, 2}).contiguous(at::MemoryFormat::ChannelsLast);
            if (pt != pb || pl != pr || 2 * pt > kh || 2 * pl > kw) {
              xn =
                  at::constant_pad_nd(xn, {pl, pr, pt, pb}, -std::numeric_limits<float>::infinity())
                      .contiguous(at::MemoryFormat::ChannelsLast);
              pt = pl = 0;
            }
            at::Tensor y = at::max_pool2d(xn, {kh, kw}, {win.stride_h, win.stride_w}, {pt, pl});
            out[0] = y.permute({0, 2, 3, 1});
          },
          1};
}

}  // namespace

void add_conv_ops(OpTable& t) {
  t.push_back({"Conv2D", {build_conv2d, 2, 2}});
  t.push_back({"_FusedConv2D", {build_fused_conv2d, 2, 4}});
  t.push_back({"DepthwiseConv2dNative", {build_depthwise, 2, 2}});
  t.push_back({"FusedDepthwiseConv2dNative", {build_fused_depthwise, 2, 4}});
  t.push_back({"Conv2DBackpropInput", {build_conv_backprop_input, 3, 3}});
  t.push_back({"MaxPool", {build_max_pool, 1, 1}});
}

}  // namespace podium::nn
