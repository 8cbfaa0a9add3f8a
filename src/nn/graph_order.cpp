#include "graph_order.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "ops.hpp"
#include "podium/core/error.hpp"

namespace podium::nn {

GraphOrder order_graph(const GraphDef& graph) {
  const std::string& src = graph.source;
  const auto& nodes = graph.nodes;
  GraphOrder g;
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!index.emplace(nodes[i].name, i).second) {
      throw Error(ErrorKind::Model, Place{.source = src},
                  "node '" + nodes[i].name + "' is defined twice");
    }
  }
  std::vector<std::vector<std::size_t>>& producers = g.producers;
  producers.resize(nodes.size());
  std::vector<bool> consumed(nodes.size(), false);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const NodeInput& in : nodes[i].inputs) {
      auto it = index.find(in.node);
      if (it == index.end()) {
        throw Error(ErrorKind::Model, Place{.source = src},
                    "node '" + nodes[i].name + "' reads '" + in.node +
                        "', which does not exist (dangling input)");
      }
      producers[i].push_back(it->second);
      consumed[it->second] = true;
    }
  }
  // Outputs: the signature's, or else every node nothing reads (as TF.js does).
  if (!graph.signature_outputs.empty()) {
    for (const SignatureEntry& e : graph.signature_outputs) {
      auto it = index.find(e.name);
      if (it == index.end()) {
        throw Error(
            ErrorKind::Model, Place{.source = src},
            "signature output '" + e.key + "' names node '" + e.name + "', which does not exist");
      }
      g.outputs.emplace_back(it->second, e.key);
    }
  } else {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!consumed[i] && nodes[i].op != "Const" && nodes[i].op != "Placeholder") {
        g.outputs.emplace_back(i, "");
      }
    }
  }
  if (g.outputs.empty())
    throw Error(ErrorKind::Model, Place{.source = src}, "the graph has no outputs");
  // Prune to what the outputs need; placeholders are always inputs.
  std::vector<bool> needed(nodes.size(), false);
  std::vector<std::size_t> stack;
  for (auto& [i, key] : g.outputs)
    stack.push_back(i);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].op == "Placeholder") stack.push_back(i);
  }
  while (!stack.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    if (needed[i]) continue;
    needed[i] = true;
    for (std::size_t p : producers[i])
      stack.push_back(p);
  }
  // Unknown ops, all listed at once.
  std::map<std::string, std::vector<std::string>> unknown;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string& op = nodes[i].op;
    if (needed[i] && op != "Const" && op != "Placeholder" && !find_op(op)) {
      unknown[op].push_back(nodes[i].name);
    }
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& [op, names] : unknown) {
      if (!list.empty()) list += ", ";
      list += op + " (" + std::to_string(names.size()) + " node" + (names.size() > 1 ? "s" : "") +
              ", e.g. '" + names.front() + "')";
    }
    throw Error(ErrorKind::Unsupported, Place{.source = src}, "unsupported ops: " + list);
  }
  // Kahn's algorithm over the needed nodes, in file order where free.
  std::vector<int> pending(nodes.size(), 0);
  std::vector<std::vector<std::size_t>> consumers(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!needed[i]) continue;
    for (std::size_t p : producers[i]) {
      ++pending[i];
      consumers[p].push_back(i);
    }
  }
  std::vector<std::size_t> ready;
  for (std::size_t i = nodes.size(); i-- > 0;) {
    if (needed[i] && pending[i] == 0) ready.push_back(i);
  }
  while (!ready.empty()) {
    const std::size_t i = ready.back();
    ready.pop_back();
    g.order.push_back(i);
    for (std::size_t c : consumers[i]) {
      if (--pending[c] == 0) ready.push_back(c);
    }
  }
  const auto needed_count =
      static_cast<std::size_t>(std::count(needed.begin(), needed.end(), true));
  if (g.order.size() != needed_count) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (needed[i] && pending[i] > 0) {
        throw Error(
            ErrorKind::Model, Place{.source = src},
            "node '" + nodes[i].name + "' is part of a cycle (its inputs depend on itself)");
      }
    }
  }
  return g;
}

}  // namespace podium::nn
