// The layout rewrite (src/nn/graph_layout.hpp) on small graphs written as ONNX → TF.js
// conversions write them: NCHW values, each NHWC convolution between two Transposes. The
// Transposes cancel, the Pads and LeakyRelus then fuse (graph_fuse.hpp), and every output equals
// the unfused graph's; Transposes that do not cancel, and outputs, stay as they were.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <utility>

#include "nn/fuse/graph_case.hpp"

namespace podium::nn::test {
namespace {

constexpr double kAtol = 1e-5;
constexpr double kRtol = 1e-5;

const std::vector<std::int32_t> kToNchw = {0, 3, 1, 2};
const std::vector<std::int32_t> kToNhwc = {0, 2, 3, 1};

Json layout_conv_attrs(const std::string& padding) {
  return {{"padding", attr_s(padding)}, {"strides", attr_ints({1, 1, 1, 1})}};
}

std::pair<Model, Model> layout_fused_and_plain(const GraphCase& g, const HostTensor& x) {
  Model fused = g.load({.fuse = true});
  Model plain = g.load({.fuse = false});
  const auto a = fused.run({x});
  const auto b = plain.run({x});
  EXPECT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
    SCOPED_TRACE("output " + std::to_string(k));
    expect_near(a[k], b[k], kAtol, kRtol);
  }
  return {std::move(fused), std::move(plain)};
}

// conv -> bias Add -> Transpose to NCHW -> LeakyRelu, as NanoDet's converter writes each layer.
void onnx_conv(GraphCase& g, const std::string& name, const std::string& input, int in_c, int out_c,
               int k, std::uint32_t seed) {
  g.constant(name + "/w", random_f({k, k, in_c, out_c}, seed));
  g.constant(name + "/b", random_f({out_c}, seed + 100));
  g.node(name + "/conv", "Conv2D", {input, name + "/w"}, layout_conv_attrs("VALID"));
  g.node(name + "/bias", "Add", {name + "/conv", name + "/b"});
  g.node(name + "/nchw", "Transpose", {name + "/bias", "to_nchw"});
  g.node(name, "LeakyRelu", {name + "/nchw"}, {{"alpha", attr_f(0.1)}});
}

// An NCHW input; Pad -> Transpose -> conv layers; a concatenation and an Add of two branches;
// a -inf PadV2 before a max pool; one output left in NCHW, one read by a last convolution.
GraphCase onnx_style_graph() {
  GraphCase g;
  g.input("x", {1, 4, 9, 9});
  g.constant("to_nchw", tensor_i({4}, kToNchw));
  g.constant("to_nhwc", tensor_i({4}, kToNhwc));
  g.constant("pads", tensor_i({4, 2}, {0, 0, 0, 0, 1, 1, 1, 2}));
  g.node("p0", "Pad", {"x", "pads"});
  g.node("t0", "Transpose", {"p0", "to_nhwc"});
  onnx_conv(g, "l0", "t0", 4, 6, 3, 1);
  // H and W padded differently (the size kept), so that a wrongly permuted padding shows.
  g.constant("keep_pads", tensor_i({4, 2}, {0, 0, 0, 0, 1, 1, 2, 0}));
  g.node("p1", "Pad", {"l0", "keep_pads"});
  g.node("t1", "Transpose", {"p1", "to_nhwc"});
  onnx_conv(g, "l1", "t1", 6, 6, 3, 2);
  g.constant("axis", scalar_i(1));
  g.node("cat", "ConcatV2", {"l1", "l0", "axis"});
  g.constant("half", scalar_f(0.5F));
  g.node("s", "Mul", {"cat", "half"});
  g.constant("neg_inf", scalar_f(-std::numeric_limits<float>::infinity()));
  g.constant("same_pads", tensor_i({4, 2}, {0, 0, 0, 0, 1, 1, 1, 1}));
  g.node("pm", "PadV2", {"s", "same_pads", "neg_inf"});
  g.node("t3", "Transpose", {"pm", "to_nhwc"});
  g.node("mp", "MaxPool", {"t3"},
         {{"padding", attr_s("VALID")},
          {"ksize", attr_ints({1, 3, 3, 1})},
          {"strides", attr_ints({1, 2, 2, 1})}});
  g.node("t4", "Transpose", {"mp", "to_nchw"});
  g.node("out0", "Identity", {"t4"});
  g.node("a", "AddV2", {"l1", "l0"});
  g.node("t5", "Transpose", {"a", "to_nhwc"});
  g.constant("w2", random_f({1, 1, 6, 2}, 3));
  g.node("c2", "Conv2D", {"t5", "w2"}, layout_conv_attrs("VALID"));
  g.node("out1", "Identity", {"c2"});
  return g;
}

TEST(Layout, TheTransposesOfAnOnnxConversionCancelAndTheConvolutionsFuse) {
  const auto [fused, plain] = layout_fused_and_plain(onnx_style_graph(), random_f({1, 4, 9, 9}, 4));
  const GraphSummary& s = fused.summary();
  // t0 stays (hoisted onto the input), t4 stays (its NCHW value is an output): 7 -> 2.
  EXPECT_EQ(s.transposes_removed, 5u);
  EXPECT_EQ(s.pads_folded, 3u);        // p0 and p1 into convolutions, pm into the max pool
  EXPECT_EQ(s.biases_fused, 2u);       // the bias Adds
  EXPECT_EQ(s.activations_fused, 2u);  // the LeakyRelus, with their alpha
  EXPECT_EQ(plain.summary().transposes_removed, 0u);
  EXPECT_LT(s.steps + 10, plain.summary().steps);
}

TEST(Layout, TheRewrittenGraphRunsAgainWithTheSameResults) {
  Model fused = onnx_style_graph().load({.fuse = true});
  const HostTensor x = random_f({1, 4, 9, 9}, 5);
  const auto a = fused.run({x});
  fused.run({random_f({1, 4, 9, 9}, 6)});
  const auto b = fused.run({x});
  for (std::size_t k = 0; k < a.size(); ++k)
    expect_equal(a[k], b[k]);
}

TEST(Layout, TransposesThatDoNotCancelStay) {
  GraphCase g;
  g.input("x", {1, 3, 4, 5});
  g.constant("to_nchw", tensor_i({4}, kToNchw));
  g.node("t0", "Transpose", {"x", "to_nchw"});
  g.node("r", "Relu", {"t0"});
  g.node("t1", "Transpose", {"r", "to_nchw"});  // twice the same perm: not the identity
  g.node("out", "Identity", {"t1"});
  const auto [fused, plain] = layout_fused_and_plain(g, random_f({1, 3, 4, 5}, 1));
  EXPECT_EQ(fused.summary().transposes_removed, 0u);
  EXPECT_EQ(fused.summary().steps, plain.summary().steps);
}

TEST(Layout, AnOutputReadThroughATransposeKeepsItsLayout) {
  GraphCase g;
  g.input("x", {1, 6, 6, 4});
  g.constant("to_nchw", tensor_i({4}, kToNchw));
  g.constant("to_nhwc", tensor_i({4}, kToNhwc));
  g.node("t0", "Transpose", {"x", "to_nchw"});
  g.node("r", "Relu", {"t0"});  // an output (nothing reads it), in NCHW
  g.node("l", "LeakyRelu", {"t0"}, {{"alpha", attr_f(0.2)}});
  g.constant("pads", tensor_i({4, 2}, {0, 0, 0, 0, 1, 1, 1, 1}));
  g.node("p", "Pad", {"l", "pads"});
  g.node("t1", "Transpose", {"p", "to_nhwc"});
  g.constant("w", random_f({3, 3, 4, 3}, 2));
  g.node("c", "Conv2D", {"t1", "w"}, layout_conv_attrs("VALID"));
  const auto [fused, plain] = layout_fused_and_plain(g, random_f({1, 6, 6, 4}, 3));
  ASSERT_EQ(fused.outputs().size(), 2u);
  EXPECT_EQ(fused.outputs()[0].shape, plain.outputs()[0].shape);
  EXPECT_EQ(fused.summary().transposes_removed, 1u);  // r becomes the one Transpose left
  EXPECT_EQ(fused.summary().pads_folded, 1u);
}

TEST(Layout, AZeroPadBeforeAMaxPoolStays) {
  // Zero is not what a max pool pads with: the padding wins windows of negative values.
  GraphCase g;
  g.input("x", {1, 6, 6, 2});
  g.constant("pads", tensor_i({4, 2}, {0, 0, 1, 1, 1, 1, 0, 0}));
  g.constant("zero", scalar_f(0));
  g.node("p", "PadV2", {"x", "pads", "zero"});
  g.node("mp", "MaxPool", {"p"},
         {{"padding", attr_s("VALID")},
          {"ksize", attr_ints({1, 3, 3, 1})},
          {"strides", attr_ints({1, 2, 2, 1})}});
  g.node("out", "Identity", {"mp"});
  const auto [fused, plain] = layout_fused_and_plain(g, random_f({1, 6, 6, 2}, 1, -2, -1));
  EXPECT_EQ(fused.summary().pads_folded, 0u);
  EXPECT_EQ(fused.summary().steps, plain.summary().steps);
}

}  // namespace
}  // namespace podium::nn::test
