#include "podium/learn/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/random.hpp"

namespace podium::learn {
namespace {

using Points = std::vector<std::vector<double>>;

double squared_distance(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0.0;
  for (std::size_t j = 0; j < a.size(); ++j)
    d += (a[j] - b[j]) * (a[j] - b[j]);
  return d;
}

// k-means++ (Arthur & Vassilvitskii 2007): each next centre drawn with probability proportional
// to the squared distance to the nearest chosen one. Stops early when every point coincides
// with a centre (fewer distinct points than k).
Points seed_centres(const Points& points, int k, Rng& rng) {
  Points centres{points[rng.below(points.size())]};
  std::vector<double> d2(points.size());
  for (std::size_t i = 0; i < points.size(); ++i)
    d2[i] = squared_distance(points[i], centres[0]);
  while (static_cast<int>(centres.size()) < k) {
    const double total = std::accumulate(d2.begin(), d2.end(), 0.0);
    if (!(total > 0.0)) break;
    double target = rng.uniform() * total;
    std::size_t pick = 0;
    for (; pick + 1 < points.size(); ++pick) {
      if (d2[pick] > 0.0 && target < d2[pick]) break;
      target -= d2[pick];
    }
    while (d2[pick] == 0.0)
      --pick;  // rounding at the end: step back to a positive weight
    centres.push_back(points[pick]);
    for (std::size_t i = 0; i < points.size(); ++i)
      d2[i] = std::min(d2[i], squared_distance(points[i], centres.back()));
  }
  return centres;
}

// Lloyd iterations from the given centres; an emptied cluster keeps its old centre.
KMeansResult lloyd(const Points& points, Points centres, int max_iterations) {
  const std::size_t dims = points[0].size();
  const int k = static_cast<int>(centres.size());
  std::vector<int> labels(points.size(), -1);
  for (int it = 0; it < max_iterations; ++it) {
    bool changed = false;
    for (std::size_t i = 0; i < points.size(); ++i) {
      int best = 0;
      double best_d = squared_distance(points[i], centres[0]);
      for (int c = 1; c < k; ++c) {
        const double d = squared_distance(points[i], centres[static_cast<std::size_t>(c)]);
        if (d < best_d) best = c, best_d = d;
      }
      if (labels[i] != best) labels[i] = best, changed = true;
    }
    if (!changed) break;
    Points sums(static_cast<std::size_t>(k), std::vector<double>(dims, 0.0));
    std::vector<int> counts(static_cast<std::size_t>(k), 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const auto c = static_cast<std::size_t>(labels[i]);
      ++counts[c];
      for (std::size_t j = 0; j < dims; ++j)
        sums[c][j] += points[i][j];
    }
    for (std::size_t c = 0; c < centres.size(); ++c) {
      if (counts[c] == 0) continue;
      for (std::size_t j = 0; j < dims; ++j)
        centres[c][j] = sums[c][j] / counts[c];
    }
  }
  KMeansResult r;
  r.k = k;
  r.labels = std::move(labels);
  r.centroids = std::move(centres);
  for (std::size_t i = 0; i < points.size(); ++i)
    r.inertia += squared_distance(points[i], r.centroids[static_cast<std::size_t>(r.labels[i])]);
  return r;
}

// Renumbers clusters: larger first, then centroid lexicographically descending; drops empty ones.
void canonicalise(KMeansResult& r) {
  std::vector<int> sizes(static_cast<std::size_t>(r.k), 0);
  for (int l : r.labels)
    ++sizes[static_cast<std::size_t>(l)];
  std::vector<int> order;
  for (int c = 0; c < r.k; ++c)
    if (sizes[static_cast<std::size_t>(c)] > 0) order.push_back(c);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
    if (sizes[ua] != sizes[ub]) return sizes[ua] > sizes[ub];
    return r.centroids[ua] > r.centroids[ub];
  });
  std::vector<int> relabel(static_cast<std::size_t>(r.k), -1);
  KMeansResult out;
  out.k = static_cast<int>(order.size());
  for (std::size_t n = 0; n < order.size(); ++n) {
    relabel[static_cast<std::size_t>(order[n])] = static_cast<int>(n);
    out.centroids.push_back(r.centroids[static_cast<std::size_t>(order[n])]);
    out.sizes.push_back(sizes[static_cast<std::size_t>(order[n])]);
  }
  for (int l : r.labels)
    out.labels.push_back(relabel[static_cast<std::size_t>(l)]);
  out.inertia = r.inertia;
  r = std::move(out);
}

KMeansResult kmeans_fixed(const Points& points, int k, const KMeansOptions& o) {
  KMeansResult best;
  best.inertia = std::numeric_limits<double>::infinity();
  for (int restart = 0; restart < o.restarts; ++restart) {
    Rng rng(o.seed, static_cast<std::uint64_t>(restart));
    KMeansResult r = lloyd(points, seed_centres(points, k, rng), o.max_iterations);
    if (r.inertia < best.inertia) best = std::move(r);
  }
  canonicalise(best);
  best.silhouette = mean_silhouette(points, best.labels, best.k);
  return best;
}

void validate(const Points& points, const KMeansOptions& o) {
  const auto fail = [](const std::string& m) {
    throw Error(ErrorKind::InvalidInput, "kmeans: " + m);
  };
  if (points.empty()) fail("no points to cluster");
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].size() != points[0].size() || points[i].empty())
      fail("point " + std::to_string(i) + " has " + std::to_string(points[i].size()) +
           " values, expected " + std::to_string(points[0].size()) + " (> 0)");
    for (double v : points[i])
      if (!std::isfinite(v)) fail("point " + std::to_string(i) + " has a non-finite value");
  }
  require_option(o.k >= 0, "kmeans", "k", o.k, "must be >= 1, or 0 for auto");
  if (o.k == 0) {
    require_option(o.k_min >= 2, "kmeans", "k_min", o.k_min, "must be >= 2");
    require_option(o.k_max >= o.k_min, "kmeans", "k_max", o.k_max, "must be >= k_min");
  }
  require_option(o.restarts >= 1, "kmeans", "restarts", o.restarts, "must be >= 1");
  require_option(o.max_iterations >= 1, "kmeans", "max_iterations", o.max_iterations,
                 "must be >= 1");
}

}  // namespace

double mean_silhouette(const Points& points, const std::vector<int>& labels, int k) {
  if (k <= 1 || points.size() < 2) return 0.0;
  std::vector<int> sizes(static_cast<std::size_t>(k), 0);
  for (int l : labels)
    ++sizes[static_cast<std::size_t>(l)];
  double sum = 0.0;
  std::vector<double> dist(static_cast<std::size_t>(k));
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::fill(dist.begin(), dist.end(), 0.0);
    for (std::size_t m = 0; m < points.size(); ++m)
      dist[static_cast<std::size_t>(labels[m])] +=
          std::sqrt(squared_distance(points[i], points[m]));
    const auto own = static_cast<std::size_t>(labels[i]);
    if (sizes[own] <= 1) continue;  // a singleton's silhouette is 0 by convention
    const double a = dist[own] / (sizes[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < dist.size(); ++c)
      if (c != own && sizes[c] > 0) b = std::min(b, dist[c] / sizes[c]);
    const double denom = std::max(a, b);
    if (std::isfinite(b) && denom > 0.0) sum += (b - a) / denom;
  }
  return sum / static_cast<double>(points.size());
}

KMeansResult kmeans(const Points& points, const KMeansOptions& options) {
  validate(points, options);
  if (options.k > 0) return kmeans_fixed(points, options.k, options);
  KMeansResult best;
  best.silhouette = -std::numeric_limits<double>::infinity();
  for (int k = options.k_min; k <= options.k_max; ++k) {
    KMeansResult r = kmeans_fixed(points, k, options);
    if (r.k < k) break;  // fewer distinct points than k: larger k cannot differ
    if (r.silhouette > best.silhouette) best = std::move(r);
  }
  if (best.k == 0) return kmeans_fixed(points, 1, options);
  return best;
}

}  // namespace podium::learn
