// Inference speed of podium's TF.js graph runtime, per pretrained model, beside two references
// measured in the same run: this machine's libtorch sgemm (the compute roof) and TensorFlow.js
// wasm-SIMD on the same input (bench/run.sh runs it and passes the timings in with --tfjs).
//
// Each model runs on the model-size PNG of its golden case in shared/data/vision, with the
// model's manifest preset; medians over --runs timed runs after --warmup untimed ones, at 1 and 2
// intra-op threads. MFLOP is 2 x the convolution multiply-adds of one run (from the graph's
// actual shapes). Prints a Markdown table.
//
// --fusion instead times each model loaded with and without the load-time fusions
// (nn::LoadOptions::fuse) at --threads: --rounds rounds of --runs runs of each, one of each in
// turn (so both see the same load on a busy machine), and prints per model the fastest run, the
// median of the round medians and their spread (max - min), and fused / unfused of both. --profile
// prints per model a table of where one inference's time goes, by op (the median over --runs
// profiled runs of each step's time, summed per op), for the fused graph (and the unfused one with
// --fusion).
//
//   podium_bench_nn --vision ../shared/data/vision [--tfjs DIR] [--runs 30] [--models a,b]
//   podium_bench_nn --vision ../shared/data/vision --fusion --rounds 5 --threads 1 --models a,b
//   podium_bench_nn --vision ../shared/data/vision --profile --models centernet
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

struct Loaded {
  podium::nn::Model model;
  std::vector<podium::nn::HostTensor> input;
};

Loaded load_model(const podium::nn::ModelEntry& entry, const std::string& png,
                  const podium::nn::LoadOptions& options) {
  podium::nn::Model model = podium::nn::Model::load(podium::nn::resolve_model(entry.name), options);
  const cv::Mat rgb = podium::vision::read_image_rgb(png);
  podium::nn::InputPreset preset = entry.input;
  preset.dtype = model.inputs().at(0).dtype;
  std::vector<podium::nn::HostTensor> input = {
      podium::nn::make_input(rgb.data, rgb.rows, rgb.cols, rgb.step, preset)};
  return {std::move(model), std::move(input)};
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Fused against unfused, one run of each in turn so that both see the same machine load.
void print_fusion(const podium::nn::ModelEntry& entry, const std::string& png, int threads,
                  int rounds, int warmup, int runs) {
  Loaded fused = load_model(entry, png, {.fuse = true});
  Loaded plain = load_model(entry, png, {.fuse = false});
  podium::nn::set_threads(threads);
  auto time_one = [](Loaded& l) {
    const auto t0 = Clock::now();
    l.model.run(l.input);
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  };
  std::vector<double> f_med, p_med;
  double f_min = 1e300, p_min = 1e300;
  for (int r = 0; r < rounds; ++r) {
    for (int i = 0; i < warmup; ++i) {
      time_one(plain);
      time_one(fused);
    }
    std::vector<double> f, p;
    for (int i = 0; i < runs; ++i) {
      p.push_back(time_one(plain));
      f.push_back(time_one(fused));
    }
    p_min = std::min(p_min, *std::min_element(p.begin(), p.end()));
    f_min = std::min(f_min, *std::min_element(f.begin(), f.end()));
    p_med.push_back(median_of(p));
    f_med.push_back(median_of(f));
  }
  const auto& s = fused.model.summary();
  const double pm = median_of(p_med), fm = median_of(f_med);
  auto spread = [](const std::vector<double>& v) {
    return *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end());
  };
  std::printf(
      "| %s | %d | %zu / %zu | %zu, %zu, %zu+%zu, %zu, %zu | %.2f | %.2f | %.2f | %.2f | %.2f | "
      "%.2f |"
      " %.2f | %.2f |\n",
      entry.name.c_str(), threads, plain.model.summary().steps, s.steps, s.transposes_removed,
      s.pads_folded, s.adds_fused, s.activations_fused, s.hard_swish_fused, s.biases_fused, p_min,
      pm, spread(p_med), f_min, fm, spread(f_med), f_min / p_min, fm / pm);
}

// Where one inference's time goes, by op: per step the median over `runs` profiled runs.
void print_profile(const podium::nn::ModelEntry& entry, const std::string& png, bool fuse,
                   int threads, int warmup, int runs) {
  Loaded l = load_model(entry, png, {.fuse = fuse});
  podium::nn::set_threads(threads);
  for (int i = 0; i < warmup; ++i)
    l.model.run(l.input);
  l.model.set_profiling(true);
  std::vector<std::vector<double>> per_step;
  std::vector<podium::nn::StepTime> steps;
  for (int i = 0; i < runs; ++i) {
    l.model.run(l.input);
    steps = l.model.last_run_profile();
    per_step.resize(steps.size());
    for (std::size_t k = 0; k < steps.size(); ++k)
      per_step[k].push_back(steps[k].ms);
  }
  struct Row {
    int count = 0;
    double ms = 0;
  };
  std::map<std::string, Row> by_op;
  double total = 0;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const double ms = median_of(per_step[k]);
    by_op[steps[k].op].count += 1;
    by_op[steps[k].op].ms += ms;
    total += ms;
  }
  std::vector<std::pair<std::string, Row>> rows(by_op.begin(), by_op.end());
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.second.ms > b.second.ms; });
  std::printf("\n%s (%s, %d thread%s): %zu steps, %.2f ms summed over steps\n\n",
              entry.name.c_str(), fuse ? "fused" : "unfused", threads, threads > 1 ? "s" : "",
              steps.size(), total);
  std::printf("| op | steps | ms | share |\n|---|---:|---:|---:|\n");
  for (const auto& [op, row] : rows) {
    std::printf("| %s | %d | %.3f | %.1f %% |\n", op.c_str(), row.count, row.ms,
                100.0 * row.ms / total);
  }
  std::vector<std::size_t> order(steps.size());
  for (std::size_t k = 0; k < order.size(); ++k)
    order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return median_of(per_step[a]) > median_of(per_step[b]);
  });
  std::printf("\nslowest steps:\n\n| step | node | op | ms |\n|---:|---|---|---:|\n");
  for (std::size_t k = 0; k < std::min<std::size_t>(10, order.size()); ++k) {
    const std::size_t i = order[k];
    std::printf("| %zu | %s | %s | %.3f |\n", i, steps[i].node.c_str(), steps[i].op.c_str(),
                median_of(per_step[i]));
  }
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
  bool fusion = false;
  bool profile = false;
  int rounds = 5;
  int threads = 1;
  app.add_flag("--fusion", fusion, "time fused against unfused loads instead");
  app.add_flag("--profile", profile, "print where each model's time goes, by op");
  app.add_option("--rounds", rounds, "alternating rounds for --fusion")->check(CLI::Range(1, 1000));
  app.add_option("--threads", threads, "intra-op threads for --fusion and --profile")
      ->check(CLI::Range(1, 256));
  CLI11_PARSE(app, argc, argv);

  const auto& manifest = podium::nn::ModelManifest::builtin();
  if (fusion || profile) {
    if (fusion) {
      std::printf(
          "| model | threads | steps unfused / fused | transposes removed, pads, adds+acts, hard "
          "swish, biases fused |"
          " unfused min ms | unfused median ms | unfused spread ms | fused min ms |"
          " fused median ms | fused spread ms | fused / unfused (min) | (median) |\n");
      std::printf("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    }
    for (const auto& entry : manifest.models) {
      if (!only.empty() && ("," + only + ",").find("," + entry.name + ",") == std::string::npos) {
        continue;
      }
      const auto png = golden_input(vision, entry.name);
      if (!png) continue;
      if (fusion) print_fusion(entry, *png, threads, rounds, warmup, runs);
    }
    if (profile) {
      for (const auto& entry : manifest.models) {
        if (!only.empty() && ("," + only + ",").find("," + entry.name + ",") == std::string::npos) {
          continue;
        }
        const auto png = golden_input(vision, entry.name);
        if (!png) continue;
        print_profile(entry, *png, true, threads, warmup, runs);
        if (fusion) print_profile(entry, *png, false, threads, warmup, runs);
      }
    }
    return 0;
  }
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
