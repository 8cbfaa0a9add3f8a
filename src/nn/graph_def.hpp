// GraphDef as TensorFlow.js writes it in model.json: nodes with ops, inputs and attributes, the
// signature, and the weights manifest. Parsing only; no libtorch here, so the fuzzer and the
// corruption tests exercise it alone.
//
// Contract: parse_graph_model() accepts the bytes of a model.json and a source name used in every
// error ("movenet.json: node 'x': ..."). It checks structure and types and bounds every count; it
// does not check that inputs exist or that the graph is acyclic (the planner does). A hostile
// model.json is bounded by core/limits.hpp: its bytes (kModelJsonBytes), nodes and every list
// (kGraphNodes), tensor rank (kTensorRank) and elements per weight (kWeightElements); a rank or a
// weight past its limit is limits::exceeded at its JSON path ("m.json: weight 'w': shape[1]:
// elements = 2147483648: more than podium's limit of 1073741824 elements in one weight ...").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/nn/tensor.hpp"

namespace podium::nn {

// TensorFlow DataType names we meet ("DT_FLOAT" ...). Anything else is kept as Unknown so that the
// error can name the node that uses it.
enum class TfType { Unknown, Float, Int32, Int64, Bool, Half };

struct AttrValue {
  std::optional<std::int64_t> i;
  std::optional<double> f;
  std::optional<bool> b;
  std::optional<std::string> s;  // base64-decoded
  std::optional<TfType> type;
  std::optional<std::vector<std::int64_t>> shape;  // -1 for unknown dims
  std::vector<std::int64_t> list_i;
  std::vector<double> list_f;
  std::vector<std::string> list_s;  // base64-decoded
  std::vector<TfType> list_type;
  // For Const nodes: the declared tensor dtype and shape.
  std::optional<TfType> tensor_dtype;
  std::optional<std::vector<std::int64_t>> tensor_shape;
};

struct NodeInput {
  std::string node;  // producing node
  int output = 0;    // output index (the ":k" suffix)
};

struct NodeDef {
  std::string name;
  std::string op;
  std::vector<NodeInput> inputs;  // data inputs; control inputs ("^x") are dropped
  std::map<std::string, AttrValue, std::less<>> attrs;

  const AttrValue* attr(std::string_view key) const;
};

struct WeightSpec {
  std::string name;
  std::string dtype;  // "float32", "int32", "bool"
  std::vector<std::int64_t> shape;
  std::string quant_dtype;  // "", "float16", "uint8", "uint16"
  double quant_min = 0;
  double quant_scale = 1;
};

struct WeightGroup {
  std::vector<std::string> paths;  // shard files, relative to model.json
  std::vector<WeightSpec> weights;
};

struct SignatureEntry {
  std::string key;   // "ld_3d" or "input:0"
  std::string name;  // node name with the ":0" stripped
  TfType dtype = TfType::Unknown;
  std::optional<std::vector<std::int64_t>> shape;
};

struct GraphDef {
  std::string source;  // file name used in errors
  std::vector<NodeDef> nodes;
  std::vector<SignatureEntry> signature_inputs;
  std::vector<SignatureEntry> signature_outputs;
  std::vector<WeightGroup> weight_groups;
};

GraphDef parse_graph_model(std::string_view json_bytes, const std::string& source);

TfType tf_type_from_name(std::string_view name);  // "DT_FLOAT" -> Float
const char* tf_type_name(TfType t);
std::optional<DType> to_dtype(TfType t);  // Half and Unknown have no runtime dtype

std::string base64_decode(std::string_view in, bool* ok);

}  // namespace podium::nn
