// FIT decode throughput: every FIT file (*.fit, *.FIT, *.fit.gz, gunzipped once up front) in a
// folder is decoded from memory R times with podium's reader; prints files, total MB per round,
// seconds and MB/s. bench/fit_decode.mjs measures @garmin/fitsdk the same way; bench/sensor.sh
// runs both and prints the table.
//   podium_bench_fit FOLDER [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"

namespace fs = std::filesystem;
using podium::sensor::Source;

namespace {

bool is_fit_name(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  auto ends = [&](const std::string& s) {
    return lower.size() >= s.size() && lower.compare(lower.size() - s.size(), s.size(), s) == 0;
  };
  return ends(".fit") || ends(".fit.gz");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: podium_bench_fit FOLDER [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(argv[1]))
    if (e.is_regular_file() && is_fit_name(e.path().filename().string()) && e.file_size() > 0)
      paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Source> sources;
  double bytes = 0;
  for (const fs::path& p : paths) {
    Source s = Source::from_file(p.string());
    if (podium::sensor::is_gzip(s.bytes())) s = podium::sensor::gunzip(s);
    bytes += static_cast<double>(s.bytes().size());
    sources.push_back(std::move(s));
  }
  std::size_t records = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const Source& s : sources) {
      try {
        records += podium::sensor::read_fit(s, {}).records.size();
      } catch (const podium::Error&) {
      }
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double mb = bytes / 1e6;
  std::printf(
      "podium files=%zu mb_per_round=%.3f rounds=%d seconds=%.3f mb_per_s=%.1f records=%zu\n",
      sources.size(), mb, rounds, seconds, mb * rounds / seconds, records);
  return 0;
}
