// Past 400 lines: planning and running share Model::Impl's private slot table and Step list.
// Model: plans a GraphDef once (validate, prune to what the outputs need, order, fold constants,
// build kernels) and then runs the plan per inference.
#include "podium/nn/model.hpp"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "graph_def.hpp"
#include "graph_fuse.hpp"
#include "graph_order.hpp"
#include "ops.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/threads.hpp"
#include "weights.hpp"

namespace podium::nn {
namespace {

std::optional<DType> dtype_of(at::ScalarType t) {
  switch (t) {
    case at::kFloat:
      return DType::Float32;
    case at::kInt:
      return DType::Int32;
    case at::kLong:
      return DType::Int64;
    case at::kBool:
      return DType::Bool;
    default:
      break;
  }
  return std::nullopt;
}

at::ScalarType scalar_type_of(DType d) {
  switch (d) {
    case DType::Float32:
      return at::kFloat;
    case DType::Int32:
      return at::kInt;
    case DType::Int64:
      return at::kLong;
    case DType::Bool:
      return at::kBool;
  }
  return at::kFloat;
}

// Counts a new value into what the run holds alive, refusing it past the limits (the op's own
// check ran before it allocated; this one covers every op alike).
void count_alive(RunContext& ctx, const at::Tensor& t, RunPeaks* peaks) {
  const auto n = static_cast<std::uint64_t>(check_output_elements(ctx, t.numel()));
  ctx.live_elements += n;
  if (peaks) {
    peaks->op_output_elements = std::max(peaks->op_output_elements, n);
    peaks->live_elements = std::max(peaks->live_elements, ctx.live_elements);
  }
}

std::string first_line(const char* what) {
  std::string s = what;
  const auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

struct Step {
  Op op;
  std::vector<int> in_slots;
  std::vector<int> out_slots;
  std::vector<int> release;  // runtime slots whose last reader is this step
  Place where;               // the node: Place{.source = model.json, .field = "node 'n' (Op)"}
};

}  // namespace

struct Model::Impl {
  GraphDef graph;
  std::vector<at::Tensor> values;  // one per slot; constants stay, the rest live during run()
  std::vector<bool> is_const;
  std::vector<bool> kept;  // slots whose buffer outlives its release (Op::keeps_output)
  std::vector<Step> steps;
  std::vector<int> input_slots;
  std::vector<int> output_slots;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  GraphSummary summary;
  std::int64_t last_flops = 0;
  // Elements of the folded constants: alive for the model's life, so every run starts with them.
  std::uint64_t folded_elements = 0;
  RunPeaks last_peaks;
  bool profiling = false;
  std::vector<StepTime> profile;
  std::vector<StepTime> step_names;  // node and op per step, for the profile

  int new_slot() {
    values.emplace_back();
    is_const.push_back(false);
    return static_cast<int>(values.size()) - 1;
  }

  void plan(std::unordered_map<std::string, at::Tensor> weights, const LoadOptions& opt);
  std::vector<HostTensor> run(const std::vector<HostTensor>& in);
};

void Model::Impl::plan(std::unordered_map<std::string, at::Tensor> weights,
                       const LoadOptions& opt) {
  const std::string& src = graph.source;
  const auto& nodes = graph.nodes;
  summary.nodes = nodes.size();
  if (opt.fuse) {
    const FuseStats f = fuse_graph(graph, weights);
    summary.pads_folded = f.pads_folded;
    summary.adds_fused = f.adds_fused;
    summary.activations_fused = f.activations_fused;
    summary.hard_swish_fused = f.hard_swish_fused;
    summary.biases_fused = f.biases_fused;
    summary.transposes_removed = f.transposes_removed;
  }
  const GraphOrder ordered = order_graph(graph);
  const auto& producers = ordered.producers;
  const auto& out_nodes = ordered.outputs;
  // Build kernels in order, folding nodes whose inputs are all constant.
  std::vector<std::vector<int>> node_slots(nodes.size());
  for (std::size_t i : ordered.order) {
    const NodeDef& node = nodes[i];
    const Place where{.source = src, .field = "node '" + node.name + "' (" + node.op + ")"};
    if (node.op == "Const") {
      auto it = weights.find(node.name);
      if (it == weights.end()) {
        throw Error(ErrorKind::Model, where, "no weight of that name in the weights manifest");
      }
      at::Tensor t = it->second;
      const AttrValue* v = node.attr("value");
      if (v && v->tensor_shape && !t.sizes().equals(*v->tensor_shape)) {
        throw Error(ErrorKind::Model, where,
                    "weight shape got " + shape_string(t.sizes().vec()) + ", expected " +
                        shape_string(*v->tensor_shape));
      }
      const AttrValue* dt = node.attr("dtype");
      if (dt && dt->type) {
        const at::ScalarType want = to_scalar_type(*dt->type, where.text());
        const bool compatible =
            want == t.scalar_type() || (want == at::kLong && t.scalar_type() == at::kInt);
        if (!compatible) {
          throw Error(ErrorKind::Model, where,
                      "weight dtype got " + std::string(c10::toString(t.scalar_type())) +
                          ", expected " + tf_type_name(*dt->type));
        }
        t = t.to(want);
      }
      const int slot = new_slot();
      values[static_cast<std::size_t>(slot)] = t;
      is_const[static_cast<std::size_t>(slot)] = true;
      node_slots[i] = {slot};
      ++summary.weights;
      summary.weight_bytes += static_cast<std::int64_t>(t.nbytes());
      continue;
    }
    if (node.op == "Placeholder") {
      TensorSpec spec;
      spec.name = node.name;
      const AttrValue* dt = node.attr("dtype");
      const auto d = dt && dt->type ? to_dtype(*dt->type) : std::nullopt;
      if (!d) throw Error(ErrorKind::Unsupported, where, "input dtype is not supported");
      spec.dtype = *d;
      if (const AttrValue* s = node.attr("shape"); s && s->shape) spec.shape = *s->shape;
      for (const SignatureEntry& e : graph.signature_inputs) {
        if (e.name == node.name) spec.key = e.key;
      }
      const int slot = new_slot();
      node_slots[i] = {slot};
      input_slots.push_back(slot);
      inputs.push_back(std::move(spec));
      continue;
    }
    const OpInfo* info = find_op(node.op);
    PODIUM_ASSERT(info != nullptr);
    const auto n_in = static_cast<int>(node.inputs.size());
    if (n_in < info->min_inputs || (info->max_inputs >= 0 && n_in > info->max_inputs)) {
      throw Error(ErrorKind::Model, where,
                  "has " + std::to_string(n_in) + " inputs, expected " +
                      std::to_string(info->min_inputs) +
                      (info->max_inputs == info->min_inputs ? ""
                       : info->max_inputs < 0               ? " or more"
                                              : " to " + std::to_string(info->max_inputs)));
    }
    std::vector<int> in_slots;
    std::vector<std::optional<at::Tensor>> const_inputs;
    bool all_const = true;
    for (std::size_t k = 0; k < node.inputs.size(); ++k) {
      const NodeInput& in = node.inputs[k];
      const auto& slots = node_slots[producers[i][k]];
      if (in.output < 0 || static_cast<std::size_t>(in.output) >= slots.size()) {
        throw Error(ErrorKind::Model, where,
                    "input #" + std::to_string(k) + " reads output " + std::to_string(in.output) +
                        " of '" + in.node + "', which has " + std::to_string(slots.size()));
      }
      const int s = slots[static_cast<std::size_t>(in.output)];
      in_slots.push_back(s);
      if (is_const[static_cast<std::size_t>(s)]) {
        const_inputs.emplace_back(values[static_cast<std::size_t>(s)]);
      } else {
        const_inputs.emplace_back(std::nullopt);
        all_const = false;
      }
    }
    Op op = [&] {
      try {
        return info->build(BuildContext(node, where.text(), const_inputs));
      } catch (const c10::Error& e) {
        throw Error(ErrorKind::Model, where, first_line(e.what_without_backtrace()));
      }
    }();
    std::vector<int> out_slots;
    for (int k = 0; k < op.num_outputs; ++k)
      out_slots.push_back(new_slot());
    node_slots[i] = out_slots;
    if (all_const) {
      std::vector<at::Tensor> args;
      for (int s : in_slots)
        args.push_back(values[static_cast<std::size_t>(s)]);
      std::vector<at::Tensor> results(static_cast<std::size_t>(op.num_outputs));
      RunContext ctx{.node = &where, .live_elements = folded_elements};
      try {
        op.kernel(args, results, ctx);
      } catch (const c10::Error& e) {
        throw Error(ErrorKind::Model, where, first_line(e.what_without_backtrace()));
      }
      for (std::size_t k = 0; k < out_slots.size(); ++k) {
        count_alive(ctx, results[k], nullptr);
        values[static_cast<std::size_t>(out_slots[k])] = results[k].contiguous();
        is_const[static_cast<std::size_t>(out_slots[k])] = true;
      }
      folded_elements = ctx.live_elements;
      ++summary.folded;
      continue;
    }
    std::string op_name = node.op;
    if (const AttrValue* f = node.attr("fused_ops"); f && f->list_s.size() > 1) {
      for (std::size_t k = 1; k < f->list_s.size(); ++k)
        op_name.append("+").append(f->list_s[k]);
    }
    step_names.push_back(StepTime{.node = node.name, .op = std::move(op_name)});
    steps.push_back({std::move(op), std::move(in_slots), std::move(out_slots), {}, where});
  }
  for (auto& [i, key] : out_nodes) {
    TensorSpec spec;
    spec.name = nodes[i].name;
    spec.key = key;
    output_slots.push_back(node_slots[i].at(0));
    outputs.push_back(std::move(spec));
  }
  // Free every runtime value after its last reader (a value nothing reads: after the step that
  // makes it) so buffers recycle within a run. With run() releasing the inputs and outputs at its
  // end, no runtime value outlives the run, and a kernel may return a buffer it owns and rewrites
  // on its next run (the convolutions do, conv_dnnl.hpp).
  std::vector<int> last_use(values.size(), -1);
  for (std::size_t s = 0; s < steps.size(); ++s) {
    for (int slot : steps[s].out_slots)
      last_use[static_cast<std::size_t>(slot)] = static_cast<int>(s);
    for (int slot : steps[s].in_slots)
      last_use[static_cast<std::size_t>(slot)] = static_cast<int>(s);
  }
  for (int slot : output_slots)
    last_use[static_cast<std::size_t>(slot)] = -1;
  kept.assign(values.size(), false);
  for (const Step& step : steps) {
    for (int slot : step.out_slots)
      kept[static_cast<std::size_t>(slot)] = step.op.keeps_output;
  }
  for (std::size_t slot = 0; slot < values.size(); ++slot) {
    if (!is_const[slot] && last_use[slot] >= 0) {
      steps[static_cast<std::size_t>(last_use[slot])].release.push_back(static_cast<int>(slot));
    }
  }
  summary.steps = steps.size();
}

std::vector<HostTensor> Model::Impl::run(const std::vector<HostTensor>& in) {
  const std::string& src = graph.source;
  if (in.size() != inputs.size()) {
    throw Error(
        ErrorKind::InvalidInput, Place{.source = src},
        "got " + std::to_string(in.size()) + " inputs, expected " + std::to_string(inputs.size()));
  }
  for (std::size_t k = 0; k < in.size(); ++k) {
    const TensorSpec& spec = inputs[k];
    const HostTensor& t = in[k];
    bool shape_ok = spec.shape.empty() || spec.shape.size() == t.shape.size();
    for (std::size_t d = 0; shape_ok && d < spec.shape.size(); ++d) {
      shape_ok = spec.shape[d] < 0 || spec.shape[d] == t.shape[d];
    }
    if (t.dtype != spec.dtype || !shape_ok ||
        t.bytes.size() != static_cast<std::size_t>(t.numel()) * dtype_size(t.dtype)) {
      throw Error(ErrorKind::InvalidInput, Place{.source = src},
                  "input '" + spec.name + "' got " + dtype_name(t.dtype) + shape_string(t.shape) +
                      ", expected " + dtype_name(spec.dtype) + shape_string(spec.shape));
    }
    // The graph never writes to its inputs, so the caller's buffer is used without a copy.
    values[static_cast<std::size_t>(input_slots[k])] =
        at::from_blob(const_cast<std::byte*>(t.bytes.data()), t.shape,
                      at::TensorOptions().dtype(scalar_type_of(t.dtype)));
  }
  RunContext ctx{.live_elements = folded_elements};
  RunPeaks peaks{.live_elements = folded_elements};
  for (std::size_t k = 0; k < in.size(); ++k) {
    const Place input{.source = src, .field = "input '" + inputs[k].name + "'"};
    ctx.node = &input;
    count_alive(ctx, values[static_cast<std::size_t>(input_slots[k])], &peaks);
  }
  std::vector<at::Tensor> args;
  std::vector<at::Tensor> results;
  profile.clear();
  for (std::size_t si = 0; si < steps.size(); ++si) {
    const Step& step = steps[si];
    const auto t0 =
        profiling ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    args.clear();
    for (int s : step.in_slots)
      args.push_back(values[static_cast<std::size_t>(s)]);
    results.assign(step.out_slots.size(), at::Tensor());
    ctx.node = &step.where;
    try {
      step.op.kernel(args, results, ctx);
    } catch (const c10::Error& e) {
      throw Error(ErrorKind::Model, step.where, first_line(e.what_without_backtrace()));
    }
    for (std::size_t k = 0; k < results.size(); ++k) {
      count_alive(ctx, results[k], &peaks);
      values[static_cast<std::size_t>(step.out_slots[k])] = std::move(results[k]);
    }
    for (int s : step.release) {
      const auto slot = static_cast<std::size_t>(s);
      if (!kept[slot]) ctx.live_elements -= static_cast<std::uint64_t>(values[slot].numel());
      values[slot].reset();
    }
    if (profiling) {
      StepTime t = step_names[si];
      t.ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      profile.push_back(std::move(t));
    }
  }
  last_flops = ctx.flops;
  last_peaks = peaks;
  std::vector<HostTensor> out;
  // Outputs are copied out: the tensors may be buffers their kernels rewrite next run.
  for (std::size_t k = 0; k < output_slots.size(); ++k) {
    const at::Tensor t = values[static_cast<std::size_t>(output_slots[k])].contiguous();
    const auto d = dtype_of(t.scalar_type());
    if (!d) {
      throw Error(ErrorKind::Unsupported, Place{.source = src},
                  "output '" + outputs[k].name + "' has dtype " + c10::toString(t.scalar_type()));
    }
    HostTensor h = HostTensor::zeros(*d, t.sizes().vec());
    // A zero-element output has no buffer on either side.
    if (!h.bytes.empty()) std::memcpy(h.bytes.data(), t.data_ptr(), h.bytes.size());
    outputs[k].dtype = *d;
    outputs[k].shape = h.shape;
    out.push_back(std::move(h));
  }
  for (int s : input_slots)
    values[static_cast<std::size_t>(s)].reset();
  for (int s : output_slots) {
    if (!is_const[static_cast<std::size_t>(s)]) values[static_cast<std::size_t>(s)].reset();
  }
  return out;
}

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

Model Model::load(const std::string& model_json_path, const LoadOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->graph = parse_graph_model(read_file(model_json_path), model_json_path);
  const auto dir = std::filesystem::path(model_json_path).parent_path().string();
  const auto weights = load_weights(impl->graph, dir.empty() ? "." : dir);
  impl->plan(weights, options);
  return Model(std::move(impl));
}

Model Model::load_from_bytes(std::string_view model_json,
                             const std::vector<std::vector<std::string>>& shards,
                             const std::string& source, const LoadOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->graph = parse_graph_model(model_json, source);
  if (shards.size() != impl->graph.weight_groups.size()) {
    throw Error(ErrorKind::Format, Place{.source = source},
                std::to_string(shards.size()) + " shard groups given, the manifest has " +
                    std::to_string(impl->graph.weight_groups.size()));
  }
  for (std::size_t g = 0; g < shards.size(); ++g) {
    if (shards[g].size() != impl->graph.weight_groups[g].paths.size()) {
      throw Error(ErrorKind::Format, Place{.source = source},
                  "weight group " + std::to_string(g) + " has " +
                      std::to_string(impl->graph.weight_groups[g].paths.size()) + " shards, " +
                      std::to_string(shards[g].size()) + " given");
    }
  }
  impl->plan(decode_weights(impl->graph, shards), options);
  return Model(std::move(impl));
}

const std::vector<TensorSpec>& Model::inputs() const {
  return impl_->inputs;
}
const std::vector<TensorSpec>& Model::outputs() const {
  return impl_->outputs;
}
const GraphSummary& Model::summary() const {
  return impl_->summary;
}
std::vector<HostTensor> Model::run(const std::vector<HostTensor>& inputs) {
  return impl_->run(inputs);
}
std::int64_t Model::last_run_flops() const {
  return impl_->last_flops;
}
RunPeaks Model::last_run_peaks() const {
  return impl_->last_peaks;
}
void Model::set_profiling(bool on) {
  impl_->profiling = on;
  impl_->profile.clear();
}
const std::vector<StepTime>& Model::last_run_profile() const {
  return impl_->profile;
}

void set_threads(int n) {
  at::set_num_threads(checked_threads(n, "threads"));
  // libtorch's BLAS is OpenBLAS (scripts/setup installs it), whose own thread pool ignores
  // at::set_num_threads: without this a 1-thread run still multiplies matrices on every core.
  using SetBlasThreads = void (*)(int);
  if (auto* f = reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    f(n);
  }
}
int threads() {
  return at::get_num_threads();
}

}  // namespace podium::nn
