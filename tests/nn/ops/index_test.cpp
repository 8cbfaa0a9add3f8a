// Op tests for src/nn/ops_index.cpp: each op against a plain-loop reference written from
// TensorFlow's CPU kernels.
#include <algorithm>
#include <numeric>

#include "nn/ops/op_case.hpp"

namespace podium::nn::test {
namespace {

std::int64_t prod(const Shape& s, std::size_t from, std::size_t to) {
  std::int64_t p = 1;
  for (std::size_t d = from; d < to; ++d)
    p *= s[d];
  return p;
}

// Few distinct values, so nearly every element ties with another: order rules become visible.
HostTensor tied(DType dtype, const Shape& shape, std::uint32_t seed, std::int32_t levels) {
  const HostTensor ints = random_i(shape, seed, 0, levels - 1);  // random_i's hi is inclusive
  HostTensor t = HostTensor::zeros(dtype, shape);
  for (std::int64_t i = 0; i < t.numel(); ++i)
    t.set(i, ints.at(i));
  return t;
}

// Valid indices of the given shape whose last dimension indexes `dims` column by column.
HostTensor index_rows(const Shape& shape, const Shape& dims, std::uint32_t seed) {
  HostTensor t = random_i(shape, seed, 0, 1 << 20);
  auto v = t.values<std::int32_t>();
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] %= static_cast<std::int32_t>(dims[i % dims.size()]);
  return t;
}

// out[o, j, i] = params[o, indices[j], i] around `axis`.
HostTensor ref_gather_v2(const HostTensor& params, const HostTensor& idx, std::size_t axis) {
  Shape shape(params.shape.begin(), params.shape.begin() + static_cast<std::ptrdiff_t>(axis));
  shape.insert(shape.end(), idx.shape.begin(), idx.shape.end());
  shape.insert(shape.end(), params.shape.begin() + static_cast<std::ptrdiff_t>(axis) + 1,
               params.shape.end());
  HostTensor out = HostTensor::zeros(params.dtype, shape);
  const std::int64_t outer = prod(params.shape, 0, axis), n = params.shape[axis];
  const std::int64_t inner = prod(params.shape, axis + 1, params.shape.size()), m = idx.numel();
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t j = 0; j < m; ++j)
      for (std::int64_t i = 0; i < inner; ++i)
        out.set((o * m + j) * inner + i,
                params.at((o * n + static_cast<std::int64_t>(idx.at(j))) * inner + i));
  return out;
}

// Each index row of depth k selects params[row] (a slice of params.shape[k:]).
HostTensor ref_gather_nd(const HostTensor& params, const HostTensor& idx) {
  const auto k = static_cast<std::size_t>(idx.shape.back());
  Shape shape(idx.shape.begin(), idx.shape.end() - 1);
  shape.insert(shape.end(), params.shape.begin() + static_cast<std::ptrdiff_t>(k),
               params.shape.end());
  HostTensor out = HostTensor::zeros(params.dtype, shape);
  const Shape outer_dims(params.shape.begin(),
                         params.shape.begin() + static_cast<std::ptrdiff_t>(k));
  const std::int64_t inner = prod(params.shape, k, params.shape.size());
  const std::int64_t rows = idx.numel() / static_cast<std::int64_t>(k);
  for (std::int64_t r = 0; r < rows; ++r) {
    Shape at(k);
    for (std::size_t d = 0; d < k; ++d)
      at[d] = static_cast<std::int64_t>(idx.at(r * static_cast<std::int64_t>(k) + d));
    const std::int64_t base = flat_index(outer_dims, at);
    for (std::int64_t i = 0; i < inner; ++i)
      out.set(r * inner + i, params.at(base * inner + i));
  }
  return out;
}

// TF's TopK order along the last axis: larger value first, equal values by lower index.
std::pair<HostTensor, HostTensor> ref_top_k(const HostTensor& x, std::int64_t k) {
  const std::int64_t n = x.shape.back(), rows = x.numel() / n;
  Shape shape = x.shape;
  shape.back() = k;
  HostTensor values = HostTensor::zeros(x.dtype, shape);
  HostTensor indices = HostTensor::zeros(DType::Int32, shape);
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  for (std::int64_t r = 0; r < rows; ++r) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
      const double va = x.at(r * n + a), vb = x.at(r * n + b);
      return va > vb || (va == vb && a < b);
    });
    for (std::int64_t j = 0; j < k; ++j) {
      values.set(r * k + j, x.at(r * n + order[static_cast<std::size_t>(j)]));
      indices.set(r * k + j, static_cast<double>(order[static_cast<std::size_t>(j)]));
    }
  }
  return {values, indices};
}

// First maximal index along `axis` (strict > keeps the earliest of equal maxima).
HostTensor ref_arg_max(const HostTensor& x, std::size_t axis, DType out_type) {
  Shape shape = x.shape;
  shape.erase(shape.begin() + static_cast<std::ptrdiff_t>(axis));
  HostTensor out = HostTensor::zeros(out_type, shape);
  const std::int64_t outer = prod(x.shape, 0, axis), n = x.shape[axis];
  const std::int64_t inner = prod(x.shape, axis + 1, x.shape.size());
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t i = 0; i < inner; ++i) {
      std::int64_t best = 0;
      for (std::int64_t j = 1; j < n; ++j)
        if (x.at((o * n + j) * inner + i) > x.at((o * n + best) * inner + i)) best = j;
      out.set(o * inner + i, static_cast<double>(best));
    }
  return out;
}

// Rank-0/1 indices address a rank-1 output; a rank-0 sparse_values is broadcast to every index.
HostTensor ref_sparse_to_dense(const HostTensor& idx, const Shape& shape, const HostTensor& values,
                               const HostTensor& default_value) {
  HostTensor out = HostTensor::zeros(values.dtype, shape);
  for (std::int64_t i = 0; i < out.numel(); ++i)
    out.set(i, default_value.at(0));
  const std::int64_t m = idx.shape.empty() ? 1 : idx.shape[0];
  const auto rank = static_cast<std::int64_t>(shape.size());
  for (std::int64_t j = 0; j < m; ++j) {
    Shape at(shape.size());
    for (std::int64_t d = 0; d < rank; ++d)
      at[static_cast<std::size_t>(d)] = static_cast<std::int64_t>(idx.at(j * rank + d));
    out.set(flat_index(shape, at), values.at(values.shape.empty() ? 0 : j));
  }
  return out;
}

TEST(GatherV2, AxesAndIndexRanks) {
  struct Case {
    std::int64_t axis;
    Shape idx_shape;
    DType dtype;
  };
  const std::vector<Case> cases = {{0, {4}, DType::Float32},    {1, {2, 5}, DType::Float32},
                                   {-1, {}, DType::Float32},    {-2, {13}, DType::Int32},
                                   {2, {3, 1}, DType::Float32}, {0, {1, 1}, DType::Int32}};
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const auto& [axis, idx_shape, dtype] = cases[c];
    SCOPED_TRACE("axis " + std::to_string(axis) + " indices " + shape_string(idx_shape));
    const HostTensor params =
        dtype == DType::Int32 ? random_i({7, 13, 3}, 1, -99, 99) : random_f({7, 13, 3}, 1);
    const auto a = static_cast<std::size_t>(axis < 0 ? axis + 3 : axis);
    const HostTensor idx = index_rows(idx_shape, {params.shape[a]}, 10 + c);
    OpCase op("GatherV2");
    op.input(params).input(idx).constant(scalar_i(static_cast<std::int32_t>(axis)));
    expect_equal(op.run().at(0), ref_gather_v2(params, idx, a));
  }
}

TEST(GatherNd, SlicesAndFullDepth) {
  const HostTensor params = random_f({5, 13, 3}, 2);
  // Index depth 1 and 2 gather slices; depth 3 gathers elements (a rank-1 index gives a scalar).
  const std::vector<Shape> idx_shapes = {{4, 1}, {2, 3, 2}, {6, 3}, {3}, {1, 1, 2}};
  for (std::size_t c = 0; c < idx_shapes.size(); ++c) {
    SCOPED_TRACE("indices " + shape_string(idx_shapes[c]));
    const auto depth = static_cast<std::ptrdiff_t>(idx_shapes[c].back());
    const HostTensor idx = index_rows(
        idx_shapes[c], Shape(params.shape.begin(), params.shape.begin() + depth), 20 + c);
    OpCase op("GatherNd");
    op.input(params).input(idx);
    expect_equal(op.run().at(0), ref_gather_nd(params, idx));
  }
}

TEST(TopKV2, SortedWithTiesLowerIndexFirst) {
  struct Case {
    Shape shape;
    std::int32_t k;
  };
  const std::vector<Case> cases = {{{1}, 1},
                                   {{13}, 1},
                                   {{13}, 13},
                                   {{3, 2, 13}, 5},
                                   {{4, 7}, 7},
                                   {{4, 7}, 0},
                                   // Many ties across the k-th value, as CenterNet's scores.
                                   {{2, 3000}, 100}};
  for (std::size_t c = 0; c < cases.size(); ++c) {
    for (DType dtype : {DType::Float32, DType::Int32}) {
      const auto& [shape, k] = cases[c];
      SCOPED_TRACE(shape_string(shape) + " k " + std::to_string(k) + " " + dtype_name(dtype));
      const HostTensor x = tied(dtype, shape, 30 + c, 4);
      OpCase op("TopKV2", 2);
      op.input(x).constant(scalar_i(k)).attr("sorted", attr_b(true));
      const auto out = op.run();
      const auto [values, indices] = ref_top_k(x, k);
      expect_equal(out.at(0), values);
      expect_equal(out.at(1), indices);
    }
  }
}

TEST(ArgMax, EachAxisFirstOfTies) {
  const HostTensor x = tied(DType::Float32, {5, 13, 3}, 40, 3);
  for (std::int32_t axis : {0, 1, 2, -1, -3}) {
    // TF's default output_type is int64; a converted graph may carry int32 explicitly.
    for (DType out_type : {DType::Int32, DType::Int64}) {
      SCOPED_TRACE("axis " + std::to_string(axis) + " " + dtype_name(out_type));
      OpCase op("ArgMax");
      op.input(x).constant(scalar_i(axis));
      if (out_type == DType::Int32) op.attr("output_type", attr_type(DType::Int32));
      const auto a = static_cast<std::size_t>(axis < 0 ? axis + 3 : axis);
      expect_equal(op.run().at(0), ref_arg_max(x, a, out_type));
    }
  }
}

TEST(SparseToDense, VectorAndScalarValues) {
  const Shape shape = {5, 13};
  // Distinct random positions, each with its own value.
  const HostTensor mask = random_b({prod(shape, 0, 2)}, 50), pool = random_f({mask.numel()}, 51);
  std::vector<std::int64_t> picked;
  for (std::int64_t f = 0; f < mask.numel(); ++f)
    if (mask.at(f) != 0) picked.push_back(f);
  const auto m = static_cast<std::int64_t>(picked.size());
  auto sparse = [&](bool reversed) {
    std::vector<std::int32_t> idx;
    std::vector<float> values;
    for (std::int64_t j = 0; j < m; ++j) {
      const std::int64_t f = picked[static_cast<std::size_t>(reversed ? m - 1 - j : j)];
      idx.insert(idx.end(), {static_cast<std::int32_t>(f / 13), static_cast<std::int32_t>(f % 13)});
      values.push_back(static_cast<float>(pool.at(f)));
    }
    return std::pair{tensor_i({m, 2}, idx), tensor_f({m}, values)};
  };
  const HostTensor default_value = scalar_f(-1.5F);
  const auto [sorted_idx, sorted_values] = sparse(false);
  const HostTensor want = ref_sparse_to_dense(sorted_idx, shape, sorted_values, default_value);
  // validate_indices=true needs TF's row-major order; false admits any order, same result.
  for (bool validate : {true, false}) {
    SCOPED_TRACE(validate ? "validate_indices" : "unsorted");
    const auto [idx, values] = sparse(!validate);
    OpCase op("SparseToDense");
    op.input(idx).constant(tensor_i({2}, {5, 13})).input(values).input(default_value);
    op.attr("validate_indices", attr_b(validate));
    expect_equal(op.run().at(0), want);
  }
  // Rank-1 and rank-0 indices into a rank-1 output, with one scalar value for all of them.
  for (const HostTensor& idx : {tensor_i({4}, {0, 3, 4, 12}), scalar_i(7)}) {
    SCOPED_TRACE("indices " + shape_string(idx.shape));
    OpCase op("SparseToDense");
    op.input(idx).constant(tensor_i({1}, {13})).input(scalar_i(9)).input(scalar_i(-2));
    expect_equal(op.run().at(0), ref_sparse_to_dense(idx, {13}, scalar_i(9), scalar_i(-2)));
  }
}

TEST(IndexOps, BadArgumentsAreOneLineErrors) {
  const HostTensor params = random_f({7, 3}, 60);
  OpCase("GatherV2")
      .input(params)
      .input(tensor_i({2}, {1, 7}))
      .constant(scalar_i(0))
      .expect_error("index 7 out of range [0,7)");
  OpCase("GatherV2")
      .input(params)
      .input(tensor_i({1}, {-1}))
      .constant(scalar_i(1))
      .expect_error("index -1 out of range [0,3)");
  OpCase("GatherV2")
      .input(params)
      .input(tensor_i({7, 1}, {0, 1, 2, 0, 1, 2, 0}))
      .constant(scalar_i(1))
      .attr("batch_dims", attr_i(1))
      .expect_error("batch_dims other than 0 is not supported");
  OpCase("GatherNd").input(params).input(tensor_i({1, 2}, {6, 3})).expect_error("index 3 out of");
  OpCase("TopKV2", 2).input(params).constant(scalar_i(4)).expect_error("k 4 out of range");
  OpCase("ArgMax").input(params).constant(scalar_i(2)).expect_error("axis 2 out of range");
  OpCase("SparseToDense")
      .input(tensor_i({1, 2}, {4, 13}))
      .constant(tensor_i({2}, {5, 13}))
      .input(scalar_f(1))
      .input(scalar_f(0))
      .expect_error("sparse_indices index 13 out of range [0,13)");
}

}  // namespace
}  // namespace podium::nn::test
