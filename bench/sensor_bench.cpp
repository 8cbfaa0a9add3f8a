// Power-duration kernels on seeded synthetic rides (tests/sensor/synthetic_ride.hpp): the fast
// MMP against the naive O(n^2) reference at equal size, the 10-hour target case (<= 20 ms), an
// ERG-like near-constant ride (the fast algorithm's worst realistic case), W'bal and CP fits.
//
//   build/bench/podium_bench_sensor --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "podium/sensor/cp.hpp"
#include "podium/sensor/mmp.hpp"
#include "podium/sensor/wbal.hpp"
#include "sensor/synthetic_ride.hpp"

namespace {

using podium::sensor::MmpCurve;
using podium::sensor::testing::synthetic_ride;

constexpr std::uint32_t kSeed = 7;
constexpr double kCpW = 250, kWprimeJ = 20000;

std::vector<std::int32_t> erg_ride(std::size_t seconds) {
  std::mt19937 rng(kSeed);
  std::vector<std::int32_t> grid(seconds);
  for (auto& w : grid)
    w = 195 + static_cast<std::int32_t>(rng() % 11);
  return grid;
}

void BM_MmpFast(benchmark::State& state) {
  const auto grid = synthetic_ride(static_cast<std::size_t>(state.range(0)), kSeed);
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::mean_max_power(grid));
  state.counters["samples"] = static_cast<double>(grid.size());
}
BENCHMARK(BM_MmpFast)->Arg(3600)->Arg(7200)->Arg(36000)->Unit(benchmark::kMillisecond);

void BM_MmpNaive(benchmark::State& state) {
  const auto grid = synthetic_ride(static_cast<std::size_t>(state.range(0)), kSeed);
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::mean_max_power_naive(grid));
}
BENCHMARK(BM_MmpNaive)->Arg(3600)->Arg(7200)->Unit(benchmark::kMillisecond);

void BM_MmpFastErg(benchmark::State& state) {
  const auto grid = erg_ride(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::mean_max_power(grid));
}
BENCHMARK(BM_MmpFastErg)->Arg(7200)->Arg(36000)->Unit(benchmark::kMillisecond);

void BM_MmpNaiveErg(benchmark::State& state) {
  const auto grid = erg_ride(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::mean_max_power_naive(grid));
}
BENCHMARK(BM_MmpNaiveErg)->Arg(7200)->Unit(benchmark::kMillisecond);

void BM_WbalIntegral(benchmark::State& state) {
  const auto grid = synthetic_ride(36000, kSeed);
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::wbal_integral(grid, kCpW, kWprimeJ));
}
BENCHMARK(BM_WbalIntegral)->Unit(benchmark::kMicrosecond);

void BM_WbalDifferential(benchmark::State& state) {
  const auto grid = synthetic_ride(36000, kSeed);
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::wbal_differential(grid, kCpW, kWprimeJ));
}
BENCHMARK(BM_WbalDifferential)->Unit(benchmark::kMicrosecond);

const MmpCurve& ride_curve() {
  static const MmpCurve curve = podium::sensor::mean_max_power(synthetic_ride(36000, kSeed));
  return curve;
}

void BM_Cp2Linear(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::fit_cp2_linear(ride_curve()));
}
BENCHMARK(BM_Cp2Linear)->Unit(benchmark::kMicrosecond);

void BM_Cp2CherryPick(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::fit_cp2_cherrypick(ride_curve()));
}
BENCHMARK(BM_Cp2CherryPick)->Unit(benchmark::kMicrosecond);

void BM_Cp3CherryPick(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::fit_cp3_cherrypick(ride_curve()));
}
BENCHMARK(BM_Cp3CherryPick)->Unit(benchmark::kMicrosecond);

void BM_Morton3(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(podium::sensor::fit_morton3(ride_curve(), 1, 1200));
}
BENCHMARK(BM_Morton3)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
