#include "graph_def.hpp"

#include <cstdint>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"

namespace podium::nn {
namespace {

using json::Json;
using json::Where;

constexpr const char* kRankUnit = "dimensions per tensor";

std::vector<std::int64_t> parse_shape(const Json& shape, const Where& w) {
  // TensorShapeProto: {"dim": [{"size": "1"}, ...]} or {"unknownRank": true}; {} is a scalar.
  std::vector<std::int64_t> dims;
  json::expect_object(shape, w);
  auto it = shape.find("dim");
  if (it == shape.end()) return dims;
  const Where wd = w.key("dim");
  if (!it->is_array()) wd.fail(std::string("expected an array, got ") + it->type_name());
  if (it->size() > limits::kTensorRank)
    throw limits::exceeded(w.place(), "rank", it->size(), limits::kTensorRank, kRankUnit);
  for (std::size_t k = 0; k < it->size(); ++k) {
    const Json& d = (*it)[k];
    const Where ws = wd.index(k).key("size");
    std::int64_t size = 0;
    if (d.is_object() && d.contains("size")) size = json::proto_int64(d["size"], ws);
    if (size < -1) ws.fail("dimension " + std::to_string(size) + ", expected >= -1");
    dims.push_back(size);
  }
  return dims;
}

std::string decoded(const Json& v, const Where& w) {
  bool ok = true;
  std::string out = base64_decode(json::string_value(v, w), &ok);
  if (!ok) w.fail("invalid base64");
  return out;
}

void parse_list(AttrValue& a, const Json& list, const Where& w) {
  json::expect_object(list, w);
  for (const auto& [lk, lv] : list.items()) {
    const Where wl = w.key(lk);
    json::array(lv, wl, limits::kGraphNodes);
    for (std::size_t j = 0; j < lv.size(); ++j) {
      const Json& e = lv[j];
      if (lk == "i") {
        a.list_i.push_back(json::proto_int64(e, wl.index(j)));
      } else if (lk == "f") {
        a.list_f.push_back(json::proto_double(e, wl.index(j)));
      } else if (lk == "s") {
        a.list_s.push_back(decoded(e, wl.index(j)));
      } else if (lk == "type") {
        a.list_type.push_back(tf_type_from_name(json::string_value(e, wl.index(j))));
      }
    }
  }
}

AttrValue parse_attr(const Json& v, const Where& w) {
  AttrValue a;
  json::expect_object(v, w);
  for (const auto& [k, x] : v.items()) {
    if (k == "i") {
      a.i = json::proto_int64(x, w.key("i"));
    } else if (k == "f") {
      a.f = json::proto_double(x, w.key("f"));
    } else if (k == "b") {
      a.b = json::boolean(x, w.key("b"));
    } else if (k == "s") {
      a.s = decoded(x, w.key("s"));
    } else if (k == "type") {
      a.type = tf_type_from_name(json::string_value(x, w.key("type")));
    } else if (k == "shape") {
      a.shape = parse_shape(x, w.key("shape"));
    } else if (k == "tensor") {
      const Where wt = w.key("tensor");
      json::expect_object(x, wt);
      if (x.contains("dtype"))
        a.tensor_dtype = tf_type_from_name(json::string_value(x["dtype"], wt.key("dtype")));
      if (x.contains("tensorShape"))
        a.tensor_shape = parse_shape(x["tensorShape"], wt.key("tensorShape"));
    } else if (k == "list") {
      parse_list(a, x, w.key("list"));
    }
  }
  return a;
}

NodeInput parse_input(const std::string& s, const Where& w) {
  NodeInput in;
  const auto colon = s.rfind(':');
  in.node = s;
  if (colon != std::string::npos && colon + 1 < s.size()) {
    const std::string idx = s.substr(colon + 1);
    if (idx.find_first_not_of("0123456789") == std::string::npos && idx.size() <= 6) {
      in.node = s.substr(0, colon);
      in.output = std::stoi(idx);
    }
  }
  if (in.node.empty()) w.fail("empty input name");
  return in;
}

std::vector<SignatureEntry> parse_signature(const Json& sig, const Where& w) {
  std::vector<SignatureEntry> out;
  json::expect_object(sig, w);
  for (const auto& [key, v] : sig.items()) {
    const Where we = w.key(key);
    SignatureEntry e;
    e.key = key;
    const Where wn = we.key("name");
    e.name = parse_input(json::string_value(json::member(v, wn), wn), wn).node;
    if (v.contains("dtype"))
      e.dtype = tf_type_from_name(json::string_value(v["dtype"], we.key("dtype")));
    if (v.contains("tensorShape")) e.shape = parse_shape(v["tensorShape"], we.key("tensorShape"));
    out.push_back(std::move(e));
  }
  return out;
}

WeightSpec parse_weight(const Json& w, const Where& at) {
  WeightSpec s;
  s.name = json::string_value(json::member(w, at.key("name")), at.key("name"));
  // Named from here on: the planner and the shard reader name weights the same way.
  const std::string base = "weight '" + s.name + "'";
  const Where wn = at.named(base);
  s.dtype = json::string_value(json::member(w, wn.key("dtype")), wn.key("dtype"));
  const Where wshape = wn.key("shape");
  const Json& shape = json::member(w, wshape);
  if (!shape.is_array()) wshape.fail(std::string("expected an array, got ") + shape.type_name());
  if (shape.size() > limits::kTensorRank)
    throw limits::exceeded(wshape.place(), "rank", shape.size(), limits::kTensorRank, kRankUnit);
  // Every product of the first dimensions stays within the limit (the shard reader multiplies them
  // in order); past it, the count so far is placed at the dimension that passed it.
  std::uint64_t n = 1;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    const std::int64_t v = json::proto_int64(shape[k], wshape.index(k));
    if (v < 0) wshape.index(k).fail("negative dimension " + std::to_string(v));
    std::uint64_t elements = 0;
    if (__builtin_mul_overflow(n, static_cast<std::uint64_t>(v), &elements))
      elements = UINT64_MAX;  // reported as the largest value it can show
    if (elements > limits::kWeightElements) {
      throw limits::exceeded(wshape.index(k).place(), "elements", elements, limits::kWeightElements,
                             "elements in one weight");
    }
    n = elements;
    s.shape.push_back(v);
  }
  if (auto q = w.find("quantization"); q != w.end()) {
    const Where wq = wn.key("quantization");
    s.quant_dtype = json::string_value(json::member(*q, wq.key("dtype")), wq.key("dtype"));
    if (q->contains("min")) s.quant_min = json::proto_double((*q)["min"], wq.key("min"));
    if (q->contains("scale")) s.quant_scale = json::proto_double((*q)["scale"], wq.key("scale"));
  }
  return s;
}

}  // namespace

const AttrValue* NodeDef::attr(std::string_view key) const {
  auto it = attrs.find(key);
  return it == attrs.end() ? nullptr : &it->second;
}

TfType tf_type_from_name(std::string_view name) {
  if (name == "DT_FLOAT") return TfType::Float;
  if (name == "DT_INT32") return TfType::Int32;
  if (name == "DT_INT64") return TfType::Int64;
  if (name == "DT_BOOL") return TfType::Bool;
  if (name == "DT_HALF") return TfType::Half;
  return TfType::Unknown;
}

const char* tf_type_name(TfType t) {
  switch (t) {
    case TfType::Float:
      return "DT_FLOAT";
    case TfType::Int32:
      return "DT_INT32";
    case TfType::Int64:
      return "DT_INT64";
    case TfType::Bool:
      return "DT_BOOL";
    case TfType::Half:
      return "DT_HALF";
    case TfType::Unknown:
      break;
  }
  return "unknown dtype";
}

std::optional<DType> to_dtype(TfType t) {
  switch (t) {
    case TfType::Float:
      return DType::Float32;
    case TfType::Int32:
      return DType::Int32;
    case TfType::Int64:
      return DType::Int64;
    case TfType::Bool:
      return DType::Bool;
    case TfType::Half:
    case TfType::Unknown:
      break;
  }
  return std::nullopt;
}

std::string base64_decode(std::string_view in, bool* ok) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  *ok = true;
  for (char c : in) {
    if (c == '=') break;
    const int v = val(c);
    if (v < 0) {
      *ok = false;
      return {};
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

GraphDef parse_graph_model(std::string_view json_bytes, const std::string& source) {
  GraphDef g;
  g.source = source;
  const Json root = json::parse(json_bytes, source, limits::kModelJsonBytes);
  const Where top(source);
  if (!root.is_object())
    top.fail(std::string("expected a JSON object at the top level, got ") + root.type_name());
  if (auto fmt = root.find("format");
      fmt != root.end() && fmt->is_string() && fmt->get<std::string>() != "graph-model") {
    top.key("format").fail(quoted_for_message(fmt->get<std::string>()) +
                           ", expected \"graph-model\"");
  }
  const Where wt = top.key("modelTopology");
  const Json& nodes =
      json::array_member(json::member(root, wt), wt.key("node"), limits::kGraphNodes);
  g.nodes.reserve(nodes.size());
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const Json& n = nodes[k];
    const Where wk = wt.key("node").index(k);
    NodeDef node;
    node.name = json::string_value(json::member(n, wk.key("name")), wk.key("name"));
    // Named from here on, as the planner names nodes.
    const std::string base = "node '" + node.name + "'";
    const Where wn(source, base);
    node.op = json::string_value(json::member(n, wn.key("op")), wn.key("op"));
    if (auto in = n.find("input"); in != n.end()) {
      json::array(*in, wn.key("input"), limits::kGraphNodes);
      for (std::size_t j = 0; j < in->size(); ++j) {
        const Where wi = wn.key("input").index(j);
        const std::string& name = json::string_value((*in)[j], wi);
        if (!name.empty() && name[0] == '^') continue;  // control dependency: no data
        node.inputs.push_back(parse_input(name, wi));
      }
    }
    if (auto at = n.find("attr"); at != n.end()) {
      json::expect_object(*at, wn.key("attr"));
      for (const auto& [key, v] : at->items()) {
        const std::string attr_base = base + ": attr '" + key + "'";
        node.attrs.emplace(key, parse_attr(v, Where(source, attr_base)));
      }
    }
    g.nodes.push_back(std::move(node));
  }
  if (auto sig = root.find("signature"); sig != root.end() && sig->is_object()) {
    const Where ws = top.key("signature");
    if (sig->contains("inputs"))
      g.signature_inputs = parse_signature((*sig)["inputs"], ws.key("inputs"));
    if (sig->contains("outputs"))
      g.signature_outputs = parse_signature((*sig)["outputs"], ws.key("outputs"));
  }
  const Where wm = top.key("weightsManifest");
  const Json& manifest = json::array_member(root, wm, limits::kGraphNodes);
  for (std::size_t i = 0; i < manifest.size(); ++i) {
    const Json& group = manifest[i];
    const Where wg = wm.index(i);
    WeightGroup wgroup;
    const Json& paths = json::array_member(group, wg.key("paths"), limits::kGraphNodes);
    for (std::size_t j = 0; j < paths.size(); ++j) {
      const std::string& path = json::string_value(paths[j], wg.key("paths").index(j));
      if (path.empty() || path.find('/') != std::string::npos || path == "." || path == "..") {
        wg.key("paths").index(j).fail(quoted_for_message(path) +
                                      " is not a plain file name beside model.json");
      }
      wgroup.paths.push_back(path);
    }
    const Json& weights = json::array_member(group, wg.key("weights"), limits::kGraphNodes);
    for (std::size_t j = 0; j < weights.size(); ++j)
      wgroup.weights.push_back(parse_weight(weights[j], wg.key("weights").index(j)));
    g.weight_groups.push_back(std::move(wgroup));
  }
  return g;
}

}  // namespace podium::nn
