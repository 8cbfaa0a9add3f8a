// The load-time fusions (src/nn/graph_fuse.hpp) on small graphs this test writes: each pattern is
// fused (the summary counts it and the graph runs fewer steps) and the outputs equal the unfused
// graph's, whose ops op_case tests against plain loops; patterns that must not fuse are left.
#include <gtest/gtest.h>

#include <string>

#include "nn/fuse/graph_case.hpp"
#include "podium/core/error.hpp"

namespace podium::nn::test {
namespace {

constexpr double kAtol = 1e-5;
constexpr double kRtol = 1e-5;

Json conv_attrs(const std::string& padding, const std::vector<std::string>& fused_ops = {}) {
  Json a = {{"padding", attr_s(padding)}, {"strides", attr_ints({1, 1, 1, 1})}};
  if (!fused_ops.empty()) {
    a["fused_ops"] = attr_strings(fused_ops);
    a["num_args"] = attr_i(1);
  }
  return a;
}

// Runs the graph fused and unfused on the same input; expects the same outputs.
std::pair<Model, Model> expect_fused_equal(const GraphCase& g, const HostTensor& x) {
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

// Pad -> two convolutions; residual Add + Relu6; hard swish; a one-channel head and its Sigmoid;
// an Add whose addend broadcasts; a bias written as an Add of a constant.
GraphCase every_pattern() {
  GraphCase g;
  g.input("x", {1, 9, 9, 4});
  g.constant("pads", tensor_i({4, 2}, {0, 0, 1, 2, 2, 1, 0, 0}));
  g.node("p", "Pad", {"x", "pads"});
  g.constant("w1", random_f({3, 3, 4, 8}, 1));
  g.constant("b1", random_f({8}, 2));
  g.node("c1", "_FusedConv2D", {"p", "w1", "b1"}, conv_attrs("VALID", {"BiasAdd"}));
  g.constant("w2", random_f({3, 3, 4, 8}, 3));
  g.constant("b2", random_f({8}, 4));
  g.node("c2", "_FusedConv2D", {"p", "w2", "b2"}, conv_attrs("VALID", {"BiasAdd", "Relu"}));
  g.node("a", "AddV2", {"c2", "c1"});
  g.node("y", "Relu6", {"a"});
  // Hard swish as MobileNetV3 writes it, with 1/6 as a float16 weight holds it.
  g.constant("w3", random_f({1, 1, 8, 8}, 5));
  g.constant("b3", random_f({8}, 6));
  g.node("c3", "_FusedConv2D", {"y", "w3", "b3"}, conv_attrs("SAME", {"BiasAdd"}));
  g.constant("three", scalar_f(3));
  g.constant("sixth", scalar_f(0.1666259765625F));
  g.node("t", "AddV2", {"c3", "three"});
  g.node("u", "Relu6", {"t"});
  g.node("m", "Mul", {"sixth", "c3"});
  g.node("hs", "Mul", {"m", "u"});
  g.constant("w4", random_f({3, 3, 8, 1}, 7));
  g.constant("b4", random_f({1}, 8));
  g.node("head", "_FusedConv2D", {"hs", "w4", "b4"}, conv_attrs("SAME", {"BiasAdd"}));
  g.node("sig", "Sigmoid", {"head"});
  g.node("out0", "Identity", {"sig"});
  // The addend [1, 1, 1, 8] broadcasts: fused, then run outside oneDNN.
  g.constant("axes", tensor_i({2}, {1, 2}));
  g.node("g", "Mean", {"y", "axes"}, {{"keep_dims", attr_b(true)}});
  g.constant("w5", random_f({1, 1, 8, 8}, 9));
  g.node("c5", "Conv2D", {"hs", "w5"}, conv_attrs("VALID"));
  g.node("z", "AddV2", {"g", "c5"});
  g.node("out1", "Identity", {"z"});
  // A bias written as an Add of a constant, as ONNX conversions do.
  g.constant("w6", random_f({3, 3, 8, 1}, 11));
  g.constant("b6", random_f({8}, 12));
  g.node("c6", "DepthwiseConv2dNative", {"hs", "w6"}, conv_attrs("SAME"));
  g.node("biased", "Add", {"c6", "b6"});
  g.node("out2", "Identity", {"biased"});
  return g;
}

TEST(Fuse, EveryPatternFusesAndKeepsTheOutputs) {
  const auto [fused, plain] = expect_fused_equal(every_pattern(), random_f({1, 9, 9, 4}, 10));
  const GraphSummary& s = fused.summary();
  EXPECT_EQ(s.pads_folded, 1u);
  EXPECT_EQ(s.adds_fused, 2u);
  EXPECT_EQ(s.activations_fused, 2u);
  EXPECT_EQ(s.hard_swish_fused, 1u);
  EXPECT_EQ(s.biases_fused, 1u);
  // Pad, the residual Add and Relu6, the hard swish's Add, Relu6 and two Muls, the Sigmoid, the
  // broadcasting Add, the bias Add.
  EXPECT_EQ(plain.summary().steps - s.steps, 10u);
  EXPECT_EQ(plain.summary().pads_folded + plain.summary().adds_fused, 0u);
}

TEST(Fuse, TheFusedGraphRunsAgainWithTheSameResults) {
  Model fused = every_pattern().load({.fuse = true});
  const HostTensor x = random_f({1, 9, 9, 4}, 11);
  const auto a = fused.run({x});
  fused.run({random_f({1, 9, 9, 4}, 12)});
  const auto b = fused.run({x});
  for (std::size_t k = 0; k < a.size(); ++k)
    expect_equal(a[k], b[k]);
}

TEST(Fuse, PadsThatAreNotAZeroSpatialPaddingStay) {
  GraphCase g;
  g.input("x", {1, 6, 6, 4});
  // A non-zero constant, then a channel padding: neither is a convolution's padding.
  g.constant("pads", tensor_i({4, 2}, {0, 0, 1, 1, 1, 1, 0, 0}));
  g.constant("one", scalar_f(1));
  g.node("p1", "PadV2", {"x", "pads", "one"});
  g.constant("w1", random_f({3, 3, 4, 4}, 1));
  g.node("c1", "Conv2D", {"p1", "w1"}, conv_attrs("VALID"));
  g.constant("cpads", tensor_i({4, 2}, {0, 0, 0, 0, 0, 0, 2, 2}));
  g.node("p2", "Pad", {"c1", "cpads"});
  g.constant("w2", random_f({1, 1, 8, 4}, 2));
  g.node("c2", "Conv2D", {"p2", "w2"}, conv_attrs("VALID"));
  // A SAME convolution after a zero Pad: the two paddings do not simply add up.
  g.constant("zpads", tensor_i({4, 2}, {0, 0, 1, 0, 1, 0, 0, 0}));
  g.node("p3", "Pad", {"c2", "zpads"});
  g.constant("w3", random_f({3, 3, 4, 4}, 3));
  g.node("c3", "Conv2D", {"p3", "w3"}, conv_attrs("SAME"));
  g.node("out", "Identity", {"c3"});
  const auto [fused, plain] = expect_fused_equal(g, random_f({1, 6, 6, 4}, 4));
  EXPECT_EQ(fused.summary().pads_folded, 0u);
  EXPECT_EQ(fused.summary().steps, plain.summary().steps);
}

TEST(Fuse, AnAddIsNotFusedIntoAConvolutionSomethingElseReads) {
  GraphCase g;
  g.input("x", {1, 5, 5, 4});
  g.constant("w1", random_f({3, 3, 4, 4}, 1));
  g.node("c1", "Conv2D", {"x", "w1"}, conv_attrs("SAME"));
  g.node("a", "AddV2", {"x", "c1"});
  g.node("r", "Relu6", {"a"});
  g.node("out0", "Identity", {"r"});
  g.node("out1", "Identity", {"c1"});  // c1 is read twice
  // A convolution with its own activation: Add after Relu is not Relu after Add.
  g.constant("w2", random_f({3, 3, 4, 4}, 2));
  g.constant("b2", random_f({4}, 3));
  g.node("c2", "_FusedConv2D", {"x", "w2", "b2"}, conv_attrs("SAME", {"BiasAdd", "Relu"}));
  g.node("a2", "AddV2", {"c2", "x"});
  g.node("out2", "Identity", {"a2"});
  const auto [fused, plain] = expect_fused_equal(g, random_f({1, 5, 5, 4}, 4));
  EXPECT_EQ(fused.summary().adds_fused, 0u);
  EXPECT_EQ(fused.summary().steps, plain.summary().steps);
}

TEST(Fuse, AnAddWhoseResultIsReadTwiceKeepsItsActivationApart) {
  GraphCase g;
  g.input("x", {1, 5, 5, 4});
  g.constant("w1", random_f({3, 3, 4, 4}, 1));
  g.node("c1", "Conv2D", {"x", "w1"}, conv_attrs("SAME"));
  g.node("a", "AddV2", {"c1", "x"});
  g.node("r", "Relu", {"a"});
  g.node("out0", "Identity", {"r"});
  g.node("out1", "Identity", {"a"});
  const auto [fused, plain] = expect_fused_equal(g, random_f({1, 5, 5, 4}, 2, -3, 3));
  EXPECT_EQ(fused.summary().adds_fused, 1u);
  EXPECT_EQ(fused.summary().activations_fused, 0u);
  EXPECT_EQ(plain.summary().steps - fused.summary().steps, 1u);
}

TEST(Fuse, AGraphWithADuplicateNameIsStillRejected) {
  // The folded Pad would be dropped, and with it the duplicate that order_graph reports.
  GraphCase g;
  g.input("x", {1, 5, 5, 4});
  g.constant("pads", tensor_i({4, 2}, {0, 0, 1, 1, 1, 1, 0, 0}));
  g.node("p", "Pad", {"x", "pads"});
  g.constant("w1", random_f({3, 3, 4, 4}, 1));
  g.node("c1", "Conv2D", {"p", "w1"}, conv_attrs("VALID"));
  g.node("out", "Identity", {"c1"});
  g.node("p", "Identity", {"x"});
  try {
    g.load({.fuse = true});
    ADD_FAILURE() << "loaded a graph with a duplicate node name";
  } catch (const podium::Error& e) {
    EXPECT_NE(std::string(e.what()).find("defined twice"), std::string::npos) << e.what();
  }
}

TEST(Fuse, ProfilingNamesEveryStepWithItsFusedOps) {
  Model fused = every_pattern().load({.fuse = true});
  fused.set_profiling(true);
  fused.run({random_f({1, 9, 9, 4}, 1)});
  const auto& p = fused.last_run_profile();
  ASSERT_EQ(p.size(), fused.summary().steps);
  bool saw_add_relu6 = false, saw_hard_swish = false;
  for (const StepTime& t : p) {
    EXPECT_GE(t.ms, 0);
    if (t.node == "y") saw_add_relu6 = t.op == "_FusedConv2D+Add+Relu6";
    if (t.node == "hs") saw_hard_swish = t.op == "_FusedConv2D+HardSwish";
  }
  EXPECT_TRUE(saw_add_relu6);
  EXPECT_TRUE(saw_hard_swish);
  fused.set_profiling(false);
  fused.run({random_f({1, 9, 9, 4}, 1)});
  EXPECT_TRUE(fused.last_run_profile().empty());
}

}  // namespace
}  // namespace podium::nn::test
