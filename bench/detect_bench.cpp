// Person detection per frame: for each detector and tile setting, the whole detect() (letterbox,
// model runs, decode, NMS, merge) on the first frames of a video, one thread, as a markdown table
// with the model runs per frame, ms per frame (median and best) and persons found per frame.
//
//   build/bench/podium_bench_detect [--frames 30] [--tiles 1,2,3] VIDEO
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/detect.hpp"
#include "podium/vision/video.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<int> split_ints(const std::string& list) {
  std::vector<int> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    out.push_back(std::stoi(item));
  return out;
}

int run(int argc, char** argv) {
  int frames = 30;
  std::string tiles = "1,2,3";
  std::string video;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--frames" && i + 1 < argc) {
      frames = std::stoi(argv[++i]);
    } else if (a == "--tiles" && i + 1 < argc) {
      tiles = argv[++i];
    } else {
      video = a;
    }
  }
  if (video.empty()) {
    std::fprintf(stderr, "usage: podium_bench_detect [--frames N] [--tiles 1,2,3] VIDEO\n");
    return 2;
  }
  std::vector<cv::Mat> rgb;
  podium::vision::VideoReader reader = podium::vision::VideoReader::open(video);
  podium::vision::Frame frame;
  while (static_cast<int>(rgb.size()) < frames && reader.next(frame))
    rgb.push_back(frame.rgb.clone());
  std::printf("%zu frames of %s, %dx%d, 1 thread\n\n", rgb.size(), video.c_str(), rgb[0].cols,
              rgb[0].rows);
  std::printf(
      "| detector | tiles | runs/frame | ms/frame (median) | best | persons/frame (>= 0.5) |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  for (const auto model :
       {podium::vision::DetectorModel::NanoDet, podium::vision::DetectorModel::CenterNet}) {
    for (const int t : split_ints(tiles)) {
      auto det = podium::vision::PersonDetector::create({.model = model, .tiles = t, .threads = 1});
      const std::size_t runs =
          podium::vision::detector_tiles(rgb[0].cols, rgb[0].rows, det.model_side(), t).size();
      (void)det.detect(rgb[0]);  // warm-up
      std::vector<double> ms;
      std::size_t persons = 0;
      for (const cv::Mat& f : rgb) {
        const auto t0 = Clock::now();
        const auto found = det.detect(f);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        persons += static_cast<std::size_t>(std::count_if(
            found.begin(), found.end(), [](const auto& d) { return d.score >= 0.5; }));
      }
      std::vector<double> sorted = ms;
      std::sort(sorted.begin(), sorted.end());
      std::printf("| %s | %d | %zu | %.1f | %.1f | %.2f |\n",
                  podium::vision::detector_model_name(model), t, runs, sorted[sorted.size() / 2],
                  sorted.front(), static_cast<double>(persons) / static_cast<double>(rgb.size()));
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const podium::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}
