// sink_transposes (graph_layout.hpp): Transposes moved past layout-agnostic ops until they cancel.
#include "graph_layout.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace podium::nn {
namespace {

using LayoutPerm = std::vector<std::int64_t>;
using LayoutWeights = std::unordered_map<std::string, at::Tensor>;

bool layout_is_unary(std::string_view op) {
  return op == "Relu" || op == "Relu6" || op == "LeakyRelu" || op == "Sigmoid" || op == "Tanh" ||
         op == "Elu" || op == "Abs" || op == "Neg";
}

bool layout_is_binary(std::string_view op) {
  return op == "Add" || op == "AddV2" || op == "Sub" || op == "Mul" || op == "Maximum" ||
         op == "Minimum";
}

bool layout_is_pad(std::string_view op) {
  return op == "Pad" || op == "PadV2" || op == "MirrorPad";
}

class LayoutGraph {
 public:
  LayoutGraph(GraphDef& g, LayoutWeights& w) : g_(g), w_(w) {
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
      index_.emplace(g.nodes[i].name, i);
    dead_.assign(g.nodes.size(), false);
    rebuild();
    for (const SignatureEntry& e : g.signature_outputs)
      pinned_.insert(e.name);
    // Without a signature every unread node is an output (order_graph): it stays, and stays so.
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
      if (!readers_[i].empty()) continue;
      original_unread_.insert(g.nodes[i].name);
      const std::string& op = g.nodes[i].op;
      if (g.signature_outputs.empty() && op != "Const" && op != "Placeholder") {
        pinned_.insert(g.nodes[i].name);
      }
    }
  }

  std::size_t transposes() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < g_.nodes.size(); ++i)
      n += !dead_[i] && g_.nodes[i].op == "Transpose" ? 1 : 0;
    return n;
  }

  // Sinks and cancels until nothing moves; returns whether anything changed.
  bool sink_and_cancel() {
    bool any = false;
    // Each sink moves a Transpose one op nearer the outputs, so this ends; the cap is a guard.
    const std::size_t cap = 8 * g_.nodes.size() + 16;
    for (std::size_t round = 0; round < cap; ++round) {
      bool moved = false;
      for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
        if (!dead_[i] && (sink(i) || cancel(i))) moved = true;
      }
      if (!moved) break;
      any = true;
    }
    return any;
  }

  // Transpose(Pad(x)) -> Pad(Transpose(x)) once the sinking is done, so a Pad of a graph input
  // reaches the convolution behind the Transpose.
  void hoist_pads() {
    const std::size_t n = g_.nodes.size();
    for (std::size_t u = 0; u < n; ++u) {
      if (dead_[u]) continue;
      const auto perm = perm_of(u);
      if (!perm) continue;
      const NodeInput in = g_.nodes[u].inputs[0];
      const auto d = live(in);
      if (!d || in.output != 0 || !layout_is_pad(g_.nodes[*d].op) || pinned_.count(in.node) ||
          readers_[*d].size() != 1) {
        continue;
      }
      const auto pads = permuted_pads(*d, inverse(*perm));
      if (!pads) continue;
      NodeDef t = g_.nodes[u];
      t.name = fresh_name(g_.nodes[u].name);
      t.inputs[0] = g_.nodes[*d].inputs[0];
      NodeDef pad = g_.nodes[*d];
      pad.name = g_.nodes[u].name;
      pad.inputs[0] = NodeInput{.node = t.name, .output = 0};
      pad.inputs[1] = add_const(pad.name, "paddings", *pads);
      g_.nodes[u] = std::move(pad);
      add_node(std::move(t));
      rebuild();
    }
  }

  // Drops what the rewrite left unread (what was unread at the start stays, as it was).
  void drop_unread() {
    for (bool again = true; again;) {
      again = false;
      for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
        if (dead_[i] || !readers_[i].empty() || pinned_.count(g_.nodes[i].name) ||
            original_unread_.count(g_.nodes[i].name) || g_.nodes[i].op == "Placeholder") {
          continue;
        }
        dead_[i] = true;
        again = true;
      }
      if (again) rebuild();
    }
  }

  void compact() {
    std::vector<NodeDef> kept;
    kept.reserve(g_.nodes.size());
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      if (!dead_[i]) kept.push_back(std::move(g_.nodes[i]));
    }
    g_.nodes = std::move(kept);
  }

  const std::vector<std::string>& added_weights() const { return added_weights_; }

 private:
  void rebuild() {
    readers_.assign(g_.nodes.size(), {});
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      if (dead_[i]) continue;
      for (const NodeInput& in : g_.nodes[i].inputs) {
        if (auto it = index_.find(in.node); it != index_.end()) readers_[it->second].push_back(i);
      }
    }
  }

  std::optional<std::size_t> live(const NodeInput& in) const {
    auto it = index_.find(in.node);
    if (it == index_.end() || dead_[it->second]) return std::nullopt;
    return it->second;
  }

  // The weight of a Const input, if it is one.
  const at::Tensor* const_of(const NodeInput& in) const {
    const auto i = live(in);
    if (!i || in.output != 0 || g_.nodes[*i].op != "Const") return nullptr;
    auto it = w_.find(in.node);
    return it == w_.end() ? nullptr : &it->second;
  }

  // The perm of Transpose node i, a permutation held by a Const.
  std::optional<LayoutPerm> perm_of(std::size_t i) const {
    const NodeDef& t = g_.nodes[i];
    if (t.op != "Transpose" || t.inputs.size() != 2) return std::nullopt;
    const at::Tensor* p = const_of(t.inputs[1]);
    if (!p || p->dim() != 1 || p->is_floating_point() || p->scalar_type() == at::kBool) {
      return std::nullopt;
    }
    const at::Tensor v = p->to(at::kLong).contiguous();
    LayoutPerm perm(v.data_ptr<std::int64_t>(), v.data_ptr<std::int64_t>() + v.numel());
    LayoutPerm sorted = perm;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 0; k < sorted.size(); ++k) {
      if (sorted[k] != static_cast<std::int64_t>(k)) return std::nullopt;
    }
    return perm;
  }

  // The Transpose that `in` reads, with its perm.
  std::optional<std::pair<std::size_t, LayoutPerm>> transposed(const NodeInput& in) const {
    const auto t = live(in);
    if (!t || in.output != 0) return std::nullopt;
    auto perm = perm_of(*t);
    if (!perm) return std::nullopt;
    return std::pair{*t, std::move(*perm)};
  }

  static LayoutPerm inverse(const LayoutPerm& p) {
    LayoutPerm q(p.size());
    for (std::size_t k = 0; k < p.size(); ++k)
      q[static_cast<std::size_t>(p[k])] = static_cast<std::int64_t>(k);
    return q;
  }

  // Pad node d's paddings for its input read through Transpose(., perm): row perm[k] of the
  // result is row k of the Pad's.
  std::optional<at::Tensor> permuted_pads(std::size_t d, const LayoutPerm& perm) const {
    const NodeDef& pad = g_.nodes[d];
    if (pad.inputs.size() < 2) return std::nullopt;
    const at::Tensor* p = const_of(pad.inputs[1]);
    const auto rank = static_cast<std::int64_t>(perm.size());
    if (!p || p->dim() != 2 || p->size(0) != rank || p->size(1) != 2 || p->is_floating_point() ||
        p->scalar_type() == at::kBool) {
      return std::nullopt;
    }
    at::Tensor q = p->clone();
    for (std::int64_t k = 0; k < rank; ++k)
      q[perm[static_cast<std::size_t>(k)]].copy_((*p)[k]);
    return q;
  }

  std::string fresh_name(const std::string& base) const {
    std::string name = base;
    name.append("/podium_layout");
    const std::string stem = name;
    for (int k = 1; index_.count(name); ++k) {
      name = stem;
      name.append("_").append(std::to_string(k));
    }
    return name;
  }

  std::size_t add_node(NodeDef n) {
    index_.emplace(n.name, g_.nodes.size());
    g_.nodes.push_back(std::move(n));
    dead_.push_back(false);
    return g_.nodes.size() - 1;
  }

  NodeInput add_const(const std::string& owner, const std::string& what, const at::Tensor& t) {
    std::string base = owner;
    base.append("/").append(what);
    NodeDef c{.name = fresh_name(base), .op = "Const", .inputs = {}, .attrs = {}};
    c.attrs["dtype"].type = t.scalar_type() == at::kLong ? TfType::Int64 : TfType::Int32;
    w_[c.name] = t;
    added_weights_.push_back(c.name);
    NodeInput in{.node = c.name, .output = 0};
    add_node(std::move(c));
    return in;
  }

  // Op i reads Transposes of one perm: it moves before them, a Transpose takes its name.
  bool sink(std::size_t i) {
    const std::string op = g_.nodes[i].op;  // a copy: add_const grows g_.nodes
    std::vector<std::size_t> data;          // input positions in the transposed layout
    if (layout_is_unary(op) || layout_is_pad(op)) {
      data = {0};
    } else if (layout_is_binary(op)) {
      data = {0, 1};
    } else if (op == "ConcatV2" && g_.nodes[i].inputs.size() >= 2) {
      for (std::size_t k = 0; k + 1 < g_.nodes[i].inputs.size(); ++k)
        data.push_back(k);
    } else {
      return false;
    }
    if (g_.nodes[i].inputs.size() < data.size()) return false;
    std::optional<std::pair<std::size_t, LayoutPerm>> first;
    std::vector<std::optional<std::size_t>> from(data.size());
    for (std::size_t k = 0; k < data.size(); ++k) {
      auto t = transposed(g_.nodes[i].inputs[data[k]]);
      if (!t) continue;
      if (first && t->second != first->second) return false;
      from[k] = t->first;
      if (!first) first = std::move(t);
    }
    if (!first) return false;
    const LayoutPerm& perm = first->second;
    // A binary op's other operand may be a one-element constant: it broadcasts the same in both
    // layouts.
    for (std::size_t k = 0; k < data.size(); ++k) {
      if (from[k]) continue;
      const at::Tensor* c = layout_is_binary(op) ? const_of(g_.nodes[i].inputs[data[k]]) : nullptr;
      if (!c || c->numel() != 1 || c->dim() > static_cast<std::int64_t>(perm.size())) return false;
    }
    NodeDef moved = g_.nodes[i];
    moved.name = fresh_name(g_.nodes[i].name);
    if (layout_is_pad(op)) {
      const auto pads = permuted_pads(i, perm);
      if (!pads) return false;
      moved.inputs[1] = add_const(moved.name, "paddings", *pads);
    } else if (op == "ConcatV2") {
      const at::Tensor* a = const_of(moved.inputs.back());
      if (!a || a->numel() != 1 || a->is_floating_point() || a->scalar_type() == at::kBool) {
        return false;
      }
      const auto rank = static_cast<std::int64_t>(perm.size());
      std::int64_t axis = a->to(at::kLong).item<std::int64_t>();
      if (axis < -rank || axis >= rank) return false;
      if (axis < 0) axis += rank;
      moved.inputs.back() = add_const(moved.name, "axis",
                                      at::scalar_tensor(perm[static_cast<std::size_t>(axis)],
                                                        at::TensorOptions().dtype(a->dtype())));
    }
    const NodeDef& t0 = g_.nodes[first->first];
    NodeDef t = t0;
    t.name = g_.nodes[i].name;
    t.inputs = {NodeInput{.node = moved.name, .output = 0}, t0.inputs[1]};
    for (std::size_t k = 0; k < data.size(); ++k) {
      if (from[k]) moved.inputs[data[k]] = g_.nodes[*from[k]].inputs[0];
    }
    g_.nodes[i] = std::move(t);
    add_node(std::move(moved));
    rebuild();
    return true;
  }

  // Transpose(Transpose(x, p), q) with q∘p the identity: its readers read x.
  bool cancel(std::size_t u) {
    const auto q = perm_of(u);
    if (!q || pinned_.count(g_.nodes[u].name) || readers_[u].empty()) return false;
    const auto t = transposed(g_.nodes[u].inputs[0]);
    if (!t || t->second.size() != q->size()) return false;
    for (std::size_t k = 0; k < q->size(); ++k) {
      if (t->second[static_cast<std::size_t>((*q)[k])] != static_cast<std::int64_t>(k)) {
        return false;
      }
    }
    const NodeInput x = g_.nodes[t->first].inputs[0];
    const std::string name = g_.nodes[u].name;
    for (std::size_t r : readers_[u]) {
      for (NodeInput& in : g_.nodes[r].inputs) {
        if (in.node == name) in = x;
      }
    }
    rebuild();
    return true;
  }

  GraphDef& g_;
  LayoutWeights& w_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<bool> dead_;
  std::vector<std::vector<std::size_t>> readers_;
  std::unordered_set<std::string> pinned_;
  std::unordered_set<std::string> original_unread_;
  std::vector<std::string> added_weights_;
};

}  // namespace

std::size_t sink_transposes(GraphDef& graph, LayoutWeights& weights) {
  std::unordered_set<std::string_view> names;
  for (const NodeDef& n : graph.nodes) {
    if (!names.insert(n.name).second) return 0;
  }
  const std::vector<NodeDef> original = graph.nodes;
  LayoutGraph g(graph, weights);
  const std::size_t before = g.transposes();
  if (before == 0) return 0;
  g.sink_and_cancel();
  g.drop_unread();
  g.hoist_pads();
  g.drop_unread();
  const std::size_t after = g.transposes();
  if (after >= before) {
    for (const std::string& w : g.added_weights())
      weights.erase(w);
    graph.nodes = original;
    return 0;
  }
  g.compact();
  return before - after;
}

}  // namespace podium::nn
