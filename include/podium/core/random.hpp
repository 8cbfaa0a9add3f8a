// podium's seeded random generator: its stream is the same on every platform and standard
// library (std distributions are implementation-defined), so bootstraps, permutation tests,
// k-means restarts and synthetic test data are reproducible from the seed alone.
//
//   Rng rng(seed, resample);  std::uint64_t i = rng.below(n);  double z = rng.normal();
#pragma once

#include <cstdint>

namespace podium {

// SplitMix64 (Steele, Lea, Flood 2014).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  // An independent stream per (seed, index): resample b of a bootstrap uses Rng(seed, b) so the
  // result does not depend on how resamples are spread over threads.
  Rng(std::uint64_t seed, std::uint64_t index) : state_(seed) {
    state_ = next() ^ (index * 0xD1B54A32D192ED03ULL);
  }
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), n > 0 (multiply-shift; bias below 2^-32 for n < 2^32).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  // Standard normal (Box-Muller, one draw per call).
  double normal();

 private:
  std::uint64_t state_;
};

}  // namespace podium
