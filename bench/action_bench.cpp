// Repetition counting speed in frames per second after pose: a minute of 30 fps COCO-17 squats
// (tests/action/synthetic_squats.hpp, seeded noise) and the two halves of its cost, the period
// search (quadratic in frames) and the rest.
//
//   build/bench/podium_bench_action --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include "action/synthetic_squats.hpp"
#include "podium/action/count.hpp"

namespace {

using podium::action::testing::squats;
using podium::action::testing::steady_phase;

constexpr std::uint64_t kSeed = 7;
constexpr double kFps = 30;
constexpr double kPeriodFrames = 45;  // 1.5 s squats

void BM_CountRepetitions(benchmark::State& state) {
  const auto frames = static_cast<std::size_t>(state.range(0));
  const auto s = squats(steady_phase(frames, kPeriodFrames), {.pixels = 3, .seed = kSeed});
  std::size_t count = 0;
  for (auto _ : state) {
    count = podium::action::count_repetitions(s).count;
    benchmark::DoNotOptimize(count);
  }
  state.counters["reps"] = static_cast<double>(count);
  state.counters["frames/s"] =
      benchmark::Counter(static_cast<double>(frames) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
// One minute at 30 fps, and 10 s and 5 min for the growth.
BENCHMARK(BM_CountRepetitions)
    ->Arg(static_cast<int>(10 * kFps))
    ->Arg(static_cast<int>(60 * kFps))
    ->Arg(static_cast<int>(300 * kFps))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
