// The process crash_test.cpp kills: opens DB, adds athlete "crash" unless present, then imports
// synthetic activities 0..COUNT-1 (SAMPLES samples per channel), one transaction each, skipping
// any already there, and writes the index of each committed import to stdout, one line each,
// flushed, so the parent knows what must survive the kill.
//
//   store_crash_child DB COUNT SAMPLES
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "podium/store/store.hpp"
#include "store/synthetic.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: store_crash_child DB COUNT SAMPLES\n");
    return 2;
  }
  try {
    auto store = podium::store::Store::open(argv[1]);
    const int count = std::atoi(argv[2]);
    const auto samples = static_cast<std::size_t>(std::atol(argv[3]));
    const auto ids = store.athletes();
    if (ids.empty()) store.add_athlete("crash");
    for (int i = 0; i < count; ++i) {
      if (store.find_activity("crash", podium::store::testkit::synthetic_sha256(i))) continue;
      store.import_activity(podium::store::testkit::synthetic_activity("crash", i, samples));
      std::printf("%d\n", i);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_crash_child: %s\n", e.what());
    return 1;
  }
  return 0;
}
