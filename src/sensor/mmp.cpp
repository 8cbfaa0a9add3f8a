// Mean-maximal power: the naive reference and the fast exact algorithm (docs/power-duration.md).
//
// Fast algorithm, per duration d: window starts are grouped in blocks of kBlock and chunks of
// kChunk blocks. Each block and chunk carries two upper bounds on its best window sum: the prefix
// bound P[last start + d] - P[first start] (power >= 0, so P is non-decreasing), and a growth
// bound: its best sum at the duration it was last examined plus, for each second since, the
// largest sample any of its windows could have added (a sliding maximum of the grid). The growth
// bound stays within a few watts per second of the truth on near-constant (ERG) power, where the
// prefix bound's slack of a whole block of samples keeps every block a candidate. The best sum
// is seeded with the previous duration's best window grown by one second; a chunk or block is
// evaluated only when a bound could beat or tie-earlier the best so far. Bounds are read from
// transposed copies so that they are contiguous, vectorisable arrays. The proof of exactness is in
// docs/power-duration.md.
#include "podium/sensor/mmp.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::sensor {
namespace {

constexpr std::size_t kBlock = 16;  // window starts per block (one 512-bit vector of int32 sums)
constexpr std::size_t kChunk = 32;  // blocks screened together before any is evaluated
constexpr std::size_t kChunkStarts = kChunk * kBlock;
constexpr std::size_t kDenseShare = 4;  // >= 1/4 of a chunk's blocks are candidates: all of it

void check_grid(std::span<const std::int32_t> grid_w) {
  for (std::size_t i = 0; i < grid_w.size(); ++i) {
    if (grid_w[i] < 0) {
      reject_option("", "grid_w[" + std::to_string(i) + "]", std::to_string(grid_w[i]),
                    "power must be >= 0 W");
    }
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

// at = prefix sums P of the grid x (x padded with 0 W past n, P with the total, so P stays
// non-decreasing and every bound stays valid). Growth prefix sums G_w[j] = sum over t < j of
// max(x[t .. t+w-1]): w = kBlock for blocks, w = kChunkStarts for chunks. Everything the kernel
// reads per block (per chunk) is stored transposed, so that "P[kB + e] for every block k" is one
// contiguous row: transposed[r * stride + k] = P[k * kBlock + r], growth_transposed likewise with
// G_kBlock; chunk_transposed[e * chunk_stride + c] = P[c * kChunkStarts + e], and
// chunk_growth_transposed likewise with G_kChunkStarts.
template <typename Sum>
struct Prefix {
  std::vector<Sum> at;
  std::vector<Sum> transposed;
  std::vector<Sum> growth_transposed;
  std::vector<Sum> chunk_transposed;
  std::vector<std::int64_t> chunk_growth_transposed;
  std::size_t stride = 0;
  std::size_t chunk_stride = 0;
};

// Doubles a sliding maximum in place: x[t] = max(x[t .. t+width-1]) becomes the same over 2 width
// (x[t + width] is read before it is overwritten).
void widen_sliding_max(std::vector<std::int32_t>& x, std::size_t width) {
  for (std::size_t t = 0; t + width < x.size(); ++t)
    x[t] = std::max(x[t], x[t + width]);
}

template <typename Sum>
Prefix<Sum> make_prefix(std::span<const std::int32_t> grid_w) {
  const std::size_t n = grid_w.size();
  Prefix<Sum> p;
  p.stride = (n + kBlock - 1) / kBlock + 1 + kChunk;
  const std::size_t size = p.stride * kBlock + kChunkStarts;
  p.at.assign(size, 0);
  std::vector<std::int32_t> x(size + kChunkStarts, 0);
  Sum sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = grid_w[i];
    sum += grid_w[i];
    p.at[i + 1] = sum;
  }
  std::fill(p.at.begin() + static_cast<std::ptrdiff_t>(n) + 1, p.at.end(), sum);

  p.transposed.resize(p.stride * kBlock);
  p.growth_transposed.resize(p.stride * kBlock);
  for (std::size_t w = 1; w < kBlock; w *= 2)
    widen_sliding_max(x, w);
  Sum growth = 0;
  for (std::size_t j = 0; j < p.stride * kBlock; ++j) {
    p.transposed[(j % kBlock) * p.stride + j / kBlock] = p.at[j];
    p.growth_transposed[(j % kBlock) * p.stride + j / kBlock] = growth;
    growth += x[j];
  }

  p.chunk_stride = (n + kChunkStarts - 1) / kChunkStarts + 1;
  p.chunk_transposed.resize(p.chunk_stride * kChunkStarts);
  p.chunk_growth_transposed.resize(p.chunk_stride * kChunkStarts);
  for (std::size_t w = kBlock; w < kChunkStarts; w *= 2)
    widen_sliding_max(x, w);
  std::int64_t chunk_growth = 0;
  for (std::size_t j = 0; j < p.chunk_stride * kChunkStarts; ++j) {
    p.chunk_transposed[(j % kChunkStarts) * p.chunk_stride + j / kChunkStarts] = p.at[j];
    p.chunk_growth_transposed[(j % kChunkStarts) * p.chunk_stride + j / kChunkStarts] =
        chunk_growth;
    chunk_growth += x[j];
  }
  return p;
}

struct Best {
  std::int64_t sum;
  std::size_t start;

  // Whether a range whose windows sum to at most `bound` and that starts at `first` could still
  // hold a larger window, or an equal one that starts earlier.
  [[nodiscard]] bool beatable(std::int64_t bound, std::size_t first) const {
    return bound > sum || (bound == sum && first < start);
  }
};

// Raises `best` to the best window of length d starting in block k (starts kB .. kB+B-1; the ones
// past n - d see a shortened window, never larger than the one at n - d) if that one is larger,
// or equal and earlier, given its maximum `top`. The earliest position is looked up only when the
// block improves on `best`, which is rare once the seed is good.
template <typename Sum>
[[gnu::always_inline]] inline void take(const Sum* at, std::size_t d, std::size_t first, Sum top,
                                        Best& best) {
  if (!best.beatable(top, first)) return;
  std::size_t i = first;
  while (at[i + d] - at[i] != top)
    ++i;
  // On a tie, first < best.start, so i (the block's earliest maximum) is earlier than best.start
  // or is best.start itself.
  best = {top, i};
}

template <typename Sum>
[[gnu::always_inline]] inline Sum block_max(const Sum* at, std::size_t d, std::size_t first) {
  Sum top = 0;
  for (std::size_t i = first; i < first + kBlock; ++i)
    top = std::max<Sum>(top, at[i + d] - at[i]);
  return top;
}

// top[j] = the best window sum of length d in block c0 + j, for the kChunk blocks from c0 on,
// vectorised across blocks: row r of the transposed prefix holds the r-th start of every block.
template <typename Sum>
[[gnu::always_inline]] inline void block_maxima(const Sum* __restrict base, std::size_t stride,
                                                std::size_t d, std::size_t c0,
                                                Sum* __restrict top) {
  // GCC vector extensions: the loop over r is not affine (e % kBlock), which stops the
  // auto-vectoriser; each target clone lowers these 64-byte vectors to its own width.
  using Vec [[gnu::vector_size(64)]] = Sum;
  constexpr std::size_t kLanes = sizeof(Vec) / sizeof(Sum);
  constexpr std::size_t kVecs = kChunk / kLanes;
  Vec acc[kVecs] = {};
  for (std::size_t r = 0; r < kBlock; ++r) {
    const std::size_t e = r + d;
    const Sum* h = base + (e % kBlock) * stride + e / kBlock + c0;
    const Sum* l = base + r * stride + c0;
    for (std::size_t v = 0; v < kVecs; ++v) {
      Vec hv, lv;
      std::memcpy(&hv, h + v * kLanes, sizeof(Vec));
      std::memcpy(&lv, l + v * kLanes, sizeof(Vec));
      const Vec diff = hv - lv;
      acc[v] = acc[v] > diff ? acc[v] : diff;
    }
  }
  std::memcpy(top, acc, sizeof(acc));
}

template <typename Sum>
[[gnu::always_inline]] inline void fast_curve(const Prefix<Sum>& p, std::size_t n,
                                              MmpCurve& curve) {
  const Sum* at = p.at.data();
  const Sum* base = p.transposed.data();
  // Growth-bound state: block k's windows sum to at most level[k] + G_kBlock[kB + d] at every
  // duration d from the one it was last examined at on, and chunk c's windows to at most
  // chunk_level[c] + G_kChunkStarts[c * kChunkStarts + d]. At d = 0 every window sums to 0 (row 0
  // of the transposed growth sums holds G[kB] and G[c * kChunkStarts]).
  std::vector<Sum> level(p.stride + kChunk);
  for (std::size_t k = 0; k < p.stride; ++k)
    level[k] = -p.growth_transposed[k];
  std::vector<std::int64_t> chunk_level(p.chunk_stride);
  std::vector<std::int64_t> chunk_bounds(p.chunk_stride);
  for (std::size_t c = 0; c < chunk_level.size(); ++c)
    chunk_level[c] = -p.chunk_growth_transposed[c];

  Sum bound[kChunk];
  std::size_t start = 0;
  for (std::size_t d = 1; d < curve.watts.size(); ++d) {
    // Seed: the previous best window grown by one second at its start, or at its end.
    Best best{-1, 0};
    if (d > 1 && start > 0) best = {at[start - 1 + d] - at[start - 1], start - 1};
    if (start + d <= n && at[start + d] - at[start] > best.sum)
      best = {at[start + d] - at[start], start};

    const std::size_t last_start = n - d;
    const std::size_t blocks = last_start / kBlock + 1;
    const std::size_t reach = kBlock - 1 + d;  // prefix bound of block k = at[kB + reach] - at[kB]
    const Sum* hi = base + (reach % kBlock) * p.stride + reach / kBlock;
    const Sum* lo = base;
    const Sum* grown = p.growth_transposed.data() + (d % kBlock) * p.stride + d / kBlock;
    // Every chunk's bound at once (contiguous rows of the transposed copies).
    const std::size_t chunks = (blocks + kChunk - 1) / kChunk;
    const std::size_t chunk_reach = kChunkStarts - 1 + d;
    const Sum* chi = p.chunk_transposed.data() + (chunk_reach % kChunkStarts) * p.chunk_stride +
                     chunk_reach / kChunkStarts;
    const Sum* clo = p.chunk_transposed.data();
    const std::int64_t* cgr =
        p.chunk_growth_transposed.data() + (d % kChunkStarts) * p.chunk_stride + d / kChunkStarts;
    for (std::size_t c = 0; c < chunks; ++c)
      chunk_bounds[c] = std::min<std::int64_t>(chi[c] - clo[c], chunk_level[c] + cgr[c]);
    for (std::size_t c0 = 0, c = 0; c0 < blocks; c0 += kChunk, ++c) {
      const std::size_t c1 = std::min(blocks, c0 + kChunk);
      const std::size_t chunk_first = c0 * kBlock;
      // The chunk's own bound first: one comparison can rule out kChunk blocks.
      if (!best.beatable(chunk_bounds[c], chunk_first)) continue;
      const std::int64_t chunk_grown = cgr[c];
      // The growth bound is the tighter one (smooth power): exact maxima of all blocks then keep
      // the chunk's bound tight, so it stays ruled out for many durations.
      const bool smooth = chunk_level[c] + chunk_grown <= chi[c] - clo[c];
      const std::size_t m = c1 - c0;
      Sum* lv = level.data() + c0;
      const Sum* gr = grown + c0;
      {
        const Sum threshold = static_cast<Sum>(best.sum);
        std::size_t candidates = 0;
        for (std::size_t j = 0; j < kChunk; ++j) {
          bound[j] = std::min<Sum>(hi[c0 + j] - lo[c0 + j], lv[j] + gr[j]);
          candidates += static_cast<std::size_t>(j < m && bound[j] >= threshold);
        }
        if (candidates > 0 && (candidates * kDenseShare >= m || smooth)) {
          // Every block's exact maximum, vectorised across blocks: as cheap as one straight
          // scan of the chunk, and it resets every block's growth bound to the truth.
          block_maxima(base, p.stride, d, c0, bound);
          Sum chunk_top = 0;
          for (std::size_t j = 0; j < kChunk; ++j)
            chunk_top = std::max<Sum>(chunk_top, j < m ? bound[j] : 0);
          if (best.beatable(chunk_top, chunk_first)) {
            // Every block is exact: the chunk's best window is in the first block reaching the top.
            std::size_t j = 0;
            while (bound[j] != chunk_top)
              ++j;
            take(at, d, (c0 + j) * kBlock, chunk_top, best);
          }
        } else if (candidates > 0) {
          for (std::size_t j = 0; j < m; ++j) {
            const std::size_t first = (c0 + j) * kBlock;
            if (!best.beatable(bound[j], first)) continue;
            bound[j] = block_max(at, d, first);
            take(at, d, first, bound[j], best);
          }
        }
      }
      // bound[j] is now an upper bound of block j's best sum at d (exact where evaluated): it
      // becomes the block's growth level, the largest one the chunk's.
      Sum chunk_top = 0;
      for (std::size_t j = 0; j < kChunk; ++j) {
        lv[j] = bound[j] - gr[j];
        chunk_top = std::max<Sum>(chunk_top, j < m ? bound[j] : 0);
      }
      chunk_level[c] = std::min(chunk_level[c], static_cast<std::int64_t>(chunk_top) - chunk_grown);
    }
    start = best.start;
    curve.watts[d] = static_cast<double>(best.sum) / static_cast<double>(d);
    curve.start_s[d] = static_cast<std::int32_t>(best.start);
  }
}

// One clone per x86-64 level, chosen at load time: the builds are generic x86-64 (SSE2, no packed
// 32-bit max); AVX2 / AVX-512 widen the bound screening and the block maxima.
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
  // 32-bit sums carry twice as many windows per vector; exact whenever every bound fits (block
  // growth bounds reach at most (kBlock + 1) x the total).
  if (total <= std::numeric_limits<std::int32_t>::max() / static_cast<std::int64_t>(kBlock + 1))
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
