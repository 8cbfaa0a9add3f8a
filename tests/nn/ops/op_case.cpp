#include "nn/ops/op_case.hpp"

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <sstream>

#include "podium/core/error.hpp"

namespace podium::nn::test {
namespace {

template <class T>
HostTensor make(DType d, Shape shape, const std::vector<T>& v) {
  HostTensor t = HostTensor::zeros(d, std::move(shape));
  EXPECT_EQ(static_cast<std::int64_t>(v.size()), t.numel()) << "value count vs shape";
  if (static_cast<std::int64_t>(v.size()) == t.numel() && !v.empty()) {
    std::memcpy(t.bytes.data(), v.data(), t.bytes.size());
  }
  return t;
}

std::string base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6)
      out += k[(v >> s) & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += k[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

const char* tf_name(DType d) {
  switch (d) {
    case DType::Float32:
      return "DT_FLOAT";
    case DType::Int32:
      return "DT_INT32";
    case DType::Int64:
      return "DT_INT64";
    case DType::Bool:
      return "DT_BOOL";
  }
  return "DT_INVALID";
}

Json shape_proto(const Shape& shape) {
  Json dims = Json::array();
  for (std::int64_t d : shape)
    dims.push_back({{"size", std::to_string(d)}});
  return {{"dim", dims}};
}

}  // namespace

std::string describe(const HostTensor& t) {
  return std::string(dtype_name(t.dtype)) + shape_string(t.shape);
}

HostTensor tensor_f(Shape shape, const std::vector<float>& v) {
  return make(DType::Float32, std::move(shape), v);
}
HostTensor tensor_i(Shape shape, const std::vector<std::int32_t>& v) {
  return make(DType::Int32, std::move(shape), v);
}
HostTensor tensor_b(Shape shape, const std::vector<bool>& v) {
  std::vector<std::uint8_t> bytes(v.begin(), v.end());
  return make(DType::Bool, std::move(shape), bytes);
}
HostTensor scalar_f(float v) {
  return tensor_f({}, {v});
}
HostTensor scalar_i(std::int32_t v) {
  return tensor_i({}, {v});
}

HostTensor random_f(Shape shape, std::uint32_t seed, float lo, float hi) {
  HostTensor t = HostTensor::zeros(DType::Float32, std::move(shape));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(lo, hi);
  for (float& x : t.values<float>())
    x = u(rng);
  return t;
}

HostTensor random_i(Shape shape, std::uint32_t seed, std::int32_t lo, std::int32_t hi) {
  HostTensor t = HostTensor::zeros(DType::Int32, std::move(shape));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int32_t> u(lo, hi);
  for (std::int32_t& x : t.values<std::int32_t>())
    x = u(rng);
  return t;
}

HostTensor random_b(Shape shape, std::uint32_t seed) {
  HostTensor t = HostTensor::zeros(DType::Bool, std::move(shape));
  std::mt19937 rng(seed);
  for (std::uint8_t& x : t.values<std::uint8_t>())
    x = static_cast<std::uint8_t>(rng() & 1U);
  return t;
}

std::int64_t flat_index(const Shape& shape, const Shape& index) {
  std::int64_t f = 0;
  for (std::size_t d = 0; d < shape.size(); ++d)
    f = f * shape[d] + index[d];
  return f;
}

Shape unravel(const Shape& shape, std::int64_t flat) {
  Shape idx(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    idx[d] = flat % shape[d];
    flat /= shape[d];
  }
  return idx;
}

Shape broadcast_shape(const Shape& a, const Shape& b) {
  const std::size_t n = std::max(a.size(), b.size());
  Shape out(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const std::int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    EXPECT_TRUE(da == db || da == 1 || db == 1)
        << shape_string(a) << " and " << shape_string(b) << " do not broadcast";
    out[i] = da == 1 ? db : da;
  }
  return out;
}

double broadcast_at(const HostTensor& t, const Shape& out, std::int64_t flat_out) {
  // Broadcast dims of size 1 read index 0; t's dims align with out's trailing ones.
  const Shape idx = unravel(out, flat_out);
  const std::size_t off = out.size() - t.shape.size();
  std::int64_t f = 0;
  for (std::size_t d = 0; d < t.shape.size(); ++d)
    f = f * t.shape[d] + (t.shape[d] == 1 ? 0 : idx[off + d]);
  return t.at(f);
}

Json attr_i(std::int64_t v) {
  return {{"i", std::to_string(v)}};
}
Json attr_f(double v) {
  return {{"f", v}};
}
Json attr_b(bool v) {
  return {{"b", v}};
}
Json attr_s(const std::string& v) {
  return {{"s", base64(v)}};
}
Json attr_type(DType t) {
  return {{"type", tf_name(t)}};
}
Json attr_ints(const std::vector<std::int64_t>& v) {
  Json a = Json::array();
  for (std::int64_t x : v)
    a.push_back(std::to_string(x));
  return {{"list", {{"i", a}}}};
}
Json attr_strings(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const std::string& s : v)
    a.push_back(base64(s));
  return {{"list", {{"s", a}}}};
}

OpCase::OpCase(std::string op, int num_outputs) : op_(std::move(op)), num_outputs_(num_outputs) {}

OpCase& OpCase::input(HostTensor t) {
  inputs_.emplace_back(std::move(t), false);
  return *this;
}
OpCase& OpCase::constant(HostTensor t) {
  inputs_.emplace_back(std::move(t), true);
  return *this;
}
OpCase& OpCase::attr(const std::string& key, Json value) {
  attrs_[key] = std::move(value);
  return *this;
}

std::string OpCase::model_json(bool all_constant, bool open_shapes, std::string* shard) const {
  Json nodes = Json::array();
  Json weights = Json::array();
  Json op_inputs = Json::array();
  shard->clear();
  for (std::size_t k = 0; k < inputs_.size(); ++k) {
    const auto& [t, constant] = inputs_[k];
    const std::string name = "in" + std::to_string(k);
    op_inputs.push_back(name);
    if (!constant && !all_constant) {
      nodes.push_back(
          {{"name", name},
           {"op", "Placeholder"},
           {"attr",
            {{"dtype", attr_type(t.dtype)},
             {"shape",
              {{"shape", shape_proto(open_shapes ? Shape(t.shape.size(), -1) : t.shape)}}}}}});
      continue;
    }
    nodes.push_back(
        {{"name", name},
         {"op", "Const"},
         {"attr",
          {{"dtype", attr_type(t.dtype)},
           {"value",
            {{"tensor", {{"dtype", tf_name(t.dtype)}, {"tensorShape", shape_proto(t.shape)}}}}}}}});
    // The weights manifest knows float32, int32 and bool; an int64 constant travels as int32.
    std::string dtype = "float32";
    if (t.dtype == DType::Int32 || t.dtype == DType::Int64) dtype = "int32";
    if (t.dtype == DType::Bool) dtype = "bool";
    weights.push_back({{"name", name}, {"shape", t.shape}, {"dtype", dtype}});
    if (t.dtype == DType::Int64) {
      for (std::int64_t v : t.values<std::int64_t>()) {
        const auto v32 = static_cast<std::int32_t>(v);
        shard->append(reinterpret_cast<const char*>(&v32), sizeof v32);
      }
    } else {
      shard->append(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
    }
  }
  nodes.push_back({{"name", "op"}, {"op", op_}, {"input", op_inputs}, {"attr", attrs_}});
  for (int k = 0; k < num_outputs_; ++k) {
    nodes.push_back({{"name", "out" + std::to_string(k)},
                     {"op", "Identity"},
                     {"input", {"op:" + std::to_string(k)}}});
  }
  const Json model = {{"format", "graph-model"},
                      {"modelTopology", {{"node", nodes}}},
                      {"weightsManifest", {{{"paths", {"op.bin"}}, {"weights", weights}}}}};
  return model.dump();
}

std::vector<HostTensor> OpCase::run_once(bool all_constant) const {
  std::string shard;
  const std::string json = model_json(all_constant, false, &shard);
  Model m = Model::load_from_bytes(json, {{shard}}, op_ + ".json");
  std::vector<HostTensor> feed;
  for (const TensorSpec& spec : m.inputs()) {
    const std::size_t k = std::stoul(spec.name.substr(2));
    feed.push_back(inputs_.at(k).first);
  }
  std::vector<HostTensor> out = m.run(feed);
  EXPECT_EQ(static_cast<int>(out.size()), num_outputs_);
  return out;
}

std::vector<HostTensor> OpCase::run() const {
  std::vector<HostTensor> out = run_once(false);
  const std::vector<HostTensor> folded = run_once(true);
  for (std::size_t k = 0; k < out.size() && k < folded.size(); ++k) {
    SCOPED_TRACE("output " + std::to_string(k) + ": run time vs folded at load");
    expect_equal(folded[k], out[k]);
  }
  return out;
}

Model OpCase::load_open() const {
  std::string shard;
  const std::string json = model_json(false, true, &shard);
  return Model::load_from_bytes(json, {{shard}}, op_ + ".json");
}

void OpCase::expect_error(const std::string& needle) const {
  try {
    run_once(false);
    ADD_FAILURE() << op_ << ": expected an error containing '" << needle << "'";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(needle), std::string::npos) << "message: " << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "not one line: " << msg;
  }
}

void expect_near(const HostTensor& got, const HostTensor& want, double atol, double rtol) {
  ASSERT_EQ(got.dtype, want.dtype) << "got " << describe(got) << ", expected " << describe(want);
  ASSERT_EQ(got.shape, want.shape) << "got " << describe(got) << ", expected " << describe(want);
  int reported = 0;
  for (std::int64_t i = 0; i < want.numel() && reported < 5; ++i) {
    const double g = got.at(i), w = want.at(i);
    bool ok = false;
    if (std::isnan(w)) {
      ok = std::isnan(g);
    } else if (std::isinf(w)) {
      ok = g == w;
    } else {
      ok = std::abs(g - w) <= atol + rtol * std::abs(w);
    }
    if (!ok) {
      ADD_FAILURE() << "element " << i << " of " << describe(want) << ": got " << g << ", expected "
                    << w << " (atol " << atol << ", rtol " << rtol << ")";
      ++reported;
    }
  }
}

void expect_equal(const HostTensor& got, const HostTensor& want) {
  expect_near(got, want, 0, 0);
}

}  // namespace podium::nn::test
