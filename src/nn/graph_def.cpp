#include "graph_def.hpp"

#include <nlohmann/json.hpp>

#include "podium/core/error.hpp"

namespace podium::nn {
namespace {

using Json = nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw Error(ErrorKind::Format, where + ": " + what);
}

std::int64_t to_int(const Json& v, const std::string& where) {
  // GraphDef JSON writes int64 as strings ("192"); some writers use numbers.
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    std::size_t used = 0;
    try {
      const long long x = std::stoll(s, &used);
      if (used == s.size()) return x;
    } catch (const std::exception&) {
    }
    fail(where, "expected an integer, got \"" + s + "\"");
  }
  fail(where, std::string("expected an integer, got ") + v.type_name());
}

double to_double(const Json& v, const std::string& where) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  fail(where, std::string("expected a number, got ") + v.type_name());
}

const Json& member(const Json& obj, const char* key, const std::string& where) {
  if (!obj.is_object()) fail(where, std::string("expected an object, got ") + obj.type_name());
  auto it = obj.find(key);
  if (it == obj.end()) fail(where, std::string("missing \"") + key + "\"");
  return *it;
}

const std::string& as_string(const Json& v, const std::string& where) {
  if (!v.is_string()) fail(where, std::string("expected a string, got ") + v.type_name());
  return v.get_ref<const std::string&>();
}

std::vector<std::int64_t> parse_shape(const Json& shape, const std::string& where) {
  // TensorShapeProto: {"dim": [{"size": "1"}, ...]} or {"unknownRank": true}; {} is a scalar.
  std::vector<std::int64_t> dims;
  if (!shape.is_object()) fail(where, "shape: expected an object");
  auto it = shape.find("dim");
  if (it == shape.end()) return dims;
  if (!it->is_array()) fail(where, "shape.dim: expected an array");
  if (it->size() > kMaxRank) {
    fail(where, "shape has rank " + std::to_string(it->size()) + ", at most " +
                    std::to_string(kMaxRank) + " supported");
  }
  for (const Json& d : *it) {
    std::int64_t size = 0;
    if (d.is_object() && d.contains("size")) size = to_int(d["size"], where + ": shape.dim.size");
    if (size < -1) fail(where, "shape has dimension " + std::to_string(size));
    dims.push_back(size);
  }
  return dims;
}

AttrValue parse_attr(const Json& v, const std::string& where) {
  AttrValue a;
  if (!v.is_object()) fail(where, "expected an object");
  bool ok = true;
  for (const auto& [k, x] : v.items()) {
    if (k == "i") {
      a.i = to_int(x, where);
    } else if (k == "f") {
      a.f = to_double(x, where);
    } else if (k == "b") {
      if (!x.is_boolean()) fail(where, "b: expected a boolean");
      a.b = x.get<bool>();
    } else if (k == "s") {
      a.s = base64_decode(as_string(x, where), &ok);
      if (!ok) fail(where, "s: invalid base64");
    } else if (k == "type") {
      a.type = tf_type_from_name(as_string(x, where));
    } else if (k == "shape") {
      a.shape = parse_shape(x, where);
    } else if (k == "tensor") {
      if (!x.is_object()) fail(where, "tensor: expected an object");
      if (x.contains("dtype")) a.tensor_dtype = tf_type_from_name(as_string(x["dtype"], where));
      if (x.contains("tensorShape")) a.tensor_shape = parse_shape(x["tensorShape"], where);
    } else if (k == "list") {
      if (!x.is_object()) fail(where, "list: expected an object");
      for (const auto& [lk, lv] : x.items()) {
        if (!lv.is_array()) fail(where, "list." + lk + ": expected an array");
        if (lv.size() > kMaxNodes) fail(where, "list." + lk + ": too long");
        for (const Json& e : lv) {
          if (lk == "i") {
            a.list_i.push_back(to_int(e, where));
          } else if (lk == "f") {
            a.list_f.push_back(to_double(e, where));
          } else if (lk == "s") {
            a.list_s.push_back(base64_decode(as_string(e, where), &ok));
            if (!ok) fail(where, "list.s: invalid base64");
          } else if (lk == "type") {
            a.list_type.push_back(tf_type_from_name(as_string(e, where)));
          }
        }
      }
    }
  }
  return a;
}

NodeInput parse_input(const std::string& s, const std::string& where) {
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
  if (in.node.empty()) fail(where, "empty input name");
  return in;
}

std::vector<SignatureEntry> parse_signature(const Json& sig, const std::string& where) {
  std::vector<SignatureEntry> out;
  if (!sig.is_object()) fail(where, "expected an object");
  for (const auto& [key, v] : sig.items()) {
    const std::string w = where + " '" + key + "'";
    SignatureEntry e;
    e.key = key;
    e.name = parse_input(as_string(member(v, "name", w), w), w).node;
    if (v.contains("dtype")) e.dtype = tf_type_from_name(as_string(v["dtype"], w));
    if (v.contains("tensorShape")) e.shape = parse_shape(v["tensorShape"], w);
    out.push_back(std::move(e));
  }
  return out;
}

WeightSpec parse_weight(const Json& w, const std::string& where) {
  WeightSpec s;
  s.name = as_string(member(w, "name", where), where);
  const std::string wn = where + " '" + s.name + "'";
  s.dtype = as_string(member(w, "dtype", wn), wn);
  const Json& shape = member(w, "shape", wn);
  if (!shape.is_array()) fail(wn, "shape: expected an array");
  if (shape.size() > kMaxRank) fail(wn, "shape has rank " + std::to_string(shape.size()));
  std::int64_t n = 1;
  for (const Json& d : shape) {
    const std::int64_t v = to_int(d, wn + ": shape");
    if (v < 0) fail(wn, "shape has negative dimension " + std::to_string(v));
    if (v > 0 && n > kMaxWeightElements / v) fail(wn, "shape is absurdly large");
    n *= v;
    s.shape.push_back(v);
  }
  if (auto q = w.find("quantization"); q != w.end()) {
    s.quant_dtype = as_string(member(*q, "dtype", wn + ": quantization"), wn);
    if (q->contains("min")) s.quant_min = to_double((*q)["min"], wn + ": quantization.min");
    if (q->contains("scale")) s.quant_scale = to_double((*q)["scale"], wn + ": quantization.scale");
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
  Json root;
  try {
    root = Json::parse(json_bytes);
  } catch (const Json::parse_error& e) {
    fail(source, "byte " + std::to_string(e.byte) + ": not valid JSON");
  } catch (const Json::exception& e) {
    // e.g. a number too large for a double (found by fuzz_graph_model).
    fail(source, std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) fail(source, "expected a JSON object at the top level");
  if (auto fmt = root.find("format");
      fmt != root.end() && fmt->is_string() && fmt->get<std::string>() != "graph-model") {
    fail(source, "format is \"" + fmt->get<std::string>() + "\", expected \"graph-model\"");
  }
  const Json& topo = member(root, "modelTopology", source);
  const Json& nodes = member(topo, "node", source + ": modelTopology");
  if (!nodes.is_array()) fail(source, "modelTopology.node: expected an array");
  if (nodes.size() > kMaxNodes)
    fail(source, "too many nodes (" + std::to_string(nodes.size()) + ")");
  g.nodes.reserve(nodes.size());
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const Json& n = nodes[k];
    const std::string where0 = source + ": node #" + std::to_string(k);
    NodeDef node;
    node.name = as_string(member(n, "name", where0), where0 + ": name");
    const std::string where = source + ": node '" + node.name + "'";
    node.op = as_string(member(n, "op", where), where + ": op");
    if (auto in = n.find("input"); in != n.end()) {
      if (!in->is_array()) fail(where, "input: expected an array");
      for (const Json& s : *in) {
        const std::string& name = as_string(s, where + ": input");
        if (!name.empty() && name[0] == '^') continue;  // control dependency: no data
        node.inputs.push_back(parse_input(name, where));
      }
    }
    if (auto at = n.find("attr"); at != n.end()) {
      if (!at->is_object()) fail(where, "attr: expected an object");
      for (const auto& [key, v] : at->items()) {
        node.attrs.emplace(key, parse_attr(v, where + ": attr '" + key + "'"));
      }
    }
    g.nodes.push_back(std::move(node));
  }
  if (auto sig = root.find("signature"); sig != root.end() && sig->is_object()) {
    if (sig->contains("inputs"))
      g.signature_inputs = parse_signature((*sig)["inputs"], source + ": signature.inputs");
    if (sig->contains("outputs"))
      g.signature_outputs = parse_signature((*sig)["outputs"], source + ": signature.outputs");
  }
  const Json& manifest = member(root, "weightsManifest", source);
  if (!manifest.is_array()) fail(source, "weightsManifest: expected an array");
  for (const Json& group : manifest) {
    WeightGroup wg;
    const Json& paths = member(group, "paths", source + ": weightsManifest");
    if (!paths.is_array()) fail(source, "weightsManifest.paths: expected an array");
    for (const Json& p : paths) {
      const std::string& path = as_string(p, source + ": weightsManifest.paths");
      if (path.empty() || path.find('/') != std::string::npos || path == "." || path == "..") {
        fail(source,
             "weightsManifest.paths: '" + path + "' is not a plain file name beside model.json");
      }
      wg.paths.push_back(path);
    }
    const Json& weights = member(group, "weights", source + ": weightsManifest");
    if (!weights.is_array()) fail(source, "weightsManifest.weights: expected an array");
    if (weights.size() > kMaxNodes) fail(source, "weightsManifest.weights: too many entries");
    for (const Json& w : weights)
      wg.weights.push_back(parse_weight(w, source + ": weight"));
    g.weight_groups.push_back(std::move(wg));
  }
  return g;
}

}  // namespace podium::nn
