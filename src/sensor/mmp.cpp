// Mean-maximal power: the naive reference and the fast exact algorithm (docs/power-duration.md).
//
// Fast algorithm, per duration d: window starts are grouped in blocks of kBlock. Power is >= 0, so
// the prefix sum P is non-decreasing and every window of block k (starts kB .. kB+B-1) has a sum
// <= P[kB + B-1 + d] - P[kB], the block's bound. The best sum is seeded with the previous
// duration's best window grown by one second (it is usually already the answer); a block is only
// evaluated when its bound could beat or tie-earlier the best so far. Blocks are screened kChunk at
// a time behind the chunk's own bound; bounds are read from a transposed copy of P so that they are
// a contiguous, vectorisable difference. The proof of exactness is in docs/power-duration.md.
#include "podium/sensor/mmp.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

constexpr std::size_t kBlock = 16;  // window starts per block (one 512-bit vector of int32 sums)
constexpr std::size_t kChunk = 32;  // blocks screened together before any is evaluated
constexpr std::size_t kDenseShare = 4;  // >= 1/4 of a chunk's blocks are candidates: scan it whole

void check_grid(std::span<const std::int32_t> grid_w) {
  for (std::size_t i = 0; i < grid_w.size(); ++i) {
    if (grid_w[i] < 0)
      throw Error(ErrorKind::InvalidInput, "grid_w[" + std::to_string(i) +
                                               "]: " + std::to_string(grid_w[i]) +
                                               ": power must be >= 0 W");
  }
}

std::size_t duration_count(std::size_t n, std::size_t max_duration_s) {
  return std::min(n, max_duration_s);
}

MmpCurve empty_curve(std::size_t durations) {
  MmpCurve curve;
  curve.watts.assign(durations + 1, 0.0);
  curve.start_s.assign(durations + 1, 0);
  return curve;
}

// Prefix sums padded past n with the total (keeps P non-decreasing, so bounds stay valid), plus the
// transposed copy: transposed[r * stride + k] = at[k * kBlock + r].
template <typename Sum>
struct Prefix {
  std::vector<Sum> at;
  std::vector<Sum> transposed;
  std::size_t stride = 0;
};

template <typename Sum>
Prefix<Sum> make_prefix(std::span<const std::int32_t> grid_w) {
  const std::size_t n = grid_w.size();
  Prefix<Sum> p;
  p.stride = (n + kBlock - 1) / kBlock + 1;
  p.at.assign(p.stride * kBlock + kChunk * kBlock, 0);
  Sum sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += grid_w[i];
    p.at[i + 1] = sum;
  }
  std::fill(p.at.begin() + static_cast<std::ptrdiff_t>(n) + 1, p.at.end(), sum);
  p.transposed.resize(p.stride * kBlock);
  for (std::size_t k = 0; k < p.stride; ++k) {
    for (std::size_t r = 0; r < kBlock; ++r)
      p.transposed[r * p.stride + k] = p.at[k * kBlock + r];
  }
  return p;
}

struct Best {
  std::int64_t sum;
  std::size_t start;
};

// Raises `best` to the best window of length d starting in [first, last] if that one is larger, or
// equal and earlier. The vectorisable max comes first; the earliest position is looked up only
// when the range improves on `best`, which is rare once the seed is good.
template <typename Sum>
[[gnu::always_inline]] inline void scan(const Sum* at, std::size_t d, std::size_t first,
                                        std::size_t last, Best& best) {
  Sum top = 0;
  for (std::size_t i = first; i <= last; ++i)
    top = std::max<Sum>(top, at[i + d] - at[i]);
  if (top < best.sum || (top == best.sum && first >= best.start)) return;
  std::size_t i = first;
  while (at[i + d] - at[i] != top)
    ++i;
  // On a tie, first < best.start, so i (the range's earliest maximum) is earlier than best.start
  // or is best.start itself.
  best = {top, i};
}

template <typename Sum>
[[gnu::always_inline]] inline void fast_curve(const Prefix<Sum>& p, std::size_t n,
                                              MmpCurve& curve) {
  const Sum* at = p.at.data();
  const Sum* base = p.transposed.data();
  std::size_t start = 0;
  for (std::size_t d = 1; d < curve.watts.size(); ++d) {
    // Seed: the previous best window grown by one second at its start, or at its end.
    Best best{-1, 0};
    if (d > 1 && start > 0) best = {at[start - 1 + d] - at[start - 1], start - 1};
    if (start + d <= n && at[start + d] - at[start] > best.sum)
      best = {at[start + d] - at[start], start};

    const std::size_t last_start = n - d;
    const std::size_t blocks = last_start / kBlock + 1;
    const std::size_t reach = kBlock - 1 + d;  // bound of block k = at[kB + reach] - at[kB]
    const Sum* hi = base + (reach % kBlock) * p.stride + reach / kBlock;
    const Sum* lo = base;
    for (std::size_t c0 = 0; c0 < blocks; c0 += kChunk) {
      const std::size_t c1 = std::min(blocks, c0 + kChunk);
      const std::size_t chunk_first = c0 * kBlock;
      // The chunk's own bound first: one subtraction can rule out kChunk blocks.
      const std::int64_t chunk_bound = at[chunk_first + kChunk * kBlock - 1 + d] - at[chunk_first];
      if (chunk_bound < best.sum || (chunk_bound == best.sum && chunk_first >= best.start))
        continue;
      const Sum threshold = static_cast<Sum>(best.sum);
      std::size_t candidates = 0;
      for (std::size_t k = c0; k < c1; ++k)
        candidates += static_cast<std::size_t>(hi[k] - lo[k] >= threshold);
      if (candidates == 0) continue;
      if (candidates * kDenseShare >= c1 - c0) {
        // Near-constant power (ERG rides) leaves most bounds above the best: one straight scan of
        // the chunk is then cheaper than block-by-block bookkeeping.
        scan(at, d, chunk_first, std::min(c1 * kBlock - 1, last_start), best);
        continue;
      }
      for (std::size_t k = c0; k < c1; ++k) {
        const std::int64_t bound = hi[k] - lo[k];
        const std::size_t first = k * kBlock;
        if (bound < best.sum || (bound == best.sum && first >= best.start)) continue;
        scan(at, d, first, std::min(first + kBlock - 1, last_start), best);
      }
    }
    start = best.start;
    curve.watts[d] = static_cast<double>(best.sum) / static_cast<double>(d);
    curve.start_s[d] = static_cast<std::int32_t>(best.start);
  }
}

// One clone per x86-64 level, chosen at load time: the builds are generic x86-64 (SSE2, no packed
// 32-bit max); AVX2 / AVX-512 make the straight scans of near-constant rides up to 7x faster.
[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]] void fast_curve_32(
    const Prefix<std::int32_t>& p, std::size_t n, MmpCurve& curve) {
  fast_curve(p, n, curve);
}

[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]] void fast_curve_64(
    const Prefix<std::int64_t>& p, std::size_t n, MmpCurve& curve) {
  fast_curve(p, n, curve);
}

}  // namespace

MmpCurve mean_max_power(std::span<const std::int32_t> grid_w, std::size_t max_duration_s) {
  check_grid(grid_w);
  MmpCurve curve = empty_curve(duration_count(grid_w.size(), max_duration_s));
  std::int64_t total = 0;
  for (std::int32_t w : grid_w)
    total += w;
  // 32-bit sums carry twice as many windows per vector; exact whenever the total fits.
  if (total <= std::numeric_limits<std::int32_t>::max())
    fast_curve_32(make_prefix<std::int32_t>(grid_w), grid_w.size(), curve);
  else
    fast_curve_64(make_prefix<std::int64_t>(grid_w), grid_w.size(), curve);
  return curve;
}

MmpCurve mean_max_power_naive(std::span<const std::int32_t> grid_w, std::size_t max_duration_s) {
  check_grid(grid_w);
  const std::size_t n = grid_w.size();
  MmpCurve curve = empty_curve(duration_count(n, max_duration_s));
  std::vector<std::int64_t> prefix(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i)
    prefix[i + 1] = prefix[i] + grid_w[i];
  for (std::size_t d = 1; d < curve.watts.size(); ++d) {
    std::int64_t best = -1;
    std::size_t best_start = 0;
    for (std::size_t i = 0; i + d <= n; ++i) {
      const std::int64_t sum = prefix[i + d] - prefix[i];
      if (sum > best) {
        best = sum;
        best_start = i;
      }
    }
    curve.watts[d] = static_cast<double>(best) / static_cast<double>(d);
    curve.start_s[d] = static_cast<std::int32_t>(best_start);
  }
  return curve;
}

}  // namespace podium::sensor
