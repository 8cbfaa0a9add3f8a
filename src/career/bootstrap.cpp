// Resampling by athlete: the percentile bootstrap of the peak age and the permutation test of a
// peak-age difference. Each replicate draws from its own random stream, so results do not depend
// on the thread count.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "podium/career/peak_age.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/quantile.hpp"
#include "podium/core/random.hpp"
#include "podium/core/threads.hpp"

namespace podium::career {
namespace {

using Rows = std::vector<std::vector<std::size_t>>;

Rows rows_by_athlete(const CurveData& d) {
  std::map<std::int32_t, std::size_t> block;
  Rows rows;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const auto [it, added] = block.emplace(d.athlete[i], rows.size());
    if (added) rows.emplace_back();
    rows[it->second].push_back(i);
  }
  return rows;
}

void append_block(const CurveData& from, const std::vector<std::size_t>& rows, std::int32_t key,
                  CurveData& to) {
  for (std::size_t r : rows) {
    to.age.push_back(from.age[r]);
    to.y.push_back(from.y[r]);
    to.athlete.push_back(key);
  }
}

double peak_age_of(const CurveData& d, int degree) {
  return find_peak(fit_polynomial(d, degree), d.peak_lo(), d.peak_hi()).age;
}

}  // namespace

std::vector<double> age_grid(double lo, double hi, int points) {
  require_option(points >= 2, "age grid", "points", points, "must be >= 2");
  std::vector<double> ages;
  ages.reserve(static_cast<std::size_t>(points));
  for (int g = 0; g < points; ++g)
    ages.push_back(lo + (hi - lo) * g / (points - 1));
  return ages;
}

PeakInterval bootstrap_peak(const CurveData& d, int degree, const BootstrapOptions& o) {
  require_option(o.resamples >= 1, "bootstrap", "resamples", o.resamples, "must be >= 1");
  require_option(o.band_points >= 2, "bootstrap", "band_points", o.band_points, "must be >= 2");
  const Polynomial full = fit_polynomial(d, degree);
  const double lo = d.peak_lo(), hi = d.peak_hi();
  PeakInterval out;
  out.peak = find_peak(full, lo, hi);
  out.band_age = age_grid(lo, hi, o.band_points);
  for (double a : out.band_age)
    out.band_fit.push_back(full(a));

  const Rows rows = rows_by_athlete(d);
  struct Replicate {
    bool ok = false;
    Peak peak;
    std::vector<double> curve;
  };
  std::vector<Replicate> reps(static_cast<std::size_t>(o.resamples));
  parallel_for(o.resamples, o.threads, [&](int b) {
    Rng rng(o.seed, static_cast<std::uint64_t>(b));
    CurveData sample;
    for (std::size_t k = 0; k < rows.size(); ++k)
      append_block(d, rows[rng.below(rows.size())], static_cast<std::int32_t>(k), sample);
    Replicate& r = reps[static_cast<std::size_t>(b)];
    try {
      const Polynomial p = fit_polynomial(sample, degree);
      r.peak = find_peak(p, lo, hi);
      for (double a : out.band_age)
        r.curve.push_back(p(a));
      r.ok = true;
    } catch (const Error&) {
      r.ok = false;  // e.g. a resample with too few distinct ages for the degree
    }
  });
  std::vector<double> peaks;
  std::vector<std::vector<double>> at(out.band_age.size());
  for (const auto& r : reps) {
    if (!r.ok) continue;
    peaks.push_back(r.peak.age);
    if (!r.peak.interior) ++out.boundary_peaks;
    for (std::size_t g = 0; g < at.size(); ++g)
      at[g].push_back(r.curve[g]);
  }
  out.resamples_used = static_cast<int>(peaks.size());
  std::sort(peaks.begin(), peaks.end());
  out.low = sorted_quantile(peaks, 0.025);
  out.high = sorted_quantile(peaks, 0.975);
  for (auto& values : at) {
    std::sort(values.begin(), values.end());
    out.band_low.push_back(sorted_quantile(values, 0.025));
    out.band_high.push_back(sorted_quantile(values, 0.975));
  }
  return out;
}

PermutationTest permutation_test_peak(const CurveData& a, int degree_a, const CurveData& b,
                                      int degree_b, const PermutationOptions& o) {
  require_option(o.permutations >= 1, "permutation test", "permutations", o.permutations,
                 "must be >= 1");
  PermutationTest out;
  out.delta = peak_age_of(a, degree_a) - peak_age_of(b, degree_b);
  out.permutations = o.permutations;
  // Pool the athletes: first a's blocks, then b's.
  const Rows rows_a = rows_by_athlete(a), rows_b = rows_by_athlete(b);
  struct Block {
    const CurveData* data;
    const std::vector<std::size_t>* rows;
  };
  std::vector<Block> pool;
  for (const auto& r : rows_a)
    pool.push_back({&a, &r});
  for (const auto& r : rows_b)
    pool.push_back({&b, &r});
  const std::size_t n_a = rows_a.size();
  std::vector<signed char> extreme(static_cast<std::size_t>(o.permutations), 0);
  std::vector<signed char> failed(static_cast<std::size_t>(o.permutations), 0);
  // Guards against rounding: a permuted statistic equal to the observed one counts as extreme.
  const double observed = std::abs(out.delta) * (1.0 - 1e-12);
  parallel_for(o.permutations, o.threads, [&](int i) {
    Rng rng(o.seed, static_cast<std::uint64_t>(i));
    std::vector<std::size_t> order(pool.size());
    for (std::size_t k = 0; k < order.size(); ++k)
      order[k] = k;
    for (std::size_t k = order.size(); k > 1; --k)
      std::swap(order[k - 1], order[rng.below(k)]);
    CurveData pa, pb;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const Block& blk = pool[order[k]];
      append_block(*blk.data, *blk.rows, static_cast<std::int32_t>(k), k < n_a ? pa : pb);
    }
    try {
      const double delta = peak_age_of(pa, degree_a) - peak_age_of(pb, degree_b);
      extreme[static_cast<std::size_t>(i)] = std::abs(delta) >= observed ? 1 : 0;
    } catch (const Error&) {
      failed[static_cast<std::size_t>(i)] = 1;
      extreme[static_cast<std::size_t>(i)] = 1;
    }
  });
  int count = 0;
  for (std::size_t i = 0; i < extreme.size(); ++i) {
    count += extreme[i];
    out.failed += failed[i];
  }
  out.p = (1.0 + count) / (1.0 + o.permutations);
  return out;
}

}  // namespace podium::career
