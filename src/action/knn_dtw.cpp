#include "podium/action/knn_dtw.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::action {
namespace {

constexpr double kDtwInfinity = std::numeric_limits<double>::infinity();
constexpr double kDtwInverseDistanceEpsilon = 1e-9;

double dtw_frame_cost(const float* a, const float* b, std::size_t dims) {
  double sum = 0;
  std::size_t shared = 0;
  for (std::size_t d = 0; d < dims; ++d) {
    if (std::isnan(a[d]) || std::isnan(b[d])) continue;
    const double diff = static_cast<double>(a[d]) - static_cast<double>(b[d]);
    sum += diff * diff;
    ++shared;
  }
  if (shared == 0) return kDtwInfinity;
  return std::sqrt(sum * static_cast<double>(dims) / static_cast<double>(shared));
}

// Linear interpolation of one keypoint's unseen frames between the frames that see it.
void dtw_fill_gaps(std::vector<float>& trajectory, std::size_t frames, std::size_t dims,
                   std::size_t d) {
  long previous = -1;
  for (std::size_t f = 0; f <= frames; ++f) {
    if (f < frames && std::isnan(trajectory[f * dims + d])) continue;
    const auto seen = static_cast<long>(f);
    if (previous < 0 && f == frames) return;  // never seen: stays missing
    const float from = previous < 0 ? trajectory[f * dims + d]
                                    : trajectory[static_cast<std::size_t>(previous) * dims + d];
    const float to = f == frames ? from : trajectory[f * dims + d];
    for (long g = previous + 1; g < seen; ++g) {
      const double t = previous < 0 || f == frames ? 0.0
                                                   : static_cast<double>(g - previous) /
                                                         static_cast<double>(seen - previous);
      trajectory[static_cast<std::size_t>(g) * dims + d] =
          static_cast<float>(from + t * (static_cast<double>(to) - from));
    }
    previous = seen;
  }
}

}  // namespace

double dtw_distance(std::span<const float> a, std::span<const float> b, std::size_t dims,
                    long band) {
  if (dims == 0 || a.empty() || b.empty() || a.size() % dims != 0 || b.size() % dims != 0) {
    throw Error(ErrorKind::InvalidInput, Place{.field = "trajectory"},
                "DTW needs non-empty trajectories of whole frames of " + std::to_string(dims) +
                    " values (got " + std::to_string(a.size()) + " and " +
                    std::to_string(b.size()) + ")");
  }
  const std::size_t n = a.size() / dims, m = b.size() / dims;
  // Each row's band of columns: i and j placed on a common axis of max(n, m) frames. With one
  // frame on either side every cell is on the only paths there are.
  std::vector<std::size_t> lo(n, 0), hi(n, m - 1);
  if (band >= 0 && n > 1 && m > 1) {
    const double length = static_cast<double>(std::max(n, m) - 1);
    const double sa = length / static_cast<double>(n - 1);
    const double sb = length / static_cast<double>(m - 1);
    // At least one step of the shorter sequence on the common axis when the lengths differ:
    // then consecutive rows overlap and every row holds a cell, so a path exists, and a wider
    // band always holds a narrower one.
    auto w = static_cast<double>(band);
    if (n != m) w = std::max(w, std::ceil(std::max(sa, sb) - 1e-9));
    for (std::size_t i = 0; i < n; ++i) {
      const double at = static_cast<double>(i) * sa;
      const double first = std::ceil((at - w) / sb - 1e-9);
      const double last = std::floor((at + w) / sb + 1e-9);
      lo[i] = static_cast<std::size_t>(std::clamp(first, 0.0, static_cast<double>(m - 1)));
      hi[i] = static_cast<std::size_t>(std::clamp(last, 0.0, static_cast<double>(m - 1)));
    }
  }
  std::vector<double> previous(m, kDtwInfinity), current(m, kDtwInfinity);
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(current.begin(), current.end(), kDtwInfinity);
    for (std::size_t j = lo[i]; j <= hi[i]; ++j) {
      double best = kDtwInfinity;
      if (i == 0 && j == 0) best = 0;
      if (i > 0) best = std::min(best, previous[j]);
      if (j > 0) best = std::min(best, current[j - 1]);
      if (i > 0 && j > 0) best = std::min(best, previous[j - 1]);
      current[j] = best + dtw_frame_cost(&a[i * dims], &b[j * dims], dims);
    }
    std::swap(previous, current);
  }
  return previous[m - 1];
}

std::vector<float> dtw_trajectory(const PoseSequence& sequence, const NormalizeOptions& options) {
  const PoseSequence n = normalize(sequence, options);
  const std::size_t k = n.keypoints(), dims = 2 * k;
  std::vector<float> trajectory(n.frames * dims);
  for (std::size_t f = 0; f < n.frames; ++f) {
    for (std::size_t p = 0; p < k; ++p) {
      trajectory[f * dims + 2 * p] = n.x[n.at(f, p)];
      trajectory[f * dims + 2 * p + 1] = n.y[n.at(f, p)];
    }
  }
  for (std::size_t d = 0; d < dims; ++d)
    dtw_fill_gaps(trajectory, n.frames, dims, d);
  return trajectory;
}

void validate(const KnnOptions& o) {
  require_option(o.k >= 1 && o.k <= 1000, "knn-dtw options", "k", o.k, "must be 1..1000");
  require_option(o.band_fraction == -1 || (o.band_fraction >= 0 && o.band_fraction <= 1),
                 "knn-dtw options", "band_fraction", o.band_fraction,
                 "must be in [0, 1], or -1 for no band");
}

KnnDtw KnnDtw::train(std::span<const PoseSequence> sequences, const KnnOptions& options) {
  validate(options);
  if (sequences.size() < static_cast<std::size_t>(options.k)) {
    reject_option("knn-dtw", "training sequences", std::to_string(sequences.size()),
                  "need at least k = " + std::to_string(options.k));
  }
  KnnDtw m;
  m.options_ = options;
  m.layout_ = sequences.front().layout;
  std::set<std::string> labels;
  for (const PoseSequence& s : sequences) {
    if (s.label.empty()) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "label"},
                  "k-NN training needs labelled sequences");
    }
    labels.insert(s.label);
  }
  m.classes_.assign(labels.begin(), labels.end());
  m.dims_ = 2 * sequences.front().keypoints();
  for (const PoseSequence& s : sequences) {
    if (s.layout != m.layout_) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "layout"},
                  "k-NN training sequences must share one layout");
    }
    const auto label = static_cast<std::size_t>(
        std::lower_bound(m.classes_.begin(), m.classes_.end(), s.label) - m.classes_.begin());
    m.references_.push_back({.trajectory = dtw_trajectory(s, options.normalize), .label = label});
  }
  return m;
}

std::vector<KnnDtw::Neighbour> KnnDtw::neighbours(const PoseSequence& sequence) const {
  if (sequence.layout != layout_) {
    throw Error(ErrorKind::InvalidInput, Place{.source = sequence.id, .field = "layout"},
                "not the layout of the k-NN's training sequences");
  }
  const std::vector<float> query = dtw_trajectory(sequence, options_.normalize);
  const std::size_t n = query.size() / dims_;
  std::vector<Neighbour> all(references_.size());
  for (std::size_t r = 0; r < references_.size(); ++r) {
    const std::size_t m = references_[r].trajectory.size() / dims_;
    const long band =
        options_.band_fraction < 0
            ? -1
            : std::lround(options_.band_fraction * static_cast<double>(std::max(n, m)));
    all[r] = {.index = r,
              .distance = dtw_distance(query, references_[r].trajectory, dims_, band) /
                          static_cast<double>(n + m)};
  }
  const auto k = static_cast<std::size_t>(options_.k);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                    [](const Neighbour& a, const Neighbour& b) {
                      return a.distance < b.distance ||
                             (a.distance == b.distance && a.index < b.index);
                    });
  all.resize(k);
  return all;
}

std::vector<double> KnnDtw::probabilities(const PoseSequence& sequence) const {
  std::vector<double> votes(classes_.size(), 0.0);
  double total = 0;
  for (const Neighbour& nb : neighbours(sequence)) {
    if (!std::isfinite(nb.distance)) continue;  // nothing in common: no say
    const double vote = options_.weighting == KnnWeighting::Uniform
                            ? 1.0
                            : 1.0 / (nb.distance + kDtwInverseDistanceEpsilon);
    votes[references_[nb.index].label] += vote;
    total += vote;
  }
  if (total > 0) {
    for (double& v : votes)
      v /= total;
  }
  return votes;
}

}  // namespace podium::action
