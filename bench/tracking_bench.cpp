// The tracker and its cues per frame, on one thread: camera motion (sparse flow) on a 768 x 576
// (vtest.avi's size) and a 1280 x 720 textured frame panning 20 px, the torso histogram of one
// athlete, a tracker update with N box-only athletes with and without appearance, and stitching
// N tracklets. Seeded synthetic inputs, so the numbers need no data.
//
//   build/bench/podium_bench_tracking --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <vector>

#include "podium/vision/appearance.hpp"
#include "podium/vision/camera_motion.hpp"
#include "podium/vision/stitch.hpp"
#include "podium/vision/tracker.hpp"

namespace {

using namespace podium::vision;

cv::Mat bench_texture(cv::Size size, unsigned seed) {
  cv::Mat noise(size, CV_8UC3);
  cv::theRNG().state = seed;
  cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 2.0);
  return noise;
}

void BM_CameraMotion(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const cv::Mat wide = bench_texture({size.width + 40, size.height}, 1);
  const cv::Mat a = wide(cv::Rect(0, 0, size.width, size.height)).clone();
  const cv::Mat b = wide(cv::Rect(20, 0, size.width, size.height)).clone();
  const std::vector<Box> people = {{100, 100, 60, 160}, {300, 120, 60, 160}};
  CameraMotionEstimator camera({.max_side_px = static_cast<int>(state.range(2)),
                                .max_corners = static_cast<int>(state.range(3))});
  bool flip = false;
  for (auto _ : state) {
    benchmark::DoNotOptimize(camera.estimate(flip ? a : b, people));
    flip = !flip;
  }
}
// Frame width, height, max_side_px, max_corners.
BENCHMARK(BM_CameraMotion)
    ->Args({768, 576, 320, 200})
    ->Args({768, 576, 480, 400})
    ->Args({1280, 720, 480, 400})
    ->Args({1280, 720, 320, 200})
    ->Args({1280, 720, 480, 200})
    ->Args({1280, 720, 640, 400})
    ->Unit(benchmark::kMillisecond);

void BM_TorsoHistogram(benchmark::State& state) {
  const cv::Mat frame = bench_texture({1280, 720}, 2);
  Person p;
  const auto h = static_cast<double>(state.range(0));
  p.box = {400, 200, h * 0.4, h};
  for (auto _ : state)
    benchmark::DoNotOptimize(torso_histogram(frame, p));
}
BENCHMARK(BM_TorsoHistogram)->Arg(100)->Arg(400)->Unit(benchmark::kMicrosecond);

// N athletes walking in a grid, box only, 100 frames per iteration.
void tracker_bench(benchmark::State& state, bool appearance) {
  const int n = static_cast<int>(state.range(0));
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> vx(static_cast<size_t>(n));
  for (double& v : vx)
    v = 60 * (unit(rng) - 0.5);
  std::vector<std::vector<float>> kits;
  for (int i = 0; i < n; ++i) {
    std::vector<float> k(kAppearanceBins, 0.5F / kAppearanceBins);
    k[static_cast<size_t>(i) % kAppearanceBins] += 0.5F;
    kits.push_back(k);
  }
  for (auto _ : state) {
    Tracker tracker = Tracker::create({});
    for (int f = 0; f < 100; ++f) {
      const double t = f / 30.0;
      std::vector<Person> people(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        Person& p = people[static_cast<size_t>(i)];
        p.score = 0.3 + 0.7 * unit(rng);
        p.box = {100.0 * (i % 10) + vx[static_cast<size_t>(i)] * t, 250.0 * (i / 10), 40, 100};
      }
      FrameCues cues;
      if (appearance) cues.appearance = kits;
      benchmark::DoNotOptimize(tracker.update(t, people, cues));
    }
  }
  state.SetItemsProcessed(state.iterations() * 100);  // frames
}
void BM_Tracker(benchmark::State& state) {
  tracker_bench(state, false);
}
void BM_TrackerAppearance(benchmark::State& state) {
  tracker_bench(state, true);
}
BENCHMARK(BM_Tracker)->Arg(10)->Arg(30)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrackerAppearance)->Arg(10)->Arg(30)->Unit(benchmark::kMillisecond);

void BM_Stitch(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Tracklet> tracklets;
  for (int i = 0; i < n; ++i) {
    Tracklet t{.id = i + 1, .times = {}, .boxes = {}, .appearance = {}};
    const double start = 60 * unit(rng), x = 1000 * unit(rng), v = 100 * (unit(rng) - 0.5);
    for (int f = 0; f < 60; ++f) {
      t.times.push_back(start + f / 30.0);
      t.boxes.push_back({x + v * f / 30.0, 300, 40, 100});
    }
    tracklets.push_back(std::move(t));
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(stitch_tracklets(tracklets, {}));
}
BENCHMARK(BM_Stitch)->Arg(100)->Arg(400)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
