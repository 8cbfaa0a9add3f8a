// Op tests for src/nn/ops_shape.cpp: each op against a plain-loop reference.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "nn/ops/op_case.hpp"

namespace podium::nn::test {
namespace {

HostTensor ints(const std::vector<std::int32_t>& v) {
  return tensor_i({static_cast<std::int64_t>(v.size())}, v);
}

double at(const HostTensor& x, const Shape& idx) {
  return x.at(flat_index(x.shape, idx));
}

// Every reference below is "output element at index i is f(i)", so one generator serves them all.
HostTensor generate(DType dtype, const Shape& shape, const std::function<double(const Shape&)>& f) {
  HostTensor t = HostTensor::zeros(dtype, shape);
  for (std::int64_t i = 0; i < t.numel(); ++i) {
    t.set(i, f(unravel(shape, i)));
  }
  return t;
}

// Row-major data is unchanged by the reshape family; only the shape differs.
HostTensor reshaped(HostTensor x, Shape shape) {
  x.shape = std::move(shape);
  return x;
}

TEST(ShapeOps, Reshape) {
  const HostTensor x = random_f({2, 13, 3}, 1);
  expect_equal(OpCase("Reshape").input(x).constant(ints({3, -1, 2})).run()[0],
               reshaped(x, {3, 13, 2}));
  // The runtime path: the target shape arrives as a graph input rather than a load-time constant.
  expect_equal(OpCase("Reshape").input(x).input(ints({-1})).run()[0], reshaped(x, {78}));
  const HostTensor s = scalar_f(0.5F);
  expect_equal(OpCase("Reshape").input(s).constant(ints({1, 1, 1, 1})).run()[0],
               reshaped(s, {1, 1, 1, 1}));
  expect_equal(OpCase("Reshape").input(reshaped(s, {1, 1})).constant(tensor_i({0}, {})).run()[0],
               s);
  OpCase("Reshape")
      .input(x)
      .constant(ints({4, -1}))
      .expect_error("cannot reshape [2,13,3] to [4,-1]");
  OpCase("Reshape").input(x).constant(ints({-1, -1})).expect_error("cannot reshape");
}

TEST(ShapeOps, Squeeze) {
  const HostTensor x = random_f({1, 13, 1, 3, 1}, 2);
  expect_equal(OpCase("Squeeze").input(x).run()[0], reshaped(x, {13, 3}));
  expect_equal(OpCase("Squeeze").input(x).attr("squeeze_dims", attr_ints({-1, 0})).run()[0],
               reshaped(x, {13, 1, 3}));
  expect_equal(OpCase("Squeeze").input(x).attr("squeeze_dims", attr_ints({-3})).run()[0],
               reshaped(x, {1, 13, 3, 1}));
  OpCase("Squeeze")
      .input(x)
      .attr("squeeze_dims", attr_ints({1}))
      .expect_error("cannot squeeze dimension 1 of shape [1,13,1,3,1]");
  OpCase("Squeeze")
      .input(x)
      .attr("squeeze_dims", attr_ints({5}))
      .expect_error("axis 5 out of range");
}

TEST(ShapeOps, ExpandDims) {
  const HostTensor x = random_f({13, 3}, 3);
  const std::vector<std::pair<std::int32_t, Shape>> cases = {
      {0, {1, 13, 3}}, {2, {13, 3, 1}}, {-1, {13, 3, 1}}, {-2, {13, 1, 3}}, {-3, {1, 13, 3}}};
  for (const auto& [axis, shape] : cases) {
    SCOPED_TRACE("axis " + std::to_string(axis));
    expect_equal(OpCase("ExpandDims").input(x).constant(scalar_i(axis)).run()[0],
                 reshaped(x, shape));
  }
  const HostTensor s = scalar_i(7);
  expect_equal(OpCase("ExpandDims").input(s).constant(ints({-1})).run()[0], reshaped(s, {1}));
  OpCase("ExpandDims")
      .input(x)
      .constant(scalar_i(-4))
      .expect_error("axis -4 out of range for rank 3");
}

TEST(ShapeOps, Pack) {
  const std::vector<HostTensor> xs = {random_f({2, 13}, 4), random_f({2, 13}, 5),
                                      random_f({2, 13}, 6)};
  for (const std::int64_t axis : {0, 1, -1, -3}) {
    SCOPED_TRACE("axis " + std::to_string(axis));
    OpCase c("Pack");
    for (const HostTensor& x : xs)
      c.input(x);
    const auto a = static_cast<std::size_t>(axis < 0 ? axis + 3 : axis);
    Shape shape = {2, 13};
    shape.insert(shape.begin() + static_cast<std::ptrdiff_t>(a), std::int64_t{3});
    expect_equal(c.attr("axis", attr_i(axis)).attr("N", attr_i(3)).run()[0],
                 generate(DType::Float32, shape, [&](const Shape& i) {
                   Shape j = i;
                   j.erase(j.begin() + static_cast<std::ptrdiff_t>(a));
                   return at(xs[static_cast<std::size_t>(i[a])], j);
                 }));
  }
  expect_equal(OpCase("Pack").input(scalar_i(4)).input(scalar_i(-9)).run()[0], ints({4, -9}));
  OpCase("Pack").input(xs[0]).input(random_f({13, 2}, 7)).expect_error("inputs differ in shape");
}

TEST(ShapeOps, Unpack) {
  const HostTensor x = random_i({2, 13, 3}, 8, -50, 50);
  const auto parts =
      OpCase("Unpack", 13).input(x).attr("axis", attr_i(-2)).attr("num", attr_i(13)).run();
  for (std::int64_t k = 0; k < 13; ++k) {
    SCOPED_TRACE("part " + std::to_string(k));
    expect_equal(parts[static_cast<std::size_t>(k)],
                 generate(DType::Int32, {2, 3}, [&](const Shape& i) {
                   return at(x, {i[0], k, i[1]});
                 }));
  }
  OpCase("Unpack", 4)
      .input(x)
      .attr("axis", attr_i(-1))
      .attr("num", attr_i(4))
      .expect_error("dimension 2 has size 3, expected 4");
}

TEST(ShapeOps, ConcatV2) {
  const std::vector<HostTensor> xs = {random_i({2, 1, 3}, 9, -9, 9),
                                      random_i({2, 13, 3}, 10, -9, 9),
                                      random_i({2, 4, 3}, 11, -9, 9)};
  for (const std::int32_t axis : {1, -2}) {
    SCOPED_TRACE("axis " + std::to_string(axis));
    OpCase c("ConcatV2");
    for (const HostTensor& x : xs)
      c.input(x);
    expect_equal(c.constant(scalar_i(axis)).run()[0],
                 generate(DType::Int32, {2, 18, 3}, [&](const Shape& i) {
                   Shape j = i;
                   std::size_t k = 0;
                   for (; j[1] >= xs[k].shape[1]; ++k)
                     j[1] -= xs[k].shape[1];
                   return at(xs[k], j);
                 }));
  }
  OpCase("ConcatV2")
      .input(xs[0])
      .input(random_i({2, 1, 4}, 12, -9, 9))
      .constant(scalar_i(-2))
      .expect_error("cannot concatenate [2,1,3] and [2,1,4] on axis 1");
}

TEST(ShapeOps, Split) {
  const HostTensor x = random_f({2, 13, 6}, 13);
  const auto parts =
      OpCase("Split", 3).constant(scalar_i(-1)).input(x).attr("num_split", attr_i(3)).run();
  for (std::int64_t k = 0; k < 3; ++k) {
    SCOPED_TRACE("part " + std::to_string(k));
    expect_equal(parts[static_cast<std::size_t>(k)],
                 generate(DType::Float32, {2, 13, 2}, [&](const Shape& i) {
                   return at(x, {i[0], i[1], 2 * k + i[2]});
                 }));
  }
  OpCase("Split", 4)
      .constant(scalar_i(1))
      .input(x)
      .attr("num_split", attr_i(4))
      .expect_error("dimension of size 13 does not split into 4");
  // An empty dimension still yields num_split (empty) parts.
  const auto empty = OpCase("Split", 2)
                         .constant(scalar_i(0))
                         .input(random_f({0, 13}, 1))
                         .attr("num_split", attr_i(2))
                         .run();
  for (const HostTensor& part : empty)
    expect_equal(part, HostTensor::zeros(DType::Float32, {0, 13}));
}

TEST(ShapeOps, SplitV) {
  const HostTensor x = random_f({13, 2}, 14);
  const auto parts = OpCase("SplitV", 3)
                         .input(x)
                         .constant(ints({4, -1, 6}))
                         .constant(scalar_i(-2))
                         .attr("num_split", attr_i(3))
                         .run();
  const std::vector<std::int64_t> offsets = {0, 4, 7, 13};
  for (std::size_t k = 0; k < 3; ++k) {
    SCOPED_TRACE("part " + std::to_string(k));
    expect_equal(parts[k],
                 generate(DType::Float32, {offsets[k + 1] - offsets[k], 2}, [&](const Shape& i) {
                   return at(x, {offsets[k] + i[0], i[1]});
                 }));
  }
  OpCase("SplitV", 3)
      .input(x)
      .constant(ints({4, -1, 12}))
      .constant(scalar_i(0))
      .attr("num_split", attr_i(3))
      .expect_error("does not fit dimension 13");
}

TEST(ShapeOps, Slice) {
  const HostTensor x = random_f({2, 13, 3, 5}, 15);
  const std::vector<std::int32_t> begin = {1, 2, 0, 1};
  expect_equal(
      OpCase("Slice").input(x).constant(ints(begin)).constant(ints({-1, 7, -1, 3})).run()[0],
      generate(DType::Float32, {1, 7, 3, 3}, [&](const Shape& i) {
        Shape j = i;
        for (std::size_t d = 0; d < 4; ++d)
          j[d] += begin[d];
        return at(x, j);
      }));
  const HostTensor s = scalar_f(2.5F);
  expect_equal(
      OpCase("Slice").input(s).constant(tensor_i({0}, {})).constant(tensor_i({0}, {})).run()[0], s);
  OpCase("Slice")
      .input(x)
      .constant(ints({0, 10, 0, 0}))
      .constant(ints({-1, 4, -1, -1}))
      .expect_error("slice out of range in dimension 1");
}

struct SliceMasks {
  int begin = 0, end = 0, ellipsis = 0, new_axis = 0, shrink = 0;
};
struct SliceSpec {
  std::vector<std::int32_t> begin, end, strides;
  SliceMasks mask;
};

OpCase strided_slice(const HostTensor& x, const SliceSpec& s) {
  OpCase c("StridedSlice");
  c.input(x).constant(ints(s.begin)).constant(ints(s.end)).constant(ints(s.strides));
  c.attr("begin_mask", attr_i(s.mask.begin)).attr("end_mask", attr_i(s.mask.end));
  c.attr("ellipsis_mask", attr_i(s.mask.ellipsis)).attr("new_axis_mask", attr_i(s.mask.new_axis));
  return c.attr("shrink_axis_mask", attr_i(s.mask.shrink));
}

// TF's documented StridedSlice, written independently of the runtime: the spec entries map onto
// input dimensions in order, an ellipsis (or an implicit one at the end) standing for every
// dimension no entry names; a new axis adds a size-1 output dimension and consumes none. Per
// dimension a masked bound is the far end in the stride's direction, a negative bound counts from
// the end, and bounds clamp to [0, n] (forward) or [-1, n-1] (backward). A shrink takes exactly
// element `begin` and drops the dimension. The indices are then enumerated by stepping.
HostTensor strided_slice_ref(const HostTensor& x, const SliceSpec& s) {
  const auto rank = static_cast<std::int64_t>(x.shape.size());
  const std::size_t n = s.begin.size();
  auto bit = [](int mask, std::size_t i) { return ((mask >> i) & 1) != 0; };
  std::vector<std::vector<std::int64_t>> picks;  // per input dimension, the indices taken
  std::vector<std::int64_t> out_src;             // per output dimension, its input one (-1: new)
  std::vector<std::int64_t> out_pos;             // per input dimension, its output one (-1: shrunk)
  auto keep_whole = [&] {
    std::vector<std::int64_t> all(static_cast<std::size_t>(x.shape[picks.size()]));
    for (std::size_t k = 0; k < all.size(); ++k)
      all[k] = static_cast<std::int64_t>(k);
    out_pos.push_back(static_cast<std::int64_t>(out_src.size()));
    out_src.push_back(static_cast<std::int64_t>(picks.size()));
    picks.push_back(all);
  };
  bool ellipsis_seen = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (bit(s.mask.ellipsis, i) && !ellipsis_seen) {
      ellipsis_seen = true;
      std::int64_t named_after = 0;
      for (std::size_t j = i + 1; j < n; ++j)
        named_after += bit(s.mask.new_axis, j) ? 0 : 1;
      while (static_cast<std::int64_t>(picks.size()) < rank - named_after)
        keep_whole();
    } else if (bit(s.mask.new_axis, i)) {
      out_src.push_back(-1);
    } else {
      const std::int64_t dim = x.shape[picks.size()];
      const std::int64_t stride = s.strides[i];
      std::vector<std::int64_t> idx;
      if (bit(s.mask.shrink, i)) {
        idx.push_back(s.begin[i] < 0 ? s.begin[i] + dim : s.begin[i]);
        out_pos.push_back(-1);
      } else {
        const bool forward = stride > 0;
        auto bound = [&](std::int64_t v, bool masked, bool is_begin) -> std::int64_t {
          if (masked) return is_begin ? (forward ? 0 : dim - 1) : (forward ? dim : -1);
          if (v < 0) v += dim;
          return forward ? std::clamp<std::int64_t>(v, 0, dim)
                         : std::clamp<std::int64_t>(v, -1, dim - 1);
        };
        const std::int64_t b = bound(s.begin[i], bit(s.mask.begin, i), true);
        const std::int64_t e = bound(s.end[i], bit(s.mask.end, i), false);
        for (std::int64_t k = b; forward ? k < e : k > e; k += stride)
          idx.push_back(k);
        out_pos.push_back(static_cast<std::int64_t>(out_src.size()));
        out_src.push_back(static_cast<std::int64_t>(picks.size()));
      }
      picks.push_back(idx);
    }
  }
  while (static_cast<std::int64_t>(picks.size()) < rank)
    keep_whole();
  Shape shape;
  for (const std::int64_t src : out_src)
    shape.push_back(
        src < 0 ? 1 : static_cast<std::int64_t>(picks[static_cast<std::size_t>(src)].size()));
  return generate(x.dtype, shape, [&](const Shape& i) {
    Shape j(picks.size());
    for (std::size_t d = 0; d < picks.size(); ++d) {
      const std::int64_t p = out_pos[d];
      j[d] = picks[d][p < 0 ? 0 : static_cast<std::size_t>(i[static_cast<std::size_t>(p)])];
    }
    return at(x, j);
  });
}

TEST(ShapeOps, StridedSlice) {
  const HostTensor x = random_f({4, 13, 3, 5}, 16);
  const std::vector<std::pair<std::string, SliceSpec>> cases = {
      {"x[:, 2:11:3, ::-1, 1:]",
       {{0, 2, 0, 1}, {0, 11, 0, 0}, {1, 3, -1, 1}, {.begin = 0b0101, .end = 0b1101}}},
      {"x[-1, -3:, 1, ::2]",
       {{-1, -3, 1, 0},
        {0, 0, 2, 0},
        {1, 1, 1, 2},
        {.begin = 0b1000, .end = 0b1010, .shrink = 0b0101}}},
      {"x[..., newaxis, -2]",
       {{0, 0, -2}, {0, 0, 0}, {1, 1, 1}, {.ellipsis = 0b001, .new_axis = 0b010, .shrink = 0b100}}},
      {"x[newaxis, 1:3, ..., 4:1:-2]",
       {{0, 1, 0, 4}, {0, 3, 0, 1}, {1, 1, 1, -2}, {.ellipsis = 0b0100, .new_axis = 0b0001}}},
      {"x[-100:100, 20:-20:-4, 1:-1, -1:-7:-1] (bounds clamped)",
       {{-100, 20, 1, -1}, {100, -20, -1, -7}, {1, -4, 1, -1}}},
      {"x[2:1, 5:-1:2] (empty; the rest implicit)", {{2, 5}, {1, -1}, {1, 2}}},
      {"x[3:0:-1, ::-5, -2::-1, :, newaxis]",
       {{3, 0, -2, 0, 0},
        {0, 0, 0, 0, 0},
        {-1, -5, -1, 1, 1},
        {.begin = 0b01010, .end = 0b01110, .new_axis = 0b10000}}},
  };
  for (const auto& [name, spec] : cases) {
    SCOPED_TRACE(name);
    expect_equal(strided_slice(x, spec).run()[0], strided_slice_ref(x, spec));
  }
  // A shrink of a rank-1 int tensor gives a rank-0 result.
  const HostTensor v = random_i({13}, 17, -100, 100);
  const SliceSpec second_last = {{-2}, {-1}, {1}, {.shrink = 1}};
  expect_equal(strided_slice(v, second_last).run()[0], strided_slice_ref(v, second_last));
  strided_slice(x, {{4}, {5}, {1}, {.shrink = 1}})
      .expect_error("index 4 out of range for dimension 0 of size 4");
  strided_slice(x, {{0}, {4}, {0}, {}}).expect_error("stride 0");
  // TF rejects a shrink with a negative stride ("only stride 1 allowed on non-range indexing").
  strided_slice(x, {{1}, {0}, {-1}, {.shrink = 1}})
      .expect_error("shrink_axis dimension 0 needs a positive stride");
}

TEST(ShapeOps, Shape) {
  const HostTensor x = random_f({1, 13, 3, 5}, 18);
  expect_equal(OpCase("Shape").input(x).attr("out_type", attr_type(DType::Int32)).run()[0],
               ints({1, 13, 3, 5}));
  expect_equal(OpCase("Shape").input(scalar_f(1)).run()[0], tensor_i({0}, {}));
  OpCase("Shape")
      .input(x)
      .attr("out_type", Json{{"type", "DT_HALF"}})
      .expect_error("is not supported");
}

TEST(ShapeOps, Size) {
  expect_equal(OpCase("Size")
                   .input(random_f({1, 13, 3, 5}, 19))
                   .attr("out_type", attr_type(DType::Int32))
                   .run()[0],
               scalar_i(195));
  expect_equal(OpCase("Size").input(scalar_i(3)).run()[0], scalar_i(1));
  OpCase("Size")
      .input(scalar_i(3))
      .attr("out_type", Json{{"type", "DT_HALF"}})
      .expect_error("is not supported");
}

TEST(ShapeOps, Range) {
  // TF (and TF.js) build the sequence by repeated addition in the output type, so the reference
  // does too; the count is ceil(|limit - start| / |delta|).
  auto reference = [](DType dtype, double start, double limit, double delta) {
    const auto n = static_cast<std::int64_t>(std::ceil(std::abs((limit - start) / delta)));
    HostTensor t = HostTensor::zeros(dtype, {n});
    if (dtype == DType::Float32) {
      float v = static_cast<float>(start);
      for (float& y : t.values<float>()) {
        y = v;
        v += static_cast<float>(delta);
      }
    } else {
      auto v = static_cast<std::int32_t>(start);
      for (std::int32_t& y : t.values<std::int32_t>()) {
        y = v;
        v += static_cast<std::int32_t>(delta);
      }
    }
    return t;
  };
  const std::vector<std::array<float, 3>> float_cases = {
      {-1.7F, 2.9F, 0.3F}, {3.1F, -0.55F, -0.7F}, {0.0F, 1.0F, 1.0F}};
  for (const auto& [start, limit, delta] : float_cases) {
    SCOPED_TRACE("float range(" + std::to_string(start) + ", " + std::to_string(limit) + ", " +
                 std::to_string(delta) + ")");
    expect_equal(OpCase("Range")
                     .input(scalar_f(start))
                     .input(scalar_f(limit))
                     .input(scalar_f(delta))
                     .run()[0],
                 reference(DType::Float32, start, limit, delta));
  }
  const std::vector<std::array<std::int32_t, 3>> int_cases = {
      {20, -7, -3}, {-4, 9, 13}, {2, 15, 4}, {5, 5, 1}};
  for (const auto& [start, limit, delta] : int_cases) {
    SCOPED_TRACE("int range(" + std::to_string(start) + ", " + std::to_string(limit) + ", " +
                 std::to_string(delta) + ")");
    expect_equal(OpCase("Range")
                     .input(scalar_i(start))
                     .input(scalar_i(limit))
                     .input(scalar_i(delta))
                     .run()[0],
                 reference(DType::Int32, start, limit, delta));
  }
  OpCase("Range")
      .input(scalar_i(0))
      .input(scalar_i(5))
      .input(scalar_i(-1))
      .expect_error("is empty or infinite");
  OpCase("Range")
      .input(scalar_f(0))
      .input(scalar_f(5))
      .input(scalar_f(0))
      .expect_error("is empty or infinite");
}

TEST(ShapeOps, Fill) {
  expect_equal(OpCase("Fill").constant(ints({2, 1, 13})).input(scalar_f(0.37F)).run()[0],
               generate(DType::Float32, {2, 1, 13}, [](const Shape&) { return 0.37F; }));
  expect_equal(OpCase("Fill").constant(tensor_i({0}, {})).input(scalar_i(-6)).run()[0],
               scalar_i(-6));
  OpCase("Fill").constant(ints({2, -1})).input(scalar_f(1)).expect_error("dims [2,-1] are invalid");
}

TEST(ShapeOps, Tile) {
  auto tile_ref = [](const HostTensor& x, const std::vector<std::int32_t>& multiples) {
    Shape shape = x.shape;
    for (std::size_t d = 0; d < shape.size(); ++d)
      shape[d] *= multiples[d];
    return generate(x.dtype, shape, [&](const Shape& i) {
      Shape j = i;
      for (std::size_t d = 0; d < j.size(); ++d)
        j[d] %= x.shape[d];
      return at(x, j);
    });
  };
  const HostTensor x = random_i({1, 13, 2}, 20, -1000, 1000);
  expect_equal(OpCase("Tile").input(x).constant(ints({3, 1, 3})).run()[0], tile_ref(x, {3, 1, 3}));
  const HostTensor f = random_f({2, 3, 1, 5}, 21);
  expect_equal(OpCase("Tile").input(f).constant(ints({1, 3, 13, 1})).run()[0],
               tile_ref(f, {1, 3, 13, 1}));
  OpCase("Tile")
      .input(x)
      .constant(ints({3, 1}))
      .expect_error("multiples [3,1] do not match rank 3");
}

TEST(ShapeOps, Transpose) {
  const HostTensor x = random_f({2, 13, 1, 3}, 22);
  const std::vector<std::int32_t> perm = {3, 0, 2, 1};
  expect_equal(OpCase("Transpose").input(x).constant(ints(perm)).run()[0],
               generate(DType::Float32, {3, 2, 1, 13}, [&](const Shape& i) {
                 // Output dimension d is input dimension perm[d].
                 Shape j(4);
                 for (std::size_t d = 0; d < 4; ++d)
                   j[static_cast<std::size_t>(perm[d])] = i[d];
                 return at(x, j);
               }));
  OpCase("Transpose")
      .input(x)
      .constant(ints({0, 1, 2}))
      .expect_error("perm [0,1,2] is not a permutation");
  OpCase("Transpose").input(x).constant(ints({0, 1, 1, 3})).expect_error("is not a permutation");
}

// Pad and PadV2 share one builder; the reference places x at offset `before` in a `value` field.
HostTensor pad_ref(const HostTensor& x, const std::vector<std::int32_t>& paddings, double value) {
  Shape shape = x.shape;
  for (std::size_t d = 0; d < shape.size(); ++d)
    shape[d] += paddings[2 * d] + paddings[2 * d + 1];
  return generate(x.dtype, shape, [&](const Shape& i) {
    Shape j = i;
    for (std::size_t d = 0; d < j.size(); ++d) {
      j[d] -= paddings[2 * d];
      if (j[d] < 0 || j[d] >= x.shape[d]) return value;
    }
    return at(x, j);
  });
}

TEST(ShapeOps, Pad) {
  const HostTensor x = random_f({2, 13, 1, 3}, 23);
  const std::vector<std::int32_t> p = {1, 0, 0, 2, 3, 1, 0, 0};
  expect_equal(OpCase("Pad").input(x).constant(tensor_i({4, 2}, p)).run()[0], pad_ref(x, p, 0));
  OpCase("Pad")
      .input(x)
      .constant(tensor_i({3, 2}, {1, 0, 0, 2, 3, 1}))
      .expect_error("paddings must be [4,2]");
  OpCase("Pad")
      .input(x)
      .constant(tensor_i({4, 2}, {1, 0, 0, -2, 3, 1, 0, 0}))
      .expect_error("negative padding");
}

TEST(ShapeOps, PadV2) {
  const HostTensor x = random_f({13, 3}, 24);
  const std::vector<std::int32_t> p = {0, 2, 3, 1};
  expect_equal(
      OpCase("PadV2").input(x).constant(tensor_i({2, 2}, p)).input(scalar_f(-0.75F)).run()[0],
      pad_ref(x, p, -0.75));
  const HostTensor n = random_i({1, 13}, 25, -9, 9);
  const std::vector<std::int32_t> q = {2, 1, 0, 3};
  expect_equal(
      OpCase("PadV2").input(n).constant(tensor_i({2, 2}, q)).constant(scalar_i(42)).run()[0],
      pad_ref(n, q, 42));
  OpCase("PadV2")
      .input(x)
      .constant(tensor_i({2, 2}, {0, -1, 3, 1}))
      .input(scalar_f(1))
      .expect_error("negative padding");
}

TEST(ShapeOps, DepthToSpace) {
  for (const std::int64_t bs : {2, 3}) {
    SCOPED_TRACE("block_size " + std::to_string(bs));
    const std::int64_t oc = 2;
    const HostTensor x = random_f({2, 3, 5, bs * bs * oc}, 26);
    // DCR: the channel index splits as (row offset, column offset, output channel).
    expect_equal(
        OpCase("DepthToSpace").input(x).attr("block_size", attr_i(bs)).run()[0],
        generate(DType::Float32, {2, 3 * bs, 5 * bs, oc}, [&](const Shape& i) {
          return at(x, {i[0], i[1] / bs, i[2] / bs, ((i[1] % bs) * bs + i[2] % bs) * oc + i[3]});
        }));
  }
  const HostTensor x = random_f({1, 2, 2, 12}, 27);
  OpCase("DepthToSpace")
      .input(x)
      .attr("block_size", attr_i(3))
      .expect_error("input [1,2,2,12] has no channel count divisible by 9");
  OpCase("DepthToSpace")
      .input(x)
      .attr("block_size", attr_i(2))
      .attr("data_format", attr_s("NCHW"))
      .expect_error("data_format 'NCHW' is not supported");
}

}  // namespace
}  // namespace podium::nn::test
