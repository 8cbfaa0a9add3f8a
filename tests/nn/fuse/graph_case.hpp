// A small TF.js graph model written node by node in memory, for tests of whole-graph behaviour
// (the load-time fusions of src/nn/graph_fuse.hpp) where op_case.hpp's one-node graphs are not
// enough. Placeholders, Consts (float32 or int32 weights in one shard) and op nodes.
//
//   GraphCase g;
//   g.input("x", {1, 8, 8, 4});
//   g.constant("w", random_f({3, 3, 4, 8}, 1));
//   g.node("c", "Conv2D", {"x", "w"}, {{"padding", attr_s("VALID")}});
//   g.node("out", "Identity", {"c"});
//   Model m = g.load({.fuse = false});
#pragma once

#include <string>
#include <vector>

#include "nn/ops/op_case.hpp"

namespace podium::nn::test {

class GraphCase {
 public:
  GraphCase& input(const std::string& name, const Shape& shape) {
    nodes_.push_back(
        {{"name", name},
         {"op", "Placeholder"},
         {"attr", {{"dtype", attr_type(DType::Float32)}, {"shape", shape_attr(shape)}}}});
    return *this;
  }
  GraphCase& constant(const std::string& name, const HostTensor& t) {
    const bool is_int = t.dtype == DType::Int32;
    nodes_.push_back({{"name", name}, {"op", "Const"}, {"attr", {{"dtype", attr_type(t.dtype)}}}});
    weights_.push_back(
        {{"name", name}, {"shape", t.shape}, {"dtype", is_int ? "int32" : "float32"}});
    shard_.append(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
    return *this;
  }
  GraphCase& node(const std::string& name, const std::string& op,
                  const std::vector<std::string>& inputs, Json attrs = Json::object()) {
    nodes_.push_back({{"name", name}, {"op", op}, {"input", inputs}, {"attr", attrs}});
    return *this;
  }
  Model load(const LoadOptions& options) const {
    const Json model = {{"format", "graph-model"},
                        {"modelTopology", {{"node", nodes_}}},
                        {"weightsManifest", {{{"paths", {"g.bin"}}, {"weights", weights_}}}}};
    return Model::load_from_bytes(model.dump(), {{shard_}}, "g.json", options);
  }

 private:
  static Json shape_attr(const Shape& shape) {
    Json dims = Json::array();
    for (std::int64_t d : shape)
      dims.push_back({{"size", std::to_string(d)}});
    return {{"shape", {{"dim", dims}}}};
  }

  Json nodes_ = Json::array();
  Json weights_ = Json::array();
  std::string shard_;
};

}  // namespace podium::nn::test
