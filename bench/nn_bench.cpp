// Inference speed of podium's TF.js graph runtime, per pretrained model, beside two references
// measured in the same run: this machine's libtorch sgemm (the compute roof) and TensorFlow.js
// wasm-SIMD on the same input (bench/run.sh runs it and passes the timings in with --tfjs).
//
// Each model runs on the model-size PNG of its golden case in shared/data/vision, with the
// model's manifest preset; medians over --runs timed runs after --warmup untimed ones, at 1 and 2
// intra-op threads. MFLOP is 2 x the convolution multiply-adds of one run (from the graph's
// actual shapes). Prints a Markdown table.
//
//   podium_bench_nn --vision ../shared/data/vision [--tfjs DIR] [--runs 30] [--models a,b]
#include <ATen/ATen.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/nn/model.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/vision/image.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kThreadCounts[] = {1, 2};
// The targets (ms per inference, best thread count); models without one print "-".
const std::map<std::string, double> kTargetMs = {{"movenet-lightning", 5.0},
                                                 {"movenet-thunder", 20.0},
                                                 {"movenet-multipose", 20.0},
                                                 {"blazepose-full", 8.0}};

template <class F>
double median_ms(int warmup, int runs, F&& f) {
  for (int i = 0; i < warmup; ++i)
    f();
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  const std::size_t m = t.size() / 2;
  return t.size() % 2 ? t[m] : 0.5 * (t[m - 1] + t[m]);
}

// GFLOP/s of a 1024 x 1024 x 1024 float matrix product: the roof libtorch's BLAS gives here.
double sgemm_gflops(int runs) {
  constexpr std::int64_t kN = 1024;
  at::manual_seed(0);
  const at::Tensor a = at::rand({kN, kN});
  const at::Tensor b = at::rand({kN, kN});
  at::Tensor c = at::empty({kN, kN});
  const double ms = median_ms(3, runs, [&] { at::mm_out(c, a, b); });
  return 2.0 * kN * kN * kN / (ms * 1e6);
}

// The PNG of the first golden case of `model` ("<input>.<model>.cpu.json" -> "<input>.png").
std::optional<std::string> golden_input(const fs::path& vision, const std::string& model) {
  std::vector<std::string> found;
  const std::string suffix = "." + model + ".cpu.json";
  for (const auto& e : fs::directory_iterator(vision)) {
    const std::string n = e.path().filename().string();
    if (n.size() > suffix.size() && n.ends_with(suffix)) {
      found.push_back((vision / (n.substr(0, n.size() - suffix.size()) + ".png")).string());
    }
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<double> tfjs_ms(const std::string& dir, const std::string& model) {
  if (dir.empty()) return std::nullopt;
  const fs::path p = fs::path(dir) / (model + ".wasm.json");
  if (!fs::exists(p)) return std::nullopt;
  const auto j = nlohmann::json::parse(podium::read_file(p.string()));
  return j.at("timing").at("median_ms").get<double>();
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

int run(int argc, char** argv) {
  CLI::App app{"podium_bench_nn: per-model inference speed against sgemm and TF.js wasm"};
  std::string vision;
  std::string tfjs;
  std::string only;
  int runs = 30;
  int warmup = 5;
  app.add_option("--vision", vision, "shared/data/vision (golden inputs)")->required();
  app.add_option("--tfjs", tfjs, "folder of <model>.wasm.json written by tfjs-ref in this run");
  app.add_option("--models", only, "comma-separated model names (default: all with a golden)");
  app.add_option("--runs", runs, "timed runs per measurement")->check(CLI::Range(1, 10000));
  app.add_option("--warmup", warmup, "untimed runs first")->check(CLI::Range(0, 1000));
  CLI11_PARSE(app, argc, argv);

  const auto& manifest = podium::nn::ModelManifest::builtin();
  std::map<int, double> roof;
  for (int t : kThreadCounts) {
    podium::nn::set_threads(t);
    roof[t] = sgemm_gflops(runs);
  }
  std::printf("libtorch sgemm 1024^3 (the roof): %.1f GFLOP/s at 1 thread, %.1f at 2\n\n", roof[1],
              roof[2]);
  std::printf(
      "| model | input | MFLOP | ms 1T | GFLOP/s 1T | ms 2T | GFLOP/s 2T | %% roof 1T |"
      " tfjs-wasm ms | wasm / podium 1T | target ms | met |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
  for (const auto& entry : manifest.models) {
    if (!only.empty() && ("," + only + ",").find("," + entry.name + ",") == std::string::npos) {
      continue;
    }
    const auto png = golden_input(vision, entry.name);
    if (!png) {
      std::printf("| %s | (no golden input in %s) |\n", entry.name.c_str(), vision.c_str());
      continue;
    }
    podium::nn::Model model = podium::nn::Model::load(podium::nn::resolve_model(entry.name));
    const cv::Mat rgb = podium::vision::read_image_rgb(*png);
    podium::nn::InputPreset preset = entry.input;
    preset.dtype = model.inputs().at(0).dtype;
    const std::vector<podium::nn::HostTensor> input = {
        podium::nn::make_input(rgb.data, rgb.rows, rgb.cols, rgb.step, preset)};
    std::map<int, double> ms;
    for (int t : kThreadCounts) {
      podium::nn::set_threads(t);
      ms[t] = median_ms(warmup, runs, [&] { model.run(input); });
    }
    // MFLOP per ms is GFLOP/s.
    const double mflop = static_cast<double>(model.last_run_flops()) / 1e6;
    const auto wasm = tfjs_ms(tfjs, entry.name);
    const auto target = kTargetMs.find(entry.name);
    const double best = std::min(ms[1], ms[2]);
    std::printf("| %s | %s | %.0f | %.2f | %.1f | %.2f | %.1f | %.0f %% | %s | %s | %s | %s |\n",
                entry.name.c_str(), fs::path(*png).filename().c_str(), mflop, ms[1], mflop / ms[1],
                ms[2], mflop / ms[2], 100.0 * (mflop / ms[1]) / roof[1],
                wasm ? fmt("%.2f", *wasm).c_str() : "-",
                wasm ? fmt("%.1fx", *wasm / ms[1]).c_str() : "-",
                target != kTargetMs.end() ? fmt("%.0f", target->second).c_str() : "-",
                target == kTargetMs.end() ? "-" : (best <= target->second ? "yes" : "no"));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const podium::Error& e) {
    std::fprintf(stderr, "podium_bench_nn: %s\n", e.what());
    return e.kind() == podium::ErrorKind::NotFound ? 3 : 2;
  }
}
