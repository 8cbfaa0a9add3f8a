// Weight shards -> one at::Tensor per weight, dequantised to its runtime dtype.
//
// Contract: each group's shards are concatenated in order and its weights consume bytes
// sequentially. Every count is checked against the bytes present before anything is read; the
// bytes must be consumed exactly. float16 is widened to float32 (as TF.js does), uint8/uint16 are
// v * scale + min (rounded for int32 weights), bool is one byte per element. NaN in a float weight
// is rejected. Errors are placed at the shard file (beside model.json), the byte in it and the
// weight: Place{.source = "m/group1-shard1of2.bin", .byte = 96, .field = "weight 'c/w'"}.
#pragma once

#include <ATen/ATen.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "graph_def.hpp"

namespace podium::nn {

// shard_bytes[g][p] holds group g's p-th shard; shard names are used in errors.
std::unordered_map<std::string, at::Tensor> decode_weights(
    const GraphDef& graph, const std::vector<std::vector<std::string>>& shard_bytes);

// Reads every shard named by the manifest from the directory of model.json, then decodes.
std::unordered_map<std::string, at::Tensor> load_weights(const GraphDef& graph,
                                                         const std::string& model_dir);

}  // namespace podium::nn
