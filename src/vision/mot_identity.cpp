// The identity metrics (IDF1, IDP, IDR) as TrackEval's identity.py and py-motmetrics compute
// them: one global one-to-one matching of ground-truth ids to predicted ids that maximises the
// boxes they share (IoU >= threshold in the same frame). TrackEval solves it as one
// (gt + pred)-square assignment of false negatives plus false positives; that total is
// sum(gt boxes) + sum(pred boxes) - 2 x shared, so maximising the shared boxes is the same
// problem. Ids that share no box with each other cannot gain from being paired, so each connected
// group of overlapping ids is solved on its own: real sequences split into small groups.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mot_detail.hpp"
#include "podium/core/limits.hpp"
#include "podium/vision/assignment.hpp"

namespace podium::vision::mot_detail {
namespace {

struct IdentityEdge {
  int gt = 0, pred = 0;
  std::int64_t shared = 0;
};

int identity_root(std::vector<int>& parent, int x) {
  while (parent[static_cast<std::size_t>(x)] != x) {
    parent[static_cast<std::size_t>(x)] =
        parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
    x = parent[static_cast<std::size_t>(x)];
  }
  return x;
}

}  // namespace

void identity_metrics(const Sequence& s, double threshold, MotMetrics& m) {
  std::unordered_map<std::uint64_t, std::int64_t> shared;
  std::int64_t gt_boxes = 0, pred_boxes = 0;
  for (std::size_t t = 0; t < s.frames; ++t) {
    const MotFrame& f = s.frame(t);
    gt_boxes += static_cast<std::int64_t>(f.gt.size());
    pred_boxes += static_cast<std::int64_t>(f.pred.size());
    for (std::size_t i = 0; i < f.gt.size(); ++i) {
      for (std::size_t j = 0; j < f.pred.size(); ++j) {
        if (f.similarity[i * f.pred.size() + j] >= threshold) {
          ++shared[(static_cast<std::uint64_t>(f.gt[i]) << 32) |
                   static_cast<std::uint32_t>(f.pred[j])];
        }
      }
    }
  }
  std::vector<IdentityEdge> edges;
  edges.reserve(shared.size());
  for (const auto& [key, count] : shared)
    edges.push_back({static_cast<int>(key >> 32), static_cast<int>(key & 0xffffffffu), count});
  std::sort(edges.begin(), edges.end(), [](const IdentityEdge& a, const IdentityEdge& b) {
    return std::pair(a.gt, a.pred) < std::pair(b.gt, b.pred);
  });
  // Nodes: ground-truth ids 0..gt_ids-1, then predicted ids.
  std::vector<int> parent(static_cast<std::size_t>(s.gt_ids) +
                          static_cast<std::size_t>(s.pred_ids));
  std::iota(parent.begin(), parent.end(), 0);
  for (const IdentityEdge& e : edges) {
    const int a = identity_root(parent, e.gt), b = identity_root(parent, s.gt_ids + e.pred);
    if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }
  std::unordered_map<int, std::vector<const IdentityEdge*>> groups;
  for (const IdentityEdge& e : edges)
    groups[identity_root(parent, e.gt)].push_back(&e);
  std::vector<int> roots;
  roots.reserve(groups.size());
  for (const auto& [root, group] : groups)
    roots.push_back(root);
  std::sort(roots.begin(), roots.end());
  std::int64_t idtp = 0;
  std::vector<double> cost;
  for (const int root : roots) {
    const std::vector<const IdentityEdge*>& group = groups[root];
    std::vector<int> gts, preds;
    for (const IdentityEdge* e : group) {
      gts.push_back(e->gt);
      preds.push_back(e->pred);
    }
    std::sort(gts.begin(), gts.end());
    gts.erase(std::unique(gts.begin(), gts.end()), gts.end());
    std::sort(preds.begin(), preds.end());
    preds.erase(std::unique(preds.begin(), preds.end()), preds.end());
    const std::uint64_t pairs = gts.size() * preds.size();
    if (pairs > limits::kMotIdentityPairs) {
      throw limits::exceeded(Place{}, "overlapping ground-truth x predicted ids", pairs,
                             limits::kMotIdentityPairs, "id pairs in one IDF1 matching");
    }
    cost.assign(pairs, 0);
    const auto index = [](const std::vector<int>& v, int x) {
      return static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), x) - v.begin());
    };
    for (const IdentityEdge* e : group)
      cost[index(gts, e->gt) * preds.size() + index(preds, e->pred)] =
          -static_cast<double>(e->shared);
    const int rows = static_cast<int>(gts.size()), cols = static_cast<int>(preds.size());
    const std::vector<int> match = solve_assignment(cost, rows, cols);
    for (int i = 0; i < rows; ++i) {
      const int j = match[static_cast<std::size_t>(i)];
      if (j >= 0) {
        idtp += static_cast<std::int64_t>(
            -cost[static_cast<std::size_t>(i) * preds.size() + static_cast<std::size_t>(j)]);
      }
    }
  }
  m.idtp = idtp;
  m.idfn = gt_boxes - idtp;
  m.idfp = pred_boxes - idtp;
  const auto tp = static_cast<double>(idtp);
  m.idr = tp / std::max(1.0, tp + static_cast<double>(m.idfn));
  m.idp = tp / std::max(1.0, tp + static_cast<double>(m.idfp));
  m.idf1 = tp / std::max(1.0, tp + 0.5 * static_cast<double>(m.idfp) +
                                  0.5 * static_cast<double>(m.idfn));
}

}  // namespace podium::vision::mot_detail
