// The order a GraphDef runs in, with the checks that need the whole graph: duplicate node
// names, dangling inputs, the outputs (the signature's, or else every node nothing reads, as
// TF.js does), unknown ops (all listed at once) and cycles. Errors name model.json and the node.
//
//   const GraphOrder g = order_graph(graph);
//   for (std::size_t i : g.order) build(graph.nodes[i], g.producers[i]);
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "graph_def.hpp"

namespace podium::nn {

struct GraphOrder {
  std::vector<std::vector<std::size_t>> producers;           // per node, the node each input reads
  std::vector<std::pair<std::size_t, std::string>> outputs;  // node, signature key ("" if none)
  // What the outputs need (placeholders always), each node after its producers, in file order
  // where free.
  std::vector<std::size_t> order;
};

GraphOrder order_graph(const GraphDef& graph);

}  // namespace podium::nn
