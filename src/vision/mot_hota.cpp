// HOTA as TrackEval's hota.py computes it. A first pass measures how well each ground-truth id
// and predicted id align over the whole sequence (their summed per-frame "IoU of similarities",
// as a Jaccard index of their detections); each frame is then matched by an optimal assignment
// maximising alignment x IoU, and for every alpha the matched pairs with IoU >= alpha are the
// true positives. AssA weighs each true positive by the Jaccard index of its id pair's matches.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "mot_detail.hpp"
#include "podium/vision/assignment.hpp"

namespace podium::vision::mot_detail {
namespace {

constexpr double kHotaEps = std::numeric_limits<double>::epsilon();
constexpr double kHotaLocaFloor = 1e-10;

std::uint64_t hota_key(int g, int p) {
  return (static_cast<std::uint64_t>(g) << 32) | static_cast<std::uint32_t>(p);
}

// numpy's arange(0.05, 0.99, 0.05): start + k x step, bit for bit.
double hota_alpha(int k) {
  return 0.05 + k * 0.05;
}

double hota_mean(const std::array<double, kHotaAlphas>& v) {
  double sum = 0;
  for (const double x : v)
    sum += x;
  return sum / kHotaAlphas;
}

}  // namespace

void hota_metrics(const Sequence& s, MotMetrics& m) {
  std::vector<double> gt_count(static_cast<std::size_t>(s.gt_ids), 0);
  std::vector<double> pred_count(static_cast<std::size_t>(s.pred_ids), 0);
  std::unordered_map<std::uint64_t, double> potential;
  std::vector<double> row_sum, col_sum;
  for (std::size_t t = 0; t < s.frames; ++t) {
    const MotFrame& f = s.frame(t);
    const std::size_t rows = f.gt.size(), cols = f.pred.size();
    row_sum.assign(rows, 0);
    col_sum.assign(cols, 0);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        row_sum[i] += f.similarity[i * cols + j];
        col_sum[j] += f.similarity[i * cols + j];
      }
    }
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        const double sim = f.similarity[i * cols + j];
        const double denom = row_sum[i] + col_sum[j] - sim;
        if (sim > 0 && denom > kHotaEps) potential[hota_key(f.gt[i], f.pred[j])] += sim / denom;
      }
    }
    for (const int g : f.gt)
      gt_count[static_cast<std::size_t>(g)] += 1;
    for (const int p : f.pred)
      pred_count[static_cast<std::size_t>(p)] += 1;
  }

  std::array<double, kHotaAlphas> tp{}, fn{}, fp{}, loc_sum{};
  std::unordered_map<std::uint64_t, std::array<double, kHotaAlphas>> matches;
  std::vector<double> cost;
  for (std::size_t t = 0; t < s.frames; ++t) {
    const MotFrame& f = s.frame(t);
    const std::size_t rows = f.gt.size(), cols = f.pred.size();
    if (rows == 0 || cols == 0) {
      for (int a = 0; a < kHotaAlphas; ++a) {
        fp[static_cast<std::size_t>(a)] += static_cast<double>(cols);
        fn[static_cast<std::size_t>(a)] += static_cast<double>(rows);
      }
      continue;
    }
    cost.assign(rows * cols, 0);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        const double sim = f.similarity[i * cols + j];
        if (sim <= 0) continue;
        const auto it = potential.find(hota_key(f.gt[i], f.pred[j]));
        if (it == potential.end()) continue;
        const double align =
            it->second / (gt_count[static_cast<std::size_t>(f.gt[i])] +
                          pred_count[static_cast<std::size_t>(f.pred[j])] - it->second);
        cost[i * cols + j] = -align * sim;
      }
    }
    const std::vector<int> match =
        solve_assignment(cost, static_cast<int>(rows), static_cast<int>(cols));
    std::array<double, kHotaAlphas> frame_tp{};
    for (std::size_t i = 0; i < rows; ++i) {
      const int j = match[i];
      if (j < 0) continue;
      const double sim = f.similarity[i * cols + static_cast<std::size_t>(j)];
      for (int a = 0; a < kHotaAlphas; ++a) {
        if (sim < hota_alpha(a) - kHotaEps) continue;
        const auto sa = static_cast<std::size_t>(a);
        frame_tp[sa] += 1;
        loc_sum[sa] += sim;
        matches[hota_key(f.gt[i], f.pred[static_cast<std::size_t>(j)])][sa] += 1;
      }
    }
    for (std::size_t a = 0; a < kHotaAlphas; ++a) {
      tp[a] += frame_tp[a];
      fn[a] += static_cast<double>(rows) - frame_tp[a];
      fp[a] += static_cast<double>(cols) - frame_tp[a];
    }
  }

  std::array<double, kHotaAlphas> ass_a{}, ass_re{}, ass_pr{};
  for (const auto& [key, count] : matches) {
    const double gc = gt_count[static_cast<std::size_t>(key >> 32)];
    const double pc = pred_count[static_cast<std::size_t>(key & 0xffffffffu)];
    for (std::size_t a = 0; a < kHotaAlphas; ++a) {
      const double mc = count[a];
      ass_a[a] += mc * mc / std::max(1.0, gc + pc - mc);
      ass_re[a] += mc * mc / std::max(1.0, gc);
      ass_pr[a] += mc * mc / std::max(1.0, pc);
    }
  }
  std::array<double, kHotaAlphas> det_re{}, det_pr{}, loc_a{};
  for (std::size_t a = 0; a < kHotaAlphas; ++a) {
    ass_a[a] /= std::max(1.0, tp[a]);
    ass_re[a] /= std::max(1.0, tp[a]);
    ass_pr[a] /= std::max(1.0, tp[a]);
    loc_a[a] = std::max(kHotaLocaFloor, loc_sum[a]) / std::max(kHotaLocaFloor, tp[a]);
    det_re[a] = tp[a] / std::max(1.0, tp[a] + fn[a]);
    det_pr[a] = tp[a] / std::max(1.0, tp[a] + fp[a]);
    m.deta_by_alpha[a] = tp[a] / std::max(1.0, tp[a] + fn[a] + fp[a]);
    m.assa_by_alpha[a] = ass_a[a];
    m.hota_by_alpha[a] = std::sqrt(m.deta_by_alpha[a] * ass_a[a]);
  }
  m.hota = hota_mean(m.hota_by_alpha);
  m.deta = hota_mean(m.deta_by_alpha);
  m.assa = hota_mean(ass_a);
  m.loca = hota_mean(loc_a);
  m.det_re = hota_mean(det_re);
  m.det_pr = hota_mean(det_pr);
  m.ass_re = hota_mean(ass_re);
  m.ass_pr = hota_mean(ass_pr);
}

}  // namespace podium::vision::mot_detail
