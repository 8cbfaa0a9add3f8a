// Element-wise arithmetic, comparisons, activations, reductions, Cast, Select, AddN, Identity.
// Binary ops broadcast as TensorFlow does (numpy rules); integer tensors stay integer.
#include <ATen/ATen.h>
#include <ATen/ExpandUtils.h>

#include <limits>

#include "ops.hpp"
#include "podium/core/error.hpp"

namespace podium::nn {
namespace {

using UnaryFn = at::Tensor (*)(const at::Tensor&);
using BinaryFn = at::Tensor (*)(const at::Tensor&, const at::Tensor&);

template <UnaryFn F>
Op build_unary(const BuildContext&) {
  return {[](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            out[0] = F(in[0]);
          },
          1};
}

// Broadcasting makes an output larger than either input ([n,1] + [1,n] is n^2).
template <BinaryFn F>
Op build_binary(const BuildContext&) {
  return {[](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            check_output(ctx, at::infer_size(in[0].sizes(), in[1].sizes()));
            out[0] = F(in[0], in[1]);
          },
          1};
}

bool is_integral(const at::Tensor& t) {
  return at::isIntegralType(t.scalar_type(), false);
}

at::Tensor real_div(const at::Tensor& a, const at::Tensor& b) {
  // Integer RealDiv truncates like C++ division; libtorch's div would promote to float.
  return is_integral(a) ? at::div(a, b, "trunc") : at::div(a, b);
}

at::Tensor floor_div(const at::Tensor& a, const at::Tensor& b) {
  // TF: integers round toward -inf; floats are floor(a / b) computed from the quotient.
  return is_integral(a) ? at::div(a, b, "floor") : at::floor(at::div(a, b));
}

Op build_leaky_relu(const BuildContext& c) {
  const double alpha = c.attr_float("alpha", 0.2);
  return {[alpha](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            out[0] = at::leaky_relu(in[0], alpha);
          },
          1};
}

Op build_cast(const BuildContext& c) {
  const at::ScalarType dst = to_scalar_type(c.attr_type("DstT"), c.where());
  return {[dst](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            out[0] = in[0].to(dst);
          },
          1};
}

Op build_identity(const BuildContext&) {
  return {[](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            out[0] = in[0];
          },
          1};
}

Op build_add_n(const BuildContext& c) {
  if (c.num_inputs() < 1) c.fail("expects at least one input");
  return {[](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            at::Tensor s = in[0].clone();
            for (std::size_t i = 1; i < in.size(); ++i)
              s.add_(in[i]);
            out[0] = s;
          },
          1};
}

// Select (v1): a rank-1 condition picks whole rows of higher-rank operands; otherwise numpy
// broadcasting (SelectV2).
Op build_select(const BuildContext&) {
  return {[](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            at::Tensor cond = in[0];
            const at::Tensor& t = in[1];
            if (cond.dim() == 1 && t.dim() > 1 && cond.size(0) == t.size(0)) {
              std::vector<std::int64_t> shape(static_cast<std::size_t>(t.dim()), 1);
              shape[0] = cond.size(0);
              cond = cond.reshape(shape);
            }
            check_output(ctx,
                         at::infer_size(at::infer_size(cond.sizes(), t.sizes()), in[2].sizes()));
            out[0] = at::where(cond.to(at::kBool), t, in[2]);
          },
          1};
}

enum class Reduce { Sum, Mean, Max, Min, Prod };

// TF fills a Max/Min over an empty axis with the reducer's identity (Eigen: -inf or lowest for
// Max, +inf or highest for Min); libtorch's amax/amin reject a zero-size reduced axis instead.
at::Tensor empty_extremum(const at::Tensor& x, at::IntArrayRef axes, bool keep, bool is_max) {
  at::Scalar identity;
  AT_DISPATCH_ALL_TYPES(x.scalar_type(), "empty_extremum", [&] {
    using L = std::numeric_limits<scalar_t>;
    if constexpr (L::has_infinity) {
      identity = is_max ? -L::infinity() : L::infinity();
    } else {
      identity = is_max ? L::lowest() : L::max();
    }
  });
  return at::full(at::sum(x, axes, keep).sizes(), identity, x.options());
}

template <Reduce R>
Op build_reduce(const BuildContext& c) {
  const bool keep = c.attr_bool("keep_dims", false);
  std::optional<std::vector<std::int64_t>> const_axes;
  if (c.const_input(1)) const_axes = to_int_vector(*c.const_input(1));
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            const at::Tensor& x = in[0];
            std::vector<std::int64_t> axes = const_axes ? *const_axes : to_int_vector(in[1]);
            for (auto& a : axes)
              a = normalize_axis(a, std::max<std::int64_t>(x.dim(), 1), where);
            if (axes.empty()) {
              out[0] = x;
              return;
            }
            if (x.numel() == 0) {
              // Only an empty input reduces to more than it holds: [k,0,k] over axis 1 is [k,k].
              std::vector<std::int64_t> kept;
              for (std::int64_t d = 0; d < x.dim(); ++d) {
                const bool reduced = std::find(axes.begin(), axes.end(), d) != axes.end();
                if (!reduced || keep) kept.push_back(reduced ? 1 : x.size(d));
              }
              check_output(ctx, kept);
            }
            switch (R) {
              case Reduce::Sum:
                out[0] = at::sum(x, axes, keep, x.scalar_type());
                break;
              case Reduce::Mean:
                if (is_integral(x)) {
                  std::int64_t n = 1;
                  for (auto a : axes)
                    n *= x.size(a);
                  out[0] = at::div(at::sum(x, axes, keep, x.scalar_type()), n, "trunc");
                } else {
                  out[0] = at::mean(x, axes, keep);
                }
                break;
              case Reduce::Max:
                out[0] =
                    x.numel() == 0 ? empty_extremum(x, axes, keep, true) : at::amax(x, axes, keep);
                break;
              case Reduce::Min:
                out[0] =
                    x.numel() == 0 ? empty_extremum(x, axes, keep, false) : at::amin(x, axes, keep);
                break;
              case Reduce::Prod: {
                at::Tensor p = x;
                std::vector<std::int64_t> sorted = axes;
                std::sort(sorted.rbegin(), sorted.rend());
                for (auto a : sorted)
                  p = at::prod(p, a, keep, x.scalar_type());
                out[0] = p;
                break;
              }
            }
          },
          1};
}

// Named functions so they can be template arguments.
at::Tensor op_abs(const at::Tensor& x) {
  return at::abs(x);
}
at::Tensor op_exp(const at::Tensor& x) {
  return at::exp(x);
}
at::Tensor op_log(const at::Tensor& x) {
  return at::log(x);
}
at::Tensor op_sqrt(const at::Tensor& x) {
  return at::sqrt(x);
}
at::Tensor op_rsqrt(const at::Tensor& x) {
  return at::rsqrt(x);
}
at::Tensor op_square(const at::Tensor& x) {
  return at::square(x);
}
at::Tensor op_neg(const at::Tensor& x) {
  return at::neg(x);
}
at::Tensor op_floor(const at::Tensor& x) {
  return at::floor(x);
}
at::Tensor op_reciprocal(const at::Tensor& x) {
  return at::reciprocal(x);
}
at::Tensor op_sigmoid(const at::Tensor& x) {
  return at::sigmoid(x);
}
at::Tensor op_tanh(const at::Tensor& x) {
  return at::tanh(x);
}
at::Tensor op_relu(const at::Tensor& x) {
  return at::relu(x);
}
at::Tensor op_relu6(const at::Tensor& x) {
  return at::clamp(x, 0, 6);
}
at::Tensor op_logical_not(const at::Tensor& x) {
  return at::logical_not(x);
}
at::Tensor op_add(const at::Tensor& a, const at::Tensor& b) {
  return at::add(a, b);
}
at::Tensor op_sub(const at::Tensor& a, const at::Tensor& b) {
  return at::sub(a, b);
}
at::Tensor op_mul(const at::Tensor& a, const at::Tensor& b) {
  return at::mul(a, b);
}
at::Tensor op_floor_mod(const at::Tensor& a, const at::Tensor& b) {
  return at::remainder(a, b);
}
at::Tensor op_squared_difference(const at::Tensor& a, const at::Tensor& b) {
  return at::square(at::sub(a, b));
}
at::Tensor op_maximum(const at::Tensor& a, const at::Tensor& b) {
  return at::maximum(a, b);
}
at::Tensor op_minimum(const at::Tensor& a, const at::Tensor& b) {
  return at::minimum(a, b);
}
at::Tensor op_pow(const at::Tensor& a, const at::Tensor& b) {
  return at::pow(a, b);
}
at::Tensor op_equal(const at::Tensor& a, const at::Tensor& b) {
  return at::eq(a, b);
}
at::Tensor op_not_equal(const at::Tensor& a, const at::Tensor& b) {
  return at::ne(a, b);
}
at::Tensor op_greater(const at::Tensor& a, const at::Tensor& b) {
  return at::gt(a, b);
}
at::Tensor op_greater_equal(const at::Tensor& a, const at::Tensor& b) {
  return at::ge(a, b);
}
at::Tensor op_less(const at::Tensor& a, const at::Tensor& b) {
  return at::lt(a, b);
}
at::Tensor op_less_equal(const at::Tensor& a, const at::Tensor& b) {
  return at::le(a, b);
}
at::Tensor op_logical_and(const at::Tensor& a, const at::Tensor& b) {
  return at::logical_and(a, b);
}
at::Tensor op_logical_or(const at::Tensor& a, const at::Tensor& b) {
  return at::logical_or(a, b);
}
at::Tensor op_bias_add(const at::Tensor& x, const at::Tensor& b) {
  return at::add(x, b);
}

}  // namespace

void add_math_ops(OpTable& t) {
  t.push_back({"Abs", {build_unary<op_abs>, 1, 1}});
  t.push_back({"Exp", {build_unary<op_exp>, 1, 1}});
  t.push_back({"Log", {build_unary<op_log>, 1, 1}});
  t.push_back({"Sqrt", {build_unary<op_sqrt>, 1, 1}});
  t.push_back({"Rsqrt", {build_unary<op_rsqrt>, 1, 1}});
  t.push_back({"Square", {build_unary<op_square>, 1, 1}});
  t.push_back({"Neg", {build_unary<op_neg>, 1, 1}});
  t.push_back({"Floor", {build_unary<op_floor>, 1, 1}});
  t.push_back({"Reciprocal", {build_unary<op_reciprocal>, 1, 1}});
  t.push_back({"Sigmoid", {build_unary<op_sigmoid>, 1, 1}});
  t.push_back({"Tanh", {build_unary<op_tanh>, 1, 1}});
  t.push_back({"Relu", {build_unary<op_relu>, 1, 1}});
  t.push_back({"Relu6", {build_unary<op_relu6>, 1, 1}});
  t.push_back({"LogicalNot", {build_unary<op_logical_not>, 1, 1}});
  t.push_back({"LeakyRelu", {build_leaky_relu, 1, 1}});
  t.push_back({"Add", {build_binary<op_add>, 2, 2}});
  t.push_back({"AddV2", {build_binary<op_add>, 2, 2}});
  t.push_back({"BiasAdd", {build_binary<op_bias_add>, 2, 2}});
  t.push_back({"Sub", {build_binary<op_sub>, 2, 2}});
  t.push_back({"Mul", {build_binary<op_mul>, 2, 2}});
  t.push_back({"RealDiv", {build_binary<real_div>, 2, 2}});
  t.push_back({"FloorDiv", {build_binary<floor_div>, 2, 2}});
  t.push_back({"FloorMod", {build_binary<op_floor_mod>, 2, 2}});
  t.push_back({"SquaredDifference", {build_binary<op_squared_difference>, 2, 2}});
  t.push_back({"Maximum", {build_binary<op_maximum>, 2, 2}});
  t.push_back({"Minimum", {build_binary<op_minimum>, 2, 2}});
  t.push_back({"Pow", {build_binary<op_pow>, 2, 2}});
  t.push_back({"Equal", {build_binary<op_equal>, 2, 2}});
  t.push_back({"NotEqual", {build_binary<op_not_equal>, 2, 2}});
  t.push_back({"Greater", {build_binary<op_greater>, 2, 2}});
  t.push_back({"GreaterEqual", {build_binary<op_greater_equal>, 2, 2}});
  t.push_back({"Less", {build_binary<op_less>, 2, 2}});
  t.push_back({"LessEqual", {build_binary<op_less_equal>, 2, 2}});
  t.push_back({"LogicalAnd", {build_binary<op_logical_and>, 2, 2}});
  t.push_back({"LogicalOr", {build_binary<op_logical_or>, 2, 2}});
  t.push_back({"Cast", {build_cast, 1, 1}});
  t.push_back({"Identity", {build_identity, 1, 1}});
  t.push_back({"AddN", {build_add_n, 1, -1}});
  t.push_back({"Select", {build_select, 3, 3}});
  t.push_back({"Sum", {build_reduce<Reduce::Sum>, 2, 2}});
  t.push_back({"Mean", {build_reduce<Reduce::Mean>, 2, 2}});
  t.push_back({"Max", {build_reduce<Reduce::Max>, 2, 2}});
  t.push_back({"Min", {build_reduce<Reduce::Min>, 2, 2}});
  t.push_back({"Prod", {build_reduce<Reduce::Prod>, 2, 2}});
}

}  // namespace podium::nn
