// Shape and data-movement ops: Reshape, Squeeze, ExpandDims, Pack, Unpack, ConcatV2, Split,
// SplitV, Shape, Size, Range, Fill, Tile, Transpose, Pad, PadV2, DepthToSpace (Slice and
// StridedSlice: ops_slice.cpp).
#include <ATen/ATen.h>

#include "ops.hpp"
#include "podium/core/error.hpp"

namespace podium::nn {
namespace {

Op build_reshape(const BuildContext& c) {
  const IntInput shape = int_input(c, 1);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const std::vector<std::int64_t> s = shape.get(in);
            std::int64_t known = 1;
            int unknown = 0;
            bool overflow = false;
            for (auto d : s) {
              if (d == -1) {
                ++unknown;
              } else if (d < 0) {
                runtime_fail(where, "shape " + shape_string(s) + " has a negative dimension");
              } else {
                overflow = overflow || __builtin_mul_overflow(known, d, &known);
              }
            }
            const std::int64_t n = in[0].numel();
            // The output has the input's elements, so a shape from values cannot grow it; an
            // overflowing product cannot equal them.
            if ((overflow && known != 0) || unknown > 1 || (unknown == 0 && known != n) ||
                (unknown == 1 && (known == 0 || n % known != 0))) {
              runtime_fail(where, "cannot reshape " + shape_string(in[0].sizes().vec()) + " to " +
                                      shape_string(s));
            }
            out[0] = in[0].reshape(s);
          },
          1};
}

Op build_squeeze(const BuildContext& c) {
  const auto dims = c.attr_ints("squeeze_dims", std::vector<std::int64_t>{});
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const at::Tensor& x = in[0];
            std::vector<std::int64_t> shape;
            std::vector<bool> drop(static_cast<std::size_t>(x.dim()), dims.empty());
            for (auto d : dims) {
              const auto a = normalize_axis(d, x.dim(), where);
              if (x.size(a) != 1) {
                runtime_fail(where, "cannot squeeze dimension " + std::to_string(d) + " of shape " +
                                        shape_string(x.sizes().vec()));
              }
              drop[static_cast<std::size_t>(a)] = true;
            }
            for (std::int64_t i = 0; i < x.dim(); ++i) {
              if (!(drop[static_cast<std::size_t>(i)] && x.size(i) == 1))
                shape.push_back(x.size(i));
            }
            out[0] = x.reshape(shape);
          },
          1};
}

Op build_expand_dims(const BuildContext& c) {
  const IntInput axis = int_input(c, 1);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const auto a = axis.get(in);
            if (a.size() != 1) runtime_fail(where, "axis must be a single value");
            out[0] = in[0].unsqueeze(normalize_axis(a[0], in[0].dim() + 1, where));
          },
          1};
}

Op build_pack(const BuildContext& c) {
  const std::int64_t axis = c.attr_int("axis", 0);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            for (const auto& t : in) {
              if (!t.sizes().equals(in[0].sizes())) {
                runtime_fail(where, "inputs differ in shape: " + shape_string(in[0].sizes().vec()) +
                                        " vs " + shape_string(t.sizes().vec()));
              }
            }
            check_output_elements(ctx, static_cast<std::uint64_t>(in[0].numel()) * in.size());
            out[0] = at::stack(std::vector<at::Tensor>(in.begin(), in.end()),
                               normalize_axis(axis, in[0].dim() + 1, where));
          },
          1};
}

Op build_unpack(const BuildContext& c) {
  const std::int64_t axis = c.attr_int("axis", 0);
  const std::int64_t num = c.attr_int("num");
  if (num < 1 || num > 65536) c.fail("num " + std::to_string(num) + " is out of range");
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const auto a = normalize_axis(axis, in[0].dim(), where);
            if (in[0].size(a) != num) {
              runtime_fail(where, "dimension " + std::to_string(a) + " has size " +
                                      std::to_string(in[0].size(a)) + ", expected " +
                                      std::to_string(num));
            }
            auto parts = at::unbind(in[0], a);
            for (std::size_t i = 0; i < parts.size(); ++i)
              out[i] = parts[i];
          },
          static_cast<int>(num)};
}

Op build_concat(const BuildContext& c) {
  if (c.num_inputs() < 2) c.fail("expects values and an axis");
  const IntInput axis = int_input(c, c.num_inputs() - 1);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            const auto values = in.first(in.size() - 1);
            const auto a = axis.get(in);
            if (a.size() != 1) runtime_fail(where, "axis must be a single value");
            const auto ax = normalize_axis(a[0], values[0].dim(), where);
            for (const auto& t : values) {
              bool ok = t.dim() == values[0].dim();
              for (std::int64_t i = 0; ok && i < t.dim(); ++i) {
                ok = i == ax || t.size(i) == values[0].size(i);
              }
              if (!ok) {
                runtime_fail(where, "cannot concatenate " + shape_string(values[0].sizes().vec()) +
                                        " and " + shape_string(t.sizes().vec()) + " on axis " +
                                        std::to_string(ax));
              }
            }
            // The same input may be listed many times: the output can far exceed the inputs.
            std::uint64_t total = 0;
            for (const auto& t : values)
              total += static_cast<std::uint64_t>(t.numel());
            check_output_elements(ctx, total);
            out[0] = at::cat(std::vector<at::Tensor>(values.begin(), values.end()), ax);
          },
          1};
}

void store_parts(const std::vector<at::Tensor>& parts, std::vector<at::Tensor>& out) {
  for (std::size_t i = 0; i < parts.size(); ++i)
    out[i] = parts[i];
}

// Split(axis, value).
Op build_split(const BuildContext& c) {
  const std::int64_t num = c.attr_int("num_split");
  if (num < 1 || num > 65536) c.fail("num_split " + std::to_string(num) + " is out of range");
  const IntInput axis = int_input(c, 0);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const auto a = normalize_axis(axis.get(in).at(0), in[1].dim(), where);
            if (in[1].size(a) % num != 0) {
              runtime_fail(where, "dimension of size " + std::to_string(in[1].size(a)) +
                                      " does not split into " + std::to_string(num));
            }
            // Explicit sizes: at::split of an empty dimension yields one part, not num.
            const std::vector<std::int64_t> sizes(static_cast<std::size_t>(num),
                                                  in[1].size(a) / num);
            store_parts(at::split_with_sizes(in[1], sizes, a), out);
          },
          static_cast<int>(num)};
}

// SplitV(value, size_splits, axis); one size may be -1.
Op build_split_v(const BuildContext& c) {
  const std::int64_t num = c.attr_int("num_split");
  if (num < 1 || num > 65536) c.fail("num_split " + std::to_string(num) + " is out of range");
  const IntInput sizes = int_input(c, 1);
  const IntInput axis = int_input(c, 2);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const auto a = normalize_axis(axis.get(in).at(0), in[0].dim(), where);
            std::vector<std::int64_t> s = sizes.get(in);
            const std::int64_t total = in[0].size(a);
            std::int64_t known = 0;
            int unknown = -1;
            for (std::size_t i = 0; i < s.size(); ++i) {
              if (s[i] == -1 && unknown < 0) {
                unknown = static_cast<int>(i);
              } else if (s[i] < 0) {
                runtime_fail(where, "size_splits " + shape_string(s) + " is invalid");
              } else {
                known += s[i];
              }
            }
            if (unknown >= 0) s[static_cast<std::size_t>(unknown)] = total - known;
            if (static_cast<std::int64_t>(s.size()) != num || (unknown < 0 && known != total) ||
                (unknown >= 0 && known > total)) {
              runtime_fail(where, "size_splits " + shape_string(s) + " does not fit dimension " +
                                      std::to_string(total));
            }
            store_parts(at::split_with_sizes(in[0], s, a), out);
          },
          static_cast<int>(num)};
}

Op build_shape(const BuildContext& c) {
  const at::ScalarType t = to_scalar_type(c.attr_type("out_type", TfType::Int32), c.where());
  return {[t](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            out[0] = at::tensor(in[0].sizes().vec(), at::kLong).to(t);
          },
          1};
}

Op build_size(const BuildContext& c) {
  const at::ScalarType t = to_scalar_type(c.attr_type("out_type", TfType::Int32), c.where());
  return {[t](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            out[0] = at::scalar_tensor(in[0].numel(), at::TensorOptions().dtype(t));
          },
          1};
}

Op build_range(const BuildContext& c) {
  const std::string where = c.where();
  return {[where](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            const at::ScalarType t = in[0].scalar_type();
            const double start = in[0].item<double>();
            const double limit = in[1].item<double>();
            const double delta = in[2].item<double>();
            if (delta == 0 || (delta > 0 && start > limit) || (delta < 0 && start < limit)) {
              runtime_fail(where, "range(" + std::to_string(start) + ", " + std::to_string(limit) +
                                      ", " + std::to_string(delta) + ") is empty or infinite");
            }
            const double n = std::ceil(std::abs((limit - start) / delta));
            // n may be inf or beyond 2^64; such a count is reported as the largest it can show.
            check_output_elements(ctx, n < 0x1p64 ? static_cast<std::uint64_t>(n) : UINT64_MAX);
            if (t == at::kFloat) {
              // TF and TF.js accumulate start + delta + delta ... in float; libtorch's
              // start + i * delta differs by a few ulps, enough to flip a later floor or compare.
              std::vector<float> v(static_cast<std::size_t>(n));
              float x = in[0].item<float>();
              const float step = in[2].item<float>();
              for (float& y : v) {
                y = x;
                x += step;
              }
              out[0] = at::tensor(v, at::kFloat);
              return;
            }
            out[0] =
                at::arange(in[0].item(), in[1].item(), in[2].item(), at::TensorOptions().dtype(t));
          },
          1};
}

Op build_fill(const BuildContext& c) {
  const IntInput dims = int_input(c, 0);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            const auto d = dims.get(in);
            for (auto v : d) {
              if (v < 0) runtime_fail(where, "dims " + shape_string(d) + " are invalid");
            }
            check_output(ctx, d);
            out[0] = at::full(d, in[1].item(), at::TensorOptions().dtype(in[1].scalar_type()));
          },
          1};
}

Op build_tile(const BuildContext& c) {
  const IntInput multiples = int_input(c, 1);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            const auto m = multiples.get(in);
            if (static_cast<std::int64_t>(m.size()) != in[0].dim()) {
              runtime_fail(where, "multiples " + shape_string(m) + " do not match rank " +
                                      std::to_string(in[0].dim()));
            }
            for (auto v : m) {
              if (v < 0) runtime_fail(where, "negative multiple");
            }
            // Each dimension's size times its multiple, overflow-safe as one product.
            std::vector<std::int64_t> factors = m;
            factors.insert(factors.end(), in[0].sizes().begin(), in[0].sizes().end());
            check_output(ctx, factors);
            out[0] = in[0].repeat(m);
          },
          1};
}

Op build_transpose(const BuildContext& c) {
  const IntInput perm = int_input(c, 1);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const auto p = perm.get(in);
            const std::int64_t rank = in[0].dim();
            std::vector<bool> seen(static_cast<std::size_t>(rank), false);
            bool ok = static_cast<std::int64_t>(p.size()) == rank;
            for (auto v : p) {
              ok = ok && v >= 0 && v < rank && !seen[static_cast<std::size_t>(v)];
              if (ok) seen[static_cast<std::size_t>(v)] = true;
            }
            if (!ok) runtime_fail(where, "perm " + shape_string(p) + " is not a permutation");
            out[0] = in[0].permute(p).contiguous();
          },
          1};
}

Op build_pad(const BuildContext& c) {
  const IntInput paddings = int_input(c, 1);
  const std::string where = c.where();
  const bool has_value = c.num_inputs() == 3;
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
            const auto p = paddings.get(in);
            const at::Tensor& x = in[0];
            if (static_cast<std::int64_t>(p.size()) != 2 * x.dim()) {
              runtime_fail(where, "paddings must be [" + std::to_string(x.dim()) + ",2]");
            }
            std::vector<std::int64_t> pads;  // libtorch: last dimension first
            std::vector<std::int64_t> padded(static_cast<std::size_t>(x.dim()));
            for (std::int64_t i = x.dim() - 1; i >= 0; --i) {
              const auto k = static_cast<std::size_t>(2 * i);
              if (p[k] < 0 || p[k + 1] < 0) runtime_fail(where, "negative padding");
              std::int64_t& size = padded[static_cast<std::size_t>(i)];
              if (__builtin_add_overflow(x.size(i), p[k], &size) ||
                  __builtin_add_overflow(size, p[k + 1], &size)) {
                size = INT64_MAX;  // far past the limit; check_output refuses it
              }
              pads.push_back(p[k]);
              pads.push_back(p[k + 1]);
            }
            check_output(ctx, padded);
            const at::Scalar value = has_value ? in[2].item() : at::Scalar(0);
            out[0] = at::constant_pad_nd(x, pads, value);
          },
          1};
}

Op build_depth_to_space(const BuildContext& c) {
  const std::int64_t b = c.attr_int("block_size");
  if (b < 2 || b > 64) c.fail("block_size " + std::to_string(b) + " is out of range");
  if (const std::string fmt = c.attr_string("data_format", "NHWC"); fmt != "NHWC") {
    c.fail("data_format '" + fmt + "' is not supported (only NHWC)");
  }
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const at::Tensor& x = in[0];
            if (x.dim() != 4 || x.size(3) % (b * b) != 0) {
              runtime_fail(where, "input " + shape_string(x.sizes().vec()) +
                                      " has no channel count divisible by " +
                                      std::to_string(b * b));
            }
            const std::int64_t n = x.size(0), h = x.size(1), w = x.size(2);
            const std::int64_t oc = x.size(3) / (b * b);
            out[0] = x.reshape({n, h, w, b, b, oc})
                         .permute({0, 1, 3, 2, 4, 5})
                         .reshape({n, h * b, w * b, oc});
          },
          1};
}

}  // namespace

void add_shape_ops(OpTable& t) {
  t.push_back({"Reshape", {build_reshape, 2, 2}});
  t.push_back({"Squeeze", {build_squeeze, 1, 1}});
  t.push_back({"ExpandDims", {build_expand_dims, 2, 2}});
  t.push_back({"Pack", {build_pack, 1, -1}});
  t.push_back({"Unpack", {build_unpack, 1, 1}});
  t.push_back({"ConcatV2", {build_concat, 2, -1}});
  t.push_back({"Split", {build_split, 2, 2}});
  t.push_back({"SplitV", {build_split_v, 3, 3}});
  t.push_back({"Shape", {build_shape, 1, 1}});
  t.push_back({"Size", {build_size, 1, 1}});
  t.push_back({"Range", {build_range, 3, 3}});
  t.push_back({"Fill", {build_fill, 2, 2}});
  t.push_back({"Tile", {build_tile, 2, 2}});
  t.push_back({"Transpose", {build_transpose, 2, 2}});
  t.push_back({"Pad", {build_pad, 2, 2}});
  t.push_back({"PadV2", {build_pad, 3, 3}});
  t.push_back({"DepthToSpace", {build_depth_to_space, 1, 1}});
}

}  // namespace podium::nn
