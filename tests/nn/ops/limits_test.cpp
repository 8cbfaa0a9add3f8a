// The memory limits of the graph runtime (docs/limits.md, "Tensors and model outputs"): every op
// whose output size comes from input values, attributes or broadcasting refuses an output past
// limits::kOpOutputElements before it allocates, naming the node; a run refuses to hold more than
// limits::kRunLiveElements alive. Boundaries are tested on bool tensors (one byte an element).
#include <functional>

#include "nn/ops/op_case.hpp"
#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"

namespace podium::nn::test {
namespace {

constexpr std::int64_t kOpLimit = static_cast<std::int64_t>(limits::kOpOutputElements);
const std::string kOpRefusal = "more than podium's limit of " + std::to_string(kOpLimit);
const std::string kLiveRefusal = "more than podium's limit of " +
                                 std::to_string(limits::kRunLiveElements) +
                                 " elements alive in one run";

HostTensor ints(const std::vector<std::int32_t>& v) {
  return tensor_i({static_cast<std::int64_t>(v.size())}, v);
}

HostTensor bool_scalar() {
  return tensor_b({}, {true});
}

Json node(const std::string& name, const std::string& op, const std::vector<std::string>& in = {},
          Json attr = Json::object()) {
  return {{"name", name}, {"op", op}, {"input", in}, {"attr", std::move(attr)}};
}

Json dims_placeholder(const std::string& name) {
  Json dim = Json::array();
  dim.push_back(Json{{"size", "1"}});
  const Json shape = {{"dim", dim}};
  return node(name, "Placeholder", {},
              {{"dtype", attr_type(DType::Int32)}, {"shape", {{"shape", shape}}}});
}

// A graph of `nodes` whose one weight is the bool scalar "v" (the value every Fill fills with)
// and, where given, the int32 vector "dims".
Model load_graph(Json nodes, const std::vector<std::int32_t>& dims = {}) {
  Json weights = Json::array({{{"name", "v"}, {"shape", Json::array()}, {"dtype", "bool"}}});
  nodes.push_back(node("v", "Const", {}, {{"dtype", attr_type(DType::Bool)}}));
  std::string shard(1, '\1');
  if (!dims.empty()) {
    weights.push_back({{"name", "dims"}, {"shape", {dims.size()}}, {"dtype", "int32"}});
    nodes.push_back(node("dims", "Const", {}, {{"dtype", attr_type(DType::Int32)}}));
    shard.append(reinterpret_cast<const char*>(dims.data()), dims.size() * sizeof(std::int32_t));
  }
  const Json model = {{"format", "graph-model"},
                      {"modelTopology", {{"node", nodes}}},
                      {"weightsManifest", {{{"paths", {"limits.bin"}}, {"weights", weights}}}}};
  return Model::load_from_bytes(model.dump(), {{shard}}, "limits.json");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected a limits error";
  return "";
}

// A Fill folded at load: the op limit at load, where constant subgraphs run.
TEST(OpLimits, FillAtTheLimitLoadsAndOneMoreIsRefused) {
  Model at = load_graph(Json::array({node("big", "Fill", {"dims", "v"})}), {1, kOpLimit / 2, 2});
  EXPECT_EQ(at.run({}).at(0).numel(), kOpLimit);
  EXPECT_EQ(at.last_run_peaks().live_elements, limits::kOpOutputElements);  // folded at load
  const std::string msg = error_of([] {
    load_graph(Json::array({node("big", "Fill", {"dims", "v"})}), {kOpLimit + 1});
  });
  EXPECT_NE(msg.find("limits.json: node 'big' (Fill) output = " + std::to_string(kOpLimit + 1)),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find(kOpRefusal), std::string::npos) << msg;
}

TEST(OpLimits, FillOf2To32AndOverflowingDimsAreRefused) {
  OpCase("Fill").constant(ints({65536, 65536})).input(bool_scalar()).expect_error(kOpRefusal);
  // 2^31 x 2^31 x 2^31 wraps to 0 in 64 bits: shown as the largest value, not as empty.
  const std::int32_t big = INT32_MAX;
  OpCase("Fill").constant(ints({big, big, big})).input(bool_scalar()).expect_error(kOpRefusal);
  // An empty dimension makes the output empty, however large the others.
  EXPECT_EQ(OpCase("Fill").constant(ints({big, 0, big})).input(bool_scalar()).run().at(0).numel(),
            0);
}

TEST(OpLimits, ShapeOpsRefuseBeforeAllocating) {
  OpCase("Tile")
      .input(tensor_b({1, 1}, {true}))
      .constant(ints({100000, 100000}))
      .expect_error(kOpRefusal);
  OpCase("Range")
      .input(scalar_i(0))
      .input(scalar_i(INT32_MAX))
      .input(scalar_i(1))
      .expect_error(kOpRefusal);
  OpCase("Pad")
      .input(tensor_b({1, 1}, {true}))
      .constant(tensor_i({2, 2}, {0, 9000, 0, 9000}))
      .expect_error(kOpRefusal);
  OpCase("PadV2")
      .input(tensor_b({1, 1}, {true}))
      .constant(tensor_i({2, 2}, {0, INT32_MAX, 0, INT32_MAX}))
      .input(bool_scalar())
      .expect_error(kOpRefusal);
}

TEST(OpLimits, BroadcastingGatherAndReductionsRefuseBeforeAllocating) {
  const std::int64_t n = 8193;  // n^2 is just past 2^26
  const HostTensor column = HostTensor::zeros(DType::Float32, {n, 1});
  const HostTensor row = HostTensor::zeros(DType::Float32, {1, n});
  OpCase("Add").input(column).input(row).expect_error(kOpRefusal);
  OpCase("Select")
      .input(HostTensor::zeros(DType::Bool, {n, 1}))
      .input(row)
      .input(row)
      .expect_error(kOpRefusal);
  OpCase("GatherV2")
      .input(HostTensor::zeros(DType::Float32, {1, 65536}))
      .input(HostTensor::zeros(DType::Int32, {2048}))
      .constant(scalar_i(0))
      .expect_error(kOpRefusal);
  OpCase("SparseToDense")
      .input(tensor_i({1, 2}, {0, 0}))
      .constant(ints({16384, 16384}))
      .input(tensor_f({1}, {1}))
      .input(scalar_f(0))
      .expect_error(kOpRefusal);
  // An empty input reduces to more than it holds.
  OpCase("Sum")
      .input(HostTensor::zeros(DType::Float32, {n, 0, n}))
      .constant(ints({1}))
      .expect_error(kOpRefusal);
}

TEST(OpLimits, ImageAndWindowOpsRefuseBeforeAllocating) {
  const HostTensor pixel = tensor_f({1, 1, 1, 1}, {1});
  OpCase("ResizeBilinear").input(pixel).constant(ints({16384, 16384})).expect_error(kOpRefusal);
  OpCase("ResizeNearestNeighbor")
      .input(pixel)
      .constant(ints({16384, 16384}))
      .expect_error(kOpRefusal);
  OpCase("Conv2D")
      .input(pixel)
      .constant(tensor_f({1, 1, 1, 1}, {1}))
      .attr("padding", attr_s("EXPLICIT"))
      .attr("explicit_paddings", attr_ints({0, 0, 0, 9000, 0, 9000, 0, 0}))
      .expect_error(kOpRefusal);
  OpCase("MaxPool")
      .input(pixel)
      .attr("padding", attr_s("SAME"))
      .attr("ksize", attr_ints({1, 20000, 20000, 1}))
      .expect_error(kOpRefusal);
  OpCase("Conv2DBackpropInput")
      .constant(ints({1, 9000, 9000, 1}))
      .constant(tensor_f({1, 1, 1, 1}, {1}))
      .input(pixel)
      .attr("padding", attr_s("SAME"))
      .expect_error(kOpRefusal);
}

// Two Fills from graph inputs, both outputs: the second to run is refused when the two together
// (with the one element of the second's dims, still alive) pass the run limit.
TEST(RunLimits, ElementsAliveAtTheLimitRunAndOneMoreIsRefused) {
  Model m =
      load_graph(Json::array({dims_placeholder("da"), dims_placeholder("db"),
                              node("a", "Fill", {"da", "v"}), node("b", "Fill", {"db", "v"})}));
  const std::int32_t a = static_cast<std::int32_t>(kOpLimit);
  const std::int32_t b = static_cast<std::int32_t>(limits::kRunLiveElements - kOpLimit - 1);
  EXPECT_EQ(m.run({tensor_i({1}, {a}), tensor_i({1}, {b})}).size(), 2U);
  EXPECT_EQ(m.last_run_peaks().live_elements, limits::kRunLiveElements);
  const std::string msg = error_of([&] { m.run({tensor_i({1}, {a}), tensor_i({1}, {b + 1})}); });
  // Whichever Fill runs second is refused (the order among independent nodes is the planner's).
  EXPECT_NE(msg.find("limits.json: node '"), std::string::npos) << msg;
  EXPECT_NE(msg.find("' (Fill) elements alive = " + std::to_string(limits::kRunLiveElements + 1)),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find(kLiveRefusal), std::string::npos) << msg;
}

// Constants folded at load stay alive for the model's life and count from the start.
TEST(RunLimits, FoldedConstantsCount) {
  const Json fills =
      Json::array({node("a", "Fill", {"dims", "v"}), node("b", "Fill", {"dims", "v"}),
                   node("c", "Fill", {"dims", "v"})});
  const std::string msg =
      error_of([&] { load_graph(fills, {static_cast<std::int32_t>(kOpLimit)}); });
  EXPECT_NE(msg.find("(Fill) elements alive = " + std::to_string(3 * kOpLimit)), std::string::npos)
      << msg;
  EXPECT_NE(msg.find(kLiveRefusal), std::string::npos) << msg;
}

}  // namespace
}  // namespace podium::nn::test
