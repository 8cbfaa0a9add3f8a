// nn::Model: a TensorFlow.js graph model (model.json + weight shards) executed on libtorch.
//
// Contract:
// - load() parses model.json, reads and dequantises every shard (float32, float16, uint8/uint16
//   with min/scale, int32, bool), and validates the whole graph before anything runs: unknown ops
//   are listed by name, weight byte counts and shapes are checked ("got X, expected Y"), dangling
//   and cyclic inputs are rejected, NaN weights are rejected. Constant subgraphs are folded once.
//   Unless LoadOptions::fuse is false, Transposes that cancel once moved past layout-agnostic
//   ops are removed, and zero Pads, constant bias Adds, residual Adds (with a following
//   Relu/Relu6), lone activations and hard swishes are fused into the convolutions first
//   (src/nn/graph_fuse.hpp); the outputs are TensorFlow's either way, up to float rounding order
//   (about 1e-6 relative). All failures throw podium::Error naming model.json (or the shard) and
//   the node.
// - run() takes one HostTensor per input() in that order, checks dtype and shape against the
//   graph's placeholders, and returns one HostTensor per output() in that order. Values follow
//   TensorFlow semantics (SAME padding, ResizeBilinear modes, FloorDiv, TopKV2 tie order).
// - Memory (docs/limits.md): an op whose output would pass limits::kOpOutputElements, or a run
//   (or the constants folded at load) that would hold more than limits::kRunLiveElements alive,
//   is refused before the op allocates, with limits::exceeded naming model.json and the node.
// - A Model is not thread-safe; use one per thread. Intra-op threads are process-wide
//   (set_threads).
// - Profiling (set_profiling(true)): each later run records the wall time of every step,
//   last_run_profile() returns them in run order (a fused step is named after the last node it
//   replaced). Off by default: timing costs two clock reads per step.
//
//   auto model = nn::Model::load("movenet-lightning.json");
//   std::vector<nn::HostTensor> out = model.run({input});
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "podium/nn/tensor.hpp"

namespace podium::nn {

struct TensorSpec {
  std::string name;  // graph node name, e.g. "input" or "Identity_2"
  std::string key;   // signature key where the model has one, e.g. "ld_3d"
  DType dtype = DType::Float32;
  std::vector<std::int64_t> shape;  // -1 for a dimension the graph leaves open
};

struct LoadOptions {
  bool fuse = true;  // fold Pads and fuse Adds, activations into the convolutions
};

struct GraphSummary {
  std::size_t nodes = 0;          // in model.json
  std::size_t weights = 0;        // Const nodes
  std::size_t folded = 0;         // nodes evaluated once at load
  std::size_t steps = 0;          // nodes executed per run
  std::int64_t weight_bytes = 0;  // after dequantisation
  // The load-time rewrites (LoadOptions::fuse): Pads folded into convolutions, residual Adds,
  // activations after them and hard swishes fused into convolutions.
  std::size_t pads_folded = 0;
  std::size_t adds_fused = 0;
  std::size_t activations_fused = 0;
  std::size_t hard_swish_fused = 0;
  std::size_t biases_fused = 0;        // constant Adds after a convolution, now its bias
  std::size_t transposes_removed = 0;  // layout round trips cancelled (ONNX-converted graphs)
};

// One step of a profiled run.
struct StepTime {
  std::string node;  // the model.json node (for a fused step, the last node it replaced)
  std::string op;    // its op, e.g. "_FusedConv2D"; fused steps list their fused_ops: "+Add+Relu6"
  double ms = 0;
};

// What one run held at its largest, in elements (any dtype): the largest output of one op, and
// the most alive at once (folded constants, inputs and values not yet released; a view counts
// like a copy). docs/limits.md compares them with limits::kOpOutputElements and kRunLiveElements.
struct RunPeaks {
  std::uint64_t op_output_elements = 0;
  std::uint64_t live_elements = 0;
};

class Model {
 public:
  static Model load(const std::string& model_json_path, const LoadOptions& options = {});
  // The same from memory: model.json bytes and the bytes of each shard, in manifest order
  // (groups, then paths). `source` names the model in errors. For tests and fuzzers.
  static Model load_from_bytes(std::string_view model_json,
                               const std::vector<std::vector<std::string>>& shards,
                               const std::string& source, const LoadOptions& options = {});
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  const std::vector<TensorSpec>& inputs() const;
  const std::vector<TensorSpec>& outputs() const;
  const GraphSummary& summary() const;

  std::vector<HostTensor> run(const std::vector<HostTensor>& inputs);

  // Multiply-adds x 2 of every convolution in the last run (0 before the first run).
  std::int64_t last_run_flops() const;
  // The peaks of the last run (zero before the first run).
  RunPeaks last_run_peaks() const;
  // Per-step wall times of the last run while profiling is on (else empty).
  void set_profiling(bool on);
  const std::vector<StepTime>& last_run_profile() const;

 private:
  struct Impl;
  explicit Model(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Threads for all libtorch work of this process, inference and training alike: libtorch's
// intra-op pool and OpenBLAS's own pool. The one setter: the neural ranker's training uses it
// too. n in 1..256 (core/threads.hpp), else Error(InvalidInput).
void set_threads(int n);
int threads();

}  // namespace podium::nn
