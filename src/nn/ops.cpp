#include "ops.hpp"

#include <algorithm>
#include <unordered_map>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"

namespace podium::nn {
namespace {

const std::unordered_map<std::string_view, OpInfo>& registry() {
  static const std::unordered_map<std::string_view, OpInfo> table = [] {
    OpTable t;
    add_conv_ops(t);
    add_math_ops(t);
    add_shape_ops(t);
    add_slice_ops(t);
    add_index_ops(t);
    add_image_ops(t);
    std::unordered_map<std::string_view, OpInfo> m;
    for (auto& [name, info] : t) {
      const bool inserted = m.emplace(name, info).second;
      PODIUM_ASSERT(inserted);
    }
    return m;
  }();
  return table;
}

}  // namespace

const OpInfo* find_op(std::string_view op) {
  const auto& r = registry();
  auto it = r.find(op);
  return it == r.end() ? nullptr : &it->second;
}

void BuildContext::fail(const std::string& what) const {
  throw Error(ErrorKind::Model, where_ + ": " + what);
}

const at::Tensor& BuildContext::require_const(std::size_t i, const char* what) const {
  const auto& v = const_inputs_.at(i);
  if (!v) fail(std::string("input #") + std::to_string(i) + " (" + what + ") must be a constant");
  return *v;
}

std::int64_t BuildContext::attr_int(std::string_view key,
                                    std::optional<std::int64_t> fallback) const {
  const AttrValue* a = node_.attr(key);
  if (a && a->i) return *a->i;
  if (fallback) return *fallback;
  fail("missing integer attribute '" + std::string(key) + "'");
}

double BuildContext::attr_float(std::string_view key, std::optional<double> fallback) const {
  const AttrValue* a = node_.attr(key);
  if (a && a->f) return *a->f;
  if (fallback) return *fallback;
  fail("missing float attribute '" + std::string(key) + "'");
}

bool BuildContext::attr_bool(std::string_view key, std::optional<bool> fallback) const {
  const AttrValue* a = node_.attr(key);
  if (a && a->b) return *a->b;
  if (fallback) return *fallback;
  fail("missing boolean attribute '" + std::string(key) + "'");
}

std::string BuildContext::attr_string(std::string_view key,
                                      std::optional<std::string> fallback) const {
  const AttrValue* a = node_.attr(key);
  if (a && a->s) return *a->s;
  if (fallback) return *fallback;
  fail("missing string attribute '" + std::string(key) + "'");
}

std::vector<std::int64_t> BuildContext::attr_ints(
    std::string_view key, std::optional<std::vector<std::int64_t>> fallback) const {
  const AttrValue* a = node_.attr(key);
  if (a && !a->list_i.empty()) return a->list_i;
  if (fallback) return *fallback;
  fail("missing integer list attribute '" + std::string(key) + "'");
}

std::vector<std::string> BuildContext::attr_strings(std::string_view key) const {
  const AttrValue* a = node_.attr(key);
  return a ? a->list_s : std::vector<std::string>{};
}

TfType BuildContext::attr_type(std::string_view key, std::optional<TfType> fallback) const {
  const AttrValue* a = node_.attr(key);
  if (a && a->type) return *a->type;
  if (fallback) return *fallback;
  fail("missing type attribute '" + std::string(key) + "'");
}

std::int64_t check_output_elements(const RunContext& ctx, std::uint64_t elements) {
  PODIUM_ASSERT(ctx.node != nullptr);
  const Place at{.source = ctx.node->source};
  if (elements > limits::kOpOutputElements) {
    throw limits::exceeded(at, ctx.node->field + " output", elements, limits::kOpOutputElements,
                           "elements in one op's output");
  }
  if (ctx.live_elements + elements > limits::kRunLiveElements) {
    throw limits::exceeded(at, ctx.node->field + " elements alive", ctx.live_elements + elements,
                           limits::kRunLiveElements, "elements alive in one run");
  }
  return static_cast<std::int64_t>(elements);
}

std::int64_t check_output(const RunContext& ctx, at::IntArrayRef shape) {
  PODIUM_ASSERT(ctx.node != nullptr);
  std::uint64_t n = 1;
  bool overflow = false;
  for (const std::int64_t d : shape) {
    if (d < 0) {
      throw Error(ErrorKind::Model, *ctx.node,
                  "output shape " + shape_string(shape.vec()) + " has a negative dimension");
    }
    overflow = overflow || __builtin_mul_overflow(n, static_cast<std::uint64_t>(d), &n);
  }
  // An empty dimension makes the whole product 0, even after an overflow; an overflowing product
  // is reported as the largest value it can show.
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return 0;
  return check_output_elements(ctx, overflow ? UINT64_MAX : n);
}

void runtime_fail(const std::string& where, const std::string& what) {
  throw Error(ErrorKind::Model, where + ": " + what);
}

IntInput int_input(const BuildContext& c, std::size_t i) {
  IntInput r;
  r.index = i;
  if (c.const_input(i)) r.value = to_int_vector(*c.const_input(i));
  return r;
}

std::vector<std::int64_t> to_int_vector(const at::Tensor& t) {
  const at::Tensor c = t.to(at::kLong).contiguous().reshape({-1});
  const auto* p = c.data_ptr<std::int64_t>();
  return {p, p + c.numel()};
}

std::int64_t normalize_axis(std::int64_t axis, std::int64_t rank, const std::string& where) {
  if (axis < -rank || axis >= rank) {
    throw Error(ErrorKind::Model, where + ": axis " + std::to_string(axis) +
                                      " out of range for rank " + std::to_string(rank));
  }
  return axis < 0 ? axis + rank : axis;
}

at::ScalarType to_scalar_type(TfType t, const std::string& where) {
  switch (t) {
    case TfType::Float:
      return at::kFloat;
    case TfType::Int32:
      return at::kInt;
    case TfType::Int64:
      return at::kLong;
    case TfType::Bool:
      return at::kBool;
    case TfType::Half:
    case TfType::Unknown:
      break;
  }
  throw Error(ErrorKind::Unsupported, where + ": dtype " + tf_type_name(t) + " is not supported");
}

std::pair<std::int64_t, std::int64_t> same_padding(std::int64_t in, std::int64_t kernel,
                                                   std::int64_t stride, std::int64_t dilation) {
  const std::int64_t effective = (kernel - 1) * dilation + 1;
  const std::int64_t out = (in + stride - 1) / stride;
  const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + effective - in, 0);
  return {total / 2, total - total / 2};
}

}  // namespace podium::nn
