// podium nn run: one model on one PNG, outputs in tfjs-ref's JSON schema so that
// shared/tools/tfjs-ref/compare.mjs checks them against TensorFlow.js directly.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/option.hpp"
#include "podium/core/sha256.hpp"
#include "podium/core/threads.hpp"
#include "podium/nn/model.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/nn/preprocess.hpp"
#include "podium/vision/image.hpp"

namespace podium::app {
namespace {

struct RunArgs {
  std::string model;
  std::string input;
  std::string out;
  std::string norm;
  std::string layout;
  int threads = 1;
  int runs = 1;
  std::int64_t max_full = 0;
};

void append_number(std::string& s, double v, bool is_float) {
  if (std::isnan(v)) {
    s += "\"NaN\"";
  } else if (std::isinf(v)) {
    s += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    char buf[32];
    // Shortest text that reads back as the same float32 (or exact integer).
    auto r = is_float ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(v))
                      : std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v));
    s.append(buf, r.ptr);
  }
}

// The values of t printed every `stride`-th.
std::int64_t printed_values(const nn::HostTensor& t, std::int64_t stride) {
  return (t.numel() + stride - 1) / stride;
}

// An upper bound of the JSON text of the outputs, known before it is built: a float32 prints as
// at most 15 characters ("-1.17549435e-38"), an integer as at most 20, each with a comma (NaN
// and the infinities are quoted, and shorter); each output's name, key and shape besides.
std::uint64_t json_bound_bytes(const std::vector<nn::HostTensor>& outputs,
                               const std::vector<nn::TensorSpec>& specs, std::int64_t max_full) {
  constexpr std::uint64_t kHeadBytes = 4096;  // tool, backend, model, input, timing
  std::uint64_t bytes = kHeadBytes;
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const nn::HostTensor& t = outputs[k];
    const std::int64_t n = t.numel();
    const std::int64_t stride = max_full > 0 && n > max_full ? (n + max_full - 1) / max_full : 1;
    const std::uint64_t per_value = t.dtype == nn::DType::Float32 ? 16 : 21;
    bytes += 128 + specs[k].name.size() + specs[k].key.size() + 21 * t.shape.size() +
             per_value * static_cast<std::uint64_t>(printed_values(t, stride));
  }
  return bytes;
}

void run_command(const RunArgs& a) {
  require_option(a.runs >= 1 && a.runs <= 100000, "", "--runs", a.runs, "must be 1..100000");
  nn::set_threads(checked_threads(a.threads));
  const auto& manifest = nn::ModelManifest::builtin();
  std::string json_path;
  const nn::ModelEntry* entry = manifest.find(a.model);
  if (entry) {
    json_path = nn::resolve_model(a.model);
  } else {
    json_path = a.model;
    if (!std::filesystem::exists(json_path)) {
      throw Error(ErrorKind::NotFound, a.model + ": neither a known model (" + manifest.names() +
                                           ") nor an existing model.json");
    }
    entry = manifest.find(std::filesystem::path(json_path).stem().string());
  }
  if (!entry && a.norm.empty()) {
    throw Error(ErrorKind::InvalidInput,
                json_path + ": not in the manifest, so --norm (raw|unit|signed|x2m1) is required");
  }
  // Decode and check the image before the model so that nothing runs on bad input.
  const cv::Mat rgb = vision::read_image_rgb(a.input);
  const auto t_load0 = std::chrono::steady_clock::now();
  nn::Model model = nn::Model::load(json_path);
  const double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_load0).count();
  if (model.inputs().size() != 1) {
    throw Error(ErrorKind::Unsupported, json_path + ": has " +
                                            std::to_string(model.inputs().size()) +
                                            " inputs; nn run feeds exactly one image");
  }
  nn::InputPreset preset;
  if (entry) preset = entry->input;
  if (!a.norm.empty()) preset.norm = nn::parse_norm(a.norm);
  if (!a.layout.empty()) preset.layout = nn::parse_layout(a.layout);
  preset.dtype = model.inputs()[0].dtype;
  if (preset.dtype == nn::DType::Int32 && preset.norm != nn::Norm::Raw) {
    throw Error(ErrorKind::InvalidInput,
                json_path + ": the input is int32, only --norm raw applies");
  }
  const auto& want = model.inputs()[0].shape;
  const bool nhwc = preset.layout == nn::Layout::Nhwc;
  if (want.size() == 4) {
    const std::int64_t wh = want[nhwc ? 1 : 2], ww = want[nhwc ? 2 : 3];
    if ((wh > 0 && wh != rgb.rows) || (ww > 0 && ww != rgb.cols)) {
      throw Error(ErrorKind::InvalidInput,
                  a.input + ": image is " + std::to_string(rgb.cols) + "x" +
                      std::to_string(rgb.rows) + ", the model takes " + std::to_string(ww) + "x" +
                      std::to_string(wh) + " (letterbox it first, or use `podium pose image`)");
    }
  }
  const nn::HostTensor input = nn::make_input(rgb.data, rgb.rows, rgb.cols, rgb.step, preset);
  std::vector<nn::HostTensor> outputs = model.run({input});  // warm-up, untimed
  std::vector<double> times;
  for (int r = 0; r < a.runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    outputs = model.run({input});
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  const double median = times.size() % 2
                            ? times[times.size() / 2]
                            : 0.5 * (times[times.size() / 2 - 1] + times[times.size() / 2]);

  nlohmann::json head;
  head["tool"] = "podium";
  head["backend"] = {{"name", "libtorch"}, {"threads", a.threads}};
  nlohmann::json sums = nlohmann::json::object();
  const auto dir = std::filesystem::path(json_path).parent_path();
  if (entry) {
    for (const auto& f : entry->files)
      sums[std::filesystem::path(f.path).filename().string()] = f.sha256;
  }
  head["model"] = {{"file", std::filesystem::path(json_path).filename().string()},
                   {"sha256", sums}};
  std::vector<std::int64_t> in_shape = input.shape;
  head["input"] = {{"file", std::filesystem::path(a.input).filename().string()},
                   {"shape", in_shape},
                   {"dtype", nn::dtype_name(input.dtype)},
                   {"layout", nhwc ? "nhwc" : "nchw"},
                   {"channels", "RGB"},
                   {"norm", nn::norm_name(preset.norm)}};
  head["timing"] = {
      {"runs", a.runs}, {"median_ms", median}, {"min_ms", times.front()}, {"load_ms", load_ms}};
  head["flops"] = model.last_run_flops();
  const std::uint64_t bound = json_bound_bytes(outputs, model.outputs(), a.max_full);
  if (bound > limits::kJsonOutputBytes) {
    throw limits::exceeded(json_path, "JSON output", bound, limits::kJsonOutputBytes,
                           "bytes of `nn run` JSON");
  }
  std::string s = head.dump();
  s.pop_back();  // reopen the object to stream the (large) outputs
  s += ",\"outputs\":[";
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const nn::HostTensor& t = outputs[k];
    const nn::TensorSpec& spec = model.outputs()[k];
    nlohmann::json o = {
        {"name", spec.name},
        {"key", spec.key.empty() ? nlohmann::json(nullptr) : nlohmann::json(spec.key)},
        {"shape", t.shape},
        {"dtype", nn::dtype_name(t.dtype)}};
    std::string os = o.dump();
    os.pop_back();
    s += (k ? "," : "") + os;
    const std::int64_t n = t.numel();
    const bool is_float = t.dtype == nn::DType::Float32;
    std::int64_t stride = 1;
    if (a.max_full > 0 && n > a.max_full) {
      stride = (n + a.max_full - 1) / a.max_full;
      s += ",\"sample\":{\"stride\":" + std::to_string(stride) + ",\"values\":[";
    } else {
      s += ",\"values\":[";
    }
    for (std::int64_t i = 0; i < n; i += stride) {
      if (i) s += ',';
      append_number(s, t.at(i), is_float);
    }
    s += stride > 1 ? "]}}" : "]}";
  }
  s += "]}\n";
  write_file_atomic(a.out, s);
  const nn::RunPeaks peaks = model.last_run_peaks();
  std::fprintf(stderr,
               "podium: %s: %zu outputs, median %.2f ms over %d runs (%d threads); largest op "
               "output %llu elements, at most %llu alive\n",
               a.out.c_str(), outputs.size(), median, a.runs, a.threads,
               static_cast<unsigned long long>(peaks.op_output_elements),
               static_cast<unsigned long long>(peaks.live_elements));
}

}  // namespace

void add_nn_commands(CLI::App& group) {
  CLI::App* nn_cmd = &group;
  nn_cmd->require_subcommand(1);
  auto a = std::make_shared<RunArgs>();
  auto* run =
      nn_cmd->add_subcommand("run", "Run one model on one image; write every output as JSON");
  run->add_option("--model", a->model, "Model name from the manifest, or a model.json path")
      ->required();
  run->add_option("--input", a->input, "PNG (or any image) already at the model's input size")
      ->required();
  run->add_option("--out", a->out, "Output JSON (tfjs-ref schema)")->required();
  run->add_option("--threads", a->threads, "Intra-op threads")->capture_default_str();
  run->add_option("--runs", a->runs, "Timed runs after one warm-up")->capture_default_str();
  run->add_option("--norm", a->norm, "Override the preset: raw, unit, signed, x2m1");
  run->add_option("--layout", a->layout, "Override the preset: nhwc, nchw");
  run->add_option("--max-full", a->max_full,
                  "Outputs larger than this keep every stride-th value (as tfjs-ref --max-full)");
  run->callback([a] { run_command(*a); });
}

}  // namespace podium::app
