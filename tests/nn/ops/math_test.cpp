// Op tests for src/nn/ops_math.cpp: each op against a plain-loop reference.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "nn/ops/op_case.hpp"

namespace podium::nn::test {
namespace {

struct Tol {
  double atol = 0, rtol = 0;
};
constexpr Tol kExact{};
// libtorch's vectorised transcendentals are within a few ulps of the correctly rounded value.
constexpr Tol kUlps{1e-7, 1e-6};
// Float reductions accumulate in a different order than the double reference.
constexpr Tol kAccum{1e-5, 1e-5};

struct Domain {
  double lo = -1, hi = 1;
  bool either_sign = false;  // magnitudes in [lo, hi] with a random sign: keeps divisors off 0
  double grid = 0;           // floats snapped to multiples of grid, so comparisons meet ties
};

template <class R>
constexpr DType dtype_for() {
  if constexpr (std::is_same_v<R, bool>) {
    return DType::Bool;
  } else if constexpr (std::is_floating_point_v<R>) {
    return DType::Float32;
  } else {
    return DType::Int32;
  }
}

template <class T>
HostTensor sample(const Shape& shape, std::uint32_t seed, Domain d) {
  if constexpr (std::is_same_v<T, bool>) {
    return random_b(shape, seed);
  } else {
    HostTensor t;
    if constexpr (std::is_same_v<T, float>) {
      t = random_f(shape, seed, static_cast<float>(d.lo), static_cast<float>(d.hi));
      if (d.grid > 0) {
        for (float& v : t.values<float>())
          v = static_cast<float>(d.grid * std::round(v / d.grid));
      }
    } else {
      t = random_i(shape, seed, static_cast<std::int32_t>(d.lo), static_cast<std::int32_t>(d.hi));
    }
    if (d.either_sign) {
      const HostTensor negative = random_b(shape, seed + 1000);
      for (std::int64_t i = 0; i < t.numel(); ++i)
        t.set(i, negative.at(i) != 0 ? -t.at(i) : t.at(i));
    }
    return t;
  }
}

// Element-wise references. T is the operands' C++ type; the result dtype follows f's return type,
// so a reference returning int32 for int32 operands also checks that integers stay integers.
template <class T, class F>
HostTensor ref_unary(const HostTensor& x, F f) {
  EXPECT_EQ(x.dtype, dtype_for<T>());
  HostTensor out = HostTensor::zeros(dtype_for<decltype(f(T{}))>(), x.shape);
  for (std::int64_t i = 0; i < x.numel(); ++i)
    out.set(i, static_cast<double>(f(static_cast<T>(x.at(i)))));
  return out;
}

template <class T, class F>
HostTensor ref_binary(const HostTensor& a, const HostTensor& b, F f) {
  EXPECT_EQ(a.dtype, dtype_for<T>());
  EXPECT_EQ(b.dtype, dtype_for<T>());
  const Shape shape = broadcast_shape(a.shape, b.shape);
  HostTensor out = HostTensor::zeros(dtype_for<decltype(f(T{}, T{}))>(), shape);
  for (std::int64_t i = 0; i < out.numel(); ++i) {
    out.set(i, static_cast<double>(f(static_cast<T>(broadcast_at(a, shape, i)),
                                     static_cast<T>(broadcast_at(b, shape, i)))));
  }
  return out;
}

HostTensor run_op(const std::string& op, const std::vector<HostTensor>& inputs,
                  const Json& attrs = Json::object()) {
  OpCase c(op);
  for (const HostTensor& t : inputs)
    c.input(t);
  for (const auto& [key, value] : attrs.items())
    c.attr(key, value);
  return c.run().at(0);
}

// Scalars, a lone element, an odd length, rank 4 and zero-size.
const std::vector<Shape> kUnaryShapes = {{}, {1}, {13}, {1, 13, 7, 3}, {0}, {2, 0, 3}};

// Equal shapes, scalar against tensor both ways, both sides broadcasting, rank mismatch both ways,
// and zero-size against scalar and against a lower rank.
const std::vector<std::pair<Shape, Shape>> kBinaryShapes = {
    {{13}, {13}},
    {{}, {13}},
    {{13}, {}},
    {{}, {}},
    {{13, 1}, {1, 7}},
    {{1, 13, 7, 3}, {3}},
    {{7, 1}, {1, 13, 7, 3}},
    {{0}, {}},
    {{2, 0, 3}, {1, 3}},
};

template <class T, class F>
void check_unary(const std::string& op, Domain d, F f, Tol tol = kExact,
                 const Json& attrs = Json::object()) {
  std::uint32_t seed = 1;
  for (const Shape& s : kUnaryShapes) {
    const HostTensor x = sample<T>(s, seed++, d);
    SCOPED_TRACE(op + " " + attrs.dump() + " of " + describe(x));
    expect_near(run_op(op, {x}, attrs), ref_unary<T>(x, f), tol.atol, tol.rtol);
  }
}

template <class T, class F>
void check_binary(const std::string& op, Domain da, Domain db, F f, Tol tol = kExact,
                  const std::vector<std::pair<Shape, Shape>>& shapes = kBinaryShapes) {
  std::uint32_t seed = 1;
  for (const auto& [sa, sb] : shapes) {
    const HostTensor a = sample<T>(sa, seed++, da);
    const HostTensor b = sample<T>(sb, seed++, db);
    SCOPED_TRACE(op + " of " + describe(a) + ", " + describe(b));
    expect_near(run_op(op, {a, b}), ref_binary<T>(a, b, f), tol.atol, tol.rtol);
  }
}

// ---------------------------------------------------------------------------------------------
// Unary

TEST(MathUnary, Abs) {
  const auto f = [](auto x) { return x < 0 ? -x : x; };
  check_unary<float>("Abs", {-3, 3}, f);
  check_unary<std::int32_t>("Abs", {-50, 50}, f);
}

TEST(MathUnary, Exp) {
  check_unary<float>(
      "Exp", {-10, 10}, [](float x) { return std::exp(double{x}); }, kUlps);
}

TEST(MathUnary, Log) {
  check_unary<float>(
      "Log", {0.01, 10}, [](float x) { return std::log(double{x}); }, kUlps);
}

TEST(MathUnary, Sqrt) {
  check_unary<float>(
      "Sqrt", {0, 10}, [](float x) { return std::sqrt(double{x}); }, kUlps);
}

TEST(MathUnary, Rsqrt) {
  check_unary<float>(
      "Rsqrt", {0.01, 10}, [](float x) { return 1 / std::sqrt(double{x}); }, kUlps);
}

TEST(MathUnary, Square) {
  const auto f = [](auto x) { return x * x; };
  check_unary<float>("Square", {-3, 3}, f);
  check_unary<std::int32_t>("Square", {-1000, 1000}, f);
}

TEST(MathUnary, Neg) {
  const auto f = [](auto x) { return -x; };
  check_unary<float>("Neg", {-3, 3}, f);
  check_unary<std::int32_t>("Neg", {-50, 50}, f);
}

TEST(MathUnary, Floor) {
  // A 0.5 grid puts exact integers and halves among the inputs.
  check_unary<float>("Floor", {-5, 5}, [](float x) { return std::floor(x); });
  check_unary<float>("Floor", {-5, 5, false, 0.5}, [](float x) { return std::floor(x); });
}

TEST(MathUnary, Reciprocal) {
  check_unary<float>(
      "Reciprocal", {0.1, 4, true}, [](float x) { return 1 / double{x}; }, kUlps);
}

TEST(MathUnary, Sigmoid) {
  check_unary<float>(
      "Sigmoid", {-10, 10}, [](float x) { return 1 / (1 + std::exp(-double{x})); }, kUlps);
}

TEST(MathUnary, Tanh) {
  check_unary<float>(
      "Tanh", {-5, 5}, [](float x) { return std::tanh(double{x}); }, kUlps);
}

TEST(MathUnary, Relu) {
  const auto f = [](auto x) { return x > 0 ? x : decltype(x){0}; };
  check_unary<float>("Relu", {-3, 3}, f);
  check_unary<std::int32_t>("Relu", {-50, 50}, f);
}

TEST(MathUnary, Relu6) {
  check_unary<float>("Relu6", {-3, 9}, [](float x) { return std::min(std::max(x, 0.0F), 6.0F); });
}

TEST(MathUnary, LogicalNot) {
  check_unary<bool>("LogicalNot", {}, [](bool x) { return !x; });
}

TEST(MathUnary, LeakyRelu) {
  const auto leaky = [](double alpha) {
    return [alpha](float x) { return x > 0 ? double{x} : alpha * x; };
  };
  // Without the attribute TF's default is 0.2, not torch's 0.01 nor Keras' 0.3.
  check_unary<float>("LeakyRelu", {-3, 3}, leaky(0.2), kUlps);
  check_unary<float>("LeakyRelu", {-3, 3}, leaky(0.01), kUlps, {{"alpha", attr_f(0.01)}});
  check_unary<float>("LeakyRelu", {-3, 3}, leaky(0.5), kUlps, {{"alpha", attr_f(0.5)}});
}

// ---------------------------------------------------------------------------------------------
// Binary arithmetic. Integer references return int32, so the dtype check in expect_near is the
// "int32 stays int32" check (libtorch would promote some of these to float or int64).

const Domain kAnyF{-3, 3};
const Domain kAnyI{-100, 100};
const Domain kDivisorF{0.5, 3, true};
const Domain kDivisorI{1, 7, true};

const auto add = [](auto a, auto b) { return a + b; };

TEST(MathBinary, Add) {
  check_binary<float>("Add", kAnyF, kAnyF, add);
  check_binary<std::int32_t>("Add", kAnyI, kAnyI, add);
}

TEST(MathBinary, AddV2) {
  check_binary<float>("AddV2", kAnyF, kAnyF, add);
  check_binary<std::int32_t>("AddV2", kAnyI, kAnyI, add);
}

TEST(MathBinary, BiasAdd) {
  // The bias runs along the last axis, whatever the rank.
  const std::vector<std::pair<Shape, Shape>> shapes = {
      {{1, 13, 7, 3}, {3}}, {{13, 5}, {5}}, {{7}, {7}}, {{2, 0, 4}, {4}}};
  check_binary<float>("BiasAdd", kAnyF, kAnyF, add, kExact, shapes);
  check_binary<std::int32_t>("BiasAdd", kAnyI, kAnyI, add, kExact, shapes);
}

TEST(MathBinary, Sub) {
  const auto f = [](auto a, auto b) { return a - b; };
  check_binary<float>("Sub", kAnyF, kAnyF, f);
  check_binary<std::int32_t>("Sub", kAnyI, kAnyI, f);
}

TEST(MathBinary, Mul) {
  const auto f = [](auto a, auto b) { return a * b; };
  check_binary<float>("Mul", kAnyF, kAnyF, f);
  check_binary<std::int32_t>("Mul", kAnyI, kAnyI, f);
}

TEST(MathBinary, RealDiv) {
  // C++ `/` is TF's RealDiv for both: IEEE division for floats, truncation for ints.
  const auto f = [](auto a, auto b) { return a / b; };
  check_binary<float>("RealDiv", kAnyF, kDivisorF, f, kUlps);
  check_binary<std::int32_t>("RealDiv", kAnyI, kDivisorI, f);
  expect_equal(run_op("RealDiv", {tensor_i({4}, {-7, 7, -7, 9}), tensor_i({4}, {2, -2, -2, 3})}),
               tensor_i({4}, {-3, -3, 3, 3}));
}

const auto floor_div = [](auto a, auto b) {
  if constexpr (std::is_integral_v<decltype(a)>) {
    const auto q = a / b;
    return a % b != 0 && (a < 0) != (b < 0) ? q - 1 : q;
  } else {
    return std::floor(a / b);  // the float quotient, as TF computes it
  }
};

TEST(MathBinary, FloorDiv) {
  check_binary<float>("FloorDiv", kAnyF, kDivisorF, floor_div);
  check_binary<std::int32_t>("FloorDiv", kAnyI, kDivisorI, floor_div);
  // Rounds toward -inf, unlike C++ division.
  expect_equal(run_op("FloorDiv",
                      {tensor_i({6}, {-7, 7, -7, 7, 0, -1}), tensor_i({6}, {2, -2, -2, 2, -3, 3})}),
               tensor_i({6}, {-4, -4, 3, 3, 0, -1}));
  expect_equal(
      run_op("FloorDiv", {tensor_f({4}, {-7, 7.5, -0.5, 1}), tensor_f({4}, {2, -2, 4, 3})}),
      tensor_f({4}, {-4, -4, -1, 0}));
}

const auto floor_mod = [](auto a, auto b) {
  const auto r = [&] {
    if constexpr (std::is_integral_v<decltype(a)>) {
      return a % b;
    } else {
      return std::fmod(a, b);
    }
  }();
  // The remainder takes the divisor's sign.
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
};

TEST(MathBinary, FloorMod) {
  check_binary<float>("FloorMod", kAnyF, kDivisorF, floor_mod, kUlps);
  check_binary<std::int32_t>("FloorMod", kAnyI, kDivisorI, floor_mod);
  expect_equal(run_op("FloorMod",
                      {tensor_i({6}, {-7, 7, -7, 7, 6, -6}), tensor_i({6}, {2, -2, -2, 2, -3, 3})}),
               tensor_i({6}, {1, -1, -1, 1, 0, 0}));
  expect_equal(
      run_op("FloorMod", {tensor_f({4}, {-7.5, 7.5, -7.5, 7.5}), tensor_f({4}, {2, -2, -2, 2})}),
      tensor_f({4}, {0.5, -0.5, -1.5, 1.5}));
}

TEST(MathBinary, SquaredDifference) {
  const auto f = [](auto a, auto b) { return (a - b) * (a - b); };
  check_binary<float>("SquaredDifference", kAnyF, kAnyF, f);
  check_binary<std::int32_t>("SquaredDifference", kAnyI, kAnyI, f);
}

TEST(MathBinary, Maximum) {
  const auto f = [](auto a, auto b) { return std::max(a, b); };
  check_binary<float>("Maximum", {-2, 2, false, 0.5}, {-2, 2, false, 0.5}, f);
  check_binary<std::int32_t>("Maximum", {-3, 3}, {-3, 3}, f);
}

TEST(MathBinary, Minimum) {
  const auto f = [](auto a, auto b) { return std::min(a, b); };
  check_binary<float>("Minimum", {-2, 2, false, 0.5}, {-2, 2, false, 0.5}, f);
  check_binary<std::int32_t>("Minimum", {-3, 3}, {-3, 3}, f);
}

TEST(MathBinary, Pow) {
  const auto f = [](auto a, auto b) {
    if constexpr (std::is_integral_v<decltype(a)>) {
      decltype(a * b) r = 1;
      for (decltype(b) k = 0; k < b; ++k)
        r *= a;
      return r;
    } else {
      return std::pow(double{a}, double{b});
    }
  };
  check_binary<float>("Pow", {0.1, 3}, {-3, 3}, f, kUlps);
  // Negative integer exponents are an error in TF, so ints keep to [0, 6].
  check_binary<std::int32_t>("Pow", {-5, 5}, {0, 6}, f);
  expect_equal(run_op("Pow", {tensor_i({4}, {2, -3, 0, 5}), tensor_i({4}, {10, 3, 0, 1})}),
               tensor_i({4}, {1024, -27, 1, 5}));
  // A negative base is defined for integral exponents only.
  expect_near(run_op("Pow", {tensor_f({4}, {-2, 4, 2, -2}), tensor_f({4}, {3, 0.5, -1, 0.5})}),
              tensor_f({4}, {-8, 2, 0.5, std::nanf("")}), 0, 1e-6);
}

// ---------------------------------------------------------------------------------------------
// Comparisons and logic: bool results. Coarse values so that ties are common.

const Domain kCoarseF{-2, 2, false, 0.5};
const Domain kCoarseI{-3, 3};

template <class F>
void check_comparison(const std::string& op, F f) {
  check_binary<float>(op, kCoarseF, kCoarseF, f);
  check_binary<std::int32_t>(op, kCoarseI, kCoarseI, f);
}

TEST(MathCompare, Equal) {
  const auto f = [](auto a, auto b) { return a == b; };
  check_comparison("Equal", f);
  check_binary<bool>("Equal", {}, {}, f);
}

TEST(MathCompare, NotEqual) {
  const auto f = [](auto a, auto b) { return a != b; };
  check_comparison("NotEqual", f);
  check_binary<bool>("NotEqual", {}, {}, f);
}

TEST(MathCompare, Greater) {
  check_comparison("Greater", [](auto a, auto b) { return a > b; });
}

TEST(MathCompare, GreaterEqual) {
  check_comparison("GreaterEqual", [](auto a, auto b) { return a >= b; });
}

TEST(MathCompare, Less) {
  check_comparison("Less", [](auto a, auto b) { return a < b; });
}

TEST(MathCompare, LessEqual) {
  check_comparison("LessEqual", [](auto a, auto b) { return a <= b; });
}

TEST(MathCompare, LogicalAnd) {
  check_binary<bool>("LogicalAnd", {}, {}, [](bool a, bool b) { return a && b; });
}

TEST(MathCompare, LogicalOr) {
  check_binary<bool>("LogicalOr", {}, {}, [](bool a, bool b) { return a || b; });
}

// ---------------------------------------------------------------------------------------------
// Cast, Identity, AddN, Select

TEST(MathMisc, Cast) {
  const auto to = [](DType src, DType dst) {
    return Json{{"SrcT", attr_type(src)}, {"DstT", attr_type(dst)}};
  };
  // float -> int32 truncates toward zero (not floor, not round-half-even).
  check_unary<float>(
      "Cast", {-100, 100}, [](float x) { return static_cast<std::int32_t>(x); }, kExact,
      to(DType::Float32, DType::Int32));
  expect_equal(run_op("Cast", {tensor_f({6}, {-2.7F, -2.5F, -0.5F, 0.5F, 2.5F, 2.7F})},
                      to(DType::Float32, DType::Int32)),
               tensor_i({6}, {-2, -2, 0, 0, 2, 2}));
  check_unary<std::int32_t>(
      "Cast", {-2, 2}, [](std::int32_t x) { return x != 0; }, kExact,
      to(DType::Int32, DType::Bool));
  check_unary<std::int32_t>(
      "Cast", {-1000, 1000}, [](std::int32_t x) { return static_cast<float>(x); }, kExact,
      to(DType::Int32, DType::Float32));
  check_unary<bool>(
      "Cast", {}, [](bool x) { return x ? 1.0F : 0.0F; }, kExact, to(DType::Bool, DType::Float32));
  check_unary<bool>(
      "Cast", {}, [](bool x) { return std::int32_t{x}; }, kExact, to(DType::Bool, DType::Int32));
  check_unary<float>(
      "Cast", {-1, 1, false, 0.5}, [](float x) { return x != 0; }, kExact,
      to(DType::Float32, DType::Bool));
}

TEST(MathMisc, Identity) {
  const auto same = [](auto x) { return x; };
  check_unary<float>("Identity", {-3, 3}, same);
  check_unary<std::int32_t>("Identity", {-50, 50}, same);
  check_unary<bool>("Identity", {}, same);
}

template <class T>
HostTensor ref_add_n(const std::vector<HostTensor>& xs) {
  HostTensor out = HostTensor::zeros(xs.at(0).dtype, xs[0].shape);
  for (std::int64_t i = 0; i < out.numel(); ++i) {
    T s = static_cast<T>(xs[0].at(i));
    for (std::size_t k = 1; k < xs.size(); ++k)
      s = static_cast<T>(s + static_cast<T>(xs[k].at(i)));  // left to right, as TF adds
    out.set(i, s);
  }
  return out;
}

template <class T>
void check_add_n(std::size_t n, Domain d) {
  std::uint32_t seed = 1;
  for (const Shape& s : kUnaryShapes) {
    std::vector<HostTensor> xs;
    for (std::size_t k = 0; k < n; ++k)
      xs.push_back(sample<T>(s, seed++, d));
    SCOPED_TRACE(std::to_string(n) + " x " + describe(xs[0]));
    expect_equal(run_op("AddN", xs, {{"N", attr_i(static_cast<std::int64_t>(n))}}),
                 ref_add_n<T>(xs));
  }
}

TEST(MathMisc, AddN) {
  check_add_n<float>(1, {-3, 3});
  check_add_n<float>(3, {-3, 3});
  check_add_n<std::int32_t>(1, {-100, 100});
  check_add_n<std::int32_t>(3, {-100, 100});
}

// Select (v1): a scalar condition picks a whole operand, a rank-1 condition against higher-rank
// operands picks rows, otherwise the condition has the operands' shape.
HostTensor ref_select(const HostTensor& c, const HostTensor& t, const HostTensor& e) {
  HostTensor out = HostTensor::zeros(t.dtype, t.shape);
  const bool rows = c.shape.size() == 1 && t.shape.size() > 1;
  const std::int64_t inner = rows && c.numel() > 0 ? t.numel() / c.numel() : 1;
  for (std::int64_t i = 0; i < out.numel(); ++i) {
    const std::int64_t ci = c.shape.empty() ? 0 : i / inner;
    out.set(i, c.at(ci) != 0 ? t.at(i) : e.at(i));
  }
  return out;
}

TEST(MathMisc, Select) {
  // {condition, operands}. [7] against [7,7] must pick rows: numpy broadcasting would pick
  // columns instead, so a square operand tells the two apart.
  const std::vector<std::pair<Shape, Shape>> shapes = {
      {{}, {}},         {{13}, {13}},        {{1, 13, 7, 3}, {1, 13, 7, 3}},
      {{0, 4}, {0, 4}}, {{}, {13, 2}},       {{13}, {13, 4}},
      {{7}, {7, 7}},    {{5}, {5, 2, 3, 2}}, {{0}, {0, 3}},
  };
  std::uint32_t seed = 1;
  for (const auto& [sc, sv] : shapes) {
    const HostTensor c = random_b(sc, seed++);
    const HostTensor tf = sample<float>(sv, seed++, kAnyF);
    const HostTensor ef = sample<float>(sv, seed++, kAnyF);
    const HostTensor ti = sample<std::int32_t>(sv, seed++, kAnyI);
    const HostTensor ei = sample<std::int32_t>(sv, seed++, kAnyI);
    SCOPED_TRACE("condition " + describe(c) + ", operands " + shape_string(sv));
    expect_equal(run_op("Select", {c, tf, ef}), ref_select(c, tf, ef));
    expect_equal(run_op("Select", {c, ti, ei}), ref_select(c, ti, ei));
  }
}

// ---------------------------------------------------------------------------------------------
// Reductions

enum class Reduction { Sum, Mean, Max, Min, Prod };

// TF's semantics, including an empty reduction: the reducer's identity (0, 1, -inf/lowest,
// +inf/highest), and NaN for a float Mean (0 / 0).
HostTensor ref_reduce(const HostTensor& x, const std::vector<std::int32_t>& axes, bool keep,
                      Reduction r) {
  const auto rank = static_cast<std::int64_t>(x.shape.size());
  std::vector<bool> reduced(x.shape.size(), false);
  for (std::int32_t a : axes)
    reduced.at(static_cast<std::size_t>(a < 0 ? a + rank : a)) = true;
  Shape kept = x.shape;  // x's shape with reduced axes 1: indexes the result
  Shape out_shape;
  std::int64_t count = 1;
  for (std::size_t d = 0; d < x.shape.size(); ++d) {
    if (reduced[d]) {
      count *= x.shape[d];
      kept[d] = 1;
      if (keep) out_shape.push_back(1);
    } else {
      out_shape.push_back(x.shape[d]);
    }
  }
  const bool is_float = x.dtype == DType::Float32;
  const double inf = std::numeric_limits<double>::infinity();
  const double lowest = is_float ? -inf : std::numeric_limits<std::int32_t>::min();
  const double highest = is_float ? inf : std::numeric_limits<std::int32_t>::max();
  const double init = r == Reduction::Max    ? lowest
                      : r == Reduction::Min  ? highest
                      : r == Reduction::Prod ? 1
                                             : 0;
  HostTensor out = HostTensor::zeros(x.dtype, out_shape);
  std::vector<double> acc(static_cast<std::size_t>(out.numel()), init);
  Shape idx(x.shape.size());
  for (std::int64_t i = 0; i < x.numel(); ++i) {
    std::int64_t rest = i;
    for (std::size_t d = x.shape.size(); d-- > 0;) {
      idx[d] = reduced[d] ? 0 : rest % x.shape[d];
      rest /= x.shape[d];
    }
    double& a = acc[static_cast<std::size_t>(flat_index(kept, idx))];
    const double v = x.at(i);
    switch (r) {
      case Reduction::Sum:
      case Reduction::Mean:
        a += v;
        break;
      case Reduction::Prod:
        a *= v;
        break;
      case Reduction::Max:
        a = std::max(a, v);
        break;
      case Reduction::Min:
        a = std::min(a, v);
        break;
    }
  }
  for (std::int64_t j = 0; j < out.numel(); ++j) {
    double v = acc[static_cast<std::size_t>(j)];
    if (r == Reduction::Mean) {
      // Integer Mean divides the integer sum, truncating toward zero.
      v = is_float ? v / static_cast<double>(count)
                   : static_cast<double>(static_cast<std::int64_t>(v) / count);
    }
    out.set(j, v);
  }
  return out;
}

struct ReduceCase {
  Shape shape;
  std::vector<std::int32_t> axes;
  bool keep = false;
  bool scalar_axis = false;  // the axis as a rank-0 int32 rather than a vector
  bool axes_at_run = false;  // axes fed as a graph input rather than a Const
};

const std::vector<ReduceCase> kReduceCases = {
    {.shape = {1, 13, 7, 3}, .axes = {1}, .scalar_axis = true},
    {.shape = {1, 13, 7, 3}, .axes = {-1}, .keep = true, .scalar_axis = true},
    {.shape = {1, 13, 7, 3}, .axes = {0, 2}},
    {.shape = {1, 13, 7, 3}, .axes = {-1, 1}, .keep = true, .axes_at_run = true},
    {.shape = {1, 13, 7, 3}, .axes = {0, 1, 2, 3}},
    {.shape = {1, 13, 7, 3}, .axes = {3, 2, 1, 0}, .keep = true},
    {.shape = {13}, .axes = {0}, .scalar_axis = true},
    {.shape = {13}, .axes = {-1}, .axes_at_run = true},
    {.shape = {13, 7}, .axes = {}},  // no axes: unchanged
    {.shape = {}, .axes = {}},
    // Zero-size: reducing an empty axis gives the reducer's identity; keeping one gives nothing.
    {.shape = {0, 3}, .axes = {0}},
    {.shape = {2, 0, 3}, .axes = {1}, .keep = true},
    {.shape = {0, 3}, .axes = {1}},
};

template <class T>
void check_reduce(const std::string& op, Reduction r, Domain d, Tol tol,
                  const std::vector<ReduceCase>& cases = kReduceCases) {
  std::uint32_t seed = 1;
  for (const ReduceCase& c : cases) {
    const HostTensor x = sample<T>(c.shape, seed++, d);
    const HostTensor axes = c.scalar_axis
                                ? scalar_i(c.axes.at(0))
                                : tensor_i({static_cast<std::int64_t>(c.axes.size())}, c.axes);
    SCOPED_TRACE(op + " of " + describe(x) + " over " + describe(axes) + " " + Json(c.axes).dump() +
                 (c.keep ? " keep_dims" : ""));
    OpCase oc(op);
    oc.input(x).attr("keep_dims", attr_b(c.keep));
    if (c.axes_at_run) {
      oc.input(axes);
    } else {
      oc.constant(axes);
    }
    expect_near(oc.run().at(0), ref_reduce(x, c.axes, c.keep, r), tol.atol, tol.rtol);
  }
}

TEST(MathReduce, Sum) {
  check_reduce<float>("Sum", Reduction::Sum, {-1, 1}, kAccum);
  check_reduce<std::int32_t>("Sum", Reduction::Sum, {-1000, 1000}, kExact);
}

TEST(MathReduce, Mean) {
  check_reduce<float>("Mean", Reduction::Mean, {-1, 1}, kAccum);
  // Integer mean of an empty axis divides by zero; TF leaves that undefined.
  std::vector<ReduceCase> nonempty;
  for (const ReduceCase& c : kReduceCases) {
    bool empty = false;
    for (std::int64_t n : c.shape)
      empty = empty || n == 0;
    if (!empty) nonempty.push_back(c);
  }
  check_reduce<std::int32_t>("Mean", Reduction::Mean, {-1000, 1000}, kExact, nonempty);
}

TEST(MathReduce, Max) {
  check_reduce<float>("Max", Reduction::Max, {-1, 1}, kExact);
  check_reduce<std::int32_t>("Max", Reduction::Max, {-1000, 1000}, kExact);
}

TEST(MathReduce, Min) {
  check_reduce<float>("Min", Reduction::Min, {-1, 1}, kExact);
  check_reduce<std::int32_t>("Min", Reduction::Min, {-1000, 1000}, kExact);
}

TEST(MathReduce, Prod) {
  // Magnitudes near 1 keep a product of 273 floats in range.
  check_reduce<float>("Prod", Reduction::Prod, {0.8, 1.25, true}, kAccum);
  // Few enough small factors that int32 cannot overflow.
  const std::vector<ReduceCase> small = {
      {.shape = {2, 3, 4}, .axes = {0, 2}},
      {.shape = {2, 3, 4}, .axes = {-1}, .keep = true, .scalar_axis = true},
      {.shape = {2, 3, 4}, .axes = {0, 1, 2}},
      {.shape = {0, 3}, .axes = {0}},
  };
  check_reduce<std::int32_t>("Prod", Reduction::Prod, {-2, 2}, kExact, small);
}

}  // namespace
}  // namespace podium::nn::test
