// Op tests for src/nn/ops_conv.cpp: each op against a plain-loop reference.
//
// One tap enumeration (Conv::each_tap) defines the geometry of every op here: the forward
// convolution sums over it, the input gradient scatters back along it, max pooling maxes over it.
// The padding arithmetic is TensorFlow's, written out again below rather than taken from the
// runtime, so a shared mistake cannot pass.
#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "nn/ops/op_case.hpp"

namespace podium::nn::test {
namespace {

constexpr double kAtol = 1e-5;
constexpr double kRtol = 1e-5;

struct Window {
  std::string padding = "VALID";  // SAME, VALID or EXPLICIT
  std::int64_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  std::array<std::int64_t, 4> explicit_pad{};  // top, bottom, left, right
};

// One spatial dimension as TensorFlow resolves it.
struct Dim {
  std::int64_t before = 0, after = 0, out = 0;
};

Dim resolve(const std::string& padding, std::int64_t in, std::int64_t k, std::int64_t stride,
            std::int64_t dilation, std::int64_t before, std::int64_t after) {
  const std::int64_t effective = (k - 1) * dilation + 1;
  if (padding == "SAME") {
    // Output ceil(in / stride); the odd pixel of the total padding goes after (bottom/right).
    const std::int64_t out = (in + stride - 1) / stride;
    const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + effective - in, 0);
    return {total / 2, total - total / 2, out};
  }
  if (padding == "VALID") before = after = 0;
  return {before, after, (in + before + after - effective) / stride + 1};
}

struct Conv {
  Shape x;  // [n, h, w, c]
  Shape w;  // [kh, kw, c, out] dense, [kh, kw, c, mult] depthwise
  bool depthwise = false;
  Window win;

  Dim dim_h() const {
    return resolve(win.padding, x[1], w[0], win.stride_h, win.dilation_h, win.explicit_pad[0],
                   win.explicit_pad[1]);
  }
  Dim dim_w() const {
    return resolve(win.padding, x[2], w[1], win.stride_w, win.dilation_w, win.explicit_pad[2],
                   win.explicit_pad[3]);
  }
  Shape y() const { return {x[0], dim_h().out, dim_w().out, depthwise ? x[3] * w[3] : w[3]}; }

  // tap(x_index, y_index, w_index) for every filter tap of every output element that lands inside
  // x. Taps over padding are skipped: zero padding for a sum, -inf padding for a max.
  template <class Tap>
  void each_tap(Tap tap) const {
    const Dim dh = dim_h(), dw = dim_w();
    const Shape ys = y();
    for (std::int64_t n = 0; n < x[0]; ++n)
      for (std::int64_t oy = 0; oy < dh.out; ++oy)
        for (std::int64_t ox = 0; ox < dw.out; ++ox)
          for (std::int64_t ky = 0; ky < w[0]; ++ky)
            for (std::int64_t kx = 0; kx < w[1]; ++kx) {
              const std::int64_t iy = oy * win.stride_h - dh.before + ky * win.dilation_h;
              const std::int64_t ix = ox * win.stride_w - dw.before + kx * win.dilation_w;
              if (iy < 0 || iy >= x[1] || ix < 0 || ix >= x[2]) continue;
              for (std::int64_t c = 0; c < x[3]; ++c)
                for (std::int64_t j = 0; j < w[3]; ++j) {
                  const std::int64_t yc = depthwise ? c * w[3] + j : j;
                  tap(flat_index(x, {n, iy, ix, c}), flat_index(ys, {n, oy, ox, yc}),
                      flat_index(w, {ky, kx, c, j}));
                }
            }
  }
};

HostTensor to_float(Shape shape, const std::vector<double>& v) {
  return tensor_f(std::move(shape), std::vector<float>(v.begin(), v.end()));
}

std::int64_t numel(const Shape& s) {
  std::int64_t n = 1;
  for (std::int64_t d : s)
    n *= d;
  return n;
}

HostTensor conv_ref(const Conv& g, const HostTensor& x, const HostTensor& w) {
  std::vector<double> y(numel(g.y()));
  g.each_tap(
      [&](std::int64_t xi, std::int64_t yi, std::int64_t wi) { y[yi] += x.at(xi) * w.at(wi); });
  return to_float(g.y(), y);
}

// The gradient of conv_ref with respect to x: every product x*w sends dy back to its x.
HostTensor conv_input_grad_ref(const Conv& g, const HostTensor& dy, const HostTensor& w) {
  std::vector<double> dx(numel(g.x));
  g.each_tap(
      [&](std::int64_t xi, std::int64_t yi, std::int64_t wi) { dx[xi] += dy.at(yi) * w.at(wi); });
  return to_float(g.x, dx);
}

HostTensor max_pool_ref(const Conv& g, const HostTensor& x) {
  std::vector<double> y(numel(g.y()), -std::numeric_limits<double>::infinity());
  g.each_tap(
      [&](std::int64_t xi, std::int64_t yi, std::int64_t) { y[yi] = std::max(y[yi], x.at(xi)); });
  return to_float(g.y(), y);
}

// BiasAdd, then the optional activation, as _FusedConv2D lists them.
HostTensor fused_ref(HostTensor y, const HostTensor& bias, const std::vector<std::string>& ops,
                     float alpha) {
  const std::int64_t c = bias.numel();
  for (std::int64_t i = 0; i < y.numel(); ++i) {
    float v = y.values<float>()[i] + bias.values<float>()[i % c];
    if (ops.size() > 1 && ops[1] == "Relu") v = std::max(v, 0.0F);
    if (ops.size() > 1 && ops[1] == "Relu6") v = std::clamp(v, 0.0F, 6.0F);
    if (ops.size() > 1 && ops[1] == "LeakyRelu") v = v < 0 ? alpha * v : v;
    y.values<float>()[i] = v;
  }
  return y;
}

OpCase windowed_op(const std::string& op, const Window& win, bool with_dilations = true) {
  OpCase c(op);
  c.attr("padding", attr_s(win.padding))
      .attr("strides", attr_ints({1, win.stride_h, win.stride_w, 1}));
  if (with_dilations) c.attr("dilations", attr_ints({1, win.dilation_h, win.dilation_w, 1}));
  if (win.padding == "EXPLICIT") {
    const auto& p = win.explicit_pad;
    c.attr("explicit_paddings", attr_ints({0, 0, p[0], p[1], p[2], p[3], 0, 0}));
  }
  return c;
}

std::string describe(const Conv& g) {
  const Window& w = g.win;
  std::string s = "x " + shape_string(g.x) + " w " + shape_string(g.w) + " " + w.padding;
  // Appended piecewise: GCC 12 misreports " " + std::string as an overlapping memcpy.
  if (w.padding == "EXPLICIT") s.append(" ").append(shape_string(w.explicit_pad));
  return s + " stride " + std::to_string(w.stride_h) + "x" + std::to_string(w.stride_w) +
         " dilation " + std::to_string(w.dilation_h) + "x" + std::to_string(w.dilation_w);
}

Window same(std::int64_t s, std::int64_t d = 1) {
  return {"SAME", s, s, d, d, {}};
}
Window valid(std::int64_t s, std::int64_t d = 1) {
  return {"VALID", s, s, d, d, {}};
}

// Runs `op` (input x, constant filter) over every geometry against conv_ref.
void check_plain_conv(const std::string& op, const std::vector<Conv>& cases) {
  std::uint32_t seed = 1;
  for (const Conv& g : cases) {
    SCOPED_TRACE(describe(g));
    const HostTensor x = random_f(g.x, seed++);
    const HostTensor w = random_f(g.w, seed++);
    OpCase c = windowed_op(op, g.win);
    c.input(x).constant(w);
    expect_near(c.run().at(0), conv_ref(g, x, w), kAtol, kRtol);
  }
}

// Every fused_ops list the runtime accepts, then one it must reject.
void check_fused_conv(const std::string& op, Conv g) {
  struct Fused {
    std::vector<std::string> ops;
    float alpha = 0.2F;  // TensorFlow's default when leakyrelu_alpha is absent
    bool set_alpha = false;
  };
  const std::vector<Fused> lists = {{{"BiasAdd"}},
                                    {{"BiasAdd", "Relu"}},
                                    {{"BiasAdd", "Relu6"}},
                                    {{"BiasAdd", "LeakyRelu"}, 0.3F, true},
                                    {{"BiasAdd", "LeakyRelu"}}};
  // Inputs in [-3, 3) push pre-activations past 6, so Relu6 clips at both ends.
  const HostTensor x = random_f(g.x, 21, -3, 3);
  const HostTensor w = random_f(g.w, 22);
  const HostTensor bias = random_f({g.y()[3]}, 23);
  for (const auto& [ops, alpha, set_alpha] : lists) {
    SCOPED_TRACE(ops.back() + " alpha " + std::to_string(alpha));
    OpCase c = windowed_op(op, g.win);
    c.input(x).constant(w).constant(bias).attr("fused_ops", attr_strings(ops));
    c.attr("num_args", attr_i(1));
    if (set_alpha) c.attr("leakyrelu_alpha", attr_f(alpha));
    expect_near(c.run().at(0), fused_ref(conv_ref(g, x, w), bias, ops, alpha), kAtol, kRtol);
  }
  OpCase rejected = windowed_op(op, g.win);
  rejected.input(x).constant(w).constant(bias).attr("num_args", attr_i(1));
  rejected.attr("fused_ops", attr_strings({"BiasAdd", "Elu"}));
  rejected.expect_error("fused op list element 'Elu' is not supported");
}

TEST(ConvOps, Conv2D) {
  // TensorFlow rejects strides > 1 together with dilations > 1, so they never meet here.
  const Window explicit_uneven{"EXPLICIT", 2, 2, 1, 1, {1, 2, 0, 3}};
  const Window explicit_even{"EXPLICIT", 1, 1, 1, 1, {2, 2, 1, 1}};
  const Window stride_1x2{"SAME", 1, 2, 1, 1, {}};
  const std::vector<Conv> cases = {
      {{1, 13, 13, 3}, {3, 3, 3, 5}, false, same(2)},  // 13: one pixel each side
      {{2, 12, 12, 3}, {3, 3, 3, 4}, false, same(2)},  // 12: one pixel after only
      {{1, 12, 13, 1}, {5, 5, 1, 3}, false, same(2)},  // 1 before 2 after, 2 each side
      {{1, 12, 12, 3}, {1, 1, 3, 2}, false, same(2)},  // no padding at all
      {{1, 1, 1, 2}, {3, 3, 2, 3}, false, same(1)},    // only the centre tap lands
      {{1, 1, 1, 3}, {1, 1, 3, 1}, false, valid(1)},
      {{1, 13, 12, 3}, {3, 3, 3, 2}, false, valid(3)},
      {{1, 13, 11, 1}, {5, 5, 1, 3}, false, valid(2)},
      {{1, 13, 13, 2}, {3, 3, 2, 3}, false, same(1, 2)},
      {{1, 12, 11, 3}, {3, 3, 3, 2}, false, valid(1, 2)},
      {{1, 12, 13, 3}, {3, 3, 3, 2}, false, stride_1x2},
      {{1, 7, 6, 3}, {3, 3, 3, 2}, false, explicit_uneven},
      {{1, 6, 7, 1}, {5, 5, 1, 2}, false, explicit_even},
  };
  check_plain_conv("Conv2D", cases);
}

TEST(ConvOps, FusedConv2D) {
  check_fused_conv("_FusedConv2D", {{2, 12, 11, 5}, {3, 3, 5, 3}, false, same(2)});
}

TEST(ConvOps, DepthwiseConv2dNative) {
  const std::vector<Conv> cases = {
      {{1, 13, 13, 3}, {3, 3, 3, 2}, true, same(2)},
      {{2, 12, 12, 1}, {5, 5, 1, 3}, true, same(2)},
      {{1, 12, 13, 5}, {3, 3, 5, 1}, true, same(2)},
      {{1, 1, 1, 3}, {3, 3, 3, 1}, true, same(1)},
      {{1, 13, 13, 3}, {1, 1, 3, 2}, true, valid(3)},
      {{1, 13, 12, 5}, {3, 3, 5, 1}, true, same(1, 2)},
      {{1, 12, 11, 3}, {3, 3, 3, 2}, true, valid(1, 2)},
  };
  check_plain_conv("DepthwiseConv2dNative", cases);
}

TEST(ConvOps, FusedDepthwiseConv2dNative) {
  check_fused_conv("FusedDepthwiseConv2dNative", {{1, 13, 12, 3}, {3, 3, 3, 2}, true, same(2)});
}

// A convolution node keeps a primitive per input shape and thread count and writes every run into
// an output buffer it owns: one model run on alternating shapes and thread counts must give each
// run its own answer.
TEST(ConvOps, OneModelRunOnAlternatingShapesAndThreadCounts) {
  const int threads_before = threads();
  for (const bool depthwise : {false, true}) {
    const std::string op = depthwise ? "FusedDepthwiseConv2dNative" : "_FusedConv2D";
    SCOPED_TRACE(op);
    const Window win = same(2);
    const HostTensor w = random_f({3, 3, 3, 2}, 41);
    const HostTensor bias = random_f({depthwise ? 6 : 2}, 42);
    const std::vector<std::string> ops = {"BiasAdd", "Relu6"};
    OpCase c = windowed_op(op, win);
    c.input(random_f({1, 13, 13, 3}, 43)).constant(w).constant(bias);
    c.attr("fused_ops", attr_strings(ops)).attr("num_args", attr_i(1));
    Model model = c.load_open();
    const std::vector<std::pair<Shape, int>> runs = {{{1, 13, 13, 3}, 1}, {{2, 12, 11, 3}, 1},
                                                     {{1, 13, 13, 3}, 2}, {{2, 12, 11, 3}, 2},
                                                     {{1, 13, 13, 3}, 1}, {{1, 13, 13, 3}, 1}};
    std::uint32_t seed = 50;
    for (const auto& [shape, n_threads] : runs) {
      const Conv g{shape, w.shape, depthwise, win};
      SCOPED_TRACE(describe(g) + " threads " + std::to_string(n_threads));
      set_threads(n_threads);
      const HostTensor x = random_f(shape, seed++, -3, 3);
      expect_near(model.run({x}).at(0), fused_ref(conv_ref(g, x, w), bias, ops, 0), kAtol, kRtol);
    }
  }
  set_threads(threads_before);
}

TEST(ConvOps, RejectsInputsItCannotConvolve) {
  OpCase small = windowed_op("Conv2D", valid(1));
  small.input(random_f({1, 2, 3, 3}, 1)).constant(random_f({3, 3, 3, 2}, 2));
  small.expect_error("is smaller than the filter window 3x3");
  OpCase ints = windowed_op("DepthwiseConv2dNative", same(1));
  ints.input(random_i({1, 4, 4, 3}, 3, -2, 2)).constant(random_f({3, 3, 3, 1}, 4));
  ints.expect_error("expected float32");
  OpCase channels = windowed_op("Conv2D", same(1));
  channels.input(random_f({1, 4, 4, 2}, 5)).constant(random_f({3, 3, 3, 1}, 6));
  channels.expect_error("input has shape [1,4,4,2], expected [N,H,W,3]");
}

TEST(ConvOps, Conv2DBackpropInput) {
  const std::vector<Conv> cases = {
      {{1, 13, 13, 3}, {3, 3, 3, 2}, false, same(1)},
      {{1, 13, 13, 3}, {3, 3, 3, 2}, false, same(2)},
      {{2, 12, 12, 3}, {3, 3, 3, 2}, false, same(2)},  // padding only after
      {{1, 13, 11, 1}, {5, 5, 1, 3}, false, same(2)},
      {{1, 13, 13, 2}, {3, 3, 2, 1}, false, same(3)},
      {{1, 12, 12, 3}, {1, 1, 3, 2}, false, same(2)},  // the last row and column see no tap
      {{1, 9, 7, 3}, {5, 5, 3, 2}, false, valid(1)},
      {{1, 13, 12, 1}, {3, 3, 1, 3}, false, valid(2)},  // the last column sees no tap
  };
  std::uint32_t seed = 1;
  for (const Conv& g : cases) {
    SCOPED_TRACE(describe(g));
    const HostTensor w = random_f(g.w, seed++);
    const HostTensor dy = random_f(g.y(), seed++);
    const Shape& s = g.x;
    OpCase c = windowed_op("Conv2DBackpropInput", g.win);
    c.constant(tensor_i({4}, {static_cast<std::int32_t>(s[0]), static_cast<std::int32_t>(s[1]),
                              static_cast<std::int32_t>(s[2]), static_cast<std::int32_t>(s[3])}));
    c.constant(w).input(dy);
    expect_near(c.run().at(0), conv_input_grad_ref(g, dy, w), kAtol, kRtol);
  }
}

TEST(ConvOps, MaxPool) {
  struct Case {
    Shape x;
    std::int64_t k;
    Window win;
  };
  const std::vector<Case> cases = {
      {{1, 13, 13, 3}, 3, same(2)},   // one pixel each side
      {{2, 12, 12, 3}, 3, same(2)},   // one pixel after only
      {{1, 12, 13, 1}, 2, same(2)},   // H needs none, W one after
      {{1, 1, 1, 3}, 3, same(1)},     // nothing but padding around
      {{1, 13, 12, 1}, 5, same(1)},   // two each side
      {{1, 13, 13, 3}, 2, valid(2)},  // the last row is dropped
      {{1, 13, 12, 1}, 3, valid(3)},
  };
  std::uint32_t seed = 1;
  for (const auto& [shape, k, win] : cases) {
    // A pooling window is a depthwise window with multiplier 1 and no dilation.
    const Conv g{shape, {k, k, shape[3], 1}, true, win};
    SCOPED_TRACE(describe(g));
    // All negative: a max over zero padding would return 0 at the borders.
    const HostTensor x = random_f(shape, seed++, -2, -1);
    OpCase c = windowed_op("MaxPool", win, false);
    c.input(x).attr("ksize", attr_ints({1, k, k, 1}));
    expect_near(c.run().at(0), max_pool_ref(g, x), 0);
  }
}

}  // namespace
}  // namespace podium::nn::test
