// Test harness for one TensorFlow op: builds a one-node TF.js graph model in memory (Placeholder
// and Const inputs, the op, an Identity per output), loads it through nn::Model like any model,
// runs it and hands back HostTensors. References are written against HostTensor with plain loops,
// never libtorch, so a libtorch default that differs from TensorFlow cannot hide in both.
//
//   OpCase c("Conv2D");
//   c.input(x).constant(w).attr("padding", attr_s("SAME")).attr("strides", attr_ints({1,2,2,1}));
//   expect_near(c.run().at(0), naive_conv(x, w), 1e-5);
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podium/nn/model.hpp"
#include "podium/nn/tensor.hpp"

namespace podium::nn::test {

using Json = nlohmann::json;
using Shape = std::vector<std::int64_t>;

// Values.
HostTensor tensor_f(Shape shape, const std::vector<float>& v);
HostTensor tensor_i(Shape shape, const std::vector<std::int32_t>& v);
HostTensor tensor_b(Shape shape, const std::vector<bool>& v);
HostTensor scalar_f(float v);
HostTensor scalar_i(std::int32_t v);
// Uniform, deterministic for a seed: floats in [lo, hi), integers in [lo, hi] inclusive.
HostTensor random_f(Shape shape, std::uint32_t seed, float lo = -1, float hi = 1);
HostTensor random_i(Shape shape, std::uint32_t seed, std::int32_t lo, std::int32_t hi);
HostTensor random_b(Shape shape, std::uint32_t seed);

// "float32[1,13,3]", for messages.
std::string describe(const HostTensor& t);

// Row-major flat index of a multi-index into shape.
std::int64_t flat_index(const Shape& shape, const Shape& index);
// The multi-index of row-major flat index `flat` in shape.
Shape unravel(const Shape& shape, std::int64_t flat);
// Numpy-style broadcast shape of two shapes (fails the test when they do not broadcast).
Shape broadcast_shape(const Shape& a, const Shape& b);
// Element of t at the index of a broadcast result shape `out` (trailing-aligned).
double broadcast_at(const HostTensor& t, const Shape& out, std::int64_t flat_out);

// GraphDef attribute values.
Json attr_i(std::int64_t v);
Json attr_f(double v);
Json attr_b(bool v);
Json attr_s(const std::string& v);  // base64-encoded as TF.js writes it
Json attr_type(DType t);
Json attr_ints(const std::vector<std::int64_t>& v);
Json attr_strings(const std::vector<std::string>& v);

class OpCase {
 public:
  explicit OpCase(std::string op, int num_outputs = 1);

  // A graph input (Placeholder), fed at run time.
  OpCase& input(HostTensor t);
  // A weight (Const node), known at load.
  OpCase& constant(HostTensor t);
  OpCase& attr(const std::string& key, Json value);

  // Loads and runs the graph as declared, then again with every input a constant (the op is then
  // folded at load); expects both to agree exactly and returns the outputs of the first.
  std::vector<HostTensor> run() const;
  // The graph loaded once, its placeholders' dimensions left open (-1), for tests that run one
  // model several times: kernels that keep state from one run to the next. Feed it one tensor per
  // input(), in order; constants stay as declared.
  Model load_open() const;
  // Expects load or run to throw podium::Error with `needle` in its one-line message.
  void expect_error(const std::string& needle) const;

 private:
  std::vector<HostTensor> run_once(bool all_constant) const;
  std::string model_json(bool all_constant, bool open_shapes, std::string* shard) const;

  std::string op_;
  int num_outputs_;
  std::vector<std::pair<HostTensor, bool>> inputs_;  // (value, constant)
  Json attrs_ = Json::object();
};

// Same dtype and shape, and |got - want| <= atol + rtol * |want| element-wise. Reports the first
// failing index. NaN matches NaN; infinities must match exactly.
void expect_near(const HostTensor& got, const HostTensor& want, double atol, double rtol = 0);
void expect_equal(const HostTensor& got, const HostTensor& want);

}  // namespace podium::nn::test
