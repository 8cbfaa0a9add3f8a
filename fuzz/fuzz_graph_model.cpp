// libFuzzer target: model.json + weights-manifest parsing (podium::nn::parse_graph_model).
// Any input must either parse or throw podium::Error; a crash, a sanitizer report or any other
// exception is a bug. Build and run: fuzz/run.sh (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "graph_def.hpp"
#include "podium/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const podium::nn::GraphDef g = podium::nn::parse_graph_model(bytes, "fuzz.json");
    // Touch what later stages read, so that a parser handing out garbage is caught here.
    std::size_t n = 0;
    for (const auto& node : g.nodes)
      n += node.inputs.size() + node.attrs.size();
    for (const auto& group : g.weight_groups)
      n += group.weights.size() + group.paths.size();
    return n > 0 ? 0 : 0;
  } catch (const podium::Error&) {
    return 0;
  }
}
