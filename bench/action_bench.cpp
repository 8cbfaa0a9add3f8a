// Repetition counting speed in frames per second after pose: a minute of 30 fps COCO-17 squats
// (tests/action/synthetic_squats.hpp, seeded noise) and the two halves of its cost, the period
// search (quadratic in frames) and the rest. The deep model at one thread: training time per epoch
// on 300 sequences x 32 frames of COCO-17 (tests/action/wrist_clips.hpp, the default
// ClassifierOptions), inference per 32-frame window, and sliding-window segmentation of a minute
// of 30 fps poses (action/segment.hpp) at strides of 4, 8 and 16 frames.
//
//   build/bench/podium_bench_action --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include "action/synthetic_squats.hpp"
#include "action/wrist_clips.hpp"
#include "podium/action/classifier.hpp"
#include "podium/action/count.hpp"
#include "podium/action/segment.hpp"

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

constexpr std::size_t kStgcnFrames = 32;
constexpr std::size_t kStgcnPerClass = 150;  // 300 sequences

const std::vector<podium::action::PoseSequence>& stgcn_set() {
  static const std::vector<podium::action::PoseSequence> set =
      podium::action::testing::wrist_clips(1, kStgcnPerClass, kStgcnFrames);
  return set;
}

podium::action::ClassifierOptions stgcn_options(int epochs) {
  // Augmented, as performance.md's numbers were measured (the classifier's default then).
  return {.frames = kStgcnFrames,
          .max_epochs = epochs,
          .patience = 0,
          .seed = kSeed,
          .augment = podium::action::training_augment()};
}

// Whole trainings of 1 and 3 epochs (each with its setup: normalising 300 sequences and building
// their inputs once); s/epoch is the wall time per epoch of each.
void BM_StgcnTrain(benchmark::State& state) {
  const auto epochs = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto m = podium::action::ActionClassifier::train(stgcn_set(), stgcn_options(epochs));
    benchmark::DoNotOptimize(m);
  }
  state.counters["s/epoch"] =
      benchmark::Counter(static_cast<double>(epochs) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_StgcnTrain)->Arg(1)->Arg(3)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

const podium::action::ActionClassifier& stgcn_model() {
  static const podium::action::ActionClassifier m =
      podium::action::ActionClassifier::train(stgcn_set(), stgcn_options(1));  // sets 1 thread
  return m;
}

// One window: normalise, resample, both streams, softmax.
void BM_StgcnWindow(benchmark::State& state) {
  const podium::action::ActionClassifier& m = stgcn_model();
  const podium::action::PoseSequence& w = stgcn_set().front();
  for (auto _ : state)
    benchmark::DoNotOptimize(m.probabilities(w));
  state.counters["windows/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StgcnWindow)->Unit(benchmark::kMillisecond)->UseRealTime();

// A minute of 30 fps poses (clips of the set stitched) segmented with 32-frame windows.
void BM_StgcnSegmentMinute(benchmark::State& state) {
  const podium::action::ActionClassifier& m = stgcn_model();
  const std::size_t clips = static_cast<std::size_t>(60 * kFps) / kStgcnFrames + 1;
  const podium::action::PoseSequence minute = podium::action::frame_range(
      podium::action::testing::stitch(std::span(stgcn_set()).first(clips), "minute"), 0,
      static_cast<std::size_t>(60 * kFps));
  const auto classify = [&](const podium::action::PoseSequence& w) { return m.probabilities(w); };
  const podium::action::SegmentOptions o{.window = kStgcnFrames,
                                         .stride = static_cast<std::size_t>(state.range(0))};
  std::size_t windows = 0;
  for (auto _ : state) {
    const auto g = podium::action::segment_sequence(minute, m.classes(), classify, o);
    windows = g.windows;
    benchmark::DoNotOptimize(g);
  }
  state.counters["windows"] = static_cast<double>(windows);
  state.counters["x realtime"] = benchmark::Counter(60.0 * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StgcnSegmentMinute)
    ->Arg(4)
    ->Arg(8)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
