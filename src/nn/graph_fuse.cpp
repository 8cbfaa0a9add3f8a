// fuse_graph (graph_fuse.hpp): the layout rewrite (graph_layout.cpp), then Pad folding, residual
// Add (+ activation) and hard-swish fusion into the convolutions, on the GraphDef before it is
// ordered.
#include "graph_fuse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph_layout.hpp"

namespace podium::nn {
namespace {

bool fuse_is_conv(std::string_view op) {
  return op == "Conv2D" || op == "_FusedConv2D" || op == "DepthwiseConv2dNative" ||
         op == "FusedDepthwiseConv2dNative";
}

bool fuse_is_add(std::string_view op) {
  return op == "Add" || op == "AddV2";
}

// Who reads what, and which nodes must stay as they are (signature outputs).
class FuseGraphIndex {
 public:
  FuseGraphIndex(const GraphDef& g, const std::vector<bool>& dropped) : g_(g), dropped_(dropped) {
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
      index_.emplace(g.nodes[i].name, i);
    for (const SignatureEntry& e : g.signature_outputs)
      pinned_.push_back(e.name);
    rebuild();
  }
  void rebuild() {
    readers_.assign(g_.nodes.size(), {});
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      if (dropped_[i]) continue;
      for (const NodeInput& in : g_.nodes[i].inputs) {
        if (auto it = index_.find(in.node); it != index_.end()) readers_[it->second].push_back(i);
      }
    }
  }
  std::optional<std::size_t> find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? std::nullopt : std::optional(it->second);
  }
  const std::vector<std::size_t>& readers(std::size_t i) const { return readers_[i]; }
  bool pinned(std::size_t i) const {
    return std::find(pinned_.begin(), pinned_.end(), g_.nodes[i].name) != pinned_.end();
  }
  // The one node reading i (through output 0, once), unless i is pinned.
  std::optional<std::size_t> sole_reader(std::size_t i) const {
    if (pinned(i) || readers_[i].size() != 1) return std::nullopt;
    const NodeDef& r = g_.nodes[readers_[i][0]];
    for (const NodeInput& in : r.inputs) {
      if (in.node == g_.nodes[i].name && in.output != 0) return std::nullopt;
    }
    return readers_[i][0];
  }
  // Re-point the name index after `node` took the name of a node it replaced.
  void renamed(std::size_t node, const std::string& old_name) {
    index_.erase(old_name);
    index_[g_.nodes[node].name] = node;
  }

 private:
  const GraphDef& g_;
  const std::vector<bool>& dropped_;  // nodes a fusion replaced: they read nothing any more
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::vector<std::size_t>> readers_;
  std::vector<std::string> pinned_;
};

// The float value of a scalar (or one-element) Const input, if it is one.
std::optional<double> fuse_scalar_const(const GraphDef& g, const FuseGraphIndex& idx,
                                        const NodeInput& in,
                                        const std::unordered_map<std::string, at::Tensor>& w) {
  const auto p = idx.find(in.node);
  if (!p || g.nodes[*p].op != "Const" || in.output != 0) return std::nullopt;
  auto it = w.find(in.node);
  if (it == w.end() || it->second.numel() != 1 || !it->second.is_floating_point()) {
    return std::nullopt;
  }
  return it->second.item<double>();
}

bool fuse_conv_has_activation(const NodeDef& conv) {
  const AttrValue* ops = conv.attr("fused_ops");
  if (!ops) return false;
  return std::any_of(ops->list_s.begin(), ops->list_s.end(),
                     [](const std::string& s) { return s != "BiasAdd"; });
}

// Conv2D -> _FusedConv2D and DepthwiseConv2dNative -> FusedDepthwiseConv2dNative, with its
// fused_ops list (BiasAdd or nothing) returned for extension.
std::vector<std::string>& fuse_as_fused_conv(NodeDef& conv) {
  if (conv.op == "Conv2D") conv.op = "_FusedConv2D";
  if (conv.op == "DepthwiseConv2dNative") conv.op = "FusedDepthwiseConv2dNative";
  return conv.attrs["fused_ops"].list_s;
}

// The conv node takes the place (and name) of `last`, which is dropped with everything between.
void fuse_take_place(GraphDef& g, FuseGraphIndex& idx, std::size_t conv, std::size_t last,
                     std::vector<bool>& dropped) {
  const std::string old = g.nodes[conv].name;
  g.nodes[conv].name = g.nodes[last].name;
  dropped[last] = true;
  idx.renamed(conv, old);
}

std::size_t fold_pads(GraphDef& g, FuseGraphIndex& idx, std::vector<bool>& dropped,
                      const std::unordered_map<std::string, at::Tensor>& w) {
  std::size_t folded = 0;
  for (std::size_t p = 0; p < g.nodes.size(); ++p) {
    const NodeDef& pad = g.nodes[p];
    if (pad.op != "Pad" && pad.op != "PadV2") continue;
    if (pad.inputs.size() != (pad.op == "Pad" ? 2U : 3U)) continue;
    // 0 pads a convolution; -inf pads a max pool (which pads so itself).
    double value = 0;
    if (pad.op == "PadV2") {
      const auto v = fuse_scalar_const(g, idx, pad.inputs[2], w);
      if (!v || (*v != 0 && *v != -std::numeric_limits<double>::infinity())) continue;
      value = *v;
    }
    const auto pc = idx.find(pad.inputs[1].node);
    if (!pc || g.nodes[*pc].op != "Const") continue;
    auto it = w.find(pad.inputs[1].node);
    if (it == w.end()) continue;
    const at::Tensor& t = it->second;
    if (t.dim() != 2 || t.size(0) != 4 || t.size(1) != 2 || t.is_floating_point()) continue;
    const at::Tensor v = t.to(at::kLong).contiguous();
    const auto* a = v.data_ptr<std::int64_t>();
    if (a[0] != 0 || a[1] != 0 || a[6] != 0 || a[7] != 0) continue;
    if (a[2] < 0 || a[3] < 0 || a[4] < 0 || a[5] < 0) continue;
    bool any = false;
    for (std::size_t r : idx.readers(p)) {
      NodeDef& conv = g.nodes[r];
      const bool reader_ok = value == 0 ? fuse_is_conv(conv.op) : conv.op == "MaxPool";
      if (!reader_ok || conv.inputs.empty() || conv.inputs[0].node != pad.name ||
          conv.inputs[0].output != 0) {
        continue;
      }
      // The pad must feed only the data input (a padded filter is not a padding).
      bool other_use = false;
      for (std::size_t k = 1; k < conv.inputs.size(); ++k)
        other_use = other_use || conv.inputs[k].node == pad.name;
      const AttrValue* fmt = conv.attr("data_format");
      const AttrValue* padding = conv.attr("padding");
      if (other_use || (fmt && fmt->s && *fmt->s != "NHWC") || !padding || !padding->s) continue;
      std::vector<std::int64_t> ex(8, 0);
      if (*padding->s == "EXPLICIT") {
        const AttrValue* e = conv.attr("explicit_paddings");
        if (!e || e->list_i.size() != 8) continue;
        ex = e->list_i;
      } else if (*padding->s != "VALID") {
        continue;
      }
      for (int k = 0; k < 4; ++k)
        ex[static_cast<std::size_t>(2 + k)] += a[2 + k];
      conv.attrs["padding"].s = "EXPLICIT";
      conv.attrs["explicit_paddings"].list_i = ex;
      conv.inputs[0] = pad.inputs[0];
      any = true;
    }
    if (!any) continue;
    ++folded;
    // Read by nothing now: dropped, or a graph without a signature would make it an output.
    idx.rebuild();
    if (idx.readers(p).empty() && !idx.pinned(p)) dropped[p] = true;
  }
  return folded;
}

// Add(x, conv) [-> Relu | Relu6 | ClipByValue(0, 6)] into the convolution.
void fuse_residual_adds(GraphDef& g, FuseGraphIndex& idx, std::vector<bool>& dropped,
                        const std::unordered_map<std::string, at::Tensor>& w, FuseStats& s) {
  for (std::size_t a = 0; a < g.nodes.size(); ++a) {
    if (dropped[a] || !fuse_is_add(g.nodes[a].op) || g.nodes[a].inputs.size() != 2) continue;
    for (std::size_t k = 0; k < 2; ++k) {
      const NodeInput conv_in = g.nodes[a].inputs[k];
      const NodeInput other = g.nodes[a].inputs[1 - k];
      const auto c = idx.find(conv_in.node);
      if (!c || dropped[*c] || !fuse_is_conv(g.nodes[*c].op) || conv_in.output != 0) continue;
      if (fuse_conv_has_activation(g.nodes[*c]) || idx.sole_reader(*c) != a) continue;
      if (other.node == conv_in.node) continue;
      // A constant addend is a bias, not a residual: left to the Add.
      if (const auto o = idx.find(other.node); !o || g.nodes[*o].op == "Const") continue;
      std::size_t last = a;
      std::string act;
      if (const auto r = idx.sole_reader(a); r && g.nodes[*r].inputs.size() >= 1) {
        const NodeDef& rn = g.nodes[*r];
        if (rn.op == "Relu" || rn.op == "Relu6") {
          act = rn.op;
        } else if (rn.op == "ClipByValue" && rn.inputs.size() == 3 &&
                   fuse_scalar_const(g, idx, rn.inputs[1], w) == 0.0 &&
                   fuse_scalar_const(g, idx, rn.inputs[2], w) == 6.0) {
          act = "Relu6";
        }
        if (!act.empty()) last = *r;
      }
      NodeDef& conv = g.nodes[*c];
      std::vector<std::string>& ops = fuse_as_fused_conv(conv);
      ops.emplace_back("Add");
      if (!act.empty()) ops.push_back(act);
      conv.attrs["num_args"].i = static_cast<std::int64_t>(conv.inputs.size() - 1);
      conv.inputs.push_back(other);
      if (last != a) dropped[a] = true;
      fuse_take_place(g, idx, *c, last, dropped);
      ++s.adds_fused;
      if (!act.empty()) ++s.activations_fused;
      idx.rebuild();
      break;
    }
  }
}

// x * relu6(x + 3) * c with c ~ 1/6 (a float16 weight in the models) after a convolution:
// Mul(Mul(x, c), Relu6(Add(x, 3))), any operand order.
void fuse_hard_swish(GraphDef& g, FuseGraphIndex& idx, std::vector<bool>& dropped,
                     const std::unordered_map<std::string, at::Tensor>& w, FuseStats& s) {
  auto op_of = [&](const NodeInput& in) -> std::optional<std::size_t> {
    const auto i = idx.find(in.node);
    if (!i || dropped[*i] || in.output != 0) return std::nullopt;
    return i;
  };
  for (std::size_t h = 0; h < g.nodes.size(); ++h) {
    if (dropped[h] || g.nodes[h].op != "Mul" || g.nodes[h].inputs.size() != 2) continue;
    for (std::size_t k = 0; k < 2; ++k) {
      const auto m = op_of(g.nodes[h].inputs[k]);
      const auto r = op_of(g.nodes[h].inputs[1 - k]);
      if (!m || !r || g.nodes[*m].op != "Mul" || g.nodes[*r].op != "Relu6") continue;
      if (g.nodes[*m].inputs.size() != 2 || g.nodes[*r].inputs.size() != 1) continue;
      if (idx.sole_reader(*m) != h || idx.sole_reader(*r) != h) continue;
      const auto add = op_of(g.nodes[*r].inputs[0]);
      if (!add || !fuse_is_add(g.nodes[*add].op) || g.nodes[*add].inputs.size() != 2 ||
          idx.sole_reader(*add) != *r) {
        continue;
      }
      // x: the non-constant operand of the Add; the Add's other operand must be 3.
      std::optional<std::size_t> x;
      for (std::size_t j = 0; j < 2; ++j) {
        if (fuse_scalar_const(g, idx, g.nodes[*add].inputs[1 - j], w) == 3.0) {
          x = op_of(g.nodes[*add].inputs[j]);
        }
      }
      if (!x || !fuse_is_conv(g.nodes[*x].op) || fuse_conv_has_activation(g.nodes[*x])) continue;
      // The Mul must be x * c.
      std::optional<double> c;
      for (std::size_t j = 0; j < 2; ++j) {
        if (g.nodes[*m].inputs[j].node == g.nodes[*x].name && g.nodes[*m].inputs[j].output == 0) {
          c = fuse_scalar_const(g, idx, g.nodes[*m].inputs[1 - j], w);
        }
      }
      if (!c || std::abs(*c * 6.0 - 1.0) > 1e-3) continue;
      const auto& xr = idx.readers(*x);
      if (idx.pinned(*x) || xr.size() != 2 ||
          !((xr[0] == *add && xr[1] == *m) || (xr[0] == *m && xr[1] == *add))) {
        continue;
      }
      NodeDef& conv = g.nodes[*x];
      fuse_as_fused_conv(conv).emplace_back("HardSwish");
      // oneDNN's hard swish divides by exactly 6; the graph multiplies by its own c.
      conv.attrs["hard_swish_scale"].f = *c * 6.0;
      conv.attrs["num_args"].i = static_cast<std::int64_t>(conv.inputs.size() - 2);
      dropped[*m] = dropped[*r] = dropped[*add] = true;
      fuse_take_place(g, idx, *x, h, dropped);
      ++s.hard_swish_fused;
      idx.rebuild();
      break;
    }
  }
}

// Conv2D / DepthwiseConv2dNative -> Add | AddV2 | BiasAdd (conv, a 1-D float Const of the
// convolution's output channels): the Const becomes the convolution's bias (ONNX conversions such
// as NanoDet write every bias so).
void fuse_const_bias(GraphDef& g, FuseGraphIndex& idx, std::vector<bool>& dropped,
                     const std::unordered_map<std::string, at::Tensor>& w, FuseStats& s) {
  for (std::size_t c = 0; c < g.nodes.size(); ++c) {
    NodeDef& conv = g.nodes[c];
    if (dropped[c] || (conv.op != "Conv2D" && conv.op != "DepthwiseConv2dNative") ||
        conv.inputs.size() != 2) {
      continue;
    }
    const auto filter = w.find(conv.inputs[1].node);
    const auto fc = idx.find(conv.inputs[1].node);
    if (filter == w.end() || !fc || g.nodes[*fc].op != "Const" || filter->second.dim() != 4) {
      continue;
    }
    const at::Tensor& f = filter->second;
    const std::int64_t out_c = conv.op == "Conv2D" ? f.size(3) : f.size(2) * f.size(3);
    const auto a = idx.sole_reader(c);
    if (!a || dropped[*a] || g.nodes[*a].inputs.size() != 2) continue;
    const NodeDef& add = g.nodes[*a];
    if (!fuse_is_add(add.op) && add.op != "BiasAdd") continue;
    if (const AttrValue* fmt = add.attr("data_format"); fmt && fmt->s && *fmt->s != "NHWC") {
      continue;
    }
    const NodeInput& b = add.inputs[0].node == conv.name ? add.inputs[1] : add.inputs[0];
    const auto bc = idx.find(b.node);
    const auto bw = w.find(b.node);
    if (!bc || g.nodes[*bc].op != "Const" || b.output != 0 || bw == w.end() ||
        bw->second.dim() != 1 || bw->second.size(0) != out_c ||
        bw->second.scalar_type() != at::kFloat || b.node == conv.name) {
      continue;
    }
    fuse_as_fused_conv(conv).emplace_back("BiasAdd");
    conv.attrs["num_args"].i = 1;
    conv.inputs.push_back(b);
    fuse_take_place(g, idx, c, *a, dropped);
    ++s.biases_fused;
    idx.rebuild();
  }
}

// conv -> Relu | Relu6 | LeakyRelu | Sigmoid, the convolution without an activation and the
// activation its only reader: the activation becomes the convolution's post-op.
void fuse_conv_activations(GraphDef& g, FuseGraphIndex& idx, std::vector<bool>& dropped,
                           FuseStats& s) {
  for (std::size_t c = 0; c < g.nodes.size(); ++c) {
    if (dropped[c] || !fuse_is_conv(g.nodes[c].op) || fuse_conv_has_activation(g.nodes[c])) {
      continue;
    }
    const auto r = idx.sole_reader(c);
    if (!r || dropped[*r] || g.nodes[*r].inputs.size() != 1) continue;
    const std::string& op = g.nodes[*r].op;
    if (op != "Relu" && op != "Relu6" && op != "LeakyRelu" && op != "Sigmoid") continue;
    NodeDef& conv = g.nodes[c];
    if (op == "LeakyRelu") {
      // TF's default slope when the node has none.
      const AttrValue* alpha = g.nodes[*r].attr("alpha");
      conv.attrs["leakyrelu_alpha"].f = alpha && alpha->f ? *alpha->f : 0.2;
    }
    fuse_as_fused_conv(conv).push_back(op);
    const auto& ops = conv.attrs["fused_ops"].list_s;
    conv.attrs["num_args"].i = static_cast<std::int64_t>(
        std::count(ops.begin(), ops.end(), "BiasAdd") + std::count(ops.begin(), ops.end(), "Add"));
    fuse_take_place(g, idx, c, *r, dropped);
    ++s.activations_fused;
    idx.rebuild();
  }
}

}  // namespace

FuseStats fuse_graph(GraphDef& graph, std::unordered_map<std::string, at::Tensor>& weights) {
  FuseStats s;
  // Names must be unique for the rewrites to find nodes by name; order_graph reports a duplicate
  // (a node dropped here could hide it).
  std::unordered_map<std::string_view, int> names;
  for (const NodeDef& n : graph.nodes) {
    if (++names[n.name] > 1) return s;
  }
  s.transposes_removed = sink_transposes(graph, weights);
  std::vector<bool> dropped(graph.nodes.size(), false);
  FuseGraphIndex idx(graph, dropped);
  s.pads_folded = fold_pads(graph, idx, dropped, weights);
  fuse_const_bias(graph, idx, dropped, weights, s);
  fuse_hard_swish(graph, idx, dropped, weights, s);
  fuse_residual_adds(graph, idx, dropped, weights, s);
  fuse_conv_activations(graph, idx, dropped, s);
  std::vector<NodeDef> kept;
  kept.reserve(graph.nodes.size());
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    if (!dropped[i]) kept.push_back(std::move(graph.nodes[i]));
  }
  graph.nodes = std::move(kept);
  return s;
}

}  // namespace podium::nn
