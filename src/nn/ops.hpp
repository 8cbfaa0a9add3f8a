// The op registry: one builder per TensorFlow op. A builder runs once at load, validates the
// node's attributes and constant inputs (errors name model.json, node and op), prepares what can
// be prepared (windows parsed, filters checked) and returns the kernel that runs per inference.
//
// Tensors keep TensorFlow's logical layout (NHWC). Convolutions run on them as they lie (oneDNN
// with nhwc source and destination, conv_dnnl.hpp).
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph_def.hpp"
#include "podium/core/error.hpp"

namespace podium::nn {

// What a kernel knows of its run: the node it computes (errors name it), the elements the run
// holds alive before this node's outputs (folded constants, inputs, values not yet released),
// and the flops counted so far.
struct RunContext {
  const Place* node = nullptr;  // Place{.source = model.json, .field = "node 'n' (Op)"}
  std::uint64_t live_elements = 0;
  std::int64_t flops = 0;
};

using Kernel =
    std::function<void(std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&)>;

struct Op {
  Kernel kernel;
  int num_outputs = 1;
  // The kernel returns a buffer it keeps and rewrites on later runs (the convolutions,
  // conv_dnnl.hpp): released values of it stay in memory, and count as alive to the run's end.
  bool keeps_output = false;
};

class BuildContext {
 public:
  BuildContext(const NodeDef& node, std::string where,
               std::vector<std::optional<at::Tensor>> const_inputs)
      : node_(node), where_(std::move(where)), const_inputs_(std::move(const_inputs)) {}

  const NodeDef& node() const { return node_; }
  const std::string& where() const { return where_; }
  std::size_t num_inputs() const { return node_.inputs.size(); }
  // The value of input i when it is known at load (a weight or a folded subgraph).
  const std::optional<at::Tensor>& const_input(std::size_t i) const { return const_inputs_.at(i); }
  // Like const_input but an error when the input is not constant.
  const at::Tensor& require_const(std::size_t i, const char* what) const;

  [[noreturn]] void fail(const std::string& what) const;

  std::int64_t attr_int(std::string_view key, std::optional<std::int64_t> fallback = {}) const;
  double attr_float(std::string_view key, std::optional<double> fallback = {}) const;
  bool attr_bool(std::string_view key, std::optional<bool> fallback = {}) const;
  std::string attr_string(std::string_view key, std::optional<std::string> fallback = {}) const;
  std::vector<std::int64_t> attr_ints(std::string_view key,
                                      std::optional<std::vector<std::int64_t>> fallback = {}) const;
  std::vector<std::string> attr_strings(std::string_view key) const;
  TfType attr_type(std::string_view key, std::optional<TfType> fallback = {}) const;

 private:
  const NodeDef& node_;
  std::string where_;
  std::vector<std::optional<at::Tensor>> const_inputs_;
};

using OpBuilder = Op (*)(const BuildContext&);

struct OpInfo {
  OpBuilder build;
  int min_inputs;
  int max_inputs;  // -1: any number
};

// nullptr for an op podium does not implement.
const OpInfo* find_op(std::string_view op);

// Registration, one per ops_*.cpp file.
using OpTable = std::vector<std::pair<std::string_view, OpInfo>>;
void add_conv_ops(OpTable& t);
void add_math_ops(OpTable& t);
void add_shape_ops(OpTable& t);
void add_slice_ops(OpTable& t);
void add_index_ops(OpTable& t);
void add_image_ops(OpTable& t);

// Helpers shared by the op files.

// An op's output size, checked before the op allocates it: the product of `shape` (computed
// without overflow) at most limits::kOpOutputElements, and together with ctx.live_elements at
// most limits::kRunLiveElements; otherwise limits::exceeded naming ctx's node. A negative
// dimension is an Error(Model). Returns the element count. Every op whose output size comes from
// input values, attributes or broadcasting, and so can exceed its inputs, calls it; the executor
// calls check_output_elements for every output after its step.
std::int64_t check_output(const RunContext& ctx, at::IntArrayRef shape);
std::int64_t check_output_elements(const RunContext& ctx, std::uint64_t elements);
std::vector<std::int64_t> to_int_vector(const at::Tensor& t);
// An integer input of an op (shape, axes, begin/end): the load-time constant when there is one,
// else read from the tensor at run time.
struct IntInput {
  std::optional<std::vector<std::int64_t>> value;
  std::size_t index = 0;
  std::vector<std::int64_t> get(std::span<const at::Tensor> in) const {
    return value ? *value : to_int_vector(in[index]);
  }
};
IntInput int_input(const BuildContext& c, std::size_t i);
// A kernel's refusal of the values it met at run time: Error(Model) "<where>: <what>".
[[noreturn]] void runtime_fail(const std::string& where, const std::string& what);
std::int64_t normalize_axis(std::int64_t axis, std::int64_t rank, const std::string& where);
at::ScalarType to_scalar_type(TfType t, const std::string& where);

// TensorFlow's SAME padding for one spatial dimension: {before, after}. The extra pixel of an odd
// total goes after (bottom/right), unlike a symmetric libtorch padding.
std::pair<std::int64_t, std::int64_t> same_padding(std::int64_t in, std::int64_t kernel,
                                                   std::int64_t stride, std::int64_t dilation);

}  // namespace podium::nn
